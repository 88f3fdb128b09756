"""Every register change leaves an append-only record: who, when, old → new, channel, request id."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers.models import PlanTask, RegisterChange
from cchc.web.reporting.models import Value, ValueChange


def _post(world, user, url, data):
    return world.client(user).post(url, data)


def test_adding_and_editing_an_item_records_each_field_with_the_request_id(world) -> None:
    client = world.client(world.reporter_a)
    response = client.post(
        "/so-theo-doi/ke-hoach/them/",
        {
            "year": "2023",
            "number": "4",
            "title": "Rà soát TTHC",
            "unit": str(world.unit_a.pk),
            "due_quarter": "2",
        },
    )
    task = PlanTask.objects.get()
    created = RegisterChange.objects.filter(action="create", item_id=task.pk)
    assert {(c.field, c.old_text, c.new_text) for c in created} == {
        ("year", "", "2023"),
        ("number", "", "4"),
        ("owner", "", "so-tu-phap"),
        ("title", "", "Rà soát TTHC"),
        ("unit", "", "so-tu-phap"),
        ("due_quarter", "", "2"),
    }
    assert {c.request_id for c in created} == {response["X-Request-Id"]}
    # The form cells the register wrote carry the same request id as the register's own record.
    form_changes = ValueChange.objects.filter(code__startswith="BM1-2", channel="register")
    assert form_changes and {c.request_id for c in form_changes} == {response["X-Request-Id"]}
    assert {(c.user, c.channel, c.register) for c in created} == {(world.reporter_a, "web", "ke-hoach")}
    response = client.post(
        f"/so-theo-doi/ke-hoach/{task.pk}/",
        {
            "year": "2023",
            "number": "4",
            "title": "Rà soát TTHC",
            "unit": str(world.unit_a.pk),
            "due_quarter": "2",
            "completed_on": "05/05/2023",
            "evidence_number": "99/BC-STP",
            "evidence_date": "05/05/2023",
        },
    )
    assert response.status_code == 302
    updated = RegisterChange.objects.filter(action="update")
    assert {(c.field, c.old_text, c.new_text) for c in updated} == {
        ("completed_on", "", "05/05/2023"),
        ("evidence_number", "", "99/BC-STP"),
        ("evidence_date", "", "05/05/2023"),
    }
    page = client.get(f"/so-theo-doi/ke-hoach/{task.pk}/").content.decode()
    assert "Lịch sử thay đổi" in page and "Ngày hoàn thành" in page and "99/BC-STP" in page


def test_saving_without_a_change_writes_no_record(world) -> None:
    task = PlanTask.objects.create(year=2023, title="Nhiệm vụ", unit=world.unit_a, due_quarter=1)
    data = {"year": "2023", "title": "Nhiệm vụ", "unit": str(world.unit_a.pk), "due_quarter": "1"}
    world.client(world.reporter_a).post(f"/so-theo-doi/ke-hoach/{task.pk}/", data)
    assert not RegisterChange.objects.exists()


def test_a_refused_save_writes_nothing(world) -> None:
    task = PlanTask.objects.create(year=2023, title="Nhiệm vụ", unit=world.unit_a, due_quarter=1)
    data = {
        "year": "2023",
        "title": "Nhiệm vụ",
        "unit": str(world.unit_a.pk),
        "due_quarter": "1",
        "completed_on": "01/03/2023",
    }  # completed without its evidence
    response = world.client(world.reporter_a).post(f"/so-theo-doi/ke-hoach/{task.pk}/", data)
    assert response.status_code == 422
    assert "Nhiệm vụ đã hoàn thành cần ghi số và ngày văn bản kết quả." in response.content.decode()
    task.refresh_from_db()
    assert task.completed_on is None
    assert not RegisterChange.objects.exists()
    assert dt.date(2023, 3, 1) not in PlanTask.objects.values_list("completed_on", flat=True)


def test_deleting_an_item_keeps_what_it_held_in_the_audit_and_moves_the_figure(world) -> None:
    client = world.client(world.reporter_a)
    client.post(
        "/so-theo-doi/ke-hoach/them/",
        {"year": "2023", "title": "Nhập nhầm", "unit": str(world.unit_a.pk), "due_quarter": "2"},
    )
    task = PlanTask.objects.get()
    assert Value.objects.get(submission__unit=world.unit_a, code="BM1-2.1").text == "1"
    assert (
        world.client(world.reporter_b)
        .post(f"/so-theo-doi/ke-hoach/{task.pk}/xoa/", {"confirm": "1"})
        .status_code
        == 404
    )
    assert client.post(f"/so-theo-doi/ke-hoach/{task.pk}/xoa/", {}).status_code == 302
    assert PlanTask.objects.exists()  # not confirmed: nothing deleted
    client.post(f"/so-theo-doi/ke-hoach/{task.pk}/xoa/", {"confirm": "1"})
    assert not PlanTask.objects.exists()
    deleted = RegisterChange.objects.filter(action="delete", item_id=task.pk)
    assert ("title", "Nhập nhầm", "") in {(c.field, c.old_text, c.new_text) for c in deleted}
    # The unit's plan has no task left: its rows are handed back to typing (the register's figure goes).
    assert not Value.objects.filter(submission__unit=world.unit_a, code="BM1-2.1").exists()
