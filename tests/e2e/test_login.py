"""Logging in and out in the browser."""

from __future__ import annotations

from e2e.conftest import log_in


def test_a_reporter_logs_in_and_sees_their_name(page, world) -> None:
    log_in(page, "bc-a")
    assert page.url.endswith("/")
    assert "Lê Văn A" in page.locator("header").inner_text()


def test_a_wrong_password_is_refused_in_vietnamese(page, world) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bc-a")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
