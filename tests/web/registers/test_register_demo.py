"""The demo's registers agree with the sample report and fill Quý I/2023's rows with their source."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from cchc.web.org.models import OrgUnit
from cchc.web.registers.figures import all_figures, row_codes
from cchc.web.registers.kinds import REGISTERS
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange
from cchc.web.reporting.models import ReportingPeriod, Value
from cchc.web.reporting.services import province_aggregate

CUT_OFF = dt.date(2023, 3, 14)
YEAR_2024 = dt.date(2024, 1, 1)  # the sample's items are of 2023; today's (2025–2026) come after


@pytest.fixture
def q1(demo, db) -> ReportingPeriod:
    return ReportingPeriod.objects.get(code="2023Q1")


def test_the_registers_hold_what_the_sample_report_says(q1) -> None:
    plan = PlanTask.objects.filter(year=2023)
    assert plan.count() == 36
    assert plan.filter(due_quarter=1).count() == 8
    assert plan.filter(completed_on__lte=CUT_OFF).count() == 8
    assert set(plan.filter(completed_on__lte=CUT_OFF).values_list("due_quarter", flat=True)) == {1}
    assigned = list(AssignedTask.objects.filter(assigned_on__lt=YEAR_2024))
    assert len(assigned) == 44
    assert sum(1 for task in assigned if task.status_on(CUT_OFF).name == "DONE_ON_TIME") == 17
    feedback = Feedback.objects.filter(received_on__lt=YEAR_2024)
    assert feedback.count() == 42
    assert feedback.filter(handled_on__lte=CUT_OFF).count() == 39
    made = RegisterChange.objects.filter(at__date__lt=YEAR_2024)
    first, last = (made.order_by(order).first().at.date() for order in ("at", "-at"))
    assert (first, last) == (dt.date(2022, 12, 15), dt.date(2023, 3, 11))
    assert (
        made.filter(channel="demo", action="create").values("register", "item_id").distinct().count() == 122
    )


def test_the_2023q1_rows_come_from_the_registers_and_agree_with_the_sample(q1) -> None:
    total = province_aggregate(q1)
    shown = {
        code: total[code].text
        for code in row_codes(REGISTERS["ke-hoach"], q1) + row_codes(REGISTERS["nhiem-vu-giao"], q1)
    }
    assert shown == {
        "BM1-2.1": "36",
        "BM1-2.2": "8",
        "BM1-5.1": "44",
        "BM1-5.2": "17",
        "BM1-5.3": "0",
        "BM1-5.4": "0",
    }
    assert total["BM1-2"].text == "22,22"
    assert (total["BM3-3.4.1"].text, total["BM3-3.4.2"].text, total["BM3-3.4"].text) == ("42", "39", "92,86")
    for register in REGISTERS.values():
        values = Value.objects.filter(submission__period=q1, code__in=row_codes(register, q1))
        counted = all_figures(register, q1)
        for value in values.select_related("submission"):
            unit = value.submission.unit_id
            # The units the register holds items of take its figures; the others typed 0.
            assert value.source == (register.source if unit in counted else ""), (unit, value.code)
            expected = counted.get(unit, dict.fromkeys(row_codes(register, q1), 0))[value.code]
            assert value.number == expected, (unit, value.code)


def test_the_provinces_plan_fills_the_province_units_own_bm1_2_and_departments_type_theirs(q1) -> None:
    plan = Value.objects.filter(submission__period=q1, code__in=("BM1-2.1", "BM1-2.2"))
    assert {(v.submission.unit.code, v.code, v.text) for v in plan.select_related("submission__unit")} == {
        ("ubnd-tinh", "BM1-2.1", "36"),
        ("ubnd-tinh", "BM1-2.2", "8"),
    }
    assert set(PlanTask.objects.values_list("owner__code", flat=True)) == {"ubnd-tinh"}
    assert PlanTask.objects.filter(year=2023).exclude(unit__code="ubnd-tinh").count() == 36


def test_the_2022_rows_stay_typed(q1) -> None:
    assert not Value.objects.filter(submission__period__code__startswith="2022").exclude(source="").exists()


def test_the_reviewer_sees_the_rows_fill_themselves_with_a_link_to_the_register(q1, client) -> None:
    client.force_login(User.objects.get(username="thamdinh"))
    page = client.get("/ky/2023Q1/don-vi/ubnd-tinh/bieu/1/").content.decode()
    assert (
        'Tự động: <a href="/so-theo-doi/nhiem-vu-giao/?don-vi=ubnd-tinh&amp;ky=2023Q1&amp;chi-tieu=BM1-5.2">'
        in page
    )
    listing = client.get(
        "/so-theo-doi/nhiem-vu-giao/?don-vi=ubnd-tinh&ky=2023Q1&chi-tieu=BM1-5.2"
    ).content.decode()
    assert "17 mục." in listing


def test_the_demo_units_see_their_overdue_and_soon_due_items_on_logging_in(q1, client) -> None:
    # The demo's today is 3/12/2026 (its items are dated from it); nothing of 2023 is left open.
    client.force_login(User.objects.get(username="sotuphap"))
    page = client.get("/").content.decode()
    assert "Việc của đơn vị quá hạn hoặc sắp đến hạn" in page and "Quá hạn" in page
    assert not PlanTask.objects.filter(year=2023, completed_on__isnull=True).exists()
    assert not Feedback.objects.filter(received_on__year=2023, handled_on__isnull=True).exists()
    client.force_login(User.objects.get(username="hacthanh"))
    page = client.get("/").content.decode()
    assert "Phản ánh" in page
    assert OrgUnit.objects.get(code="phuong-hac-thanh").feedback.filter(handled_on__isnull=True).count() == 2
