"""The Content-Security-Policy in a real browser: every main page works under it without one violation.

Chromium reports each blocked script, style or eval as a `securitypolicyviolation` event and a console
error; the test collects both on every page, fails on any, and checks the charts are still drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.web.security import POLICY
from e2e.conftest import log_in
from web.dashboard.test_dashboard import fill

# What the browser blocks depends on the pages' markup and headers, not on the database.
pytestmark = [pytest.mark.browser, pytest.mark.backend_neutral]

HAND_CHECKED = Path(__file__).parents[1] / "dossiers" / "data" / "hand-checked-2023q1.csv"
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watch:
    """The CSP violations, CSP console messages and uncaught errors of one browser page."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.problems: list[str] = []
        page.expose_function("cspViolation", lambda text: self.problems.append(f"{page.url}: {text}"))
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str, heading: str | None = None) -> None:
        """Open a page, check its policy header and its heading, and let its scripts run."""
        response = self.page.goto(path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"] == POLICY
        if heading is None:
            self.page.locator("h1").first.wait_for()
        else:
            self.page.get_by_role("heading", name=heading).first.wait_for()
        self.page.wait_for_load_state("networkidle")


def test_the_main_pages_run_under_the_policy_without_a_violation(page, world, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    fill(world)
    watch = Watch(page)
    watch.visit("/dang-nhap/", "Đăng nhập")
    log_in(page, "bc-a")
    watch.visit("/", "Báo cáo cải cách hành chính")
    watch.visit("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/", "Biểu mẫu 3")
    # The live preview is an htmx request: type into a cell and see the server's recomputed rate.
    page.locator('input[name="v-BM3-3.1.1"]').fill("600")
    page.locator("#computed-BM3-3\\.1").filter(has_text="80,50").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, "thamdinh")
    watch.visit("/ky/2023Q1/", "Quý I năm 2023: tình hình báo cáo của các đơn vị")
    watch.visit("/ky/2023Q1/tong-hop/", "Tổng hợp số liệu toàn tỉnh")
    watch.visit("/ky/2023Q1/kiem-tra/", "Kết quả kiểm tra số liệu — Quý I năm 2023")
    watch.visit("/tong-quan/", "Tổng quan")
    charts = page.locator("[data-chart]")
    assert charts.count() == 3
    for index in range(charts.count()):
        charts.nth(index).locator("svg").wait_for()
        # Vega drew marks (bars, points), not an empty frame.
        assert charts.nth(index).locator("svg path, svg .mark-symbol path").count() > 0
    assert "Không vẽ được biểu đồ" not in page.locator("main").inner_text()
    # A tooltip runs expressions through the interpreter and styles an element: both allowed.
    page.locator("#bieu-do-dung-han-theo-cap svg .mark-rect path").first.hover()
    page.locator("#vg-tooltip-element.visible").wait_for()
    watch.visit("/so-theo-doi/", "Sổ theo dõi")
    watch.visit("/ky/2023Q1/bao-cao/", "Báo cáo CCHC của tỉnh — Quý I năm 2023")
    watch.visit("/ho-so/", "Số liệu hồ sơ thủ tục hành chính")
    page.get_by_label("Bảng ánh xạ cột").select_option("cchc")
    page.locator("input[name=files]").set_input_files(str(HAND_CHECKED))
    page.get_by_role("button", name="Nhập và tính số liệu").click()
    page.get_by_role(
        "heading", name="Kết quả giải quyết TTHC theo lĩnh vực và cấp (Biểu 06/VPCP/KSTT)"
    ).wait_for()
    # The unit picker's script narrows the list as one types.
    watch.visit(f"/nguoi-dung/{world.reporter_a.pk}/")
    page.get_by_label("Lọc đơn vị theo tên").fill("nga son")
    assert page.locator(".unit-picker input[type=checkbox]:visible").count() == 1
    watch.visit("/api/docs", "Giao diện lập trình (API) của cchc")
    assert watch.problems == []


def test_the_watch_sees_a_violation_when_a_page_breaks_the_policy(page, world) -> None:
    watch = Watch(page)
    watch.visit("/dang-nhap/", "Đăng nhập")
    page.evaluate(
        "() => document.head.append(Object.assign(document.createElement('style'), {textContent: 'b {}'}))"
    )
    page.wait_for_function("() => true")  # one round trip: the event's report reaches Python first
    assert any("style-src" in problem for problem in watch.problems)


def test_the_admin_site_runs_under_the_policy_without_a_violation(page, world) -> None:
    watch = Watch(page)
    log_in(page, "quantri")
    for path in (
        "/quan-tri/",
        "/quan-tri/org/orgunit/",
        f"/quan-tri/org/orgunit/{world.unit_a.pk}/change/",
        "/quan-tri/auth/user/add/",
    ):
        watch.visit(path)
    assert watch.problems == []
