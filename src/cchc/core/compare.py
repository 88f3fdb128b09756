"""How a figure moved against the same period of the previous year (cùng kỳ), exactly, in Vietnamese:
as a table writes it ("+120 (+12,50%)") and as a sentence says it ("tăng 120 hồ sơ (12,50%)"). A count
or an amount moves by its difference and its share of the earlier figure; a percentage by percentage
points, from the two rates as printed (`point_change`). Codes and texts do not move."""

from __future__ import annotations

from decimal import Decimal

from cchc.core.catalogue import Kind
from cchc.core.numbers import Cell, CellKind, format_number, round_half_up

__all__ = ["change_text", "change_words", "point_change"]


def point_change(now: Decimal, before: Decimal, decimals: int) -> Decimal:
    """How many percentage points (điểm phần trăm) a rate moved, as a reader subtracts the printed rates:
    each rounded half up to the form's decimals first (98,64 − 98,31 = 0,33, where the exact rates give
    0,336)."""
    return round_half_up(now, decimals) - round_half_up(before, decimals)


def _moved(kind: Kind, decimals: int, now: Cell, before: Cell) -> Decimal | None:
    if (
        now.kind is not CellKind.NUMBER
        or before.kind is not CellKind.NUMBER
        or kind in (Kind.CODE, Kind.TEXT)
    ):
        return None
    assert now.number is not None and before.number is not None
    if kind is Kind.PERCENT:
        return point_change(now.number, before.number, decimals)
    return now.number - before.number


def _share(difference: Decimal, before: Cell) -> Decimal | None:
    assert before.number is not None
    return round_half_up(abs(difference) * 100 / before.number, 2) if before.number else None


def change_text(kind: Kind, decimals: int, now: Cell, before: Cell) -> str:
    """ "+120 (+12,50%)" for a count, "+1,20 điểm %" for a percentage, "" when it cannot move."""
    difference = _moved(kind, decimals, now, before)
    if difference is None:
        return ""
    sign = "+" if difference > 0 else "−" if difference < 0 else ""
    if kind is Kind.PERCENT:
        return f"{sign}{format_number(abs(difference), decimals)} điểm %"
    shown = f"{sign}{format_number(round_half_up(abs(difference), decimals), decimals)}"
    share = _share(difference, before)
    return shown if share is None else f"{shown} ({sign}{format_number(share, 2)}%)"


def change_words(kind: Kind, decimals: int, now: Cell, before: Cell, unit: str = "") -> str:
    """ "tăng 120 hồ sơ (12,50%)", "giảm 0,32 điểm phần trăm", "không thay đổi"; "" when it cannot move."""
    difference = _moved(kind, decimals, now, before)
    if difference is None:
        return ""
    if not difference:
        return "không thay đổi"
    verb = "tăng" if difference > 0 else "giảm"
    if kind is Kind.PERCENT:
        return f"{verb} {format_number(abs(difference), decimals)} điểm phần trăm"
    amount = format_number(round_half_up(abs(difference), decimals), decimals)
    words = f"{verb} {amount}" + (f" {unit.lower()}" if unit else "")
    share = _share(difference, before)
    return words if share is None else f"{words} ({format_number(share, 2)}%)"
