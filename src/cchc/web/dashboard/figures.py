"""The dashboard's key figures and charts for a period.

What the dashboard shows comes from the catalogue's named indicators (indicators.toml): the on-time rate
and its levels («dung-han»), online receipt («truc-tuyen»), feedback handled («pakn»), dossiers received
(«ho-so-tiep-nhan»). Figures stay Decimal; charts turn numbers into floats only at their own boundary
(`cchc.charts`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cchc import charts
from cchc.core.aggregation import Contribution, aggregate, with_computed
from cchc.core.catalogue import Catalogue, Kind, Level, rate_parts
from cchc.core.compare import change_text
from cchc.core.indicators import Figure, indicator_figures
from cchc.core.numbers import Cell, format_number
from cchc.core.periods import Period
from cchc.web.dashboard.tables import LEVEL_LABELS, PROVINCE_NAME, fills, progress
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.compare import same_period_last_year
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for, contributions, province_aggregate
from cchc.web.reporting.targets import on_time_target
from cchc.web.reporting.trend import QuarterRates, quarter_rates, rows_read

# A level's name as a series of one unit's bars ("UBND huyện X (các xã)").
SERIES_NAMES = {Level.SO: "sở, ngành", Level.HUYEN: "cấp huyện", Level.XA: "các xã"}


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
    then: str = ""  # cùng kỳ: "Cùng kỳ 2025: 98,34% · +0,30 điểm %"


@dataclass(frozen=True)
class UnitRate:
    """One unit's own on-time rate for one level's row (a district has its own and its communes')."""

    unit: str
    series: str
    rate: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows for one period."""

    period: ReportingPeriod
    cards: tuple[KeyFigure, ...]
    level_rates: tuple[Rate, ...]
    unit_rates: tuple[UnitRate, ...]
    trend: tuple[QuarterRates, ...]
    target: Decimal

    @property
    def target_text(self) -> str:
        """The target the Vietnamese way ("98", "97,5")."""
        return format_number(self.target)


# A unit's own rates by (period id, unit id): computed from the cells they read, under the unit's name and
# level, and given again for the same cells, name and level — after a save only the units whose cells
# changed are computed again. Keyed by what they are computed from, so they are never stale.
_unit_rates: dict[tuple[int, int], tuple[object, tuple[UnitRate, ...]]] = {}


def _own_rates(catalogue: Catalogue, unit: OrgUnit, cells: Mapping[str, Cell]) -> tuple[UnitRate, ...]:
    levels = on_time_rates(catalogue, with_computed(catalogue, cells))[1]
    mine = [
        rate for rate in levels if rate.rate is not None and fills(unit.level_enum, catalogue.row(rate.code))
    ]
    rates = []
    for rate in mine:
        # A district reports its own dossiers and its communes': name which bar is which.
        series = SERIES_NAMES[catalogue.row(rate.code).levels[0]]
        name = unit.label if len(mine) == 1 else f"{unit.label} ({series})"
        assert rate.rate is not None
        rates.append(UnitRate(name, rate.label, rate.rate, rate.numerator, rate.denominator))
    return tuple(rates)


def unit_rates(
    period: ReportingPeriod, parts: Mapping[int, tuple[OrgUnit, dict[str, Cell]]] | None = None
) -> list[UnitRate]:
    """Each unit's own BM3 3.1/3.2/3.3 rates, from its cells with computed rows, highest first
    (`parts`: the period's `contributions`, when the caller has them)."""
    catalogue = catalogue_for(period)
    read = rows_read(catalogue, ("dung-han",))
    rates: list[UnitRate] = []
    for unit, cells in (contributions(period) if parts is None else parts).values():
        if not cells:
            continue
        source = (
            catalogue.id,
            catalogue.version,
            unit.label,
            unit.level,
            frozenset((code, cell) for code, cell in cells.items() if code in read),
        )
        known = _unit_rates.get((period.pk, unit.pk))
        if known is None or known[0] != source:
            known = _unit_rates[(period.pk, unit.pk)] = (source, _own_rates(catalogue, unit, cells))
        rates.extend(known[1])
    return sorted(rates, key=lambda r: (-r.rate, r.unit))


def _meets(rate: Decimal | None, target: Decimal) -> bool | None:
    return None if rate is None else rate >= target


def _detail(rate: Rate, what: str) -> str:
    if rate.numerator is None or rate.denominator is None:
        return ""
    return f"{format_number(rate.numerator)}/{format_number(rate.denominator)} {what}"


# The province's cells of a period, only of the given codes (and the rows their formulas read) when given.
AggregateOf = Callable[[ReportingPeriod, set[str] | None], dict[str, Cell]]


def _province_aggregate(period: ReportingPeriod, codes: set[str] | None) -> dict[str, Cell]:
    return province_aggregate(period, codes=codes)


def dashboard(period: ReportingPeriod, aggregate_of: AggregateOf = _province_aggregate) -> Dashboard:
    """The dashboard's key figures and chart data for a period; the trend (every quarter on record) and
    cùng kỳ read the other periods' aggregates through `aggregate_of` (a caller may keep them between
    computations)."""
    catalogue = catalogue_for(period)
    parts = contributions(period)
    cells = aggregate(
        catalogue, [Contribution(unit.level_enum, unit_cells) for unit, unit_cells in parts.values()]
    )
    target = on_time_target()
    overall, levels = on_time_rates(catalogue, cells)
    online = indicator_rate(catalogue, cells, "truc-tuyen", "Tiếp nhận trực tuyến")
    pakn = indicator_rate(catalogue, cells, "pakn", "PAKN")
    received = indicator_rate(catalogue, cells, "ho-so-tiep-nhan", "").rate
    done = progress(period)
    earlier = same_period_last_year(period)
    aggregates = {period.pk: cells}
    if earlier is not None:
        aggregates[earlier.pk] = aggregate_of(earlier, None)
    before = _card_values(catalogue_for(earlier), aggregates[earlier.pk]) if earlier else {}
    cards = [
        KeyFigure(
            catalogue.indicator("ho-so-tiep-nhan").label,
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
    now = _card_values(catalogue, cells)
    if earlier is not None:
        cards = [
            dataclasses.replace(card, then=_then(earlier, now.get(card.label), before.get(card.label)))
            for card in cards
        ]
    return Dashboard(
        period=period,
        cards=tuple(cards),
        level_rates=(*levels, overall),
        unit_rates=tuple(unit_rates(period, parts)),
        trend=quarter_rates(same_period=True, aggregates=aggregates, aggregate_of=aggregate_of),
        target=target,
    )


def _card_values(catalogue: Catalogue, cells: Mapping[str, Cell]) -> dict[str, tuple[Kind, Decimal | None]]:
    """The figures of the cards that compare with cùng kỳ, by card label (levels by their name)."""
    overall, levels = on_time_rates(catalogue, cells)
    return {
        catalogue.indicator("ho-so-tiep-nhan").label: (
            Kind.COUNT,
            indicator_rate(catalogue, cells, "ho-so-tiep-nhan", "").rate,
        ),
        "Hồ sơ TTHC đã giải quyết xong": (Kind.COUNT, overall.denominator),
        "Tỷ lệ giải quyết đúng hạn — toàn tỉnh": (Kind.PERCENT, overall.rate),
        **{f"Đúng hạn — {rate.label}": (Kind.PERCENT, rate.rate) for rate in levels},
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến": (
            Kind.PERCENT,
            indicator_rate(catalogue, cells, "truc-tuyen", "").rate,
        ),
        "Tỷ lệ giải quyết phản ánh, kiến nghị": (
            Kind.PERCENT,
            indicator_rate(catalogue, cells, "pakn", "").rate,
        ),
    }


def _then(
    earlier: ReportingPeriod,
    now: tuple[Kind, Decimal | None] | None,
    before: tuple[Kind, Decimal | None] | None,
) -> str:
    """ "Cùng kỳ 2025: 98,34% · +0,30 điểm %" for a card, "" without both figures."""
    if now is None or before is None or now[1] is None or before[1] is None:
        return ""
    kind, decimals = now[0], 2 if now[0] is Kind.PERCENT else 0
    shown = format_number(before[1], decimals) + ("%" if kind is Kind.PERCENT else "")
    moved = change_text(kind, decimals, Cell.of(now[1]), Cell.of(before[1]))
    return f"Cùng kỳ {earlier.period.year}: {shown} · {moved}"


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
    def full(self) -> bool:
        """Whether the chart takes the whole width (one bar per unit: as long as the list of units)."""
        return self.name == "dung-han-theo-don-vi"

    @property
    def element_id(self) -> str:
        """The id of the element holding the spec in the page."""
        return f"spec-{self.name}"


TREND_SERIES = (("Tỷ lệ đúng hạn", "on_time"), ("Tỷ lệ tiếp nhận trực tuyến", "online"))


def _trend_series(
    trend: Sequence[QuarterRates], pick: Callable[[QuarterRates], QuarterRates | None]
) -> list[tuple[Period, str, Decimal | None]]:
    """(quarter, series, rate) of each quarter's rates, or of its cùng kỳ's (`pick`), at the quarter."""
    return [
        (point.period.period, series, getattr(chosen, field))
        for point in trend
        if (chosen := pick(point)) is not None
        for series, field in TREND_SERIES
    ]


def _then_rate(now: Decimal | None, before: Decimal | None) -> str:
    """ "95,00 (+1,60 điểm %)": cùng kỳ's rate and the change to now, "" when cùng kỳ has none."""
    if before is None:
        return ""
    if now is None:
        return format_rate(before)
    return f"{format_rate(before)} ({change_text(Kind.PERCENT, 2, Cell.of(now), Cell.of(before))})"


# The per-unit chart last: it takes the whole width, the two others share a row.
CHART_NAMES = ("dung-han-theo-cap", "xu-huong", "dung-han-theo-don-vi")


def dashboard_charts(board: Dashboard) -> list[Chart]:
    """The dashboard's three charts with the numbers of each one's table fallback."""
    by_level = [(rate.label, rate.rate) for rate in board.level_rates]
    by_unit = [(rate.unit, rate.series, rate.rate) for rate in board.unit_rates]
    trend_points = _trend_series(board.trend, lambda point: point)
    same_period = _trend_series(board.trend, lambda point: point.last_year)
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
            "xu-huong",
            charts.rate_trend(trend_points, board.target, same_period=same_period),
            all(point.on_time is None and point.online is None for point in board.trend),
            (
                "Kỳ báo cáo",
                "Tỷ lệ đúng hạn (%)",
                "Cùng kỳ năm trước (%)",
                "Tỷ lệ tiếp nhận trực tuyến (%)",
                "Cùng kỳ năm trước (%)",
            ),
            tuple(
                (
                    point.label,
                    format_rate(point.on_time),
                    _then_rate(point.on_time, point.last_year.on_time if point.last_year else None),
                    format_rate(point.online),
                    _then_rate(point.online, point.last_year.online if point.last_year else None),
                )
                for point in board.trend
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
    ]
