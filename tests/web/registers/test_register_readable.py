"""What people read: history in words, feedback statuses as handling, a capped due list, awaiting counts."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers.kinds import REGISTERS
from cchc.web.registers.models import Feedback, PlanTask
from cchc.web.registers.services import save_items

D = dt.date


def test_the_history_shows_unit_names_channel_labels_and_quarters(world) -> None:
    values = {"year": 2023, "number": "1", "title": "Nhiệm vụ", "unit": world.unit_a, "due_quarter": 4}
    save_items(REGISTERS["ke-hoach"], [(None, values)], world.reporter_a)
    task = PlanTask.objects.get()
    page = world.client(world.reporter_a).get(f"/so-theo-doi/ke-hoach/{task.pk}/").content.decode()
    assert "<td>Sở Tư pháp</td>" in page and "<td>Quý IV</td>" in page
    assert "<td>so-tu-phap</td>" not in page


def test_feedback_statuses_speak_of_handling(world) -> None:
    Feedback.objects.create(
        received_on=D(2023, 1, 3),
        subject="PAKN",
        unit=world.unit_a,
        due_on=D(2023, 1, 17),
        handled_on=D(2023, 1, 9),
    )
    page = world.client(world.reporter_a).get("/so-theo-doi/pakn/").content.decode()
    assert "Đã xử lý đúng hạn" in page and "Hoàn thành đúng hạn" not in page


def test_the_home_page_shows_the_twenty_soonest_due_items_and_counts_the_rest(world) -> None:
    Feedback.objects.bulk_create(
        Feedback(received_on=D(2023, 1, 3), subject=f"PAKN {n}", unit=world.unit_a, due_on=D(2023, 1, 17))
        for n in range(25)
    )
    page = world.client(world.reporter_a).get("/").content.decode()
    assert page.count("Quá hạn ") == 20
    assert "còn 5 việc khác" in page


def test_the_plan_figure_says_how_many_completions_await_confirmation(world) -> None:
    done = {"completed_on": D(2023, 3, 1), "evidence_number": "1/BC", "evidence_date": D(2023, 3, 1)}
    base = {"year": 2023, "title": "Nhiệm vụ", "unit": world.unit_a, "due_quarter": 1}
    save_items(
        REGISTERS["ke-hoach"],
        [(None, base | {"number": "1"} | done), (None, base | {"number": "2"} | done)],
        world.reporter_a,
    )
    page = (
        world.client(world.reviewer)
        .get("/so-theo-doi/ke-hoach/?don-vi=so-tu-phap&ky=2023Q1")
        .content.decode()
    )
    assert 'trong đó chờ Sở Nội vụ xác nhận hoàn thành</td><td class="num">2</td>' in page
