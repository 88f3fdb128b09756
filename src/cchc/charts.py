"""Vega-Lite specifications of the dashboard's charts, built as plain dicts by pure functions.

One definition, two outputs: the browser draws a spec with vega-embed (served locally at
/static-js/vega.js) and `to_svg` renders the same spec for documents. Figures arrive as Decimal and
become floats only here, at the chart boundary. Numbers on axes and in tooltips use the Vietnamese
separators (1.234,56) through the spec's own locale, so both outputs agree.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cchc.core.numbers import format_number

__all__ = [
    "VI_NUMBER_LOCALE",
    "on_time_by_level",
    "on_time_by_unit",
    "rate_trend",
    "to_svg",
]

Spec = dict[str, Any]

VI_NUMBER_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
}
TARGET_COLOUR = "#b3261e"
BAR_COLOUR = "#0b4f8a"
RATE_AXIS = {"title": "Tỷ lệ (%)", "format": ",.0f"}
RATE_SCALE = {"domain": [0, 100]}


def _base(title: str, description: str) -> Spec:
    """What every chart shares: title, accessible description, Vietnamese number locale, fonts."""
    return {
        "title": title,
        "description": description,
        "width": "container",
        "config": {
            "locale": {"number": VI_NUMBER_LOCALE},
            "font": "Times New Roman, Liberation Serif, serif",
            "view": {"stroke": None},
        },
    }


def _target_rule(target: Decimal, channel: str) -> list[Spec]:
    """A dashed line at the plan target with its label, on the `channel` axis ("x" or "y")."""
    value = float(target)
    label = f"Mục tiêu {format_number(target)}%"
    text: Spec = {
        "mark": {
            "type": "text",
            "color": TARGET_COLOUR,
            "align": "right" if channel == "x" else "left",
            "baseline": "bottom",
            "dx": -4 if channel == "x" else 4,
            "dy": -4,
        },
        "encoding": {channel: {"datum": value}, "text": {"value": label}},
    }
    if channel == "x":
        text["encoding"]["y"] = {"value": 0}
    else:
        text["encoding"]["x"] = {"value": 0}
    return [
        {
            "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {channel: {"datum": value}},
        },
        text,
    ]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def on_time_by_level(rates: Sequence[tuple[str, Decimal | None]], target: Decimal) -> Spec:
    """Bars of the on-time rate of each level (and the province), with the target line.

    `rates` are (label, percent or None); levels without figures are left out of the bars.
    """
    values = [{"cap": label, "ty_le": _float(rate)} for label, rate in rates if rate is not None]
    spec = _base(
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn theo cấp",
        "Biểu đồ cột: tỷ lệ hồ sơ giải quyết đúng hạn của từng cấp và toàn tỉnh, so với mục tiêu.",
    )
    spec.update(
        {
            "height": 260,
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "bar", "color": BAR_COLOUR, "tooltip": True},
                    "encoding": {
                        "x": {
                            "field": "cap",
                            "type": "nominal",
                            "sort": [label for label, _ in rates],
                            "title": None,
                            "axis": {"labelAngle": 0},
                        },
                        "y": {
                            "field": "ty_le",
                            "type": "quantitative",
                            "scale": RATE_SCALE,
                            "axis": RATE_AXIS,
                        },
                        "tooltip": [
                            {"field": "cap", "title": "Cấp"},
                            {"field": "ty_le", "title": "Tỷ lệ (%)", "format": ",.2f"},
                        ],
                    },
                },
                {
                    "mark": {"type": "text", "baseline": "bottom", "dy": -3},
                    "encoding": {
                        "x": {"field": "cap", "type": "nominal", "sort": [label for label, _ in rates]},
                        "y": {"field": "ty_le", "type": "quantitative"},
                        "text": {"field": "ty_le", "type": "quantitative", "format": ",.2f"},
                    },
                },
                *_target_rule(target, "y"),
            ],
        }
    )
    return spec


def on_time_by_unit(rates: Sequence[tuple[str, str, Decimal]], target: Decimal) -> Spec:
    """Horizontal bars of each unit's own on-time rate, highest first, coloured by level, target line.

    `rates` are (unit label, level label, percent).
    """
    values = [{"don_vi": unit, "cap": level, "ty_le": float(rate)} for unit, level, rate in rates]
    spec = _base(
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn theo đơn vị",
        "Biểu đồ thanh: tỷ lệ hồ sơ giải quyết đúng hạn của từng đơn vị, xếp từ cao xuống thấp.",
    )
    spec.update(
        {
            "height": max(60, 22 * len(values)),
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "bar", "tooltip": True},
                    "encoding": {
                        "y": {
                            "field": "don_vi",
                            "type": "nominal",
                            "sort": [unit for unit, _, _ in rates],
                            "title": None,
                            "axis": {"labelLimit": 260},
                        },
                        "x": {
                            "field": "ty_le",
                            "type": "quantitative",
                            "scale": RATE_SCALE,
                            "axis": RATE_AXIS,
                        },
                        "color": {"field": "cap", "type": "nominal", "title": "Cấp"},
                        "tooltip": [
                            {"field": "don_vi", "title": "Đơn vị"},
                            {"field": "cap", "title": "Cấp"},
                            {"field": "ty_le", "title": "Tỷ lệ (%)", "format": ",.2f"},
                        ],
                    },
                },
                *_target_rule(target, "x"),
            ],
        }
    )
    return spec


def rate_trend(points: Sequence[tuple[str, str, Decimal | None]], target: Decimal) -> Spec:
    """Lines of rates across periods in the order given (chronological), with the on-time target line.

    `points` are (period label, series label, percent or None); missing points leave a gap.
    """
    order: list[str] = []
    for period, _, _ in points:
        if period not in order:
            order.append(period)
    values = [
        {"ky": period, "chi_tieu": series, "ty_le": float(rate)}
        for period, series, rate in points
        if rate is not None
    ]
    spec = _base(
        "Xu hướng qua các kỳ báo cáo",
        "Biểu đồ đường: tỷ lệ giải quyết đúng hạn và tỷ lệ tiếp nhận trực tuyến của toàn tỉnh qua các quý.",
    )
    spec.update(
        {
            "height": 260,
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "line", "point": True, "tooltip": True},
                    "encoding": {
                        "x": {
                            "field": "ky",
                            "type": "ordinal",
                            "sort": order,
                            "title": None,
                            "axis": {"labelAngle": 0},
                        },
                        "y": {
                            "field": "ty_le",
                            "type": "quantitative",
                            "scale": RATE_SCALE,
                            "axis": RATE_AXIS,
                        },
                        "color": {"field": "chi_tieu", "type": "nominal", "title": "Chỉ tiêu"},
                        "tooltip": [
                            {"field": "ky", "title": "Kỳ"},
                            {"field": "chi_tieu", "title": "Chỉ tiêu"},
                            {"field": "ty_le", "title": "Tỷ lệ (%)", "format": ",.2f"},
                        ],
                    },
                },
                *_target_rule(target, "y"),
            ],
        }
    )
    return spec


def to_svg(spec: Spec, *, width: int = 640) -> str:
    """The chart as an SVG document (a fixed width replaces the browser's container width)."""
    import vl_convert

    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return str(vl_convert.vegalite_to_svg(fixed))
