"""A reporter's send in Chromium: «Gửi Sở Nội vụ» asks first, with the warnings left; «Quay lại sửa» changes
nothing, «Gửi» sends. Both widths are photographed into $CCHC_SCREENSHOTS (a temporary folder by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.web.reporting.models import Status, Submission
from e2e.conftest import log_in
from e2e.test_reviewer_day import shots, snap  # noqa: F401  (the fixture is used by name)

pytestmark = pytest.mark.browser

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/4/"


def test_the_reporter_confirms_the_send_after_reading_the_warnings(page, world, shots: Path) -> None:  # noqa: F811
    log_in(page, "bc-a")
    page.goto(ENTRY)
    page.locator('input[name="v-BM4-2.1"]').fill("50")
    page.locator('input[name="v-BM4-2.2"]').fill("52")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    page.locator("#workflow-comment").fill("Biên chế có mặt tính cả 2 người biệt phái.")
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    page.wait_for_load_state()
    heading = "Gửi Biểu mẫu 4 của Sở Tư pháp (Quý I năm 2023) cho Sở Nội vụ?"
    assert page.locator("h1").inner_text() == heading
    warnings = page.locator("#confirm-warnings").inner_text()
    assert "Biên chế có mặt (52) vượt biên chế được giao (50): kiểm tra lại hai số." in warnings
    assert "Đơn vị chưa gửi báo cáo Word của kỳ này." in page.locator("#confirm-report").inner_text()
    assert "2 người biệt phái" in page.locator("#confirm-comment").inner_text()
    snap(page, shots, "xac-nhan-gui")

    page.get_by_role("link", name="Quay lại sửa").click()
    page.wait_for_load_state()
    assert page.locator("#form-status").inner_text() == "Đang nhập"
    form = Submission.objects.get(unit=world.unit_a, period=world.period, form=4)
    assert form.status == Status.DRAFT and not form.events.exists()

    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#form-status").inner_text() == "Đã gửi"
    assert "Đã gửi biểu mẫu cho Sở Nội vụ." in page.locator(".messages").inner_text()
