"""Cùng kỳ: a period's figures beside the same period of the previous year, for the province (its totals
compare across any reorganisation) and for a unit (itself, or the units it was formed from)."""

from __future__ import annotations

import dataclasses

from cchc.core.aggregation import Contribution, aggregate, with_computed
from cchc.core.catalogue import Catalogue
from cchc.core.numbers import Cell
from cchc.web.org.models import OrgUnit
from cchc.web.org.tree import in_force
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.values import unit_cells

__all__ = ["same_period_last_year", "unit_before"]


def same_period_last_year(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period of the same kind one year earlier (Năm 2026 → Năm 2025), if it is on record."""
    current = period.period
    code = dataclasses.replace(current, year=current.year - 1).code
    return ReportingPeriod.objects.filter(code=code).first()


def unit_before(
    catalogue: Catalogue, unit: OrgUnit, previous: ReportingPeriod
) -> tuple[dict[str, Cell], str]:
    """A unit's figures of cùng kỳ and whose they are: its own when it existed then, else the aggregate of
    the units it was formed from (a merged department's), else none (a unit with no known predecessor)."""
    day = previous.window_end
    if in_force(unit, day):
        return with_computed(catalogue, unit_cells(unit, previous), level=unit.level_enum), ""
    earlier = [p for p in unit.predecessors.all() if in_force(p, day)]
    if not earlier:
        return {}, "đơn vị mới, chưa có đơn vị tiền thân"
    cells = aggregate(catalogue, [Contribution(p.level_enum, unit_cells(p, previous)) for p in earlier])
    return cells, "của " + ", ".join(p.name for p in earlier)
