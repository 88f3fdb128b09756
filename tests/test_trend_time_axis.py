"""The trend's periods sit on a time axis at the month each one ends, named in Vietnamese: a year
without figures on record is a gap as wide as its months, not one more step."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from cchc.charts import period_label, period_ms, rate_trend, to_svg
from cchc.core.periods import parse_period

# Two quarters of 2023, then none until 2025 (the demo's gap): five quarters between the last two.
CODES = ("2023Q3", "2023Q4", "2025Q1")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def trend(codes: tuple[str, ...] = CODES) -> dict:  # type: ignore[type-arg]
    points = [(parse_period(code), "Tỷ lệ đúng hạn", Decimal("97.5")) for code in codes]
    last_year = [(parse_period("2025Q1"), "Tỷ lệ đúng hạn", Decimal("96"))]
    return rate_trend(points, Decimal(98), same_period=last_year)


def axis_label_x(svg: str) -> dict[str, float]:
    """Where Vega drew each label of the x axis (its translate's x), by its text."""
    axis = svg[svg.index('aria-label="X-axis') :]
    axis = axis[: axis.index('aria-label="Y-axis')] if 'aria-label="Y-axis' in axis else axis
    return {
        text: float(x)
        for x, text in re.findall(
            r'<text[^>]*transform="translate\(([\d.]+),[\d.]+\)[^"]*"[^>]*>([^<]+)<', axis
        )
    }


def test_the_x_axis_is_temporal_with_each_period_at_the_first_day_of_its_last_month() -> None:
    spec = trend()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "temporal" and x["field"] == "thang" and x["scale"]["type"] == "utc"
    september, december, march = (
        int(dt.datetime(year, month, 1, tzinfo=dt.UTC).timestamp() * 1000)
        for year, month in ((2023, 9), (2023, 12), (2025, 3))
    )
    assert x["axis"]["values"] == [
        {"year": year, "month": month, "date": 1, "utc": True}
        for year, month in ((2023, 9), (2023, 12), (2025, 3))
    ]
    positions = {(v["ky"], v["nam"]): v["thang"] for v in spec["data"]["values"]}
    assert positions == {
        ("Quý III/2023", "Kỳ này"): september,
        ("Quý IV/2023", "Kỳ này"): december,
        ("Quý I/2025", "Kỳ này"): march,
        # Cùng kỳ is drawn at the quarter it compares with.
        ("Quý I/2025", "Cùng kỳ năm trước"): march,
    }


def test_the_ticks_are_the_periods_named_in_vietnamese_and_an_overlapping_one_is_left_out() -> None:
    axis = trend()["layer"][0]["encoding"]["x"]["axis"]
    moments = ", ".join(str(period_ms(parse_period(code))) for code in CODES)
    assert axis["labelExpr"] == (
        f"['Quý III/2023', 'Quý IV/2023', 'Quý I/2025'][indexof([{moments}], +datum.value)]"
    )
    assert axis["labelOverlap"] == "greedy" and axis["grid"] is False
    # Seven quarter-wide places from Quý III/2023 to Quý I/2025: upright below 7 × 80 px + the axis' room.
    assert axis["labelAngle"] == {"expr": "!(containerSize()[0] >= 690) ? -90 : 0"}


def test_drawn_the_gap_between_2023_and_2025_is_five_quarters_wide() -> None:
    svg = to_svg(trend(), width=640)
    x = axis_label_x(svg)
    assert set(x) == {"Quý III/2023", "Quý IV/2023", "Quý I/2025"}
    quarter = x["Quý IV/2023"] - x["Quý III/2023"]
    assert quarter > 10
    assert abs((x["Quý I/2025"] - x["Quý IV/2023"]) - 5 * quarter) < 1.5
    assert not any(month in text for text in x for month in MONTH_NAMES)


def test_a_quarter_and_the_longer_report_ending_with_it_share_one_tick_named_by_the_longer() -> None:
    axis = trend(("2025Q1", "2025Q2", "2025H1"))["layer"][0]["encoding"]["x"]["axis"]
    assert [(tick["year"], tick["month"]) for tick in axis["values"]] == [(2025, 3), (2025, 6)]
    assert "6 tháng/2025" in axis["labelExpr"] and "Quý II/2025" not in axis["labelExpr"]
    assert [period_label(parse_period(code)) for code in ("2025Y", "2025M9")] == ["Năm 2025", "9 tháng/2025"]
