"""In the browser: Sở Nội vụ writes a section of the report, then downloads the Word report from the
period's page and finds its paragraph there."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_reviewer_writes_a_section_and_downloads_the_report(page, world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "thamdinh")
    page.goto("/ky/2023Q1/")
    page.get_by_role("link", name="Soạn nội dung báo cáo").click()
    page.get_by_label("Số hiệu").fill("125")
    page.get_by_label("I.1. Về tổ chức chỉ đạo, điều hành cải cách hành chính").fill(
        "UBND tỉnh tập trung chỉ đạo các nhiệm vụ cải cách hành chính năm 2023."
    )
    # What no figure speaks for, and the signer: with these the report downloads without a confirmation.
    page.locator("#id_muc_tuyen_truyen").fill("Công tác tuyên truyền CCHC được các cấp quan tâm.")
    page.locator("#id_muc_nhiem_vu").fill("1. Tiếp tục cải cách thủ tục hành chính.")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Thi")
    page.get_by_role("button", name="Lưu nội dung báo cáo").click()
    page.wait_for_load_state()
    assert "Đã lưu nội dung báo cáo." in page.locator(".messages").inner_text()

    page.goto("/ky/2023Q1/")
    word = page.locator("#bao-cao-tinh a.button").first
    with page.expect_download() as info:
        word.click()
        # While the server writes the file, the link says so and a second click starts nothing.
        assert word.get_attribute("aria-busy") == "true"
        assert word.inner_text() == "Đang lập báo cáo…"
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    body = [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]
    assert "UBND tỉnh tập trung chỉ đạo các nhiệm vụ cải cách hành chính năm 2023." in body
