"""The province's aggregate laid out by form and level, and one row's contributions unit by unit.

Everything here reads through `cchc.web.reporting.services` (aggregate, contributions) and keeps Decimal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cchc.core.aggregation import entry_levels, with_computed
from cchc.core.catalogue import Aggregation, Catalogue, Level, Row, rate_parts
from cchc.core.compare import change_text
from cchc.core.numbers import BLANK, Cell, CellKind, format_number
from cchc.web.org.models import LEVEL_CHOICES, OrgUnit
from cchc.web.reporting.compare import same_period_last_year
from cchc.web.reporting.models import ReportingPeriod, Status, Submission, Value
from cchc.web.reporting.services import (
    catalogue_for,
    contributions,
    province_aggregate,
    province_only_note,
    reporting_units,
)

# The order of the level columns on the aggregate page (departments, districts, communes, province).
LEVEL_COLUMNS: tuple[Level, ...] = (Level.SO, Level.HUYEN, Level.XA, Level.TINH)
LEVEL_LABELS: dict[Level, str] = {Level(value): label for value, label in LEVEL_CHOICES}
APPROVED_ONLY: tuple[str, ...] = (Status.APPROVED.value,)
STATUS_LABELS: dict[str, str] = dict(Status.choices)
PROVINCE_NAME = "Toàn tỉnh"


def entry_url(period: str, unit: str, form: int, code: str | None = None) -> str:
    """The unit's data entry page for a form, anchored at a row when `code` is given."""
    try:
        url = reverse("entry", kwargs={"period": period, "unit": unit, "form": form})
    except NoReverseMatch:
        # The entry page belongs to the reporting app; its path is fixed by the URL plan.
        url = f"/ky/{period}/don-vi/{unit}/bieu/{form}/"
    return f"{url}#row-{code}" if code else url


def cell_text(cell: Cell, decimals: int) -> str:
    """A cell as the forms print it: Vietnamese number, "-", text, or "" for blank."""
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        return format_number(cell.number, decimals)
    if cell.kind is CellKind.DASH:
        return "-"
    return cell.text


def fills(level: Level, row: Row) -> bool:
    """Whether units of `level` fill in `row` (a district also fills its communes' rows)."""
    return bool(entry_levels(level).intersection(row.levels))


def depth(row: Row) -> int:
    """How deep the row sits in its form: "3" → 0, "3.1" → 1, "3.1.2" → 2."""
    return row.stt.count(".")


@dataclass(frozen=True)
class LevelCell:
    """A row's aggregate over the units of one level; `applies` is False when that level has no such row."""

    level: Level
    applies: bool
    cell: Cell = BLANK
    text: str = ""  # the cell as shown: a coded row's by its meaning

    @property
    def label(self) -> str:
        """The level's column heading ("Cấp xã")."""
        return LEVEL_LABELS[self.level]


@dataclass(frozen=True)
class AggregateLine:
    """One printed row of the province's form: the total and its split by level."""

    row: Row
    total: Cell
    levels: tuple[LevelCell, ...]
    note: str = ""
    before: Cell = BLANK  # cùng kỳ: the same period of the previous year
    change: str = ""

    @property
    def depth(self) -> int:
        """Indentation level."""
        return depth(self.row)

    @property
    def total_text(self) -> str:
        """The province's figure as shown: a coded row's by its meaning («Trực tuyến», not «0»)."""
        return meaning_or_text(self.row, self.total)

    @property
    def before_text(self) -> str:
        """Cùng kỳ as shown, a coded row's by its meaning."""
        return meaning_or_text(self.row, self.before)


@dataclass(frozen=True)
class AggregateForm:
    """One Biểu mẫu of the province: its lines, the level columns it needs and who contributed."""

    number: int
    title: str
    levels: tuple[Level, ...]
    lines: tuple[AggregateLine, ...]
    contributing: int
    approved: int

    @property
    def level_labels(self) -> tuple[str, ...]:
        """The headings of the level columns."""
        return tuple(LEVEL_LABELS[level] for level in self.levels)


@dataclass(frozen=True)
class Progress:
    """How many reporting units have figures, have sent and have been approved for the period."""

    units: int
    with_data: int
    submitted: int
    approved: int
    forms_with_data: int
    forms_approved: int


@dataclass(frozen=True)
class AggregateTables:
    """The province's 7 forms for a period and the progress of the units behind them."""

    forms: tuple[AggregateForm, ...]
    progress: Progress
    previous: ReportingPeriod | None = None  # cùng kỳ, when it is on record


