"""In the browser: an upload field says «Chọn tệp…» and the chosen file's name, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.conftest import log_in

pytestmark = pytest.mark.browser

HAND_CHECKED = Path(__file__).parents[1] / "dossiers" / "data" / "hand-checked-2023q1.csv"


def test_the_dossier_upload_names_the_chosen_file_and_the_results_name_the_mapping_in_vietnamese(
    page, world, settings, tmp_path
) -> None:
    settings.DATA_DIR = tmp_path
    log_in(page, "thamdinh")
    page.goto("/ho-so/")
    field = page.locator("label", has=page.locator("input[name=files]"))
    assert field.locator(".file-button").inner_text() == "Chọn tệp…"
    assert field.locator(".file-name").inner_text() == "Chưa chọn tệp"
    box = page.locator("input[name=files]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # the browser's English control

    # Sent without a file: the browser stops the form with a message in Vietnamese.
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    message = page.locator("input[name=files]").evaluate("input => input.validationMessage")
    assert message == "Chưa chọn tệp: bấm «Chọn tệp…» để chọn."
    assert page.url.endswith("/ho-so/")

    # The button drawn by the page opens the file dialog.
    with page.expect_file_chooser() as chooser:
        field.locator(".file-button").click()
    chooser.value.set_files([str(HAND_CHECKED), str(HAND_CHECKED)])
    assert (
        field.locator(".file-name").inner_text() == "2 tệp: hand-checked-2023q1.csv, hand-checked-2023q1.csv"
    )
    page.locator("input[name=files]").set_input_files(str(HAND_CHECKED))
    assert field.locator(".file-name").inner_text() == "hand-checked-2023q1.csv"

    page.get_by_label("Bảng ánh xạ cột").select_option("cchc")
    assert page.get_by_label("Bảng ánh xạ cột").locator("option:checked").inner_text() == "Bố cục chuẩn"
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    page.get_by_role(
        "heading", name="Kết quả giải quyết TTHC theo lĩnh vực và cấp (Biểu 06/VPCP/KSTT)"
    ).wait_for()
    header = page.locator(".results > p.muted").nth(1).inner_text()
    assert "Hệ thống «Bố cục chuẩn» · bảng ánh xạ cột «Bố cục chuẩn»" in header
    assert "«cchc»" not in page.locator("main").inner_text()
