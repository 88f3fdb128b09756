"""What a screen reader says of each bar and point: the figure in Vietnamese, never the data's field names."""

from __future__ import annotations

import re
from decimal import Decimal

from cchc import charts
from cchc.core.periods import parse_period

TARGET = Decimal(98)


def spoken(spec: charts.Spec) -> list[str]:
    """The aria-labels of the drawn marks (not of the axes, legends and title)."""
    svg = charts.to_svg(spec)
    marks = re.findall(r'<(?:path|text|line|rect)[^>]*\baria-label="([^"]*)"[^>]*>', svg)
    return [label for label in marks if not label.startswith(("X-axis", "Y-axis", "Title text"))]


def test_each_level_bar_says_its_level_and_rate_once() -> None:
    spec = charts.on_time_by_level([("Cấp tỉnh", Decimal("98.5")), ("Cấp xã", Decimal("97.1"))], TARGET)
    assert spoken(spec) == ["Cấp tỉnh: 98,50%", "Cấp xã: 97,10%"]


def test_each_unit_bar_says_its_unit_level_and_rate() -> None:
    spec = charts.on_time_by_unit([("Sở Tư pháp", "Sở, ban, ngành", Decimal("99.1"))], TARGET)
    assert spoken(spec) == ["Sở Tư pháp (Sở, ban, ngành): 99,10%"]


def test_no_mark_speaks_a_field_name() -> None:
    specs = (
        charts.on_time_by_level([("Cấp tỉnh", Decimal("98.5"))], TARGET),
        charts.on_time_by_unit([("Sở Tư pháp", "Sở, ban, ngành", Decimal("99.1"))], TARGET),
        charts.rate_trend([(parse_period("2023Q1"), "Đúng hạn", Decimal("97.5"))], TARGET),
    )
    for spec in specs:
        for label in spoken(spec):
            assert not re.search(r"\b(ty_le|cap|don_vi|thang|chi_tieu|nam|ky)\b", label), label
