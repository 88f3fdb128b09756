"""In the browser at 1366 and 390 px: the dossier import's results and the report page fit the window.

Each page is photographed at both widths (into $CCHC_SCREENSHOTS when set, else the test's folder) so a
person can look at it; the test itself checks that nothing makes the page scroll sideways and that the
long tables come a page at a time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc.dossiers.generator import generate
from e2e.conftest import log_in

# Layout at two widths; the dossier import the first test drives runs on PostgreSQL in test_dossier_import.
pytestmark = [pytest.mark.browser, pytest.mark.backend_neutral]

WIDTHS = (1366, 390)


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CCHC_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _width(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _height(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.documentElement.scrollHeight"))


def test_the_default_mapping_imports_cchcs_own_file_and_the_results_fit_the_window(
    page, world, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    source = generate(20_000, tmp_path / "ho-so-quy-1.parquet", seed=5)
    log_in(page, "thamdinh")
    page.get_by_role("link", name="Hồ sơ TTHC").click()
    assert page.get_by_label("Bảng ánh xạ cột").input_value() == "mot-cua"
    page.locator("input[name=files]").set_input_files(str(source))
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    page.get_by_role("heading", name="Theo đơn vị giải quyết").wait_for(timeout=120_000)
    assert "thiếu" not in page.locator("main").inner_text()
    pager = page.locator("nav.pager").nth(1)
    assert "Dòng 1–20 trong" in pager.inner_text()
    assert page.locator("#trang-don-vi + .table-scroll tbody tr").count() == 20
    shots = _shots(tmp_path)
    heights = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state()
        page.screenshot(path=str(shots / f"ket-qua-nhap-ho-so-{width}.png"), full_page=True)
        assert _width(page) <= width, f"{_width(page)} px wide at {width} px"
        heights[width] = _height(page)
    # Twenty lines a table: a few screens, not 22.000 px.
    assert heights[1366] < 6000, heights
    pager.get_by_role("link", name="Trang sau ›").click()
    page.wait_for_load_state()
    assert "Dòng 21–40 trong" in page.locator("nav.pager").nth(1).inner_text()


def test_a_wrong_file_is_refused_with_one_message_naming_its_columns(page, world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    wrong = tmp_path / "danh sách cán bộ.csv"
    wrong.write_text("STT,Họ và tên,Chức vụ\n1,Nguyễn Văn A,Chuyên viên\n", encoding="utf-8")
    log_in(page, "thamdinh")
    page.get_by_role("link", name="Hồ sơ TTHC").click()
    page.locator("input[name=files]").set_input_files(str(wrong))
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    problems = page.locator("section.problems li")
    problems.first.wait_for(timeout=60_000)
    assert problems.count() == 1
    text = problems.first.inner_text()
    assert text.startswith("Tệp «danh sách cán bộ.csv» thiếu 7 cột bắt buộc: «Mã hồ sơ», «Mã thủ tục»")
    assert "000-" not in text
    shots = _shots(tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state()
        assert _width(page) <= width
        page.screenshot(path=str(shots / f"nhap-ho-so-sai-tep-{width}.png"), full_page=True)


def test_the_report_page_fits_a_phone_and_a_desktop(page, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "thamdinh")
    shots = _shots(tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ky/2023Q1/bao-cao/")
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(shots / f"bao-cao-{width}.png"), full_page=True)
        wider = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + '#' + e.id)"
        )
        assert _width(page) <= width, f"{_width(page)} px wide at {width} px: {wider[:8]}"


def test_every_page_links_the_favicon_and_it_is_served(page, world) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "thamdinh")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href is not None and href.endswith("favicon.svg")
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.body().startswith(b"<svg")


def test_the_period_page_folds_into_one_card_per_unit_on_a_phone_and_filters(page, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cchc.web.reporting.models import Status, Submission

    Submission.objects.create(unit=world.unit_b, period=world.period, form=3, status=Status.SUBMITTED)
    log_in(page, "thamdinh")
    shots = _shots(tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ky/2023Q1/")
        page.wait_for_load_state()
        assert _width(page) <= width, f"{_width(page)} px wide at {width} px"
        name = page.locator("#unit-so-tu-phap").get_by_role("link", name="Sở Tư pháp").bounding_box()
        form_3 = page.locator("#unit-so-tu-phap td[data-label='Biểu 3']").bounding_box()
        assert name is not None and form_3 is not None
        if width == 390:  # the unit's name on its own line, its forms two a line under it
            assert form_3["y"] > name["y"] + name["height"] - 1
            assert form_3["width"] > 150
        else:  # a table row: the name and the forms side by side
            assert abs(form_3["y"] - name["y"]) < 10
        page.screenshot(path=str(shots / f"tinh-hinh-bao-cao-{width}.png"), full_page=True)
    page.get_by_role("link", name="Có biểu chờ duyệt (1)").click()
    page.wait_for_load_state()
    assert page.locator("tr[id^=unit-]").evaluate_all("rows => rows.map(r => r.id)") == ["unit-huyen-nga-son"]


def test_the_aggregate_gives_each_row_a_readable_card_on_a_phone(page, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "thamdinh")
    shots = _shots(tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ky/2023Q1/tong-hop/")
        page.wait_for_load_state()
        assert _width(page) <= width, f"{_width(page)} px wide at {width} px"
        row = page.locator("#row-BM3-3\\.1\\.1")
        name = row.locator("td.name").bounding_box()
        figure = row.locator("td[data-label='Đơn vị tính']").bounding_box()  # the test world has no figures
        assert name is not None and figure is not None
        if width == 390:  # the row's name across the card, its cells under it with their column's name
            assert name["width"] > 250, name
            assert figure["y"] >= name["y"] + name["height"] - 1
            assert "Đơn vị tính" in row.locator("td[data-label='Đơn vị tính']").evaluate(
                "td => getComputedStyle(td, '::before').content"
            )
        else:
            assert abs(figure["y"] - name["y"]) < 10
        page.screenshot(path=str(shots / f"tong-hop-{width}.png"), full_page=True)
