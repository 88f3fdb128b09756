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


# Room right of the plot for the target's label («Mục tiêu 98%» at TEXT_PX), so it covers no bar or point.
TARGET_LABEL_PX = 110


def for_print(spec: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's spec adapted to the printed page.

    No title (the caption under the image names the chart), text large enough to read on paper, the
    target's label right of the plot as on the dashboard (the plot narrower by its room, so the image
    keeps its width), and the target's line drawn under the bars, so that it crosses no bar's figure.
    """
    fixed = copy.deepcopy(spec)
    fixed.pop("title", None)
    fixed["width"] = WIDTH - TARGET_LABEL_PX
    fixed.setdefault("background", "white")
    config = fixed.setdefault("config", {})
    config["axis"] = {"labelFontSize": TEXT_PX, "titleFontSize": TEXT_PX}
    config["legend"] = {"labelFontSize": TEXT_PX, "orient": "bottom", "labelLimit": 0}
    config["text"] = {"fontSize": TEXT_PX}
    layers = fixed.get("layer", [])
    for layer in layers:
        mark = layer.get("mark", {})
        if mark.get("type") == "text" and "value" not in layer.get("encoding", {}).get("text", {}):
            # A bar's figure inside the top of its bar, in white: the target line runs behind the bar.
            mark.update({"baseline": "top", "dy": 6, "color": "white", "fontWeight": "bold"})
    if any(layer.get("mark", {}).get("type") == "bar" for layer in layers):
        rules = [layer for layer in layers if layer.get("mark", {}).get("type") == "rule"]
        fixed["layer"] = rules + [layer for layer in layers if layer not in rules]
    return fixed


def _png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(for_print(spec), scale=2))


def _trend_for_print(spec: dict[str, Any]) -> dict[str, Any]:
    """Series told apart without colour (dash and point shape), the period labels upright on the time
    axis (the page's width is fixed)."""
    line = spec["layer"][0]
    encoding = line["encoding"]
    # One legend: colour and dash share the field and the (empty) title, so Vega merges them.
    encoding["color"] = {**encoding["color"], "title": None}
    encoding["strokeDash"] = {"field": "chi_tieu", "type": "nominal", "title": None}
    # The point shapes repeat what the dash says; Vega would draw them as a second legend.
    encoding["shape"] = {"field": "chi_tieu", "type": "nominal", "legend": None}
    line["mark"] = {**line["mark"], "point": {"size": 80, "filled": True}, "strokeWidth": 2.5}
    encoding["x"]["axis"].update({"labelAngle": -90, "labelAlign": "right", "labelBaseline": "middle"})
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
    """Lines of the on-time and online-receipt rates over the recent reports, this one last, on a time
    axis; None with fewer than two reports."""
    from cchc.charts import rate_trend

    points = [point for point in report.trend if point.on_time is not None or point.online is not None]
    if len(points) < 2:
        return None
    series = []
    for point in points:
        period = parse_period(point.period)
        series.append((period, "Tỷ lệ đúng hạn", point.on_time))
        series.append((period, "Tỷ lệ tiếp nhận trực tuyến", point.online))
    return _png(_trend_for_print(rate_trend(series, report.target or DEFAULT_TARGET)))