def _submission_states(period: ReportingPeriod) -> list[tuple[int, int, str, bool]]:
    """(form, unit id, status, has values) of every reporting unit's submission in the period."""
    units = {unit.pk for unit in reporting_units(period)}
    with_values = set(
        Value.objects.filter(submission__period=period).values_list("submission_id", flat=True).distinct()
    )
    return [
        (form, unit_id, status, pk in with_values)
        for pk, form, unit_id, status in Submission.objects.filter(period=period)
        .order_by()
        .values_list("pk", "form", "unit_id", "status")
        if unit_id in units
    ]


def progress(period: ReportingPeriod) -> Progress:
    """Units with figures, units that sent at least one form, units whose forms are all approved."""
    states = _submission_states(period)
    by_unit: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for _, unit_id, status, has_values in states:
        by_unit[unit_id].append((status, has_values))
    sent = {Status.SUBMITTED.value, Status.APPROVED.value}
    # A unit counts as approved when every form it has started (figures typed or sent) is approved.
    started = {
        unit: [status for status, has_values in forms if has_values or status != Status.DRAFT]
        for unit, forms in by_unit.items()
    }
    return Progress(
        units=len(reporting_units(period)),
        with_data=sum(1 for forms in by_unit.values() if any(has for _, has in forms)),
        submitted=sum(1 for forms in by_unit.values() if any(status in sent for status, _ in forms)),
        approved=sum(
            1 for statuses in started.values() if statuses and all(s == Status.APPROVED for s in statuses)
        ),
        forms_with_data=sum(1 for *_, has_values in states if has_values),
        forms_approved=sum(
            1 for _, _, status, has_values in states if has_values and status == Status.APPROVED
        ),
    )


def _province_notes(period: ReportingPeriod) -> dict[str, str]:
    """The Ghi chú the province unit wrote on its own rows."""
    return dict(
        Value.objects.filter(submission__period=period, submission__unit__level=Level.TINH.value)
        .exclude(note="")
        .values_list("code", "note")
    )


def meaning_or_text(row: Row, cell: Cell) -> str:
    """A cell as the aggregate shows it: a coded row's value by its meaning ("Có", "3 cấp"), else its text."""
    return row.option_label(cell.number) or cell.text


def province_tables(period: ReportingPeriod, *, approved_only: bool = False) -> AggregateTables:
    """The province's forms for the period, each row split by level (approved forms only if asked)."""
    catalogue = catalogue_for(period)
    statuses = APPROVED_ONLY if approved_only else None
    total = province_aggregate(period, statuses=statuses)
    by_level = {level: province_aggregate(period, level=level, statuses=statuses) for level in LEVEL_COLUMNS}
    notes = _province_notes(period)
    states = _submission_states(period)
    previous = same_period_last_year(period)
    before = province_aggregate(previous, statuses=statuses) if previous else {}
    forms = []
    for form in catalogue.forms:
        # The levels that report in the period's template (no district column after 1/7/2025).
        levels = tuple(
            level
            for level in LEVEL_COLUMNS
            if level in catalogue.levels and any(row.has_value and fills(level, row) for row in form.rows)
        )
        lines = []
        for row in form.rows:
            cell = total.get(row.code, BLANK)
            figures = [(level, by_level[level].get(row.code, BLANK)) for level in levels]
            split = tuple(
                LevelCell(level, fills(level, row), part, meaning_or_text(row, part))
                for level, part in figures
            )
            parts = (notes.get(row.code, ""), province_only_note(row))
            note = " · ".join(part for part in parts if part)
            then = before.get(row.code, BLANK)
            levels_of = split if row.has_value else ()
            lines.append(
                AggregateLine(
                    row, cell, levels_of, note, then, change_text(row.kind, row.decimals, cell, then)
                )
            )
        mine = [(status, has) for number, _, status, has in states if number == form.number and has]
        forms.append(
            AggregateForm(
                number=form.number,
                title=form.title,
                levels=levels,
                lines=tuple(lines),
                contributing=len(mine),
                approved=sum(1 for status, _ in mine if status == Status.APPROVED),
            )
        )
    return AggregateTables(tuple(forms), progress(period), previous)


# ------------------------------------------------------------------------------------- drill-down


@dataclass(frozen=True)
class UnitFigure:
    """One unit's figure for a row (and the inputs of its formula), with its form's status."""

    unit: OrgUnit
    text: str
    inputs: tuple[str, ...]
    status: str
    left_out: str
    url: str

    @property
    def counted(self) -> bool:
        """Whether the figure is part of the province's total ("left_out" says why not)."""
        return not self.left_out

    @property
    def status_label(self) -> str:
        """The status in Vietnamese ("" when the unit has not opened the form)."""
        return STATUS_LABELS.get(self.status, "Chưa nhập")

    @property
    def level_label(self) -> str:
        """The unit's level in Vietnamese."""
        return LEVEL_LABELS[self.unit.level_enum]


