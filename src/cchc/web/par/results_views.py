"""The year's PAR Index results page (the PAR "dashboard"): the ranking per unit type, summary figures,
a chart, and the same ranking as Word appendix, Excel table or JSON.

Everything is recomputed from `scoring.results` on each request: a changed figure, survey answer or
appraisal shows on the next page and in the next download. `ranking_of` turns the results into the
plain data the writers (`cchc.documents.par_ranking`) and the `cchc par` command use.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.charts import VI_NUMBER_LOCALE
from cchc.core.catalogue import Level
from cchc.core.numbers import format_number, round_half_up
from cchc.core.par import CriteriaSet
from cchc.documents.par_ranking import (
    UNIT_TYPE_TITLES,
    AreaHead,
    Ranking,
    RankingLine,
    RankingTable,
    appendix_title,
    to_json,
    write_docx,
    write_xlsx,
)
from cchc.web.dashboard.views import bundle_version
from cchc.web.org.access import Action, runs_province, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.par import scoring
from cchc.web.par.models import ParRound
from cchc.web.par.survey import normalise

DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
_TWO = 2


def signer_of_province() -> str:
    """Who signs the decision: «Chủ tịch UBND tỉnh Thanh Hóa» (the province unit's name)."""
    province = OrgUnit.objects.filter(level=Level.TINH.value).order_by("order", "pk").first()
    name = province.name if province is not None else "UBND tỉnh"
    return f"Chủ tịch {name}"


def _decision_date(round_: ParRound) -> str:
    if round_.published_at is None:
        return ""
    day = timezone.localtime(round_.published_at).date()
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _table(criteria_set: CriteriaSet, level: Level, results: Sequence[scoring.UnitResult]) -> RankingTable:
    lines = tuple(
        RankingLine(
            code=result.unit.code,
            name=result.unit.name,
            unit_type=level.value,
            rank=result.rank,
            total=result.totals.points,
            max_applicable=result.totals.max_applicable,
            index=result.totals.index,
            band=result.band,
            areas=tuple((area.code, area.points) for area in result.totals.areas),
            last_year=result.last_year,
        )
        for result in results
    )
    return RankingTable(
        unit_type=level.value,
        set_title=criteria_set.title,
        sample=criteria_set.sample,
        areas=tuple(AreaHead(a.code, a.name, a.max_points) for a in criteria_set.areas),
        lines=lines,
    )


@dataclass(frozen=True)
class TypeResults:
    """One unit type's computed results and the set they were scored on."""

    level: Level
    criteria_set: CriteriaSet
    results: list[scoring.UnitResult]


def type_results(round_: ParRound) -> list[TypeResults]:
    """The year's results of each scored unit type that has units (sở first, then xã)."""
    found = []
    for level in scoring.SCORED_LEVELS:
        # Units sharing a rank are listed by name, as a published table lists them.
        results = sorted(scoring.results(round_, level), key=lambda r: (r.rank, normalise(r.unit.name)))
        if results:
            found.append(TypeResults(level, results[0].sheet.criteria_set, results))
    return found


def ranking_of(round_: ParRound, *, only: Collection[int] | None = None) -> Ranking:
    """The year's ranking as plain data for the writers; `only` (unit pks) keeps those units' lines,
    their ranks still counted among every unit of their type."""
    return ranking_from(round_, type_results(round_), only=only)


def ranking_from(
    round_: ParRound, computed: Sequence[TypeResults], *, only: Collection[int] | None = None
) -> Ranking:
    """`ranking_of` over results already computed."""
    tables = []
    for found in computed:
        results = [r for r in found.results if only is None or r.unit.pk in only]
        tables.append(_table(found.criteria_set, found.level, results))
    return Ranking(
        year=round_.year,
        tables=tuple(tables),
        signer=signer_of_province(),
        decision=round_.decision,
        decision_date=_decision_date(round_),
    )


# ------------------------------------------------------------------ page figures


@dataclass(frozen=True)
class BandCount:
    """How many units of a type fall in a band."""

    name: str
    count: int


@dataclass(frozen=True)
class Summary:
    """A type's summary figures: how many units, mean, highest and lowest index, count per band."""

    count: int
    mean: Decimal
    highest: Decimal
    lowest: Decimal
    bands: tuple[BandCount, ...]

    @property
    def mean_text(self) -> str:
        """The mean index, Vietnamese style."""
        return format_number(self.mean, _TWO)

    @property
    def highest_text(self) -> str:
        """The highest index, Vietnamese style."""
        return format_number(self.highest, _TWO)

    @property
    def lowest_text(self) -> str:
        """The lowest index, Vietnamese style."""
        return format_number(self.lowest, _TWO)


def below_label(criteria_set: CriteriaSet) -> str:
    """What a unit below every band is called ("Dưới Nhóm C")."""
    return f"Dưới {criteria_set.bands[-1].name}" if criteria_set.bands else "Chưa xếp nhóm"


def summary(criteria_set: CriteriaSet, lines: Sequence[RankingLine]) -> Summary | None:
    """The summary figures of a type's lines (None when there are none)."""
    if not lines:
        return None
    indexes = [line.index for line in lines]
    mean = round_half_up(sum(indexes, Decimal(0)) / len(indexes), _TWO)
    names = [band.name for band in criteria_set.bands] + [below_label(criteria_set)]
    counted = {name: 0 for name in names}
    for line in lines:
        counted[line.band or below_label(criteria_set)] += 1
    return Summary(
        len(lines), mean, max(indexes), min(indexes), tuple(BandCount(n, c) for n, c in counted.items())
    )


def area_means(table: RankingTable) -> list[tuple[AreaHead, Decimal | None]]:
    """Each area's mean share of its maximum (%) over the type's units: the chart's bars."""
    means: list[tuple[AreaHead, Decimal | None]] = []
    for area in table.areas:
        if not table.lines or area.max_points == 0:
            means.append((area, None))
            continue
        points = sum((line.area_points(area.code) for line in table.lines), Decimal(0))
        means.append((area, round_half_up(points * 100 / (area.max_points * len(table.lines)), _TWO)))
    return means


def area_chart(tables: Sequence[RankingTable]) -> dict[str, Any]:
    """A Vega-Lite spec: grouped bars of each area's mean score (% of its maximum) per unit type."""
    values = [
        {
            "linh_vuc": f"LV {area.code}",
            "ten": area.name,
            "loai": table.title,
            "ty_le": float(mean),
        }
        for table in tables
        for area, mean in area_means(table)
        if mean is not None
    ]
    return {
        "title": "Điểm bình quân theo lĩnh vực (% điểm tối đa)",
        "description": "Biểu đồ cột: điểm bình quân của các đơn vị ở từng lĩnh vực, tính theo phần trăm "
        "điểm tối đa của lĩnh vực, theo loại đơn vị.",
        "width": "container",
        "height": 260,
        "config": {
            "locale": {"number": VI_NUMBER_LOCALE},
            "font": "Times New Roman, Liberation Serif, serif",
            "view": {"stroke": None},
        },
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "linh_vuc",
                "type": "nominal",
                "title": None,
                "sort": [f"LV {a.code}" for a in (tables[0].areas if tables else ())],
                "axis": {"labelAngle": 0},
            },
            "xOffset": {"field": "loai", "type": "nominal"},
            "y": {
                "field": "ty_le",
                "type": "quantitative",
                "title": "% điểm tối đa",
                "scale": {"domain": [0, 100]},
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "loai",
                "type": "nominal",
                "title": None,
                "legend": {"orient": "top", "direction": "horizontal"},
            },
            "tooltip": [
                {"field": "ten", "title": "Lĩnh vực"},
                {"field": "loai", "title": "Loại đơn vị"},
                {"field": "ty_le", "title": "% điểm tối đa", "format": ",.2f"},
            ],
        },
    }


