"""Accounts in the browser: a forgotten password set again from the link in the mail a real SMTP server
received; a user made with role and units; the account pages at desktop and phone widths."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from e2e.conftest import log_in
from smtp_inbox import link_in, mailbox  # noqa: F401 (the fixture)

WIDTHS = {"desktop": 1366, "phone": 390}
NEW_PASSWORD = "so-lieu-quy-mot-2023"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: CCHC_SCREENSHOTS when set (to look at them), else the test's folder."""
    folder = Path(os.environ.get("CCHC_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def at_both_widths(page, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot at each width; nothing may widen the page beyond the screen."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, label)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_a_reporter_sets_a_new_password_from_the_mail_and_logs_in(page, world, mailbox, shots) -> None:  # noqa: F811
    world.reporter_a.email = "le.van.a@sotuphap.thanhhoa.gov.vn"
    world.reporter_a.save()
    page.goto("/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Thư điện tử").fill("le.van.a@sotuphap.thanhhoa.gov.vn")
    at_both_widths(page, shots, "quen-mat-khau")
    page.get_by_role("button", name="Gửi thư đặt lại mật khẩu").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hãy mở hộp thư của bạn"
    [message] = mailbox.to("le.van.a@sotuphap.thanhhoa.gov.vn")
    page.goto(link_in(message))
    assert page.get_by_role("heading", level=1).inner_text() == "Đặt mật khẩu mới"
    page.get_by_label("Mật khẩu mới", exact=True).fill("12345678")
    page.get_by_label("Nhập lại mật khẩu mới").fill("12345678")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    assert "Mật khẩu không được chỉ gồm chữ số." in page.locator("form.stacked").inner_text()
    at_both_widths(page, shots, "dat-mat-khau-moi")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đã đặt mật khẩu mới"
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("bc-a")
    page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "Lê Văn A" in page.locator("header").inner_text()
    assert "Đổi mật khẩu" in page.locator("header").inner_text()


def test_the_admin_makes_a_reporter_with_units_in_the_browser(page, world, mailbox, shots) -> None:  # noqa: F811
    log_in(page, "quantri")
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("bc-moi")
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Vai trò").select_option(label="Cán bộ báo cáo của đơn vị")
    page.get_by_role("button", name="Tạo tài khoản").click()
    assert "Cần thư điện tử để gửi thư đặt mật khẩu" in page.locator("form.stacked").inner_text()
    assert "Cán bộ báo cáo cần ít nhất một đơn vị phụ trách." in page.locator("form.stacked").inner_text()
    at_both_widths(page, shots, "them-nguoi-dung-loi")
    page.get_by_label("Thư điện tử").fill("pham.thi.dung@sotuphap.thanhhoa.gov.vn")
    page.get_by_label("Đơn vị phụ trách").select_option(["so-tu-phap"])
    page.get_by_role("button", name="Tạo tài khoản").click()
    messages = page.locator(".messages").inner_text()
    assert "Đã tạo tài khoản «bc-moi»." in messages
    assert "Đã gửi thư đặt mật khẩu tới pham.thi.dung@sotuphap.thanhhoa.gov.vn" in messages
    assert len(mailbox.to("pham.thi.dung@sotuphap.thanhhoa.gov.vn")) == 1
    assert "Cán bộ báo cáo của đơn vị" in page.locator("main").inner_text()
    at_both_widths(page, shots, "nguoi-dung-moi")
    page.get_by_role("link", name="← Người dùng").click()
    assert page.get_by_role("link", name="bc-moi").is_visible()
    at_both_widths(page, shots, "nguoi-dung")


def test_a_reporter_sees_the_deadline_notice_and_changes_the_password(page, world, shots) -> None:
    world.period.unit_deadline = dt.date.today() + dt.timedelta(days=11)
    world.period.save()
    log_in(page, "bc-a")
    notice = page.locator(".deadline-notice").inner_text()
    deadline = world.period.unit_deadline.strftime("%d/%m/%Y")
    assert (
        f"Kỳ báo cáo Quý I năm 2023: hạn {deadline}, còn 11 ngày; Sở Tư pháp còn 6 biểu chưa gửi." in notice
    )
    header = page.locator("header").inner_text()
    assert "API" not in header and "Kỳ báo cáo" not in header and "Người dùng" not in header
    at_both_widths(page, shots, "trang-chu-nhac-han")
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").fill("sai-mat-khau")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    assert "Mật khẩu hiện tại không đúng." in page.locator("form.stacked").inner_text()
    at_both_widths(page, shots, "doi-mat-khau")
