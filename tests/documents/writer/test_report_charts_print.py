"""The charts are made for paper: no repeated title, readable text, series told apart without colour, the
target's label clear of every bar and point, and the trend on a time axis that ends with the report."""

from __future__ import annotations

import re
from decimal import Decimal

import vl_convert

from cchc.catalogues import default_catalogue
from cchc.charts import on_time_by_level, period_label, rate_trend
from cchc.core.periods import parse_period
from cchc.documents.writer import ReportData, TrendPoint
from cchc.documents.writer.charts import (
    TARGET_LABEL_PX,
    TEXT_PX,
    WIDTH,
    _trend_for_print,
    for_print,
)


def _svg(spec: dict) -> str:  # type: ignore[type-arg]
    return str(vl_convert.vegalite_to_svg(spec))


def _label_x(svg: str, text: str) -> float:
    """Where Vega drew a text (its translate's x, within its axis or mark group)."""
    match = re.search(r'<text[^>]*transform="translate\(([\d.]+),[\d.]+\)[^"]*"[^>]*>' + re.escape(text), svg)
    assert match is not None, text
    return float(match.group(1))


def test_the_printed_chart_has_no_title_and_readable_text() -> None:
    spec = for_print(on_time_by_level([("Sở, ngành", Decimal("94.92"))], Decimal(98)))
    assert "title" not in spec
    assert spec["config"]["axis"]["labelFontSize"] >= TEXT_PX >= 14
    assert spec["config"]["font"].startswith("Times New Roman")


def test_the_target_label_sits_right_of_the_bars_and_its_line_runs_behind_them() -> None:
    rates = [("Sở, ngành", Decimal("96.70")), ("Cấp xã", Decimal("99.82")), ("Toàn tỉnh", Decimal("98.63"))]
    spec = for_print(on_time_by_level(rates, Decimal(98)))
    kinds = [layer["mark"]["type"] for layer in spec["layer"]]
    assert kinds.index("rule") < kinds.index("bar")  # 98,63 inside its bar is never crossed by the line
    assert spec["width"] == WIDTH - TARGET_LABEL_PX
    svg = _svg(spec)
    # The plot ends at its width (plus the axis' room on the left); the label starts beyond the last bar.
    assert _label_x(svg, "Mục tiêu 98%") > spec["width"]
    assert _label_x(svg, "98,63") < spec["width"]


def test_trend_lines_differ_by_dash_and_shape_and_the_axis_starts_where_its_title_says() -> None:
    points = [
        (parse_period("2023Q1"), "Tỷ lệ đúng hạn", Decimal("95.5")),
        (parse_period("2023Y"), "Tỷ lệ đúng hạn", Decimal(97)),
    ]
    spec = _trend_for_print(rate_trend(points, Decimal(98)))
    encoding = spec["layer"][0]["encoding"]
    assert encoding["strokeDash"]["field"] == encoding["shape"]["field"] == "chi_tieu"
    assert encoding["y"]["scale"]["domain"] == [90, 100]
    assert encoding["y"]["axis"]["title"] == "Tỷ lệ (%), trục bắt đầu từ 90"


def test_the_trend_spaces_reports_by_time_and_ends_with_the_report() -> None:
    codes = ["2022Q3", "2022Y", "2023Q1", "2025Q1", "2025H1"]
    report = ReportData(
        catalogue=default_catalogue(),
        period=parse_period("2025H1"),
        cells={},
        trend=tuple(TrendPoint(code, Decimal("97.5"), Decimal("95")) for code in codes),
    )
    periods = [parse_period(code) for code in codes]
    series = [(p, "Tỷ lệ đúng hạn", Decimal("97.5")) for p in periods]
    spec = for_print(_trend_for_print(rate_trend(series, Decimal(98))))
    svg = _svg(spec)
    x = [
        _label_x(svg, label)
        for label in ("Quý III/2022", "Năm 2022", "Quý I/2023", "Quý I/2025", "6 tháng/2025")
    ]
    # Three months apart draw as far apart as each other; the two years without reports take eight times that.
    quarter = x[1] - x[0]
    assert abs((x[2] - x[1]) - quarter) < 1 and abs((x[4] - x[3]) - quarter) < 1
    assert abs((x[3] - x[2]) - 8 * quarter) < 2
    assert [period_label(p) for p in periods][-1] == "6 tháng/2025"
    assert report.trend[-1].period == report.period.code
