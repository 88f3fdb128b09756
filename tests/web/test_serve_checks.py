"""`cchc serve` runs Django's deployment checks and refuses to start on any, unless it is a local trial."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cchc import cli
from cchc.web import server

SECURE = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@pytest.fixture
def served(monkeypatch) -> list[tuple[str, int]]:
    """The (host, port) of every server started; none is really started."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(server, "serve", lambda host, port, **kwargs: calls.append((host, port)))
    monkeypatch.delenv("CCHC_LOCAL_TRIAL", raising=False)
    # The browser tests' conftest sets it for Playwright; Django's deployment checks rightly flag it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    return calls


def test_it_refuses_to_serve_over_plain_http_and_says_which_setting_fixes_each_problem(
    served, capsys
) -> None:
    assert cli.main(["serve", "--port", "8123"]) == 2
    assert served == []
    err = capsys.readouterr().err
    assert err.startswith("cchc không khởi động: cấu hình chưa đủ an toàn để chạy thật.")
    assert "Cookie phiên đăng nhập có thể bị gửi qua http:// không mã hóa. Sửa: đặt CCHC_HTTPS=1." in err
    assert "Trình duyệt chưa được dặn chỉ dùng HTTPS với trang này (HSTS)." in err
    assert "Địa chỉ http:// không được chuyển sang https://." in err
    assert "cchc serve --thu-nghiem" in err


def test_a_local_trial_starts_anyway_and_says_what_it_skipped(served, capsys) -> None:
    assert cli.main(["serve", "--thu-nghiem", "--port", "8123"]) == 0
    assert served == [("127.0.0.1", 8123)]
    assert "Chạy thử trên máy: bỏ qua 4 cảnh báo triển khai." in capsys.readouterr().err


def test_the_environment_can_say_it_is_a_local_trial(served, monkeypatch) -> None:
    monkeypatch.setenv("CCHC_LOCAL_TRIAL", "1")
    assert cli.main(["serve"]) == 0
    assert served == [("127.0.0.1", 8000)]


def test_behind_an_https_proxy_it_starts_without_being_told(served, settings, capsys) -> None:
    for name, value in SECURE.items():
        setattr(settings, name, value)
    assert cli.main(["serve"]) == 0
    assert served == [("127.0.0.1", 8000)]
    assert capsys.readouterr().err == ""


def test_https_without_the_proxy_header_is_refused_because_every_page_would_redirect(
    served, settings, capsys
) -> None:
    for name, value in SECURE.items():
        setattr(settings, name, value)
    settings.SECURE_PROXY_SSL_HEADER = None
    assert cli.main(["serve"]) == 2
    assert "Sửa: đặt CCHC_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto" in capsys.readouterr().err


def test_debug_is_named_with_its_setting(served, settings, capsys) -> None:
    for name, value in SECURE.items():
        setattr(settings, name, value)
    settings.DEBUG = True
    assert cli.main(["serve"]) == 2
    assert "Sửa: bỏ CCHC_DEBUG hoặc đặt CCHC_DEBUG=0. [security.W018]" in capsys.readouterr().err


def test_the_demo_is_always_a_local_trial(served, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_migrate", lambda verbosity=1: None)
    monkeypatch.setattr("cchc.web.demo.load.load_demo", lambda: [("thamdinh", "Sở Nội vụ")])
    assert cli.main(["demo", "--port", "8124"]) == 0
    assert served == [("127.0.0.1", 8124)]
    out, err = capsys.readouterr()
    assert "cchc đang chạy tại http://127.0.0.1:8124/" in out
    assert err == ""


def test_the_real_command_exits_2_with_the_vietnamese_list(tmp_path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CCHC_", "DJANGO_"))}
    env["CCHC_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "serve"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "[security.W012]" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_setting_is_a_vietnamese_error_not_a_traceback(tmp_path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CCHC_", "DJANGO_"))}
    env.update(CCHC_DATA_DIR=str(tmp_path), CCHC_CSRF_TRUSTED_ORIGINS="cchc.sonoivu.gov.vn")
    result = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "serve"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi cấu hình: CCHC_CSRF_TRUSTED_ORIGINS: «cchc.sonoivu.gov.vn»")


def test_waitress_keeps_the_forwarded_headers_only_when_django_reads_one(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.USE_X_FORWARDED_HOST = False
    assert server.proxy_adjustments() == {}
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert server.proxy_adjustments() == {"clear_untrusted_proxy_headers": False}
