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
from pathlib import Path

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
    r"Page not found|Django"
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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("login", PAGES)
def test_every_page_of_a_role(browser, demo_url: str, shots: Path, login: str, width: str) -> None:  # type: ignore[no-untyped-def]
    view_width, view_height = WIDTHS[width]
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
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems.append(f"{path}: wider than the screen by {overflow} px")
            text = page.evaluate(VISIBLE_TEXT)
            leak = LEAKS.search(text)
            if leak:
                problems.append(f"{path}: shows {leak.group(0)!r}")
            if not page.title().strip():
                problems.append(f"{path}: no title")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
