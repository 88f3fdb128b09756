"""Read-only figures behind the province pages: the aggregate laid out by form and level, one row's
contributions unit by unit, the period's findings grouped for reading, and the dashboard's key figures.

Everything here reads through `cchc.web.reporting.services` (aggregate, contributions, findings) and
keeps Decimal; charts turn numbers into floats only at their own boundary (`charts.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse

from cchc import charts
from cchc.core.aggregation import entry_levels, with_computed
from cchc.core.catalogue import Aggregation, Catalogue, Kind, Level, Row, Severity, rate_parts
from cchc.core.indicators import Figure, indicator_figures
from cchc.core.numbers import BLANK, Cell, CellKind, format_number
from cchc.core.periods import PeriodKind
from cchc.core.validation import Finding
from cchc.web.org.models import LEVEL_CHOICES, OrgUnit
from cchc.web.reporting.models import ReportingPeriod, Status, Submission, Value
from cchc.web.reporting.services import (
    catalogue_for,
    contributions,
    period_findings,
    province_aggregate,
    reporting_units,
)
from cchc.web.reporting.targets import on_time_target

# The order of the level columns on the aggregate page (departments, districts, communes, province).
LEVEL_COLUMNS: tuple[Level, ...] = (Level.SO, Level.HUYEN, Level.XA, Level.TINH)
LEVEL_LABELS: dict[Level, str] = {Level(value): label for value, label in LEVEL_CHOICES}
APPROVED_ONLY: tuple[str, ...] = (Status.APPROVED.value,)
STATUS_LABELS: dict[str, str] = dict(Status.choices)

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "Lỗi",
    Severity.WARNING: "Cảnh báo",
    Severity.INFO: "Lưu ý",
}
PROVINCE_NAME = "Toàn tỉnh"

# What the dashboard shows comes from the catalogue's named indicators (indicators.toml): the on-time
# rate and its levels («dung-han»), online receipt («truc-tuyen»), feedback handled («pakn»), dossiers
# received («ho-so-tiep-nhan»). A level's name as a series of one unit's bars ("UBND huyện X (các xã)"):
SERIES_NAMES = {Level.SO: "sở, ngành", Level.HUYEN: "cấp huyện", Level.XA: "các xã"}


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


# ---------------------------------------------------------------------------------------- aggregate


@dataclass(frozen=True)
class LevelCell:
    """A row's aggregate over the units of one level; `applies` is False when that level has no such row."""

    level: Level
    applies: bool
    cell: Cell = BLANK


@dataclass(frozen=True)
class AggregateLine:
    """One printed row of the province's form: the total and its split by level."""

    row: Row
    total: Cell
    levels: tuple[LevelCell, ...]
    note: str = ""

    @property
    def depth(self) -> int:
        """Indentation level."""
        return depth(self.row)


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


def _option_label(row: Row, cell: Cell) -> str:
    """What a coded row's value means ("Có", "3 cấp"), shown beside the code."""
    if row.kind is not Kind.CODE or cell.number is None:
        return ""
    return next((option.label for option in row.options if option.value == cell.number), "")


