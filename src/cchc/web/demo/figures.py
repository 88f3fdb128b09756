"""Unit figures synthesised so that the province aggregate reproduces the sample report's appendix.

Pure functions over the catalogue and the sample (no database). For Quý I/2023 every figure of the
sample's appendix is handed to the units that enter its row:

- a row only the province unit enters, or a province-wide row (aggregation province/none), goes to the
  province unit whole, with the sample's note (Ghi chú);
- a summed row is split over the units whose level enters it, by a deterministic pseudo-random split
  (``random.Random`` seeded with the row code) in integers that add up exactly; a rate's numerator is
  split together with its denominator so that no unit's part exceeds its total (each unit's on-time
  dossiers ≤ its resolved dossiers, and so on), and a few related rows are capped or weighted the same
  way (see ``CAPS`` and ``WEIGHTS``);
- a coded row aggregated by its largest code gives the province unit the sample's code and the others a
  code no larger;
- "-" goes to every unit that enters the row, a blank row stays blank everywhere, and a rate with a
  formula is never stored: it is computed from its counts.

Where the sample contradicts itself the demo stores the sample's parts, which are consistent, so the
aggregate differs from the printed figure on these rows (``DEVIATIONS``):

- BM4-1.5 (total public service units): blank in the sample; the aggregate computes its parts,
  10 + 220 + 1.953 = 2.183.
- BM6-2.1 (total public service units, BM6): the sample prints 2.246 but its parts 2 + 19 + 194 + 2.011
  add up to 2.226, which the aggregate shows. The sample's rule BM4-1.5 = BM6-2.1 (2.183 ≠ 2.226) still
  fails at province level: the contradiction is the sample's own and the findings page shows it.
- BM2-2.2 (rate of VBQPPL handled after checking): the sample prints 0 for 0/0; the aggregate shows "-"
  (a rate over a zero denominator is undefined).

Other quarters (2022, 2025, 2026: ``today.quarter_of``) are derived per unit from one quarter's figures
(``scaled_figures``): flows (dossiers, documents, recruitment, …: the rows whose «time» is flow in the
catalogue) scaled, stocks (staff, procedures, public service units, …) kept, rates' numerators
recomputed so that each rate's shortfall widens or narrows, and the year-progress rows (``PROGRESS``)
at their share for the quarter.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from importlib import resources
from pathlib import Path

from cchc.core.aggregation import rows_for_level, with_computed
from cchc.core.catalogue import Aggregation, Catalogue, Kind, Level, Over
from cchc.core.numbers import BLANK, DASH, Cell, CellKind, parse_cell, round_half_up
from cchc.documents.report import extract_report
from cchc.documents.text_reader import describe_text_location, read_text

SAMPLE = "bao-cao-cchc-quy-I-2023-thanh-hoa.txt"

# code → (sample as printed, aggregate of the demo): the rows where the sample contradicts itself.
DEVIATIONS: Mapping[str, tuple[str, str]] = {
    "BM2-2.2": ("0", "-"),
    "BM4-1.5": ("", "2.183"),
    "BM6-2.1": ("2.246", "2.226"),
}

# A unit's share of the row may not exceed its own figure of the cap row (computed rows allowed).
CAPS: Mapping[str, str] = {
    "BM4-2.2": "BM4-2.1",  # staff present ≤ staff quota
    "BM4-3.2": "BM4-3.1",
    "BM5-1.2": "BM6-2.1",  # units with approved job positions ≤ public service units
}

# The row is split in proportion to the unit's figures of these rows (a unit's public service units
# in BM6 follow its count in BM4; only units that ran a survey have survey forms).
WEIGHTS: Mapping[str, tuple[str, ...]] = {
    **{
        code: ("BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3")
        for code in ("BM6-2.2", "BM6-2.3", "BM6-2.4.1", "BM6-2.4.2", "BM6-2.4.3", "BM6-2.5", "BM6-2.6")
    },
    "BM1-6.1": ("BM1-6",),
}

# Province-wide coded rows other units also enter: only where this row of theirs is not 0.
CONDITIONS: Mapping[str, str] = {"BM1-6.2": "BM1-6"}

# Year-progress rows (lũy kế): numerator → (denominator, share reached by the end of Q1, Q2, Q3, Q4).
PROGRESS: Mapping[str, tuple[str, tuple[float, float, float, float]]] = {
    "BM1-2.2": ("BM1-2.1", (0.20, 0.45, 0.70, 0.95)),
    "BM6-1.2": ("BM6-1.1", (0.06, 0.27, 0.51, 0.86)),
}


@dataclass(frozen=True)
class DemoUnit:
    """A reporting unit as the synthesis needs it: its code and level."""

    code: str
    level: Level


@dataclass(frozen=True)
class Figure:
    """One stored cell of a unit and its Ghi chú."""

    cell: Cell
    note: str = ""


UnitFigures = dict[str, dict[str, Figure]]


def sample_path() -> Path:
    """The bundled sample report (Thanh Hóa, Quý I năm 2023)."""
    return Path(str(resources.files("cchc.samples").joinpath(SAMPLE)))


def sample_figures(catalogue: Catalogue) -> dict[str, Figure]:
    """The sample appendix's figures by row code (the first row printed with each code)."""
    report = extract_report(read_text(sample_path()), catalogue, describe_text_location)
    figures: dict[str, Figure] = {}
    for printed in report.rows:
        if printed.code is None or printed.code in figures:
            continue
        cell, _ = parse_cell(printed.value)
        figures[printed.code] = Figure(cell, printed.note.strip())
    return figures


