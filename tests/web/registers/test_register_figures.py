"""Register changes fill the form rows (BM1 2, BM1 5, BM3 3.4) as computed values with their source."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers.kinds import REGISTERS
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask
from cchc.web.registers.services import save_items
from cchc.web.reporting.models import Status, Value
from cchc.web.reporting.services import submission_for, transition

D = dt.date


def _figures(unit, period) -> dict[str, tuple[str, str]]:
    return {
        v.code: (v.text, v.source)
        for v in Value.objects.filter(submission__unit=unit, submission__period=period)
    }


def _plan(world, **extra):
    values = {
        "year": 2023,
        "number": "1",
        "title": "Rà soát văn bản quy phạm pháp luật",
        "unit": world.unit_a,
        "due_date": None,
        "due_quarter": 1,
        "completed_on": None,
        "evidence_number": "",
        "evidence_date": None,
        "note": "",
    }
    return values | extra


def test_adding_a_plan_task_on_the_page_fills_bm1_2_of_the_unit(world) -> None:
    client = world.client(world.reporter_a)
    post = {
        "year": "2023",
        "number": "3",
        "title": "Ban hành Kế hoạch rà soát văn bản",
        "unit": str(world.unit_a.pk),
        "due_quarter": "1",
        "completed_on": "16/02/2023",
        "evidence_number": "27/KH-UBND",
        "evidence_date": "2023-02-16",
    }
    response = client.post("/so-theo-doi/ke-hoach/them/", post)
    assert response.status_code == 302
    source = "Sổ theo dõi Kế hoạch CCHC"
    assert _figures(world.unit_a, world.period) == {"BM1-2.1": ("1", source), "BM1-2.2": ("1", source)}
    page = client.get(f"/ky/2023Q1/don-vi/{world.unit_a.code}/bieu/1/").content.decode()
    assert (
        f'Tự động: <a href="/so-theo-doi/ke-hoach/?don-vi=so-tu-phap&amp;ky=2023Q1&amp;chi-tieu=BM1-2.2">{source}</a>'
        in page
    )


def test_assigned_tasks_of_a_department_are_counted_in_the_province_units_bm1_5(world) -> None:
    register = REGISTERS["nhiem-vu-giao"]
    base = {
        "issuer": "cp",
        "source_number": "01/NQ-CP",
        "assigned_on": D(2023, 1, 6),
        "title": "Cải thiện môi trường kinh doanh",
        "unit": world.unit_a,
        "evidence_number": "",
        "evidence_date": None,
        "note": "",
    }
    rows = [
        (
            None,
            base | {"deadline": D(2023, 2, 28), "completed_on": D(2023, 2, 20), "evidence_number": "5/BC"},
        ),
        (
            None,
            base
            | {"title": "Giải ngân vốn", "deadline": D(2023, 2, 28), "completed_on": D(2023, 3, 2)}
            | {"evidence_number": "6/BC"},
        ),
        (None, base | {"title": "Đề án 06", "deadline": D(2023, 3, 1), "completed_on": None}),
        (None, base | {"title": "Chuyển đổi số", "deadline": D(2023, 6, 30), "completed_on": None}),
    ]
    save_items(register, rows, world.admin)
    assert AssignedTask.objects.count() == 4
    figures = _figures(world.province, world.period)
    assert {code: text for code, (text, _) in figures.items()} == {
        "BM1-5.1": "4",
        "BM1-5.2": "1",
        "BM1-5.3": "1",
        "BM1-5.4": "1",
    }
    assert {source for _, source in figures.values()} == {"Sổ theo dõi nhiệm vụ Chính phủ giao"}
    assert _figures(world.unit_a, world.period) == {}


def test_feedback_fills_bm3_3_4_and_the_rate_is_computed_from_it(world) -> None:
    register = REGISTERS["pakn"]
    base = {"via": "he-thong", "subject": "Phản ánh chậm trả kết quả", "procedure": "", "unit": world.unit_b}
    rows = [
        (
            None,
            base
            | {
                "received_on": D(2023, 1, 3),
                "due_on": D(2023, 1, 17),
                "handled_on": D(2023, 1, 9),
                "result": "Đã trả lời",
            },
        ),
        (
            None,
            base
            | {
                "received_on": D(2023, 2, 3),
                "due_on": D(2023, 2, 17),
                "handled_on": D(2023, 2, 9),
                "result": "Đã trả lời",
            },
        ),
        (
            None,
            base | {"received_on": D(2023, 3, 3), "due_on": D(2023, 3, 17), "handled_on": None, "result": ""},
        ),
    ]
    save_items(register, rows, world.admin)
    assert Feedback.objects.count() == 3
    figures = _figures(world.unit_b, world.period)
    assert figures["BM3-3.4.1"][0] == "3" and figures["BM3-3.4.2"][0] == "2"
    page = world.client(world.reporter_b).get("/ky/2023Q1/don-vi/huyen-nga-son/bieu/3/").content.decode()
    assert "66,67" in page  # BM3 3.4 = 2 / 3, computed by the form from the register's counts
    assert "Tự động: " in page and "Sổ theo dõi phản ánh, kiến nghị" in page


def test_changing_a_completion_date_moves_the_figure(world) -> None:
    register = REGISTERS["ke-hoach"]
    save_items(register, [(None, _plan(world))], world.reporter_a)
    assert _figures(world.unit_a, world.period)["BM1-2.2"][0] == "0"
    task = PlanTask.objects.get()
    done = {"completed_on": D(2023, 3, 1), "evidence_number": "12/KH-UBND", "evidence_date": D(2023, 3, 1)}
    save_items(register, [(task, _plan(world, **done))], world.reporter_a)
    assert _figures(world.unit_a, world.period)["BM1-2.2"][0] == "1"
    later = done | {"completed_on": D(2023, 3, 20)}  # after the Quý I cut-off
    save_items(register, [(task, _plan(world, **later))], world.reporter_a)
    assert _figures(world.unit_a, world.period)["BM1-2.2"][0] == "0"


def test_a_submitted_form_is_left_unchanged_and_the_user_is_told(world) -> None:
    register = REGISTERS["ke-hoach"]
    save_items(register, [(None, _plan(world))], world.reporter_a)
    submission = submission_for(world.unit_a, world.period, 1)
    transition(submission, world.reporter_a, "submit")
    client = world.client(world.reporter_a)
    post = {"year": "2023", "title": "Nhiệm vụ thứ hai", "unit": str(world.unit_a.pk), "due_quarter": "2"}
    response = client.post("/so-theo-doi/ke-hoach/them/", post, follow=True)
    assert PlanTask.objects.count() == 2
    assert _figures(world.unit_a, world.period)["BM1-2.1"][0] == "1"
    text = response.content.decode()
    assert "Biểu mẫu 1" in text and "«Đã gửi»" in text and "chưa được cập nhật" in text
    assert submission_for(world.unit_a, world.period, 1).status == Status.SUBMITTED


def test_the_drill_down_lists_exactly_the_items_behind_a_figure(world) -> None:
    register = REGISTERS["ke-hoach"]
    done = {"completed_on": D(2023, 3, 1), "evidence_number": "12/KH-UBND", "evidence_date": D(2023, 3, 1)}
    save_items(
        register,
        [
            (None, _plan(world, title="Nhiệm vụ đã xong trong quý", **done)),
            (None, _plan(world, title="Nhiệm vụ chưa xong", number="2", due_quarter=3)),
            (None, _plan(world, title="Nhiệm vụ năm trước", year=2022, due_quarter=4)),
        ],
        world.reporter_a,
    )
    client = world.client(world.reviewer)
    page = client.get("/so-theo-doi/ke-hoach/?don-vi=so-tu-phap&ky=2023Q1&chi-tieu=BM1-2.2").content.decode()
    assert "Nhiệm vụ đã xong trong quý" in page
    assert "Nhiệm vụ chưa xong" not in page and "Nhiệm vụ năm trước" not in page
    page = client.get("/so-theo-doi/ke-hoach/?don-vi=so-tu-phap&ky=2023Q1&chi-tieu=BM1-2.1").content.decode()
    assert "Nhiệm vụ chưa xong" in page and "Nhiệm vụ năm trước" not in page


def test_recomputing_rewrites_the_rows_of_the_units_with_items_and_leaves_typed_rows_alone(world) -> None:
    Feedback.objects.create(
        received_on=D(2023, 1, 3), subject="PAKN", unit=world.unit_a, due_on=D(2023, 1, 17)
    )
    client = world.client(world.reporter_a)
    assert client.post("/so-theo-doi/pakn/tinh-lai/", {"confirm": "1"}).status_code == 302
    assert _figures(world.unit_a, world.period) == {
        "BM3-3.4.1": ("1", "Sổ theo dõi phản ánh, kiến nghị"),
        "BM3-3.4.2": ("0", "Sổ theo dõi phản ánh, kiến nghị"),
    }
    assert _figures(world.unit_b, world.period) == {}
    assert world.client(world.viewer).post("/so-theo-doi/pakn/tinh-lai/", {"confirm": "1"}).status_code == 403
