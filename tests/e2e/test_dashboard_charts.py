"""The dashboard's charts as drawn in Chromium at 1366 and 390 px: one target rule per chart, period labels
in Vietnamese that do not run into each other and stand as far apart as their quarters, a per-unit axis that starts near rates that are all high, chart boxes
no taller than their chart, and no page wider than the window. Screenshots are kept for a look."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

from cchc.web.org.models import OrgUnit
from cchc.web.reporting.services import ensure_period, save_values, submission_for
from e2e.conftest import log_in
from web.dashboard.test_dashboard import fill

SHOTS = Path(os.environ.get("CCHC_SCREENSHOTS", Path(tempfile.gettempdir()) / "cchc-screenshots"))
# Eight quarters in a row, then none until Quý I/2025 (as in the demo).
QUARTERS = ("2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q2", "2023Q3", "2023Q4", "2025Q1")
# Each box holds its heading, the chart, the table's summary and the SVG link: this much above the chart.
BOX_MARGIN = 200


def many_departments(world, count: int = 72) -> None:  # type: ignore[no-untyped-def]
    """`count` departments resolving between 90 and 99,9 % of their dossiers on time."""
    province = OrgUnit.objects.get(code="ubnd-tinh")
    for index in range(count):
        unit = OrgUnit.objects.create(
            code=f"so-{index}", name=f"Sở thứ {index + 1}", level="so", parent=province, order=10 + index
        )
        on_time = 900 + (index * 37) % 99
        save_values(
            submission_for(unit, world.period, 3),
            world.admin,
            {"BM3-3.1.1": ("1000", None), "BM3-3.1.2": (str(on_time), None)},
        )


def quarters_on_record(world) -> None:  # type: ignore[no-untyped-def]
    """Nine quarters with figures, so the trend has nine labels, a gap of five quarters before the last,
    and Quý I/2023 its cùng kỳ."""
    for code in QUARTERS:
        fill(world, ensure_period(code))


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    """Pairs of boxes whose areas intersect (touching edges do not count)."""
    pairs = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], i + 1):
            if (
                a["x"] < b["x"] + b["width"] - 0.5
                and b["x"] < a["x"] + a["width"] - 0.5
                and a["y"] < b["y"] + b["height"] - 0.5
                and b["y"] < a["y"] + a["height"] - 0.5
            ):
                pairs.append((i, j))
    return pairs


DRAWN = "[...document.querySelectorAll('[data-chart]')].every(e => e.querySelector('svg'))"
# Vega draws each mark layer as a group with a role: the rule layer, the x axis' labels.
RULES = "e => e.querySelectorAll('.mark-rule.role-mark > line, .mark-rule.role-mark > path').length"
X_TEXT_NODES = (
    "[...e.querySelectorAll('.role-axis')].filter(a => a.getAttribute('aria-label')?.includes('X-axis'))"
    ".flatMap(a => [...a.querySelectorAll('.role-axis-label text')])"
)
X_LABELS = (
    f"e => {X_TEXT_NODES}"
    ".map(t => { const r = t.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
)
X_TEXTS = f"e => {X_TEXT_NODES}.map(t => t.textContent)"


# How Vega draws the charts; the figures behind them are tested on PostgreSQL in web/dashboard.
@pytest.mark.backend_neutral
@pytest.mark.parametrize("width", [1366, 390])
def test_the_dashboard_charts_read_well_at_desktop_and_phone_width(page, world, width) -> None:
    fill(world)
    many_departments(world)
    quarters_on_record(world)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "thamdinh")
    page.goto("/tong-quan/?ky=2023Q1")
    page.wait_for_function(DRAWN)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboard-{width}.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for name in ("dung-han-theo-cap", "dung-han-theo-don-vi", "xu-huong"):
        plot = page.locator(f"#bieu-do-{name} .plot")
        # One target line, not one per bar.
        assert plot.evaluate(RULES) == 1, name
        # The box is as tall as its chart plus its heading and links, not stretched by a neighbour.
        section = page.locator(f"#bieu-do-{name}")
        section.screenshot(path=str(SHOTS / f"dashboard-{width}-{name}.png"))
        box = section.bounding_box()
        svg = plot.locator("svg").first.bounding_box()
        assert box["height"] <= svg["height"] + BOX_MARGIN, name

    labels = page.locator("#bieu-do-xu-huong .plot").evaluate(X_LABELS)
    assert page.locator("#bieu-do-xu-huong .plot").evaluate(X_TEXTS) == [
        *(f"Quý {q}/2022" for q in ("I", "II", "III", "IV")),
        *(f"Quý {q}/2023" for q in ("I", "II", "III", "IV")),
        "Quý I/2025",
    ]
    assert overlapping(labels) == []
    # A time axis: quarters one step apart, and the five quarters from Quý IV/2023 to Quý I/2025 five steps.
    middles = [label["x"] + label["width"] / 2 for label in labels]
    gaps = [later - earlier for earlier, later in itertools.pairwise(middles)]
    assert gaps[0] > 10
    assert all(abs(gap - gaps[0]) < 1 for gap in gaps[:7])
    assert abs(gaps[7] - 5 * gaps[0]) < 2
    levels = page.locator("#bieu-do-dung-han-theo-cap .plot").evaluate(X_LABELS)
    assert len(levels) == 4
    assert overlapping(levels) == []
    # 72 departments between 90 and 99,9 %: the axis starts at 85, and says so.
    unit_chart = page.locator("#bieu-do-dung-han-theo-don-vi .plot")
    ticks = [int(text) for text in unit_chart.evaluate(X_TEXTS)]
    assert 85 <= min(ticks) < 90 and max(ticks) == 100
    assert "trục bắt đầu từ 85" in (unit_chart.locator(".role-axis-title").first.text_content() or "")
    # The cùng kỳ line of the trend is drawn: Quý I/2023 beside Quý I/2022.
    assert "Cùng kỳ năm trước" in (page.locator("#bieu-do-xu-huong .plot").text_content() or "")
