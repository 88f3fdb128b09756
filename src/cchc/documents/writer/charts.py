"""The report's charts as PNG images, rendered offline by vl-convert from the dashboard's Vega-Lite specs.

The spec builders live in `cchc.charts` (pure functions, no Django): one chart
definition serves the dashboard and the document.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cchc.core.catalogue import Catalogue, Level
from cchc.core.indicators import indicator_figures
from cchc.core.periods import parse_period
from cchc.documents.writer.data import ReportData

__all__ = ["DEFAULT_TARGET", "for_print", "level_rates", "on_time_png", "trend_png"]

DEFAULT_TARGET = Decimal(98)
LEVEL_NAMES = {Level.SO: "Sở, ngành", Level.HUYEN: "Cấp huyện", Level.XA: "Cấp xã"}
WIDTH = 560


# The image is WIDTH px printed 150 mm wide (about 0,76 pt a pixel): 15 px prints near 11 pt.
TEXT_PX = 15


def for_print(spec: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's spec adapted to the printed page.

    No title (the caption under the image names the chart), text large enough to read on paper, and
    the target's label on the right, clear of the first bar's figure.
    """
    fixed = copy.deepcopy(spec)
    fixed.pop("title", None)
    fixed["width"] = WIDTH
    fixed.setdefault("background", "white")
    config = fixed.setdefault("config", {})
    config["axis"] = {"labelFontSize": TEXT_PX, "titleFontSize": TEXT_PX}
    config["legend"] = {"labelFontSize": TEXT_PX, "orient": "bottom", "labelLimit": 0}
    config["text"] = {"fontSize": TEXT_PX}
    for layer in fixed.get("layer", []):
        mark = layer.get("mark", {})
        encoding = layer.get("encoding", {})
        if mark.get("type") != "text":
            continue
        if "value" in encoding.get("text", {}):
            # The target's label: right-aligned at the right edge, above its line.
            mark.update({"align": "right", "baseline": "bottom", "dx": 0, "dy": -4})
            encoding["x"] = {"value": WIDTH}
        else:
            # A bar's figure inside the top of its bar, so the space above is the target label's.
            mark.update({"baseline": "top", "dy": 6, "color": "white", "fontWeight": "bold"})
    return fixed


def _png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(for_print(spec), scale=2))


def _trend_for_print(spec: dict[str, Any], lowest: Decimal) -> dict[str, Any]:
    """Series told apart without colour (dash and point shape), on an axis that starts near the data."""
    line = spec["layer"][0]
    encoding = line["encoding"]
    # One legend: colour and dash share the field and the (empty) title, so Vega merges them.
    encoding["color"] = {**encoding["color"], "title": None}
    encoding["strokeDash"] = {"field": "chi_tieu", "type": "nominal", "title": None}
    # The point shapes repeat what the dash says; Vega would draw them as a second legend.
    encoding["shape"] = {"field": "chi_tieu", "type": "nominal", "legend": None}
    line["mark"] = {**line["mark"], "point": {"size": 80, "filled": True}, "strokeWidth": 2.5}
    # Rates of 90–100 % drawn on 0–100 are flat lines; start ten points below the lowest value.
    floor = max(0, int(lowest // 10) * 10 - 10)
    encoding["y"]["scale"] = {"domain": [floor, 100]}
    return spec


def level_rates(report: ReportData) -> list[tuple[str, Decimal | None]]:
    """On-time rate of each level and of the whole province: the catalogue's «dung-han», as the
    narrative states it and the dashboard shows it (Σ on time / Σ resolved, never averaged)."""
    catalogue: Catalogue = report.catalogue
    whole, levels = indicator_figures(catalogue, report.cells, "dung-han")
    rates = [(LEVEL_NAMES[catalogue.row(level.code).levels[0]], level.value) for level in levels]
    rates.append(("Chung" if report.unit_name else "Toàn tỉnh", whole.value))
    return rates


def on_time_png(report: ReportData) -> bytes | None:
    """Bars of the on-time rate by level with the plan target; None when no level has a rate."""
    from cchc.charts import on_time_by_level

    rates = level_rates(report)
    if all(rate is None for _, rate in rates):
        return None
    return _png(on_time_by_level(rates, report.target or DEFAULT_TARGET))


def trend_png(report: ReportData) -> bytes | None:
    """Lines of the on-time and online-receipt rates over the recent quarters; None with fewer than two."""
    from cchc.charts import rate_trend

    points = [point for point in report.trend if point.on_time is not None or point.online is not None]
    if len(points) < 2:
        return None
    series = []
    for point in points:
        label = parse_period(point.period).label.replace(" năm ", "/")
        series.append((label, "Tỷ lệ đúng hạn", point.on_time))
        series.append((label, "Tỷ lệ tiếp nhận trực tuyến", point.online))
    target = report.target or DEFAULT_TARGET
    lowest = min([rate for _, _, rate in series if rate is not None] + [target])
    return _png(_trend_for_print(rate_trend(series, target), lowest))