@dataclass(frozen=True)
class Shown:
    """A type's table as the page shows it."""

    table: RankingTable
    summary: Summary | None
    rows: list[dict[str, Any]]

    @property
    def legend(self) -> str:
        """The areas' names and maxima under the table ("1. Công tác chỉ đạo… (tối đa 10 điểm)")."""
        return "; ".join(
            f"{a.code}. {a.name} (tối đa {format_number(a.max_points)} điểm)" for a in self.table.areas
        )


def _row(year: int, line: RankingLine) -> dict[str, Any]:
    change = line.change
    return {
        "line": line,
        "sheet_url": f"/chi-so-cchc/{year}/don-vi/{line.code}/",
        "areas": [format_number(points, _TWO) for _, points in line.areas],
        "total": format_number(line.total, _TWO),
        "max_applicable": format_number(line.max_applicable, _TWO),
        "index": format_number(line.index, _TWO),
        "change": "" if change is None else ("+" if change > 0 else "") + format_number(change, _TWO),
        "change_class": "" if not change else ("up" if change > 0 else "down"),
    }


def _round(year: int) -> ParRound:
    return get_object_or_404(ParRound, year=year)


def _visible(request: HttpRequest) -> set[int] | None:
    """The units whose lines the user sees: every unit (None) for the province's staff and viewers,
    a reporter's own units otherwise."""
    if sees_province(request.user):
        return None
    return set(units_for(request.user, Action.VIEW).values_list("pk", flat=True))


