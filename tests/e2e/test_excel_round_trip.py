"""Download a unit's form as Excel in the browser, fill it in, upload it back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from e2e.conftest import log_in

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"


def fill(path: Path, values: dict[str, object]) -> None:
    """Put values in column D (Số liệu) of the lines whose hidden column F holds the row code."""
    book = load_workbook(path)
    sheet = book["Biểu mẫu 3"]
    for row in sheet.iter_rows(min_row=1):
        code = row[5].value
        if code in values:
            row[3].value = values[code]
    book.save(path)


def test_a_reporter_downloads_the_blank_form_fills_it_and_uploads_it(page, world, tmp_path) -> None:
    log_in(page, "bc-a")
    page.goto(ENTRY)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel mẫu trống").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    fill(path, {"BM3-3.1.1": 2000, "BM3-3.1.2": 1990})

    page.locator('input[type="file"][name="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    page.wait_for_load_state()
    assert "Đã nhận tệp Excel: 2 thay đổi." in page.locator(".messages").inner_text()
    assert page.locator('input[name="v-BM3-3.1.1"]').input_value() == "2.000"
    assert page.locator("#computed-BM3-3\\.1").inner_text() == "99,50"


def test_a_bad_upload_names_the_cell_and_saves_nothing(page, world, tmp_path) -> None:
    log_in(page, "bc-a")
    page.goto(ENTRY)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel mẫu trống").click()
    path = tmp_path / "bm3.xlsx"
    info.value.save_as(path)
    fill(path, {"BM3-3.1.1": "hai nghìn"})

    page.locator('input[type="file"][name="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    page.wait_for_load_state()
    message = page.locator(".messages").inner_text()
    assert "Biểu mẫu 3" in message and "«hai nghìn» không phải là số" in message
    assert page.locator('input[name="v-BM3-3.1.1"]').input_value() == ""
