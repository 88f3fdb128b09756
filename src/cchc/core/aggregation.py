"""The province's figures from its units' figures, row by row, by each row's aggregation rule.

Counts and money are summed; a percentage with a formula is recomputed from the summed numerator and
denominator (never averaged); coded rows take the largest or smallest code; province-wide rows take the
province unit's own figure. "-" survives only where no unit gave a number; blank stays blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.catalogue import Aggregation, Catalogue, Level, Row
from cchc.core.formula import Undefined, evaluation_order
from cchc.core.numbers import BLANK, DASH, Cell, CellKind, format_number, round_half_up

__all__ = ["Contribution", "aggregate", "entry_levels", "rows_for_level", "with_computed"]

# A district (UBND cấp huyện) reports its own rows and, while communes report through it, theirs.
_ENTERS: Mapping[Level, frozenset[Level]] = {
    Level.TINH: frozenset({Level.TINH}),
    Level.SO: frozenset({Level.SO}),
    Level.HUYEN: frozenset({Level.HUYEN, Level.XA}),
    Level.XA: frozenset({Level.XA}),
}


@dataclass(frozen=True)
class Contribution:
    """One reporting unit's figures for a period: its level and code → cell."""

    level: Level
    values: Mapping[str, Cell]


def entry_levels(level: Level) -> frozenset[Level]:
    """The row levels a unit of `level` fills in."""
    return _ENTERS[level]


def rows_for_level(catalogue: Catalogue, form: int, level: Level) -> tuple[Row, ...]:
    """The rows of a form a unit of `level` fills in or sees computed (headings kept for layout)."""
    levels = entry_levels(level)
    rows = catalogue.form(form).rows
    wanted = {row.code for row in rows if row.has_value and levels.intersection(row.levels)}
    # Keep a heading when one of the rows below it is wanted.
    for row in rows:
        parent = row.parent
        if row.code in wanted:
            while parent is not None:
                wanted.add(parent)
                parent = catalogue.row(parent).parent
    return tuple(row for row in rows if row.code in wanted)


def _numbers(cells: Iterable[Cell]) -> tuple[list[Decimal], bool]:
    numbers: list[Decimal] = []
    dashed = False
    for cell in cells:
        if cell.kind is CellKind.NUMBER and cell.number is not None:
            numbers.append(cell.number)
        elif cell.kind is CellKind.DASH:
            dashed = True
    return numbers, dashed


def _cell(value: Decimal, decimals: int) -> Cell:
    number = round_half_up(value, decimals)
    return Cell(CellKind.NUMBER, number, format_number(number, decimals))


def _combine(row: Row, contributions: Sequence[Contribution]) -> Cell:
    how = row.aggregation
    if how in (Aggregation.PROVINCE, Aggregation.NONE):
        sources = [c.values.get(row.code, BLANK) for c in contributions if c.level is Level.TINH]
    else:
        sources = [c.values.get(row.code, BLANK) for c in contributions]
    numbers, dashed = _numbers(sources)
    if not numbers:
        return DASH if dashed else BLANK
    if how is Aggregation.MAX:
        return _cell(max(numbers), row.decimals)
    if how is Aggregation.MIN:
        return _cell(min(numbers), row.decimals)
    if how in (Aggregation.PROVINCE, Aggregation.NONE):
        return _cell(numbers[0], row.decimals)
    return _cell(sum(numbers, Decimal(0)), row.decimals)


def with_computed(catalogue: Catalogue, values: Mapping[str, Cell]) -> dict[str, Cell]:
    """The values with every formula row of the forms computed from them (computed rows are never typed).

    Formulas run in dependency order; a rate whose denominator is 0 becomes "-", one with a missing
    input stays blank.
    """
    result = {code: cell for code, cell in values.items() if code not in catalogue.formulas}

    def lookup(code: str) -> Decimal | None:
        cell = result.get(code, BLANK)
        return cell.number if cell.kind is CellKind.NUMBER else None

    formulas = {code: formula for code, formula in catalogue.formulas.items() if code.startswith("BM")}
    for code in evaluation_order(formulas):
        value = formulas[code].evaluate(lookup)
        if isinstance(value, Undefined):
            result[code] = DASH if value.reason == "division-by-zero" else BLANK
        else:
            result[code] = _cell(value, catalogue.row(code).decimals)
    return result


def aggregate(catalogue: Catalogue, contributions: Sequence[Contribution]) -> dict[str, Cell]:
    """The aggregate of every row with a value (code → cell), e.g. the province's forms for a period.

    Formula rows are recomputed from the aggregated inputs, so a rate is Σ numerator / Σ denominator
    and a total is the sum of the aggregated parts.
    """
    combined = {
        row.code: _combine(row, contributions)
        for form in catalogue.forms
        for row in form.rows
        if row.has_value and row.formula is None
    }
    return with_computed(catalogue, combined)
