"""The report's charts as PNG images, rendered offline by vl-convert from the dashboard's Vega-Lite specs.

The spec builders live in `cchc.web.dashboard.charts` (pure functions, no Django): one chart
definition serves the dashboard and the document.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cchc.core.catalogue import Catalogue, Kind
from cchc.core.numbers import CellKind, round_half_up
from cchc.core.periods import parse_period
from cchc.documents.writer.data import ReportData

__all__ = ["DEFAULT_TARGET", "level_rates", "on_time_png", "trend_png"]

DEFAULT_TARGET = Decimal(98)
ON_TIME_ROWS = (("BM3-3.1", "Sở, ngành"), ("BM3-3.2", "Cấp huyện"), ("BM3-3.3", "Cấp xã"))
WIDTH = 560


def _png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    fixed = copy.deepcopy(spec)
    fixed["width"] = WIDTH
    fixed.setdefault("background", "white")
    return bytes(vl_convert.vegalite_to_png(fixed, scale=2))


def _number(report: ReportData, code: str) -> Decimal | None:
    cell = report.cell(code)
    return cell.number if cell.kind is CellKind.NUMBER else None


def level_rates(report: ReportData) -> list[tuple[str, Decimal | None]]:
    """On-time rate of each level and of the whole province (Σ on time / Σ resolved, never averaged)."""
    catalogue: Catalogue = report.catalogue
    rates: list[tuple[str, Decimal | None]] = []
    on_time = resolved = Decimal(0)
    for code, label in ON_TIME_ROWS:
        row = catalogue.rows[code]
        rates.append((label, _number(report, code)))
        if row.kind is Kind.PERCENT and row.formula is not None:
            numerator, denominator = (_number(report, ref) for ref in row.formula.references)
            if numerator is not None and denominator:
                on_time += numerator
                resolved += denominator
    total = "Chung" if report.unit_name else "Toàn tỉnh"
    rates.append((total, round_half_up(on_time * 100 / resolved, 2) if resolved else None))
    return rates


def on_time_png(report: ReportData) -> bytes | None:
    """Bars of the on-time rate by level with the plan target; None when no level has a rate."""
    from cchc.web.dashboard.charts import on_time_by_level

    rates = level_rates(report)
    if all(rate is None for _, rate in rates):
        return None
    return _png(on_time_by_level(rates, report.target or DEFAULT_TARGET))


def trend_png(report: ReportData) -> bytes | None:
    """Lines of the on-time and online-receipt rates over the recent quarters; None with fewer than two."""
    from cchc.web.dashboard.charts import rate_trend

    points = [point for point in report.trend if point.on_time is not None or point.online is not None]
    if len(points) < 2:
        return None
    series = []
    for point in points:
        label = parse_period(point.period).label.replace(" năm ", "/")
        series.append((label, "Tỷ lệ đúng hạn", point.on_time))
        series.append((label, "Tỷ lệ tiếp nhận trực tuyến", point.online))
    return _png(rate_trend(series, report.target or DEFAULT_TARGET))