def province_tables(period: ReportingPeriod, *, approved_only: bool = False) -> AggregateTables:
    """The province's forms for the period, each row split by level (approved forms only if asked)."""
    catalogue = catalogue_for(period)
    statuses = APPROVED_ONLY if approved_only else None
    total = province_aggregate(period, statuses=statuses)
    by_level = {level: province_aggregate(period, level=level, statuses=statuses) for level in LEVEL_COLUMNS}
    notes = _province_notes(period)
    states = _submission_states(period)
    forms = []
    for form in catalogue.forms:
        levels = tuple(
            level for level in LEVEL_COLUMNS if any(row.has_value and fills(level, row) for row in form.rows)
        )
        lines = []
        for row in form.rows:
            cell = total.get(row.code, BLANK)
            split = tuple(
                LevelCell(level, fills(level, row), by_level[level].get(row.code, BLANK)) for level in levels
            )
            note = " · ".join(part for part in (_option_label(row, cell), notes.get(row.code, "")) if part)
            lines.append(AggregateLine(row, cell, split if row.has_value else (), note))
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
    return AggregateTables(tuple(forms), progress(period))


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
        computed = with_computed(catalogue, cells) if cells else {}
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
        if not left_out and cell.kind is not CellKind.BLANK:
            with_value += 1
        figures.append(
            UnitFigure(
                unit=unit,
                text=cell_text(cell, row.decimals),
                inputs=tuple(cell_text(c, part.decimals) for c, part in zip(shown[1:], inputs, strict=True)),
                status=status,
                left_out=left_out,
                url=entry_url(period.code, unit.code, row.form, code),
            )
        )
    return RowBreakdown(
        row=row,
        inputs=inputs,
        figures=tuple(figures),
        total=cell_text(total.get(code, BLANK), row.decimals),
        input_totals=tuple(cell_text(total.get(part.code, BLANK), part.decimals) for part in inputs),
        units_with_value=with_value,
    )


# ----------------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class FindingItem:
    """A finding as the findings page lists it: whose, which form, the message and where to fix it."""

    unit: OrgUnit | None
    finding: Finding
    form: int | None
    url: str

    @property
    def unit_name(self) -> str:
        """The unit's name, or "Toàn tỉnh" for the province aggregate."""
        return self.unit.name if self.unit is not None else PROVINCE_NAME


@dataclass(frozen=True)
class FormGroup:
    """The findings of one form (None: findings that span forms)."""

    form: int | None
    items: tuple[FindingItem, ...]


@dataclass(frozen=True)
class SeverityGroup:
    """The findings of one severity, by form."""

    severity: Severity
    label: str
    forms: tuple[FormGroup, ...]

    @property
    def count(self) -> int:
        """How many findings the group holds."""
        return sum(len(group.items) for group in self.forms)


@dataclass(frozen=True)
class FindingsListing:
    """The period's findings after the filters, grouped, with the unfiltered counts for the header."""

    groups: tuple[SeverityGroup, ...]
    counts: dict[Severity, int]
    forms: tuple[int, ...]
    total: int
    shown: int


def _finding_form(catalogue: Catalogue, finding: Finding) -> int | None:
    if finding.form is not None:
        return finding.form
    row = catalogue.rows.get(finding.codes[0]) if finding.codes else None
    return row.form if row else None


def findings_listing(
    period: ReportingPeriod, *, severity: Severity | None = None, form: int | None = None
) -> FindingsListing:
    """Every finding of the period grouped by severity then form, filtered by severity and form."""
    catalogue = catalogue_for(period)
    order = {code: index for index, code in enumerate(catalogue.rows)}
    aggregate_url = reverse("aggregate", kwargs={"period": period.code})
    items = []
    for found in period_findings(period):
        number = _finding_form(catalogue, found.finding)
        code = next((c for c in found.finding.codes if c in catalogue.rows), None)
        if found.unit is None:
            url = f"{aggregate_url}#row-{code}" if code else aggregate_url
        elif number is not None:
            url = entry_url(period.code, found.unit.code, catalogue.row(code).form if code else number, code)
        else:
            url = ""
        items.append(FindingItem(found.unit, found.finding, number, url))
    counts = Counter(item.finding.severity for item in items)
    forms = tuple(sorted({item.form for item in items if item.form is not None}))
    chosen = [
        item
        for item in items
        if (severity is None or item.finding.severity is severity) and (form is None or item.form == form)
    ]

    def position(item: FindingItem) -> tuple[int, int, str, int]:
        # Units in the tree's order, the province aggregate last, rows in printed order.
        unit = item.unit
        first = order.get(item.finding.codes[0], len(order)) if item.finding.codes else len(order)
        return (unit is None, unit.order if unit else 0, unit.name if unit else "", first)

    groups = []
    for level in SEVERITIES:
        mine = sorted((item for item in chosen if item.finding.severity is level), key=position)
        if not mine:
            continue
        by_form: dict[int | None, list[FindingItem]] = defaultdict(list)
        for item in mine:
            by_form[item.form].append(item)
        ordered = sorted(by_form, key=lambda number: (number is None, number or 0))
        groups.append(
            SeverityGroup(
                level,
                SEVERITY_LABELS[level],
                tuple(FormGroup(number, tuple(by_form[number])) for number in ordered),
            )
        )
    return FindingsListing(
        groups=tuple(groups),
        counts={level: counts.get(level, 0) for level in SEVERITIES},
        forms=forms,
        total=len(items),
        shown=len(chosen),
    )


