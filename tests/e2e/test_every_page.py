"""Every page a role uses, on the real demo server, at desktop and phone widths.

The README's own command (`cchc demo`) serves the demo on a throw-away data folder (always SQLite, whatever
DATABASE_URL says; one server for the session, `demo_url` in conftest.py); each role logs in through the
login form and opens its pages at 1366 px and 390 px.
Each page must answer without an error, fit the width of the screen (a wide table scrolls inside its
own box, the page does not), and show nothing of the machinery: no English error, no template syntax, no
"None". A screenshot of each is written to CCHC_SCREENSHOTS (default: the test's temporary folder) so a
person can look at them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The demo server is SQLite whatever DATABASE_URL says: the PostgreSQL run would repeat the same test.
pytestmark = pytest.mark.backend_neutral

PASSWORD = "cchc-demo-2023"
OPEN = "2026Y"

# role login → the pages that role works with (paths on the demo).
PAGES: dict[str, list[str]] = {
    "thamdinh": [
        "/",
        "/ky/",
        f"/ky/{OPEN}/",
        f"/ky/{OPEN}/tong-hop/",
        f"/ky/{OPEN}/tong-hop/BM4-1.5/",
        f"/ky/{OPEN}/kiem-tra/",
        f"/ky/{OPEN}/bao-cao/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bieu/1/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bao-cao/",
        "/ky/2023Q1/tong-hop/",
        "/tong-quan/",
        "/so-theo-doi/",
        "/so-theo-doi/ke-hoach/",
        "/so-theo-doi/pakn/",
        "/so-theo-doi/nhiem-vu-giao/",
        "/nguoi-dung/",
        "/nguoi-dung/them/",
        "/ho-so/",
        "/ho-so/lich/",
        "/danh-sach-don-vi/",
        "/tai-khoan/khoa-api/",
        "/chi-so-cchc/",
        "/chi-so-cchc/2025/",
        "/chi-so-cchc/2025/tu-danh-gia/",
        "/chi-so-cchc/2025/don-vi/so-xay-dung-2025/",
        "/chi-so-cchc/2026/dieu-tra/",
    ],
    "sotuphap": [
        "/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bieu/1/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bieu/4/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bao-cao/",
        "/so-theo-doi/",
        "/chi-so-cchc/",
        "/chi-so-cchc/2026/don-vi/so-tu-phap/",
        "/chi-so-cchc/2025/",
    ],
    "hacthanh": [
        "/",
        f"/ky/{OPEN}/don-vi/phuong-hac-thanh/",
        f"/ky/{OPEN}/don-vi/phuong-hac-thanh/bieu/2/",
        "/chi-so-cchc/2026/don-vi/phuong-hac-thanh/",
    ],
    "xem": ["/", "/tong-quan/", f"/ky/{OPEN}/tong-hop/", "/chi-so-cchc/2025/"],
    "quantri": ["/", "/quan-tri/", "/ky/"],
}
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

# What a user must never read: machinery leaking through.
LEAKS = re.compile(
    r"\bNone\b|\bnull\b|undefined|NaN|Traceback|Forbidden|Not Found|Server Error|Http404|\{\{|\{%|"
    r"Page not found|Django|\{#"
)
# The page's text without the tags a page shows as code on purpose (a Word template's placeholders).
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll("code, script, style, template").forEach((node) => node.remove());
  return body.textContent;
}"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CCHC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@contextmanager
def logged_in(browser, demo_url: str, login: str, viewport: tuple[int, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page of a new browser context with this window size, logged in as `login` through the login form."""
    view_width, view_height = viewport
    context = browser.new_context(
        base_url=demo_url, locale="vi-VN", viewport={"width": view_width, "height": view_height}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(login)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        yield page
    finally:
        context.close()


def overflow(page) -> int:  # type: ignore[no-untyped-def]
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(page.evaluate("Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("login", PAGES)
def test_every_page_of_a_role(browser, demo_url: str, shots: Path, login: str, width: str) -> None:  # type: ignore[no-untyped-def]
    with logged_in(browser, demo_url, login, WIDTHS[width]) as page:
        problems: list[str] = []
        for path in PAGES[login]:
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            name = f"{login}-{width}-{path.strip('/').replace('/', '_') or 'home'}.png"
            page.screenshot(path=str(shots / name), full_page=True)
            status = response.status if response else 0
            if status >= 400:
                problems.append(f"{path}: HTTP {status}")
                continue
            if overflow(page):
                problems.append(f"{path}: wider than the screen by {overflow(page)} px")
            text = page.evaluate(VISIBLE_TEXT)
            leak = LEAKS.search(text)
            if leak:
                problems.append(f"{path}: shows {leak.group(0)!r}")
            if not page.title().strip():
                problems.append(f"{path}: no title")
        assert not problems, "\n".join(problems)


# Every link and button of the header: the pages, then the account's own (password, API keys, log out).
HEADER_ITEMS = "header.topbar nav a, header.topbar .who a, header.topbar .who button"
# Whether each of them is drawn, whole, inside the window.
INSIDE = """(selector) => [...document.querySelectorAll(selector)].map((item) => {
  const box = item.getBoundingClientRect();
  return [item.textContent.trim(), box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth];
})"""
# The line each of them is drawn on (the middle of its box).
LINES = """(selector) => [...document.querySelectorAll(selector)].map((item) => {
  const box = item.getBoundingClientRect();
  return Math.round(box.top + box.height / 2);
})"""


@pytest.mark.parametrize("login", PAGES)
def test_the_menu_of_a_role_is_reachable_at_phone_and_desktop_width(
    browser, demo_url: str, shots: Path, login: str
) -> None:  # type: ignore[no-untyped-def]
    with logged_in(browser, demo_url, login, WIDTHS["desktop"]) as page:
        switch = page.locator("header summary", has_text="Menu")
        assert not switch.is_visible()
        items = page.evaluate(INSIDE, HEADER_ITEMS)
        assert len(items) >= 5 and all(inside for _, inside in items), items
        # At 1366 px, the office screen, the brand, the pages and the account are one line.
        lines = page.evaluate(LINES, f"header.topbar .brand, {HEADER_ITEMS}")
        assert max(lines) - min(lines) <= 4, lines
        page.screenshot(path=str(shots / f"menu-{login}-desktop.png"))
        # A tablet: the same items, wrapped under the brand, none past the edge.
        page.set_viewport_size({"width": 768, "height": 1024})
        assert page.evaluate(INSIDE, HEADER_ITEMS) == [[name, True] for name, _ in items]
        assert overflow(page) == 0
        assert not switch.is_visible()
    with logged_in(browser, demo_url, login, WIDTHS["phone"]) as page:
        switch = page.locator("header summary", has_text="Menu")
        # Closed: the brand and «Menu», nothing wider than the window.
        assert switch.is_visible()
        assert not page.locator("header nav").is_visible()
        assert overflow(page) == 0
        page.screenshot(path=str(shots / f"menu-{login}-phone.png"))
        switch.click()
        # Open: every item of the desktop's menu, each whole inside the window.
        assert [name for name, _ in page.evaluate(INSIDE, HEADER_ITEMS)] == [name for name, _ in items]
        hidden = [name for name, inside in page.evaluate(INSIDE, HEADER_ITEMS) if not inside]
        assert not hidden, f"outside the window at 390 px: {hidden}"
        assert overflow(page) == 0
        page.screenshot(path=str(shots / f"menu-{login}-phone-open.png"))
        # The last page of the menu opens from there (for the viewer and the reviewer it sat past the edge).
        last = page.locator("header nav a").last
        target = last.get_attribute("href")
        last.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == target
        assert not page.locator("header nav").is_visible()
