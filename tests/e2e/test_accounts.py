"""Accounts in the browser: a forgotten password set again from the link in the mail a real SMTP server
received; a user made with role and units; units found in the picker by typing, with and without
JavaScript; the account pages at desktop and phone widths."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from cchc.web.org.models import OrgUnit
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
    page.get_by_role("checkbox", name="Sở Tư pháp", exact=True).check()
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


def add_units(world) -> None:  # type: ignore[no-untyped-def]
    """Two communes of today whose names share a word, and a department merged away in 2025."""
    for code, name in (("phuong-hac-thanh", "Phường Hạc Thành"), ("xa-thach-thanh", "Xã Thạch Thành")):
        OrgUnit.objects.create(
            code=code, name=name, level="xa", parent=world.province, valid_from=dt.date(2025, 7, 1)
        )
    OrgUnit.objects.create(
        code="so-giao-thong-van-tai", name="Sở Giao thông vận tải", level="so", valid_to=dt.date(2025, 2, 28)
    )


def assigned(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(user.assignments.values_list("unit__code", flat=True))


def test_the_admin_finds_a_commune_by_typing_without_accents_ticks_it_and_saves(page, world, shots) -> None:
    add_units(world)
    log_in(page, "quantri")
    page.goto(f"/nguoi-dung/{world.reporter_a.pk}/")
    picker = page.locator(".unit-picker")
    box = {
        name: page.get_by_role("checkbox", name=name, exact=True)
        for name in ("Phường Hạc Thành", "Xã Thạch Thành", "Sở Tư pháp", "UBND huyện Nga Sơn đến 30/06/2025")
    }
    assert picker.locator(".picker-count").inner_text() == "Đã chọn 1 đơn vị:"
    at_both_widths(page, shots, "chon-don-vi")
    search = page.get_by_label("Lọc đơn vị theo tên")
    search.fill("hac thanh")
    # Words that start the unit's words: Hạc Thành, not Thạch Thành; the levels with nothing left go.
    assert box["Phường Hạc Thành"].is_visible()
    assert not box["Xã Thạch Thành"].is_visible() and not box["Sở Tư pháp"].is_visible()
    assert picker.locator("legend:visible").all_inner_texts() == ["Cấp xã (2)"]
    box["Phường Hạc Thành"].check()
    assert picker.locator(".picker-count").inner_text() == "Đã chọn 2 đơn vị:"
    assert picker.locator(".picker-chips .unit-name").all_inner_texts() == ["Sở Tư pháp", "Phường Hạc Thành"]
    at_both_widths(page, shots, "chon-don-vi-loc")
    # Enter in the filter box does not send the form.
    search.press("Enter")
    assert assigned(world.reporter_a) == ["so-tu-phap"]
    search.fill("NGA SƠN")
    assert box["UBND huyện Nga Sơn đến 30/06/2025"].is_visible()
    search.fill("khong co")
    assert picker.locator(".picker-none").inner_text() == "Không có đơn vị nào có tên khớp với «khong co»."
    search.fill("")
    assert all(checkbox.is_visible() for checkbox in box.values())
    picker.get_by_role("button", name="Bỏ chọn Sở Tư pháp").click()
    assert not box["Sở Tư pháp"].is_checked()
    assert picker.locator(".picker-chips .unit-name").all_inner_texts() == ["Phường Hạc Thành"]
    page.get_by_role("button", name="Lưu thay đổi").click()
    assert "Đã lưu: đơn vị phụ trách." in page.locator(".messages").inner_text()
    assert assigned(world.reporter_a) == ["phuong-hac-thanh"]
    assert page.get_by_role("checkbox", name="Phường Hạc Thành").is_checked()


def test_without_javascript_the_picker_is_checkboxes_that_save_the_same(browser, live_server, world) -> None:  # type: ignore[no-untyped-def]
    add_units(world)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "quantri")
        page.goto(f"/nguoi-dung/{world.reporter_b.pk}/")
        assert not page.get_by_label("Lọc đơn vị theo tên").is_visible()
        assert page.locator(".unit-picker .picker-count").inner_text() == "Đã chọn 1 đơn vị:"
        page.get_by_role("checkbox", name="Xã Thạch Thành").check()
        page.get_by_role("checkbox", name="UBND huyện Nga Sơn đến 30/06/2025").uncheck()
        page.get_by_role("button", name="Lưu thay đổi").click()
        assert "Đã lưu: đơn vị phụ trách." in page.locator(".messages").inner_text()
        assert assigned(world.reporter_b) == ["xa-thach-thanh"]
    finally:
        context.close()