# ---------------------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class Rate:
    """A rate with its numerator and denominator (None where not reported), e.g. on time / resolved."""

    label: str
    rate: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    code: str = ""

    @property
    def text(self) -> str:
        """The rate the Vietnamese way with two decimals ("96,60"), "" when unknown."""
        return format_number(self.rate, 2) if self.rate is not None else ""


def _number(cells: Mapping[str, Cell], code: str) -> Decimal | None:
    cell = cells.get(code, BLANK)
    return cell.number if cell.kind is CellKind.NUMBER else None


def _rate(figure: Figure, label: str) -> Rate:
    return Rate(label, figure.value, figure.numerator, figure.denominator, figure.code)


def _level_label(catalogue: Catalogue, code: str) -> str:
    return LEVEL_LABELS[catalogue.row(code).levels[0]]


def on_time_rates(catalogue: Catalogue, cells: Mapping[str, Cell]) -> tuple[Rate, tuple[Rate, ...]]:
    """The province's on-time rate and each level's (the catalogue's «dung-han»: Σ on time / Σ resolved)."""
    whole, levels = indicator_figures(catalogue, cells, "dung-han")
    return _rate(whole, PROVINCE_NAME), tuple(_rate(f, _level_label(catalogue, f.code)) for f in levels)


def overall_on_time(catalogue: Catalogue, cells: Mapping[str, Cell]) -> Rate:
    """The province's on-time rate, as the Word report's narrative and chart state it."""
    return on_time_rates(catalogue, cells)[0]


def indicator_rate(catalogue: Catalogue, cells: Mapping[str, Cell], name: str, label: str) -> Rate:
    """A named indicator's figure (a rate with its parts, or a count) under the dashboard's label."""
    return _rate(indicator_figures(catalogue, cells, name)[0], label)


def _denominator(catalogue: Catalogue, code: str) -> str:
    """The denominator row of a level rate (the catalogue's loader checked that it is a rate)."""
    parts = rate_parts(catalogue.row(code).formula)
    assert parts is not None, code
    return parts[1]


def _where(*codes: str) -> str:
    """Where rows of one form are printed: ("BM3-3.1.1", "BM3-3.2.1") → "Biểu mẫu 3, mục 3.1.1 + 3.2.1"."""
    form = codes[0].partition("-")[0].removeprefix("BM")
    return f"Biểu mẫu {form}, mục " + " + ".join(code.partition("-")[2] for code in codes)


@dataclass(frozen=True)
class KeyFigure:
    """A card on the dashboard: what it counts, the figure, and how it was reached."""

    label: str
    value: str
    unit: str = ""
    detail: str = ""
    code: str = ""
    meets_target: bool | None = None


@dataclass(frozen=True)
class UnitRate:
    """One unit's own on-time rate for one level's row (a district has its own and its communes')."""

    unit: str
    series: str
    rate: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass(frozen=True)
