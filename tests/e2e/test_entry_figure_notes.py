"""In the browser at 1366 and 390 px: the notes under a figure of the entry page (what an annual figure is
made of, cùng kỳ) stay inside the Số liệu cell, never over the Ghi chú and its «lịch sử» link.

Each width is photographed (into $CCHC_SCREENSHOTS when set, else the test's folder) so a person can look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc.web.reporting.services import ensure_period, save_values, submission_for
from e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.backend_neutral]

# The notes under the figures whose box leaves their cell or whose text overflows their box.
OUTSIDE = """() => [...document.querySelectorAll('table.entry td.num small')].filter(note => {
  const cell = note.closest('td').getBoundingClientRect();
  const box = note.getBoundingClientRect();
  return box.right > cell.right + 1 || box.left < cell.left - 1 || note.scrollWidth > note.clientWidth + 1;
}).map(note => note.closest('tr').id + ': ' + note.textContent)"""


def test_the_notes_under_an_annual_figure_wrap_inside_their_cell(page, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    half, q3 = ensure_period("2023H1"), ensure_period("2023Q3")
    for period, figures in ((half, ("871", "869")), (q3, ("442", "441"))):
        save_values(
            submission_for(world.unit_a, period, 3),
            world.reporter_a,
            {"BM3-3.1.1": (figures[0], None), "BM3-3.1.2": (figures[1], None)},
        )
    ensure_period("2023Y")
    shots = Path(os.environ.get("CCHC_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    log_in(page, "bc-a")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ky/2023Y/don-vi/so-tu-phap/bieu/3/")
        page.wait_for_load_state()
        note = page.locator('[id="row-BM3-3.1.1"] small.earlier')
        assert note.inner_text() == (
            "Điền sẵn · Cả năm = 6 tháng (871) + Quý III (442) + phát sinh từ 15/09 đến 14/12 (0, chưa kỳ nào báo cáo)"
        )
        page.locator('[id="row-BM3-3.1.1"]').screenshot(path=str(shots / f"ghi-chu-so-lieu-{width}.png"))
        page.screenshot(path=str(shots / f"nhap-bieu-3-ca-nam-{width}.png"), full_page=True)
        assert page.evaluate(OUTSIDE) == []
        # The note wraps: it is taller than one line and its «lịch sử» link is beside it, not under it.
        assert note.bounding_box()["height"] > 20
        link = page.locator('[id="row-BM3-3.1.1"] a.history-link').bounding_box()
        box = note.bounding_box()
        if width == 1366:
            assert link["x"] >= box["x"] + box["width"]