def entering_units(catalogue: Catalogue, units: Sequence[DemoUnit]) -> dict[str, list[DemoUnit]]:
    """Row code → the units that type it (their level enters the row and it has no formula), in order."""
    result: dict[str, list[DemoUnit]] = {}
    for unit in units:
        for form in catalogue.forms:
            for row in rows_for_level(catalogue, form.number, unit.level):
                if row.has_value and row.formula is None:
                    result.setdefault(row.code, []).append(unit)
    return result


def _input_codes(catalogue: Catalogue, code: str) -> set[str]:
    """The typed rows a row depends on (itself when it has no formula)."""
    row = catalogue.rows.get(code)
    if row is None or row.formula is None:
        return {code}
    found: set[str] = set()
    for reference in row.formula.references:
        found |= _input_codes(catalogue, reference)
    return found


def _pairs(catalogue: Catalogue) -> dict[str, str]:
    """Numerator → denominator of every rate computed by a formula of two counts."""
    pairs: dict[str, str] = {}
    for row in catalogue.rows.values():
        if row.kind is Kind.PERCENT and row.formula is not None and len(row.formula.references) == 2:
            part, total = row.formula.references
            pairs[part] = total
    return pairs


def _dependencies(catalogue: Catalogue, code: str, pairs: Mapping[str, str]) -> set[str]:
    needs: set[str] = set()
    if code in pairs:
        needs |= _input_codes(catalogue, pairs[code])
    if code in CAPS:
        needs |= _input_codes(catalogue, CAPS[code])
    for weight in WEIGHTS.get(code, ()):
        needs |= _input_codes(catalogue, weight)
    if code in CONDITIONS:
        needs.add(CONDITIONS[code])
    return needs - {code}


def _ordered(catalogue: Catalogue, codes: Iterable[str], pairs: Mapping[str, str]) -> list[str]:
    """The codes in printed order, each after the rows it is split against."""
    wanted = list(codes)
    placed: list[str] = []
    seen: set[str] = set()

    def place(code: str) -> None:
        if code in seen:
            return
        seen.add(code)
        for need in sorted(_dependencies(catalogue, code, pairs)):
            if need in wanted:
                place(need)
        placed.append(code)

    for code in wanted:
        place(code)
    return placed


def split(total: int, weights: Sequence[float], caps: Sequence[int] | None = None) -> list[int]:
    """Integers that add up to `total`, proportional to `weights`, none above its cap (largest remainder)."""
    count = len(weights)
    limits = list(caps) if caps is not None else [total] * count
    if total < 0 or sum(limits) < total:
        raise ValueError(f"cannot split {total} under caps adding up to {sum(limits)}")
    shares = [0] * count
    remaining = total
    while remaining > 0:
        open_ = [i for i in range(count) if shares[i] < limits[i]]
        weight = sum(max(weights[i], 0.0) for i in open_)
        exact = {
            i: remaining * (max(weights[i], 0.0) / weight if weight > 0 else 1 / len(open_)) for i in open_
        }
        given = 0
        for i in open_:
            add = min(int(exact[i]), limits[i] - shares[i])
            shares[i] += add
            given += add
        if given == 0:
            # Every floor was 0: hand out single units by the largest exact share.
            for i in sorted(open_, key=lambda i: (-exact[i], i))[:remaining]:
                shares[i] += 1
                given += 1
        remaining -= given
    return shares


def _number(cell: Cell | None) -> Decimal:
    return (
        cell.number
        if cell is not None and cell.kind is CellKind.NUMBER and cell.number is not None
        else Decimal(0)
    )


def _size(unit: DemoUnit) -> float:
    """A stable size factor per unit, so a big unit is big in every row."""
    return random.Random(f"size:{unit.code}").uniform(0.5, 1.8)