@login_required
@require_GET
def results(request: HttpRequest, year: int) -> HttpResponse:
    """The year's ranking per unit type, its summary figures and chart (reporters: their units' lines)."""
    round_ = _round(year)
    visible = _visible(request)
    if visible is not None and not visible:
        raise PermissionDenied("Bạn chưa được giao đơn vị nào để xem Chỉ số CCHC.")
    found = type_results(round_)
    ranking = ranking_from(round_, found)
    shown = []
    for kind, table in zip(found, ranking.tables, strict=True):
        lines = [
            line
            for line, r in zip(table.lines, kind.results, strict=True)
            if visible is None or r.unit.pk in visible
        ]
        if not lines and visible is not None:
            continue  # a reporter sees only the types of their own units
        shown.append(
            Shown(
                table,
                summary(kind.criteria_set, table.lines) if visible is None else None,
                [_row(year, line) for line in lines],
            )
        )
    sample_sets = [kind.criteria_set for kind in found if kind.criteria_set.sample]
    return render(
        request,
        "par/results.html",
        {
            "round": round_,
            "title": appendix_title(ranking),
            "shown": shown,
            "sample_sets": sample_sets,
            "province_view": visible is None,
            "runs_province": runs_province(request.user),
            "chart": area_chart(ranking.tables) if visible is None and ranking.tables else None,
            "bundle_version": bundle_version(),
            "type_titles": UNIT_TYPE_TITLES,
        },
    )


def download_name(year: int, fmt: str) -> str:
    """The download's file name: chi-so-cchc-2025.docx."""
    return f"chi-so-cchc-{year}.{fmt}"


def render_ranking(ranking: Ranking, fmt: str) -> bytes:
    """The ranking in one of the download formats (docx, xlsx, json)."""
    if fmt == "docx":
        return write_docx(ranking)
    if fmt == "xlsx":
        return write_xlsx(ranking)
    return (json.dumps(to_json(ranking), ensure_ascii=False, indent=2) + "\n").encode()


@login_required
@require_GET
def download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The year's ranking as Word appendix, Excel table or JSON (the province's staff and viewers)."""
    if fmt not in DOWNLOADS:
        raise Http404("Không có định dạng này.")
    if not sees_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ, người xem và quản trị được tải bảng xếp hạng toàn tỉnh.")
    data = render_ranking(ranking_of(_round(year)), fmt)
    response = HttpResponse(data, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{download_name(year, fmt)}"'
    return response