@dataclass(frozen=True)
class RowBreakdown:
    """A row of the province's forms unit by unit, with the province's total (and its formula's inputs)."""

    row: Row
    inputs: tuple[Row, ...]
    figures: tuple[UnitFigure, ...]
    total: str
    input_totals: tuple[str, ...]
    units_with_value: int
    formula_words: str = ""

    @property
    def count_text(self) -> str:
        """ "48 đơn vị có số liệu được tính vào số toàn tỉnh." (or that none has yet)."""
        if not self.units_with_value:
            return "Chưa có đơn vị nào có số liệu được tính vào số toàn tỉnh."
        return f"{format_number(self.units_with_value)} đơn vị có số liệu được tính vào số toàn tỉnh."


def _item(row: Row, of: Row) -> str:
    """ "mục 1.5.1", or "mục 3.1 Biểu mẫu 3" for a row of another form than `of`'s."""
    return f"mục {row.stt}" + ("" if row.form == of.form else f" Biểu mẫu {row.form}")


def formula_words(catalogue: Catalogue, row: Row) -> str:
    """How a computed row is reached, in words: "tổng của mục 1.5.1, mục 1.5.2 và mục 1.5.3" or
    "mục 3.1.2 chia cho mục 3.1.1, nhân 100"; "" for a typed row."""
    if row.formula is None:
        return ""
    parts = rate_parts(row.formula)
    if parts is not None:
        part, whole = (catalogue.row(code) for code in parts)
        return f"{_item(part, row)} chia cho {_item(whole, row)}, nhân 100"
    items = [_item(catalogue.row(code), row) for code in row.formula.references]
    if row.formula.source.replace(" ", "").count("+") == len(items) - 1 and len(items) > 1:
        return "tổng của " + ", ".join(items[:-1]) + " và " + items[-1]
    return "tính từ " + ", ".join(items)


def row_breakdown(period: ReportingPeriod, code: str, *, approved_only: bool = False) -> RowBreakdown | None:
    """Each unit's figure for one row; None when the period's catalogue has no such row with a value."""
    catalogue = catalogue_for(period)
    row = catalogue.rows.get(code)
    if row is None or not row.has_value:
        return None
    inputs = tuple(catalogue.row(ref) for ref in row.formula.references) if row.formula else ()
    statuses = APPROVED_ONLY if approved_only else None
    total = province_aggregate(period, statuses=statuses)
    status_of = {
        unit_id: status for form, unit_id, status, _ in _submission_states(period) if form == row.form
    }
    # Such rows take the province unit's own figure; the others' are shown but not added in.
    province_only = row.aggregation in (Aggregation.PROVINCE, Aggregation.NONE)
    figures = []
    with_value = 0
    for unit, cells in contributions(period).values():
        computed = with_computed(catalogue, cells, level=unit.level_enum) if cells else {}
        cell = computed.get(code, BLANK)
        shown = [cell, *(computed.get(part.code, BLANK) for part in inputs)]
        if not fills(unit.level_enum, row) and all(c.kind is CellKind.BLANK for c in shown):
            continue
        status = status_of.get(unit.pk, "")
        if province_only and unit.level_enum is not Level.TINH:
            left_out = "số toàn tỉnh lấy số liệu của cấp tỉnh"
        elif approved_only and status != Status.APPROVED:
            left_out = "biểu mẫu chưa được duyệt"
        else:
            left_out = ""
        # A unit counts when it gave the row or any part of it (a total's parts are often one per level).
        if not left_out and any(c.kind is not CellKind.BLANK for c in shown):
            with_value += 1
        figures.append(
            UnitFigure(
                unit=unit,
                text=row.option_label(cell.number) or cell_text(cell, row.decimals),
                inputs=tuple(cell_text(c, part.decimals) for c, part in zip(shown[1:], inputs, strict=True)),
                status=status,
                left_out=left_out,
                url=entry_url(period.code, unit.code, row.form, code),
            )
        )
    whole = total.get(code, BLANK)
    return RowBreakdown(
        row=row,
        inputs=inputs,
        figures=tuple(figures),
        total=row.option_label(whole.number) or cell_text(whole, row.decimals),
        input_totals=tuple(cell_text(total.get(part.code, BLANK), part.decimals) for part in inputs),
        units_with_value=with_value,
        formula_words=formula_words(catalogue, row),
    )