class TrendPoint:
    """A quarter's province-wide on-time and online-receipt rates."""

    code: str
    label: str
    on_time: Decimal | None
    online: Decimal | None


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows for one period."""

    period: ReportingPeriod
    cards: tuple[KeyFigure, ...]
    level_rates: tuple[Rate, ...]
    unit_rates: tuple[UnitRate, ...]
    trend: tuple[TrendPoint, ...]
    target: Decimal

    @property
    def target_text(self) -> str:
        """The target the Vietnamese way ("98", "97,5")."""
        return format_number(self.target)


def unit_rates(period: ReportingPeriod) -> list[UnitRate]:
    """Each unit's own BM3 3.1/3.2/3.3 rates, from its cells with computed rows, highest first."""
    catalogue = catalogue_for(period)
    rates = []
    for unit, cells in contributions(period).values():
        if not cells:
            continue
        levels = on_time_rates(catalogue, with_computed(catalogue, cells))[1]
        mine = [
            rate
            for rate in levels
            if rate.rate is not None and fills(unit.level_enum, catalogue.row(rate.code))
        ]
        for rate in mine:
            # A district reports its own dossiers and its communes': name which bar is which.
            series = SERIES_NAMES[catalogue.row(rate.code).levels[0]]
            name = unit.label if len(mine) == 1 else f"{unit.label} ({series})"
            assert rate.rate is not None
            rates.append(UnitRate(name, rate.label, rate.rate, rate.numerator, rate.denominator))
    return sorted(rates, key=lambda r: (-r.rate, r.unit))


def trend() -> list[TrendPoint]:
    """The on-time and online-receipt rates of every quarter on record, oldest first."""
    quarters = sorted(
        (p for p in ReportingPeriod.objects.all() if p.period.kind is PeriodKind.QUARTER),
        key=lambda p: p.period,
    )
    points = []
    for period in quarters:
        catalogue = catalogue_for(period)
        cells = province_aggregate(period)
        points.append(
            TrendPoint(
                period.code,
                # "Quý I/2023": the axis holds several quarters side by side.
                period.label.replace(" năm ", "/"),
                overall_on_time(catalogue, cells).rate,
                indicator_rate(catalogue, cells, "truc-tuyen", "").rate,
            )
        )
    return points


def _meets(rate: Decimal | None, target: Decimal) -> bool | None:
    return None if rate is None else rate >= target


def _detail(rate: Rate, what: str) -> str:
    if rate.numerator is None or rate.denominator is None:
        return ""
    return f"{format_number(rate.numerator)}/{format_number(rate.denominator)} {what}"


def dashboard(period: ReportingPeriod) -> Dashboard:
    """The dashboard's key figures and chart data for a period."""
    catalogue = catalogue_for(period)
    cells = province_aggregate(period)
    target = on_time_target()
    overall, levels = on_time_rates(catalogue, cells)
    online = indicator_rate(catalogue, cells, "truc-tuyen", "Tiếp nhận trực tuyến")
    pakn = indicator_rate(catalogue, cells, "pakn", "PAKN")
    received = indicator_rate(catalogue, cells, "ho-so-tiep-nhan", "").rate
    done = progress(period)
    cards = [
        KeyFigure(
            "Hồ sơ TTHC đã tiếp nhận",
            format_number(received) if received is not None else "",
            "hồ sơ",
            _where(catalogue.indicator("ho-so-tiep-nhan").code),
            catalogue.indicator("ho-so-tiep-nhan").code,
        ),
        KeyFigure(
            "Hồ sơ TTHC đã giải quyết xong",
            format_number(overall.denominator) if overall.denominator is not None else "",
            "hồ sơ",
            _where(*(_denominator(catalogue, rate.code) for rate in levels)),
        ),
        KeyFigure(
            "Tỷ lệ giải quyết đúng hạn — toàn tỉnh",
            overall.text,
            "%",
            _detail(overall, "hồ sơ") + f" · mục tiêu {format_number(target)}%",
            meets_target=_meets(overall.rate, target),
        ),
        *(
            KeyFigure(
                f"Đúng hạn — {rate.label}",
                rate.text,
                "%",
                _detail(rate, "hồ sơ") or _where(rate.code),
                rate.code,
                _meets(rate.rate, target),
            )
            for rate in levels
        ),
        KeyFigure(
            "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
            online.text,
            "%",
            _detail(online, "hồ sơ") or _where(online.code),
            online.code,
        ),
        KeyFigure(
            "Tỷ lệ giải quyết phản ánh, kiến nghị",
            pakn.text,
            "%",
            _detail(pakn, "PAKN") or _where(pakn.code),
            pakn.code,
        ),
        KeyFigure("Đơn vị đã gửi báo cáo", f"{done.submitted}/{done.units}", "đơn vị"),
        KeyFigure("Đơn vị đã được duyệt", f"{done.approved}/{done.units}", "đơn vị"),
    ]
    return Dashboard(
        period=period,
        cards=tuple(cards),
        level_rates=(*levels, overall),
        unit_rates=tuple(unit_rates(period)),
        trend=tuple(trend()),
        target=target,
    )


