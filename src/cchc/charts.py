"""Vega-Lite specifications of the dashboard's charts, built as plain dicts by pure functions.

One definition, two outputs: the browser draws a spec with vega-embed (served locally at
/static-js/vega.js) and `to_svg` renders the same spec for documents. Figures arrive as Decimal and
become floats only here, at the chart boundary. Numbers on axes and in tooltips use the Vietnamese
separators (1.234,56) through the spec's own locale, so both outputs agree.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from cchc.core.numbers import format_number
from cchc.core.periods import Period, PeriodKind

__all__ = [
    "VI_NUMBER_LOCALE",
    "on_time_by_level",
    "on_time_by_unit",
    "period_label",
    "period_ms",
    "rate_floor",
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
RATE_TITLE = "Tỷ lệ (%)"
# An axis starts this far below the lowest rate or target, on a multiple of its step, so that rates of
# 90–100 % differ visibly instead of sitting on 0–100 as bars of one length.
FLOOR_MARGIN = Decimal(2)
FLOOR_STEP = Decimal(5)
# A band axis' labels (periods, levels) stand upright when a band has fewer pixels than this.
LABEL_PX = 80
# The height of one unit's bar in the per-unit chart.
BAR_PX = 18
# The trend's two kinds of line: the period's own figures and those of the same period a year earlier.
THIS_PERIOD = "Kỳ này"
SAME_PERIOD = "Cùng kỳ năm trước"
# The room beside a chart's plot: its rate axis and title, the target's label.
AXIS_PX = 130
# One row for the marks drawn once per chart (the target's line and label), not once per bar.
ONCE: Spec = {"values": [{}]}
# Room at each end of the trend's time axis, so the first and last points sit clear of the axes.
TIME_PADDING_PX = 24


def period_label(period: Period) -> str:
    """A period's name on a trend's axis: "Quý I/2026", "6 tháng/2026", "9 tháng/2026", "Năm 2026"."""
    if period.kind is PeriodKind.QUARTER:
        return period.label.replace(" năm ", "/")
    if period.kind is PeriodKind.YEAR:
        return f"Năm {period.year}"
    return f"{period.end_month} tháng/{period.year}"


def period_ms(period: Period) -> int:
    """Where a period sits on a time axis: the first day of its last month (UTC), in milliseconds."""
    return int(dt.datetime(period.year, period.end_month, 1, tzinfo=dt.UTC).timestamp() * 1000)


def rate_floor(rates: Iterable[Decimal | None], target: Decimal) -> int:
    """Where a rate axis starts: a multiple of 5 at least 2 points below the lowest rate and the target."""
    lowest = min([rate for rate in rates if rate is not None] + [target])
    floor = ((lowest - FLOOR_MARGIN) / FLOOR_STEP).to_integral_value(ROUND_FLOOR) * FLOOR_STEP
    return int(max(Decimal(0), floor))


def _band_labels(count: int) -> Spec:
    """An axis of `count` places for labels that stand upright when the chart's box is too narrow for
    them side by side. The box's width (`containerSize`) is the browser's and is fixed before Vega lays
    the chart out, so the axis' room is computed for the labels as drawn (the plot's own width is not)."""
    upright = f"!(containerSize()[0] >= {LABEL_PX * max(1, count) + AXIS_PX})"
    return {
        "labelAngle": {"expr": f"{upright} ? -90 : 0"},
        "labelAlign": {"expr": f"{upright} ? 'right' : 'center'"},
        "labelBaseline": {"expr": f"{upright} ? 'middle' : 'top'"},
    }


# A level's name on its bar's axis, one word a line: "UBND / cấp / huyện" fits a phone's narrow bars.
WORD_LINES: Spec = {"labelExpr": "split(datum.label, ' ')", "labelAngle": 0, "labelLineHeight": 12}


def _rate_axis(floor: int) -> tuple[Spec, Spec]:
    """The scale and axis of a rate from `floor` to 100; the title says where it starts when not at 0."""
    title = RATE_TITLE if floor == 0 else f"{RATE_TITLE}, trục bắt đầu từ {floor}"
    return {"domain": [floor, 100], "zero": False, "nice": False, "clamp": True}, {
        "title": title,
        "format": ",.0f",
    }


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
    """A dashed line at the plan target with its label, on the `channel` axis ("x" or "y").

    Both are drawn once (their own one-row data, not one mark per bar) and the label sits outside the
    plot — below it for a line across the bars, right of it for a line along them — so it never covers
    a bar's figure.
    """
    value = float(target)
    label = f"Mục tiêu {format_number(target)}%"
    text: Spec = {
        "data": ONCE,
        "mark": {
            "type": "text",
            "color": TARGET_COLOUR,
            "align": "center" if channel == "x" else "left",
            "baseline": "top" if channel == "x" else "middle",
            "dx": 0 if channel == "x" else 6,
            "dy": 4 if channel == "x" else 0,
        },
        "encoding": {channel: {"datum": value}, "text": {"value": label}},
    }
    if channel == "x":
        text["encoding"]["y"] = {"value": "height"}
    else:
        text["encoding"]["x"] = {"value": "width"}
    return [
        {
            "data": ONCE,
            "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {channel: {"datum": value}},
        },
        text,
    ]


def _time_axis(periods: Iterable[Period]) -> Spec:
    """The x encoding of a trend: each period at the month its figures reach on a UTC time axis, so a
    year without figures on record shows as a gap, not as one more step. Only the periods are ticks,
    named in Vietnamese by `period_label` (never a month name of the browser's); a label that would
    still run into its neighbour is left out rather than drawn over it."""
    # A quarter and the longer period ending with it (Quý II, 6 tháng) share a month: the longer names it.
    by_month = {period_ms(period): period for period in sorted(set(periods))}
    # The label of a tick by its place among the ticks: arrays and indexof, which the browser's
    # expression interpreter (no eval under the page's CSP) runs as Vega does.
    names = ", ".join(f"'{period_label(period)}'" for period in by_month.values())
    moments = ", ".join(str(ms) for ms in by_month)
    months = [period.year * 12 + period.end_month for period in by_month.values()]
    # As many label places as the shortest step between two periods fits in the axis' whole span.
    steps = [later - earlier for earlier, later in itertools.pairwise(months)]
    places = (months[-1] - months[0]) // min(steps) + 1 if steps else 1
    return {
        "field": "thang",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc", "padding": TIME_PADDING_PX},
        "axis": {
            # As dates, which Vega-Lite turns into utc(…): the browser's interpreter reads a bare number
            # in datetime(…) as a year.
            "values": [
                {"year": period.year, "month": period.end_month, "date": 1, "utc": True}
                for period in by_month.values()
            ],
            "labelExpr": f"[{names}][indexof([{moments}], +datum.value)]",
            "labelOverlap": "greedy",
            "grid": False,
            **_band_labels(places),
        },
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def on_time_by_level(rates: Sequence[tuple[str, Decimal | None]], target: Decimal) -> Spec:
    """Bars of the on-time rate of each level (and the province), with the target line.

    `rates` are (label, percent or None); levels without figures are left out of the bars.
    """
    values = [
        {"cap": label, "ty_le": _float(rate), "mo_ta": f"{label}: {format_number(rate, 2)}%"}
        for label, rate in rates
        if rate is not None
    ]
    scale, axis = _rate_axis(rate_floor((rate for _, rate in rates), target))
    # The bars and their figures share one band axis (two differing ones would be merged into either).
    band = {
        "field": "cap",
        "type": "nominal",
        "sort": [label for label, _ in rates],
        "title": None,
        "axis": WORD_LINES,
    }
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
                        "x": band,
                        "y": {"field": "ty_le", "type": "quantitative", "scale": scale, "axis": axis},
                        "description": {"field": "mo_ta"},
                        "tooltip": [
                            {"field": "cap", "title": "Cấp"},
                            {"field": "ty_le", "title": "Tỷ lệ (%)", "format": ",.2f"},
                        ],
                    },
                },
                {
                    # The bar's figure, which its own description already says.
                    "mark": {"type": "text", "baseline": "bottom", "dy": -3, "aria": False},
                    "encoding": {
                        "x": band,
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
    values = [
        {
            "don_vi": unit,
            "cap": level,
            "ty_le": float(rate),
            "mo_ta": f"{unit} ({level}): {format_number(rate, 2)}%",
        }
        for unit, level, rate in rates
    ]
    scale, axis = _rate_axis(rate_floor((rate for _, _, rate in rates), target))
    spec = _base(
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn theo đơn vị",
        "Biểu đồ thanh: tỷ lệ hồ sơ giải quyết đúng hạn của từng đơn vị, xếp từ cao xuống thấp.",
    )
    spec.update(
        {
            "height": max(60, BAR_PX * len(values)),
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
                            "scale": scale,
                            "axis": {**axis, "orient": "top"},
                        },
                        "color": {
                            "field": "cap",
                            "type": "nominal",
                            "title": "Cấp",
                            "legend": {"orient": "top", "direction": "horizontal"},
                        },
                        "description": {"field": "mo_ta"},
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


def rate_trend(
    points: Sequence[tuple[Period, str, Decimal | None]],
    target: Decimal,
    *,
    same_period: Sequence[tuple[Period, str, Decimal | None]] = (),
) -> Spec:
    """Lines of rates across periods on a time axis (`_time_axis`), with the on-time target line.

    `points` are (period, series label, percent or None); missing points leave a gap.
    `same_period` are the same series one year earlier, at the period they compare with, drawn dashed
    in the series' colour. The period labels stand upright when the chart is too narrow for them.
    """
    values = [
        {
            "ky": period_label(period),
            "thang": period_ms(period),
            "chi_tieu": series,
            "ty_le": float(rate),
            "nam": when,
            "mo_ta": f"{period_label(period)}, {series}, {when.lower()}: {format_number(rate, 2)}%",
        }
        for when, rows in ((THIS_PERIOD, points), (SAME_PERIOD, same_period))
        for period, series, rate in rows
        if rate is not None
    ]
    scale, axis = _rate_axis(rate_floor((rate for _, _, rate in (*points, *same_period)), target))
    dashed = any(value["nam"] == SAME_PERIOD for value in values)
    spec = _base(
        "Xu hướng qua các kỳ báo cáo",
        "Biểu đồ đường: tỷ lệ giải quyết đúng hạn và tỷ lệ tiếp nhận trực tuyến của toàn tỉnh qua các quý"
        + (", bên cạnh cùng kỳ năm trước (nét đứt)." if dashed else "."),
    )
    spec.update(
        {
            "height": 260,
            "data": {"values": values},
            "layer": [
                {
                    "mark": {"type": "line", "point": True, "tooltip": True},
                    "encoding": {
                        "x": _time_axis(period for period, _, _ in points),
                        "y": {"field": "ty_le", "type": "quantitative", "scale": scale, "axis": axis},
                        "color": {
                            "field": "chi_tieu",
                            "type": "nominal",
                            "title": "Chỉ tiêu",
                            "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 0},
                        },
                        **(
                            {
                                "strokeDash": {
                                    "field": "nam",
                                    "type": "nominal",
                                    "title": None,
                                    "scale": {
                                        "domain": [THIS_PERIOD, SAME_PERIOD],
                                        "range": [[1, 0], [5, 4]],
                                    },
                                    "legend": {
                                        "orient": "bottom",
                                        "direction": "vertical",
                                        "symbolStrokeColor": "#444",
                                    },
                                }
                            }
                            if dashed
                            else {}
                        ),
                        "detail": {"field": "nam"},
                        # What a screen reader says of a point (Vega's own would name the month in English).
                        "description": {"field": "mo_ta"},
                        "tooltip": [
                            {"field": "ky", "title": "Kỳ"},
                            {"field": "nam", "title": "Số liệu"},
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
