"""The main menu in Chromium: the entry of the page shown is marked (aria-current) at both widths, and on
a 390 px phone Esc folds the opened menu. Photographed into $CCHC_SCREENSHOTS (a temporary folder by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.conftest import log_in
from e2e.test_reviewer_day import shots  # noqa: F401  (the fixture is used by name)

pytestmark = pytest.mark.browser


def test_esc_folds_the_phone_menu_and_the_current_page_is_marked(page, world, shots: Path) -> None:  # noqa: F811
    log_in(page, "thamdinh")
    page.goto("/ky/2023Q1/")
    menu = page.locator("#main-menu")
    current = menu.locator('a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text() == "Kỳ báo cáo"
    page.screenshot(path=str(shots / "trinh-don-1366.png"))

    page.set_viewport_size({"width": 390, "height": 800})
    switch = page.locator("details.menu-switch")
    assert not menu.is_visible()
    switch.locator("summary").click()
    assert menu.is_visible() and current.is_visible()
    page.screenshot(path=str(shots / "trinh-don-mo-390.png"))
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert switch.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.screenshot(path=str(shots / "trinh-don-dong-390.png"))

    page.goto("/")
    assert menu.locator('a[aria-current="page"]').inner_text() == "Trang chủ"
