"""Units report a plan task done; the reviewer (Sở Nội vụ) confirms it or returns it with a reason."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.web.registers.models import PlanTask, RegisterChange
from cchc.web.reporting.models import Value

D = dt.date


def _done(world) -> PlanTask:
    return PlanTask.objects.create(
        year=2023,
        title="Ban hành Kế hoạch",
        unit=world.unit_a,
        due_quarter=1,
        completed_on=D(2023, 2, 1),
        evidence_number="12/KH-UBND",
        evidence_date=D(2023, 2, 1),
    )


def test_the_reviewer_confirms_a_completed_task(world) -> None:
    task = _done(world)
    response = world.client(world.reviewer).post(
        f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "confirm"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.confirmed_by == world.reviewer and task.confirmed_at is not None
    change = RegisterChange.objects.get(action="confirm")
    assert (change.user, change.field) == (world.reviewer, "confirmed_at")


def test_a_reporter_cannot_confirm_their_own_task(world) -> None:
    task = _done(world)
    response = world.client(world.reporter_a).post(
        f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "confirm"}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.confirmed_at is None


def test_a_task_without_a_completion_cannot_be_confirmed(world) -> None:
    task = PlanTask.objects.create(year=2023, title="Chưa xong", unit=world.unit_a, due_quarter=2)
    page = world.client(world.reviewer).post(
        f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "confirm"}, follow=True
    )
    assert "Nhiệm vụ chưa có ngày hoàn thành, chưa xác nhận được." in page.content.decode()
    task.refresh_from_db()
    assert task.confirmed_at is None


def test_returning_a_completion_clears_it_with_the_reason_and_moves_the_figure(world) -> None:
    task = _done(world)
    client = world.client(world.reviewer)
    assert "Lý do trả lại" in client.get(f"/so-theo-doi/ke-hoach/{task.pk}/").content.decode()
    client.post(
        f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "return", "comment": "Chưa có văn bản kèm"}
    )
    task.refresh_from_db()
    assert task.completed_on is None
    assert ("ly_do", "Chưa có văn bản kèm") in RegisterChange.objects.filter(action="return").values_list(
        "field", "new_text"
    )
    assert Value.objects.get(submission__unit=world.unit_a, code="BM1-2.2").text == "0"


def test_a_return_needs_a_reason(world) -> None:
    task = _done(world)
    page = world.client(world.reviewer).post(
        f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "return", "comment": " "}, follow=True
    )
    assert "Trả lại kết quả hoàn thành cần ghi lý do." in page.content.decode()
    task.refresh_from_db()
    assert task.completed_on == D(2023, 2, 1)


def test_changing_a_confirmed_completion_withdraws_the_confirmation(world) -> None:
    task = _done(world)
    world.client(world.reviewer).post(f"/so-theo-doi/ke-hoach/{task.pk}/xac-nhan/", {"action": "confirm"})
    data = {
        "year": "2023",
        "title": "Ban hành Kế hoạch",
        "unit": str(world.unit_a.pk),
        "due_quarter": "1",
        "completed_on": "03/02/2023",
        "evidence_number": "12/KH-UBND",
        "evidence_date": "01/02/2023",
    }
    world.client(world.reporter_a).post(f"/so-theo-doi/ke-hoach/{task.pk}/", data)
    task.refresh_from_db()
    assert task.completed_on == D(2023, 2, 3) and task.confirmed_at is None
    assert RegisterChange.objects.filter(action="update", field="confirmed_at", new_text="").exists()


def test_the_reviewer_finds_the_tasks_awaiting_confirmation(world) -> None:
    waiting = _done(world)
    PlanTask.objects.create(year=2023, title="Chưa xong", unit=world.unit_b, due_quarter=2)
    PlanTask.objects.create(
        year=2023,
        title="Đã xác nhận",
        unit=world.unit_b,
        due_quarter=1,
        completed_on=D(2023, 1, 9),
        evidence_number="1/BC",
        evidence_date=D(2023, 1, 9),
        confirmed_at=timezone.now(),
    )
    client = world.client(world.reviewer)
    index = client.get("/so-theo-doi/").content.decode()
    assert "1 nhiệm vụ Kế hoạch CCHC đơn vị báo đã hoàn thành, chờ Sở Nội vụ xác nhận" in index
    page = client.get("/so-theo-doi/ke-hoach/?xac-nhan=cho").content.decode()
    assert waiting.title in page and "Chưa xong" not in page and "Đã xác nhận" not in page
    assert (
        "chờ Sở Nội vụ xác nhận" not in world.client(world.reporter_a).get("/so-theo-doi/").content.decode()
    )
