"""End-to-end tests in headless Chromium: the system browser driven by Playwright, against live_server.

The browser is Debian's /usr/bin/chromium (Playwright never downloads one here). Without it these tests
skip on a developer's machine and fail in CI (CCHC_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DemoServer
from web.conftest import PASSWORD, World, make_world

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# synchronous, one at a time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CCHC_REQUIRE_BROWSER"):
            pytest.fail("Chromium (/usr/bin/chromium) is required: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db: None) -> World:
    return make_world()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the login form."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def demo_url(demo_server: DemoServer) -> str:
    """The URL of the session's demo server (tests/conftest.py), once it answers."""
    if not CHROMIUM.exists():
        if os.environ.get("CCHC_REQUIRE_BROWSER"):
            pytest.fail("Chromium (/usr/bin/chromium) is required: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return demo_server.wait()
