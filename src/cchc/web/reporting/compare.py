"""Cùng kỳ: a period's figures beside the same period of the previous year, for the province (its totals
compare across any reorganisation) and for a unit (itself, or the units it was formed from)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from cchc.core.aggregation import Contribution, aggregate, with_computed
from cchc.core.catalogue import Catalogue, Kind, Row
from cchc.core.numbers import Cell, CellKind, format_number, round_half_up
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.values import unit_cells

__all__ = ["change_text", "same_period_last_year", "unit_before"]


def same_period_last_year(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period of the same kind one year earlier (Năm 2026 → Năm 2025), if it is on record."""
    current = period.period
    code = dataclasses.replace(current, year=current.year - 1).code
    return ReportingPeriod.objects.filter(code=code).first()


def _signed(value: Decimal, decimals: int) -> str:
    text = format_number(abs(value), decimals)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


def change_text(row: Row, now: Cell, before: Cell) -> str:
    """How a figure moved against cùng kỳ: "+120 (+12,50%)" for a count, "+1,20 điểm %" for a percentage,
    "" when either is not a number or the row is a code or a text."""
    if (
        now.kind is not CellKind.NUMBER
        or before.kind is not CellKind.NUMBER
        or row.kind in (Kind.CODE, Kind.TEXT)
    ):
        return ""
    assert now.number is not None and before.number is not None
    difference = now.number - before.number
    if row.kind is Kind.PERCENT:
        return f"{_signed(difference, 2)} điểm %"
    shown = _signed(round_half_up(difference, row.decimals), row.decimals)
    if not before.number:
        return shown
    return f"{shown} ({_signed(round_half_up(difference * 100 / before.number, 2), 2)}%)"


def unit_before(
    catalogue: Catalogue, unit: OrgUnit, previous: ReportingPeriod
) -> tuple[dict[str, Cell], str]:
    """A unit's figures of cùng kỳ and whose they are: its own when it existed then, else the aggregate of
    the units it was formed from (a merged department's), else none (a unit with no known predecessor)."""
    day = previous.window_end
    if unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to):
        return with_computed(catalogue, unit_cells(unit, previous)), ""
    earlier = [
        p
        for p in unit.predecessors.all()
        if p.valid_from <= day and (p.valid_to is None or day <= p.valid_to)
    ]
    if not earlier:
        return {}, "đơn vị mới, chưa có đơn vị tiền thân"
    cells = aggregate(catalogue, [Contribution(p.level_enum, unit_cells(p, previous)) for p in earlier])
    return cells, "của " + ", ".join(p.name for p in earlier)
