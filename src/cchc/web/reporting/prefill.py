"""A longer period's figures from what the province already holds (6 tháng from Quý I, Năm from 6 tháng and
Quý III): the earlier periods that tile the start of its window, and each row's figure from them by what
the row is over time (the catalogue's «time»):

- a flow (documents issued, dossiers resolved): the parts added up; the unit adds what is new since;
- a stock or a lũy kế row: the latest part's figure; the unit brings it up to the cut-off;
- a rate: never pre-filled, it is computed from its parts;
- a row a register fills: never pre-filled, it is counted for the window itself (`_carries_over`).

A form never saved is shown pre-filled and the unit confirms or corrects it; every row shows what its
figure is made of ("Cả năm = 6 tháng (871) + Quý III (442) + phát sinh từ 15/09 đến 14/12 …") or which
part it takes ("… (số mới nhất)"). A flow figure below what its parts already counted is a finding
(`flow_findings`), as a lũy kế figure below an earlier one is (`services.cumulative_findings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.catalogue import Catalogue, Kind, Over, Row, Severity
from cchc.core.numbers import BLANK, DASH, Cell, CellKind, format_number
from cchc.core.periods import PeriodKind
from cchc.core.validation import Finding, row_label
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.values import unit_cells

__all__ = ["Earlier", "flow_findings", "from_parts", "parts_of", "prefill"]


@dataclass(frozen=True)
class Earlier:
    """A row's figure from the earlier periods (text to pre-fill, "" for none) and where it came from."""

    cell: Cell
    hint: str
    # The part of a flow's window no period on record covers ("từ 15/09 đến 14/12"), "" for none.
    rest: str = ""

    @property
    def text(self) -> str:
        """The figure as an entry field shows it."""
        return self.cell.text if self.cell.kind is not CellKind.BLANK else ""

    def hint_for(self, now: Cell) -> str:
        """The hint beside the figure `now`: a flow's rest with what `now` adds to its parts, so that
        "6.659" beside "3.328 + 1.628" adds up ("… + phát sinh từ 15/09 đến 14/12 (1.703, …)")."""
        if not self.rest:
            return self.hint
        counted = self.cell.number or Decimal(0)
        added = now.number - counted if now.number is not None and now.number >= counted else None
        figure = f"{format_number(added)}, " if added is not None else ""
        return f"{self.hint} + phát sinh {self.rest} ({figure}chưa kỳ nào báo cáo)"


def _short(period: ReportingPeriod) -> str:
    """ "Quý I", "6 tháng", "Quý III": a part's name inside its own year."""
    return period.label.replace(f" năm {period.period.year}", "").replace(" đầu", "")


def parts_of(period: ReportingPeriod) -> tuple[list[ReportingPeriod], tuple[dt.date, dt.date] | None]:
    """The periods on record that tile the start of `period`'s window, longest first at each step (Năm:
    6 tháng, then Quý III), and what is left of the window after them (None when they cover it)."""
    candidates = [
        p
        for p in ReportingPeriod.objects.filter(
            window_start__gte=period.window_start, window_end__lte=period.window_end
        )
        if p.pk != period.pk
    ]
    parts: list[ReportingPeriod] = []
    cursor = period.window_start
    while True:
        starting = [p for p in candidates if p.window_start == cursor]
        if not starting:
            break
        chosen = max(starting, key=lambda p: p.window_end)
        parts.append(chosen)
        cursor = chosen.window_end + dt.timedelta(days=1)
        if cursor > period.window_end:
            return parts, None
    return parts, (cursor, period.window_end) if parts else None


def _carries_over(row: Row) -> bool:
    """A row a register fills counts each window's items with those carried over from before (assigned
    tasks, feedback not yet handled), so it does not add up over shorter periods: it is counted for the
    window itself, never pre-filled or compared with its parts."""
    return row.source is not None and row.source.system == "register"


def _number(cell: Cell) -> Decimal | None:
    return cell.number if cell.kind is CellKind.NUMBER else None