def quarter_figures(
    catalogue: Catalogue, units: Sequence[DemoUnit], sample: Mapping[str, Figure]
) -> UnitFigures:
    """Each unit's typed figures for Quý I/2023 (unit code → row code → figure), see the module doc."""
    pairs = _pairs(catalogue)
    entering = entering_units(catalogue, units)
    figures: UnitFigures = {unit.code: {} for unit in units}

    def cells(unit: DemoUnit) -> dict[str, Cell]:
        return {code: figure.cell for code, figure in figures[unit.code].items()}

    def own(unit: DemoUnit, code: str) -> Decimal:
        if catalogue.rows[code].formula is None:
            return _number(cells(unit).get(code))
        return _number(with_computed(catalogue, cells(unit)).get(code))

    for code in _ordered(catalogue, entering, pairs):
        row = catalogue.rows[code]
        given = sample.get(code, Figure(BLANK))
        takers = entering[code]
        province = [unit for unit in takers if unit.level is Level.TINH]
        whole = row.aggregation in (Aggregation.PROVINCE, Aggregation.NONE) or takers == province
        rng = random.Random(f"demo:{code}")
        if given.cell.kind is CellKind.BLANK:
            if given.note and whole:
                for unit in province:
                    figures[unit.code][code] = given
            continue
        if given.cell.kind is CellKind.DASH:
            for unit in takers:
                figures[unit.code][code] = Figure(DASH, given.note if whole else "")
            continue
        if whole:
            for unit in province:
                # Spelled the Vietnamese way ("2.000"), whatever the sample's spelling.
                figures[unit.code][code] = Figure(Cell.of(_number(given.cell)), given.note)
            if row.kind is Kind.CODE and code in CONDITIONS:
                for unit in takers:
                    if unit.level is not Level.TINH and own(unit, CONDITIONS[code]) != 0:
                        figures[unit.code][code] = Figure(Cell.of(rng.choice(sorted(row.option_values))))
            continue
        if row.aggregation in (Aggregation.MAX, Aggregation.MIN):
            top = given.cell.number
            assert top is not None
            allowed = sorted(
                value
                for value in (row.option_values or {int(top)})
                if (value <= top if row.aggregation is Aggregation.MAX else value >= top)
            )
            for unit in takers:
                value = top if unit.level is Level.TINH else Decimal(rng.choice(allowed + [int(top)] * 2))
                figures[unit.code][code] = Figure(Cell.of(value))
            continue
        total = given.cell.number
        assert total is not None and total == total.to_integral_value(), code
        weights = [_size(unit) * rng.uniform(0.6, 1.4) for unit in takers]
        caps: list[int] | None = None
        if code in WEIGHTS:
            weights = [
                float(sum(own(unit, w) for w in WEIGHTS[code] if w in catalogue.rows)) * weights[i]
                for i, unit in enumerate(takers)
            ]
        if code in pairs or code in CAPS:
            caps = [int(own(unit, pairs.get(code) or CAPS[code])) for unit in takers]
            whole_cap = sum(caps)
            shortfall = 1 - float(total) / whole_cap if whole_cap else 0.0
            # Each unit's own rate scatters around the province's, never above 100 %.
            weights = [cap * min(1.0, max(0.0, 1 - shortfall * rng.uniform(0.3, 1.7))) for cap in caps]
            if not any(weights):
                weights = [float(cap) for cap in caps]
        shares = split(int(total), weights, caps)
        for unit, share in zip(takers, shares, strict=True):
            figures[unit.code][code] = Figure(Cell.of(share))
    return figures


def _summed(catalogue: Catalogue, code: str) -> bool:
    """A flow figure that adds up over time (a coded flow, "it happened", does not)."""
    row = catalogue.rows[code]
    return row.time is Over.FLOW and row.kind is not Kind.CODE


def scaled_figures(
    catalogue: Catalogue,
    base: UnitFigures,
    *,
    seed: str,
    flows: float,
    shortfall: float,
    progress: int,
) -> UnitFigures:
    """Each unit's figures of another period derived from `base`: flows × `flows` (about), stocks kept,
    each rate's shortfall × `shortfall`, and the year-progress rows at their share for the end of quarter
    `progress`."""
    pairs = _pairs(catalogue)
    result: UnitFigures = {}
    for unit_code, figures in base.items():
        rng = random.Random(f"{seed}:{unit_code}")
        factor = flows * rng.uniform(0.97, 1.03)
        now = {code: figure.cell for code, figure in figures.items()}
        then: dict[str, Figure] = {}
        # Denominators first, then the numerators computed from them.
        for code in sorted(now, key=lambda code: code in pairs or code in PROGRESS):
            cell = now[code]
            number = cell.number
            if cell.kind is not CellKind.NUMBER or number is None:
                then[code] = Figure(cell)
            elif code in PROGRESS:
                total_code, shares = PROGRESS[code]
                total = _number(then[total_code].cell) if total_code in then else Decimal(0)
                # Rounded up or down by a draw fixed per unit, so the unit's progress never goes back
                # and the province's share stays close to the target even for units with few tasks.
                draw = Decimal(str(random.Random(f"progress:{unit_code}:{code}").random()))
                reached = (total * Decimal(str(shares[progress - 1])) + draw).to_integral_value(ROUND_FLOOR)
                then[code] = Figure(Cell.of(min(total, reached)))
            elif code in pairs and _summed(catalogue, code) and pairs[code] in then:
                total_now = _number(now[pairs[code]])
                total = _number(then[pairs[code]].cell)
                short_now = (total_now - number) / total_now if total_now else Decimal(0)
                short = min(Decimal(1), short_now * Decimal(str(shortfall)))
                then[code] = Figure(Cell.of(total - round_half_up(total * short, 0)))
            elif _summed(catalogue, code):
                then[code] = Figure(Cell.of(round_half_up(number * Decimal(str(factor)), 0)))
            else:
                then[code] = Figure(cell)
        result[unit_code] = then
    return result
