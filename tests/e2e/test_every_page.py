"""Every page a role uses, on the real demo server, at desktop and phone widths.

The README's own command (`cchc demo`) serves the demo on a throw-away data folder (always SQLite, whatever
DATABASE_URL says); each role logs in through the login form and opens its pages at 1366 px and 390 px.
Each page must answer without an error, fit the width of the screen (a wide table scrolls inside its
own box, the page does not), and show nothing of the machinery: no English error, no template syntax, no
"None". A screenshot of each is written to CCHC_SCREENSHOTS (default: the test's temporary folder) so a
person can look at them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CHROMIUM

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
    ],
    "sotuphap": [
        "/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bieu/1/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bieu/4/",
        f"/ky/{OPEN}/don-vi/so-tu-phap/bao-cao/",
        "/so-theo-doi/",
    ],
    "hacthanh": [
        "/",
        f"/ky/{OPEN}/don-vi/phuong-hac-thanh/",
        f"/ky/{OPEN}/don-vi/phuong-hac-thanh/bieu/2/",
    ],
    "xem": ["/", "/tong-quan/", f"/ky/{OPEN}/tong-hop/"],
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CCHC_REQUIRE_BROWSER"):
            pytest.fail("Chromium (/usr/bin/chromium) is required: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    data = tmp_path_factory.mktemp("demo-data")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["CCHC_DATA_DIR"] = str(data)
    log = (data / "demo.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail(f"cchc demo stopped: {(data / 'demo.log').read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(f"{url}/dang-nhap/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("cchc demo did not answer in 120 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


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
