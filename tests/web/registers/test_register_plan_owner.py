"""A plan task counts in the form of the unit whose plan it is (kế hoạch của), not of the unit doing it."""

from __future__ import annotations

import datetime as dt
import re

from cchc.web.org.models import OrgUnit
from cchc.web.registers.figures import counted_in, register_levels
from cchc.web.registers.kinds import REGISTERS
from cchc.web.registers.models import PlanTask
from cchc.web.registers.services import save_items
from cchc.web.reporting.models import Value
from cchc.web.reporting.services import province_aggregate, save_values, submission_for

D = dt.date
PLAN = REGISTERS["ke-hoach"]


def _task(world, owner, unit, number, done=None):
    values = {
        "year": 2023,
        "number": number,
        "owner": owner,
        "title": f"Nhiệm vụ {number}",
        "unit": unit,
        "due_date": None,
        "due_quarter": 1,
        "completed_on": done,
        "evidence_number": "1/KH" if done else "",
        "evidence_date": done,
        "note": "",
    }
    return (None, values)


def _figures(unit, period):
    return {
        v.code: v.text
        for v in Value.objects.filter(
            submission__unit=unit, submission__period=period, code__startswith="BM1-2"
        )
    }


def test_a_task_of_the_provinces_plan_done_by_a_department_counts_in_the_province_units_form(world) -> None:
    save_items(
        PLAN,
        [
            _task(world, world.province, world.unit_a, "1", D(2023, 2, 1)),
            _task(world, world.province, world.unit_b, "2"),
        ],
        world.reviewer,
    )
    assert _figures(world.province, world.period) == {"BM1-2.1": "2", "BM1-2.2": "1"}
    assert _figures(world.unit_a, world.period) == {}
    assert _figures(world.unit_b, world.period) == {}


def test_a_departments_own_plan_fills_its_form_and_leaves_the_province_figure_alone(world) -> None:
    save_items(PLAN, [_task(world, world.province, world.unit_a, "1", D(2023, 2, 1))], world.reviewer)
    save_items(
        PLAN,
        [_task(world, world.unit_a, world.unit_a, "1"), _task(world, world.unit_a, world.unit_a, "2")],
        world.reporter_a,
    )
    assert _figures(world.unit_a, world.period) == {"BM1-2.1": "2", "BM1-2.2": "0"}
    assert _figures(world.province, world.period) == {"BM1-2.1": "1", "BM1-2.2": "1"}
    # A district types its own plan's figures; the province's figure stays its own plan.
    save_values(submission_for(world.unit_b, world.period, 1), world.reporter_b, {"BM1-2.1": ("10", None)})
    total = province_aggregate(world.period)
    assert (total["BM1-2.1"].text, total["BM1-2.2"].text, total["BM1-2"].text) == ("1", "1", "100,00")


def test_a_communes_plan_is_counted_in_no_form(world) -> None:
    commune = OrgUnit.objects.create(code="xa-nga-an", name="UBND xã Nga An", level="xa", parent=world.unit_b)
    task = PlanTask.objects.create(year=2023, title="Nhiệm vụ của xã", owner=commune, unit=commune)
    by_pk = {u.pk: u for u in OrgUnit.objects.all()}
    assert counted_in(PLAN, task, world.period, by_pk, register_levels(PLAN, world.period)) is None


def test_a_plan_task_without_an_owner_belongs_to_its_units_own_plan(world) -> None:
    task = PlanTask.objects.create(year=2023, title="Nhiệm vụ", unit=world.unit_a)
    assert task.owner == world.unit_a


def test_a_reporter_cannot_put_a_task_in_the_provinces_plan(world) -> None:
    post = {
        "year": "2023",
        "owner": str(world.province.pk),
        "title": "Nhiệm vụ",
        "unit": str(world.unit_a.pk),
        "due_quarter": "1",
    }
    response = world.client(world.reporter_a).post("/so-theo-doi/ke-hoach/them/", post)
    assert response.status_code == 422
    assert not PlanTask.objects.exists()


def test_a_plans_tasks_are_listed_in_their_numbers_order(world) -> None:  # type: ignore[no-untyped-def]
    save_items(
        PLAN,
        [_task(world, world.province, world.unit_a, number) for number in ("10", "2", "1", "11")],
        world.reviewer,
    )
    page = world.client(world.reviewer).get("/so-theo-doi/ke-hoach/").content.decode()
    shown = re.findall(r'<td data-label="Kế hoạch năm · STT">2023 · nhiệm vụ (\d+)</td>', page)
    assert shown == ["1", "2", "10", "11"]
