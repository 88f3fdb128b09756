"""The charts are made for paper: no repeated title, readable text, series told apart without colour."""

from __future__ import annotations

from decimal import Decimal

from cchc.charts import on_time_by_level, rate_trend
from cchc.documents.writer.charts import TEXT_PX, _trend_for_print, for_print


def test_the_printed_chart_has_no_title_and_readable_text() -> None:
    spec = for_print(on_time_by_level([("Sở, ngành", Decimal("94.92"))], Decimal(98)))
    assert "title" not in spec
    assert spec["config"]["axis"]["labelFontSize"] >= TEXT_PX >= 14
    assert spec["config"]["font"].startswith("Times New Roman")


def test_the_target_label_is_clear_of_the_bar_figures() -> None:
    spec = for_print(on_time_by_level([("Sở, ngành", Decimal("94.92"))], Decimal(98)))
    figure, target = (layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert figure["mark"]["baseline"] == "top"  # inside the bar
    assert target["mark"]["align"] == "right"  # above the line at the right edge


def test_trend_lines_differ_by_dash_and_shape_and_start_near_the_data() -> None:
    points = [
        ("Quý I/2023", "Tỷ lệ đúng hạn", Decimal("95.5")),
        ("Quý II/2023", "Tỷ lệ đúng hạn", Decimal(97)),
    ]
    spec = _trend_for_print(rate_trend(points, Decimal(98)), Decimal("95.5"))
    encoding = spec["layer"][0]["encoding"]
    assert encoding["strokeDash"]["field"] == encoding["shape"]["field"] == "chi_tieu"
    assert encoding["y"]["scale"]["domain"] == [80, 100]
