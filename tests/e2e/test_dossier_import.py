"""In the browser: the reviewer imports a period's dossier file, follows it, opens a figure's dossiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.conftest import log_in

pytestmark = pytest.mark.browser

HAND_CHECKED = Path(__file__).parents[1] / "dossiers" / "data" / "hand-checked-2023q1.csv"


def test_the_reviewer_imports_dossiers_and_a_reporter_opens_a_figure_to_its_dossiers(
    page, world, settings, tmp_path
) -> None:
    settings.DATA_DIR = tmp_path
    log_in(page, "thamdinh")
    page.get_by_role("link", name="Hồ sơ TTHC").click()
    page.get_by_label("Bảng ánh xạ cột").select_option("cchc")
    page.locator("input[name=files]").set_input_files(str(HAND_CHECKED))
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    # The import runs in the background; the page follows it and reloads with the figures.
    page.get_by_role(
        "heading", name="Kết quả giải quyết TTHC theo lĩnh vực và cấp (Biểu 06/VPCP/KSTT)"
    ).wait_for()
    assert "26 hồ sơ" in page.locator("#progress").inner_text()
    total = page.locator("table.one-stop tr.total").last
    assert total.locator("td").first.inner_text() == "Tổng cộng toàn tỉnh"
    page.get_by_role("link", name="Hồ sơ đang quá hạn").click()
    assert page.locator("h1").inner_text() == "Hồ sơ đang giải quyết quá hạn"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, "bc-a")
    page.goto("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/")
    assert page.locator("#sourced-BM3-3\\.1\\.1").inner_text() == "6"
    page.locator("#row-BM3-3\\.1\\.2").get_by_role("link", name="Hồ sơ TTHC").click()
    assert page.locator("#dossier-total").inner_text() == "3 hồ sơ"
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename == "ho-so-2023Q1.xlsx"


def test_the_reviewer_adds_a_years_days_off_to_the_working_day_calendar(page, world, tmp_path) -> None:
    log_in(page, "thamdinh")
    page.get_by_role("link", name="Hồ sơ TTHC").click()
    page.get_by_role("link", name="lịch ngày làm việc").click()
    assert "lịch có sẵn của phần mềm" in page.locator("main").inner_text()
    row_2023 = page.locator("tr", has=page.locator("td", has_text="2023")).first
    assert "20/01" in row_2023.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải lịch đang dùng (TOML)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    edited = tmp_path / "lich-2027.toml"
    edited.write_text(
        text + '\n[years.2027]\nsource = "Thông báo nghỉ Tết 2027"\ndays_off = ["08/02/2027"]\n',
        encoding="utf-8",
    )
    page.locator("input[name=calendar]").set_input_files(str(edited))
    page.get_by_role("button", name="Dùng lịch này").click()
    assert "Các lần nhập từ nay tính theo lịch «lich-2027.toml»" in page.locator("main").inner_text()
    row_2027 = page.locator("tr", has=page.locator("td", has_text="Thông báo nghỉ Tết 2027"))
    assert "08/02" in row_2027.inner_text()
    assert "lich-2027.toml (đang dùng)" in page.locator("main").inner_text()
