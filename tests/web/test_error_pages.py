"""Error pages are Vietnamese pages of the application (DEBUG is off in tests, as in production)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def test_the_tests_run_with_debug_off_so_these_are_the_pages_users_see() -> None:
    assert settings.DEBUG is False


def test_a_forbidden_page_says_why_in_vietnamese(world) -> None:
    response = world.client(world.reporter_a).get("/ky/2023Q1/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>Bạn không được thực hiện thao tác này</h1>" in content
    assert "<p>Trang này dành cho Sở Nội vụ và người xem toàn tỉnh.</p>" in content
    assert '<html lang="vi">' in content


def test_a_missing_csrf_token_gets_a_vietnamese_page_not_djangos_english_one(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reporter_a)
    response = client.post("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/", {"version": "0"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>Chưa nhận được yêu cầu: thiếu mã chống giả mạo</h1>" in content
    assert "Forbidden" not in content


def test_a_bad_request_gets_the_vietnamese_400_page(db) -> None:
    client = Client(HTTP_HOST="khong-phai-may-chu.example")
    client.raise_request_exception = False
    response = client.get("/dang-nhap/")
    assert response.status_code == 400
    content = response.content.decode()
    assert "<h1>Yêu cầu không hợp lệ</h1>" in content
    assert "Hệ thống không đọc được yêu cầu vừa gửi" in content


def test_a_server_error_gets_the_vietnamese_500_page_without_details(world, monkeypatch) -> None:
    def broken(user):  # type: ignore[no-untyped-def]
        raise RuntimeError("chi tiết nội bộ")

    monkeypatch.setattr("cchc.web.home.due_items", broken)
    client = world.client(world.reporter_a)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Hệ thống gặp lỗi</h1>" in content
    assert "không phải do số liệu bạn nhập" in content
    assert "chi tiết nội bộ" not in content and "Traceback" not in content
