"""A period created or reopened is filled from the registers at once; the reviewer recomputes the province."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers.models import AssignedTask, Feedback, PlanTask
from cchc.web.reporting.models import Value
from cchc.web.reporting.services import ensure_period

D = dt.date


def _figures(unit, code):
    return {
        v.code: v.text
        for v in Value.objects.filter(submission__unit=unit, submission__period__code=code).exclude(source="")
    }


def _registers(world):
    PlanTask.objects.create(
        year=2023, title="Nhiệm vụ", owner=world.province, unit=world.unit_a, completed_on=D(2023, 5, 2)
    )
    AssignedTask.objects.create(
        source_number="01/NQ-CP", assigned_on=D(2023, 1, 6), title="Nhiệm vụ", unit=world.unit_a
    )
    Feedback.objects.create(
        received_on=D(2023, 4, 3), subject="PAKN", unit=world.unit_b, due_on=D(2023, 4, 17)
    )


def test_a_new_period_gets_every_registers_figures_when_it_is_created(world) -> None:
    _registers(world)
    ensure_period("2023Q2")
    assert _figures(world.province, "2023Q2") == {
        "BM1-2.1": "1",
        "BM1-2.2": "1",
        "BM1-5.1": "1",
        "BM1-5.2": "0",
        "BM1-5.3": "0",
        "BM1-5.4": "0",
    }
    assert _figures(world.unit_b, "2023Q2") == {"BM3-3.4.1": "1", "BM3-3.4.2": "0"}


def test_the_six_month_nine_month_and_year_periods_are_filled_cumulatively(world) -> None:
    _registers(world)
    for code, done in (("2023H1", "1"), ("2023M9", "1"), ("2023Y", "1")):
        ensure_period(code)
        assert _figures(world.province, code)["BM1-2.2"] == done, code
        assert _figures(world.unit_b, code) == {"BM3-3.4.1": "1", "BM3-3.4.2": "0"}, code


def test_a_reopened_period_is_filled_again(world) -> None:
    period = world.period
    period.is_open = False
    period.save()
    _registers(world)
    assert _figures(world.province, "2023Q1") == {}
    period.is_open = True
    period.save()
    assert _figures(world.province, "2023Q1")["BM1-5.1"] == "1"


def test_the_reviewer_recomputes_the_whole_province_after_confirming(world) -> None:
    period = world.period
    period.is_open = False
    period.save()
    _registers(world)
    Feedback.objects.create(
        received_on=D(2023, 1, 3), subject="PAKN", unit=world.unit_b, due_on=D(2023, 1, 17)
    )
    period.is_open = True
    period.save(update_fields=["is_open"])
    Value.objects.filter(submission__period=period).delete()
    client = world.client(world.reviewer)
    client.post("/so-theo-doi/pakn/tinh-lai/", {})
    assert _figures(world.unit_b, "2023Q1") == {}  # not confirmed: nothing written
    client.post("/so-theo-doi/pakn/tinh-lai/", {"confirm": "1"})
    assert _figures(world.unit_b, "2023Q1") == {"BM3-3.4.1": "1", "BM3-3.4.2": "0"}