def from_parts(row: Row, cells: Sequence[Cell]) -> Cell:
    """A row's figure over a window from its figures over the parts that tile it, in order: a flow's added
    up (a coded flow's largest), a stock's or a lũy kế row's the latest given."""
    given = [cell for cell in cells if cell.kind is not CellKind.BLANK]
    if not given:
        return BLANK
    if row.time is Over.FLOW:
        numbers = [n for cell in given if (n := _number(cell)) is not None]
        if not numbers:
            return DASH
        return Cell.of(max(numbers) if row.kind is Kind.CODE else sum(numbers, Decimal(0)))
    return given[-1]


def prefill(
    catalogue: Catalogue, unit: OrgUnit, period: ReportingPeriod, rows: Sequence[Row]
) -> dict[str, Earlier]:
    """Each of `rows` (a form's input rows) with its figure from the earlier periods that tile the window."""
    parts, rest = parts_of(period)
    if not parts:
        return {}
    held = [(part, unit_cells(unit, part)) for part in parts]
    whole = "Cả năm" if period.period.kind is PeriodKind.YEAR else _short(period)
    after = f"từ {rest[0]:%d/%m} đến {rest[1]:%d/%m}" if rest else ""
    result: dict[str, Earlier] = {}
    for row in rows:
        if row.time is Over.RATE or row.kind is Kind.TEXT or _carries_over(row):
            continue
        figures = [(_short(part), _shown(row, cells.get(row.code, BLANK))) for part, cells in held]
        cell = from_parts(row, [cells.get(row.code, BLANK) for _, cells in held])
        if row.time is Over.FLOW and row.kind is not Kind.CODE:
            # What the figure is made of, so that "1.760" beside "871" and "442" adds up.
            hint = f"{whole} = " + " + ".join(f"{name} ({figure})" for name, figure in figures)
            result[row.code] = Earlier(cell, hint, after)
        else:
            hint = "; ".join(f"{name}: {figure}" for name, figure in figures) + f" ({_how(row)})"
            result[row.code] = Earlier(cell, hint)
    return result


def _how(row: Row) -> str:
    """How a row that is not added up takes its figure from the parts (the catalogue's «time»)."""
    if row.time is Over.FLOW:
        # A yes/no or category row over the window: its highest choice, Có when any part had it.
        has_yes = any(option.label == "Có" for option in row.options)
        return "Có nếu một kỳ đã có" if has_yes else "kiểm tra lại"
    return "lũy kế mới nhất" if row.time is Over.CUMULATIVE else "số mới nhất"


def _shown(row: Row, cell: Cell) -> str:
    """A part's figure in a hint: the text, a code by its meaning ("Có"), or "chưa nhập"."""
    if cell.kind is CellKind.BLANK:
        return "chưa nhập"
    return row.option_label(cell.number) or cell.text


def flow_findings(
    catalogue: Catalogue, unit: OrgUnit, period: ReportingPeriod, cells: Mapping[str, Cell]
) -> list[Finding]:
    """A flow figure of a longer period below the sum its earlier parts already reported."""
    parts, _ = parts_of(period)
    if not parts:
        return []
    held = [unit_cells(unit, part) for part in parts]
    names = " và ".join(_short(part) for part in parts)
    findings = []
    for code, cell in cells.items():
        row = catalogue.rows.get(code)
        if row is None or row.time is not Over.FLOW or row.kind is Kind.CODE or cell.number is None:
            continue
        if _carries_over(row):
            continue
        numbers = [n for cells_of in held if (n := _number(cells_of.get(code, BLANK))) is not None]
        if numbers and cell.number < sum(numbers):
            counted = sum(numbers, Decimal(0))
            findings.append(
                Finding(
                    "flow-below-parts",
                    Severity.WARNING,
                    f"{row_label(row)} ghi {format_number(cell.number)}, ít hơn {format_number(counted)} mà "
                    f"{names} đã báo cáo cộng lại: kỳ này phải gồm cả các kỳ đó.",
                    row.form,
                    (code,),
                    expected=counted,
                    actual=cell.number,
                )
            )
    return findings
