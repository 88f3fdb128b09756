"""The province's figures from its units' figures, row by row, by each row's aggregation rule.

Counts and money are summed; a percentage with a formula is recomputed from the summed numerator and
denominator (never averaged); coded rows take the largest or smallest code; province-wide rows take the
province unit's own figure. "-" survives only where no unit gave a number; blank stays blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from cchc.core.catalogue import Aggregation, Catalogue, Level, Row, per_catalogue
from cchc.core.formula import Formula, Undefined, evaluation_order
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


def _numbers(code: str, sources: Iterable[Mapping[str, Cell]]) -> tuple[list[Decimal], bool]:
    numbers: list[Decimal] = []
    dashed = False
    for values in sources:
        cell = values.get(code)
        if cell is None:
            continue  # as a blank cell
        if cell.kind is CellKind.NUMBER and cell.number is not None:
            numbers.append(cell.number)
        elif cell.kind is CellKind.DASH:
            dashed = True
    return numbers, dashed


def _cell(value: Decimal, decimals: int) -> Cell:
    number = round_half_up(value, decimals)
    return Cell(CellKind.NUMBER, number, format_number(number, decimals))


def _combine(
    row: Row, everyone: Sequence[Mapping[str, Cell]], province: Sequence[Mapping[str, Cell]]
) -> Cell:
    how = row.aggregation
    sources = province if how in (Aggregation.PROVINCE, Aggregation.NONE) else everyone
    numbers, dashed = _numbers(row.code, sources)
    if not numbers:
        return DASH if dashed else BLANK
    if how is Aggregation.MAX:
        return _cell(max(numbers), row.decimals)
    if how is Aggregation.MIN:
        return _cell(min(numbers), row.decimals)
    if how in (Aggregation.PROVINCE, Aggregation.NONE):
        return _cell(numbers[0], row.decimals)
    return _cell(sum(numbers, Decimal(0)), row.decimals)


_ZERO = Decimal(0)
_NOTHING: frozenset[str] = frozenset()


class _Plan(NamedTuple):
    formula_codes: frozenset[str]
    # The forms' formulas in dependency order, each with its row (None: not a row, looked up to fail).
    steps: tuple[tuple[str, Formula, Row | None], ...]
    inputs: tuple[Row, ...]


@per_catalogue
def _plan(catalogue: Catalogue) -> _Plan:
    """The formula order and the typed rows of a catalogue, worked out once."""
    every = catalogue.formulas
    formulas = {code: formula for code, formula in every.items() if code.startswith("BM")}
    steps = tuple((code, formulas[code], catalogue.rows.get(code)) for code in evaluation_order(formulas))
    inputs = tuple(
        row for form in catalogue.forms for row in form.rows if row.has_value and row.formula is None
    )
    return _Plan(frozenset(every), steps, inputs)


@per_catalogue
def _not_entered(catalogue: Catalogue) -> dict[Level, frozenset[str]]:
    """For each level, the typed rows a unit of that level never fills in (another level's rows)."""
    inputs = _plan(catalogue).inputs
    return {
        level: frozenset(row.code for row in inputs if not entry_levels(level).intersection(row.levels))
        for level in Level
    }


def with_computed(
    catalogue: Catalogue, values: Mapping[str, Cell], *, level: Level | None = None
) -> dict[str, Cell]:
    """The values with every formula row of the forms computed from them (computed rows are never typed).

    Formulas run in dependency order; a rate whose denominator is 0 becomes "-", and so does one whose
    missing inputs are all "-" (not done this period); one with a blank input stays blank. To show one
    unit's form give its `level`: a row of another level counts as nothing, not as a blank, so a
    commune's BM2 1 (1.1 cấp tỉnh + 1.3 cấp xã) is its own 1.3.
    """
    plan = _plan(catalogue)
    formula_codes = plan.formula_codes
    result = {code: cell for code, cell in values.items() if code not in formula_codes}
    absent = _not_entered(catalogue)[level] if level is not None else _NOTHING

    def lookup(code: str) -> Decimal | None:
        cell = result.get(code)
        return cell.number if cell is not None and cell.kind is CellKind.NUMBER else None

    def lookup_own(code: str) -> Decimal | None:
        cell = result.get(code)
        if cell is not None and cell.kind is CellKind.NUMBER:
            return cell.number
        return _ZERO if cell is None and code in absent else None

    for code, formula, row in plan.steps:
        # A row wholly of other levels (another level's rate) stays as it was: blank, not 0 or "-".
        own = bool(absent) and not absent.issuperset(formula.references)
        value = formula.evaluate_without_codes(lookup_own if own else lookup)
        if isinstance(value, Undefined):
            undefined = value.reason == "division-by-zero" or _all_dashed(
                formula, result, absent if own else _NOTHING
            )
            result[code] = DASH if undefined else BLANK
        else:
            result[code] = _cell(value, (row or catalogue.row(code)).decimals)
    return result


def _all_dashed(formula: Formula, cells: Mapping[str, Cell], absent: frozenset[str]) -> bool:
    """Whether every input of the formula that is not a number (nor another level's row) is "-"."""
    references = formula.references
    if absent:
        references = tuple(code for code in references if code in cells or code not in absent)
    kinds = [cells.get(code, BLANK).kind for code in references]
    return CellKind.DASH in kinds and all(kind in (CellKind.DASH, CellKind.NUMBER) for kind in kinds)


def aggregate(catalogue: Catalogue, contributions: Sequence[Contribution]) -> dict[str, Cell]:
    """The aggregate of every row with a value (code → cell), e.g. the province's forms for a period.

    Formula rows are recomputed from the aggregated inputs, so a rate is Σ numerator / Σ denominator
    and a total is the sum of the aggregated parts.
    """
    everyone = [c.values for c in contributions]
    province = [c.values for c in contributions if c.level is Level.TINH]
    combined = {row.code: _combine(row, everyone, province) for row in _plan(catalogue).inputs}
    return with_computed(catalogue, combined)
