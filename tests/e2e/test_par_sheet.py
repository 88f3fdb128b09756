"""In the browser at 1366 and 390 px: a unit's PAR Index sheet, scored by its reporter with an uploaded
file, then appraised by Sở Nội vụ; the pages fit the window.

Screenshots go to $CCHC_SCREENSHOTS when set, else the test's folder, for a person to look at.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from cchc.web.par.models import Score
from e2e.conftest import log_in
from web.par.sheet_world import PDF, make_par_world, score_all, store_figures

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CCHC_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _width(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _photograph(page, shots: Path, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """The whole page, and its first screen (readable at a glance), at `width`."""
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.screenshot(path=str(shots / f"{name}-{width}-dau.png"))
    assert _width(page) <= width, f"{_width(page)} px wide at {width} px"


def test_the_reporter_scores_a_criterion_with_a_file_and_the_reviewer_appraises_it(
    page, world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    par = make_par_world(world)
    store_figures(world.unit_a, 3, {"BM3-3.1.1": 200, "BM3-3.1.2": 190})
    score_all(par, but=("1.3",))
    shots = _shots(tmp_path)
    log_in(page, "bc-a")
    page.goto(par.url)
    row = page.locator("tr#tc-3\\.1")
    assert "5,70 điểm" in row.inner_text() and "Tự tính, không sửa" in row.inner_text()
    assert row.locator("a[href='/ky/2025Y/don-vi/so-tu-phap/bieu/3/']").count() == 2
    # Points without a file: refused, naming the criterion, what was typed still there.
    page.get_by_label("Điểm tự chấm tiêu chí 1.3").fill("1,5")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Tiêu chí 1.3: 1,50 điểm cần tài liệu kiểm chứng" in page.locator("section.problems").inner_text()
    assert page.get_by_label("Điểm tự chấm tiêu chí 1.3").input_value() == "1,5"
    for width in WIDTHS:
        _photograph(page, shots, "par-tu-cham-tu-choi", width)
    page.set_viewport_size({"width": 1366, "height": 900})
    # With a file: kept, and the file is listed with its link.
    evidence = tmp_path / "bao-cao-quy.pdf"
    evidence.write_bytes(PDF)
    page.locator("input[name='f-1.3']").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã lưu điểm 1 tiêu chí." in page.locator("ul.messages").inner_text()
    assert page.locator("tr#tc-1\\.3").get_by_role("link", name="bao-cao-quy.pdf").count() == 1
    assert Score.objects.get(code="1.3").self_points == Decimal("1.5")
    for width in WIDTHS:
        _photograph(page, shots, "par-tu-cham", width)
        page.locator("tr#tc-3\\.1").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"par-tu-cham-3-1-{width}.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_load_state()
    assert "Đã gửi bản tự đánh giá" in page.locator("ul.messages").inner_text()

    page.context.clear_cookies()
    log_in(page, "thamdinh")
    page.goto("/chi-so-cchc/2025/tu-danh-gia/")
    page.get_by_role("link", name="Sở Tư pháp").click()
    page.wait_for_load_state()
    page.get_by_label("Điểm thẩm định tiêu chí 1.3").fill("0,75")
    page.get_by_label("Lý do thẩm định tiêu chí 1.3").fill("Thiếu báo cáo quý III.")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state()
    assert page.locator("#diff-1\\.3").inner_text() == "−0,75"
    for width in WIDTHS:
        _photograph(page, shots, "par-tham-dinh", width)
        page.goto("/chi-so-cchc/2025/tu-danh-gia/")
        _photograph(page, shots, "par-hang-cho", width)
        page.goto(par.url)