def newest_period() -> ReportingPeriod | None:
    """The period whose window ends last."""
    return max(ReportingPeriod.objects.all(), key=lambda p: p.period, default=None)


def periods_newest_first() -> Sequence[ReportingPeriod]:
    """Every period on record, newest first (for the period selector)."""
    return sorted(ReportingPeriod.objects.all(), key=lambda p: p.period, reverse=True)


def format_rate(rate: Decimal | None) -> str:
    """A percent with two decimals the Vietnamese way ("96,60"), "" when unknown."""
    return format_number(rate, 2) if rate is not None else ""


def format_pair(numerator: Decimal | None, denominator: Decimal | None) -> str:
    """ "483/500", "" when either is unknown."""
    if numerator is None or denominator is None:
        return ""
    return f"{format_number(numerator)}/{format_number(denominator)}"


@dataclass(frozen=True)
class Chart:
    """A dashboard chart: its name (also its SVG file name), Vega-Lite spec and table fallback."""

    name: str
    spec: dict[str, Any]
    empty: bool
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def title(self) -> str:
        """The chart's title, from its spec."""
        return str(self.spec["title"])

    @property
    def element_id(self) -> str:
        """The id of the element holding the spec in the page."""
        return f"spec-{self.name}"


CHART_NAMES = ("dung-han-theo-cap", "dung-han-theo-don-vi", "xu-huong")


def dashboard_charts(board: Dashboard) -> list[Chart]:
    """The dashboard's three charts with the numbers of each one's table fallback."""
    by_level = [(rate.label, rate.rate) for rate in board.level_rates]
    by_unit = [(rate.unit, rate.series, rate.rate) for rate in board.unit_rates]
    trend_points = [
        (point.label, series, value)
        for point in board.trend
        for series, value in (("Tỷ lệ đúng hạn", point.on_time), ("Tỷ lệ tiếp nhận trực tuyến", point.online))
    ]
    pair = "Đúng hạn / đã giải quyết (hồ sơ)"
    return [
        Chart(
            "dung-han-theo-cap",
            charts.on_time_by_level(by_level, board.target),
            all(rate is None for _, rate in by_level),
            ("Cấp", pair, "Tỷ lệ (%)"),
            tuple(
                (rate.label, format_pair(rate.numerator, rate.denominator), rate.text)
                for rate in board.level_rates
            ),
        ),
        Chart(
            "dung-han-theo-don-vi",
            charts.on_time_by_unit(by_unit, board.target),
            not by_unit,
            ("Đơn vị", "Cấp", pair, "Tỷ lệ (%)"),
            tuple(
                (
                    rate.unit,
                    rate.series,
                    format_pair(rate.numerator, rate.denominator),
                    format_rate(rate.rate),
                )
                for rate in board.unit_rates
            ),
        ),
        Chart(
            "xu-huong",
            charts.rate_trend(trend_points, board.target),
            all(point.on_time is None and point.online is None for point in board.trend),
            ("Kỳ báo cáo", "Tỷ lệ đúng hạn (%)", "Tỷ lệ tiếp nhận trực tuyến (%)"),
            tuple(
                (point.label, format_rate(point.on_time), format_rate(point.online)) for point in board.trend
            ),
        ),
    ]
