"""The PAR Index results page in Chromium at 1366 and 390 px: the per-area chart is drawn under the
page's Content-Security-Policy, the page is no wider than the window (the ranking scrolls in its box),
and a survey file uploaded through the page changes a unit's line."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from e2e.conftest import log_in
from web.par.par_results_data import make_par_world

DRAWN = "[...document.querySelectorAll('[data-chart]')].every(e => e.querySelector('svg .mark-rect'))"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_results_page_draws_its_chart_and_fits_the_window(page, world, width, tmp_path) -> None:  # type: ignore[no-untyped-def]
    par = make_par_world(world)
    par.appraise(world.unit_a, "1.1", "1.5")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "thamdinh")
    page.goto("/chi-so-cchc/2025/")
    page.wait_for_function(DRAWN)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("#don-vi-so-tu-phap td").first.inner_text() == "1"
    assert problems == []
    page.screenshot(path=str(tmp_path / f"chi-so-cchc-{width}.png"), full_page=True)


def test_a_survey_file_uploaded_in_the_browser_changes_the_units_line(page, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_par_world(world)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row, line in enumerate(
        [("Mã đơn vị", "Câu hỏi", "Số phiếu", "Số phiếu hài lòng"), ("so-tu-phap", "KS5", 200, 150)]
    ):
        for column, value in enumerate(line):
            sheet.write(row, column, value)
    workbook.close()
    upload = tmp_path / "ket-qua-dieu-tra.xlsx"
    upload.write_bytes(buffer.getvalue())
    log_in(page, "thamdinh")
    page.goto("/chi-so-cchc/2025/dieu-tra/")
    page.set_input_files("input[name=file]", str(upload))
    page.get_by_role("button", name="Nhập").click()
    page.wait_for_load_state()
    assert (
        "Đã nhập tệp «ket-qua-dieu-tra.xlsx»: 1 dòng của 1 đơn vị." in page.locator(".messages").inner_text()
    )
    page.goto("/chi-so-cchc/2025/")
    # Criterion 8.3: 150 ÷ 200 × 5 = 3,75 points, the unit's whole area 8 and index.
    cells = page.locator("#don-vi-so-tu-phap td").all_inner_texts()
    assert cells[0] == "1" and cells[9] == "3,75" and cells[12] == "3,75"
