"""The quarter's cycle in a real browser: fill and save, see a finding, submit, return, approve."""

from __future__ import annotations

import re

from e2e.conftest import log_in

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"


def as_user(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, username)
    return page


def cell(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator(f'input[name="v-{code}"]')


def test_a_reporter_fills_a_form_sees_the_rate_live_and_saves(page, world) -> None:
    log_in(page, "bc-a")
    page.goto(ENTRY)
    cell(page, "BM3-3.1.1").fill("1.250")
    cell(page, "BM3-3.1.2").fill("1.200")
    # The computed rate is recomputed by the server as the reporter types, before saving.
    page.locator("#computed-BM3-3\\.1").filter(has_text="96,00").wait_for()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã lưu 2 thay đổi." in page.locator(".messages").inner_text()
    assert cell(page, "BM3-3.1.1").input_value() == "1.250"
    assert page.locator("#computed-BM3-3\\.1").inner_text() == "96,00"


def test_a_contradiction_shows_beside_its_row_and_text_is_refused(page, world) -> None:
    log_in(page, "bc-a")
    page.goto(ENTRY)
    cell(page, "BM3-3.1.1").fill("100")
    cell(page, "BM3-3.1.2").fill("120")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    row = page.locator("#row-BM3-3\\.1\\.2")
    assert "120" in row.locator(".finding.error").first.inner_text()
    cell(page, "BM3-3.1.2").fill("nhiều")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "«nhiều» không phải là số" in page.locator("#findings-BM3-3\\.1\\.2").inner_text()
    # What was typed is still there after the refusal.
    assert cell(page, "BM3-3.1.2").input_value() == "nhiều"


def test_submit_return_resubmit_approve(browser, live_server, world) -> None:
    reporter = as_user(browser, live_server, "bc-a")
    reporter.goto(ENTRY)
    cell(reporter, "BM3-3.1.1").fill("100")
    cell(reporter, "BM3-3.1.2").fill("98")
    reporter.get_by_role("button", name="Lưu").click()
    reporter.wait_for_load_state()
    reporter.get_by_role("button", name="Gửi Sở Nội vụ").click()
    reporter.get_by_role("button", name="Gửi", exact=True).click()
    reporter.wait_for_load_state()
    assert reporter.locator("#form-status").inner_text() == "Đã gửi"

    reviewer = as_user(browser, live_server, "thamdinh")
    reviewer.goto(ENTRY)
    reviewer.locator("#workflow-comment").fill("Đề nghị kiểm tra lại mục 3.1.2")
    reviewer.get_by_role("button", name="Trả lại").click()
    reviewer.wait_for_load_state()
    # Opened directly, not from the queue: back to the unit's forms, told which one was returned.
    assert reviewer.url.endswith("/ky/2023Q1/don-vi/so-tu-phap/")
    assert "Đã trả lại Biểu mẫu 3 cho Sở Tư pháp." in reviewer.locator(".messages").inner_text()
    reviewer.goto(ENTRY)
    assert reviewer.locator("#form-status").inner_text() == "Bị trả lại"

    reporter.goto(ENTRY)
    assert "Đề nghị kiểm tra lại mục 3.1.2" in reporter.locator(".events").inner_text()
    cell(reporter, "BM3-3.1.2").fill("99")
    reporter.get_by_role("button", name="Lưu").click()
    reporter.wait_for_load_state()
    reporter.get_by_role("button", name="Gửi Sở Nội vụ").click()
    reporter.get_by_role("button", name="Gửi", exact=True).click()
    reporter.wait_for_load_state()

    # From the queue this time: nothing else waits, so the reviewer is back at the start page, told so.
    reviewer.goto("/")
    reviewer.locator("#review-first").click()
    reviewer.wait_for_load_state()
    reviewer.get_by_role("button", name="Duyệt", exact=True).click()
    reviewer.wait_for_load_state()
    assert (
        "Đã duyệt biểu mẫu. Không còn biểu mẫu nào chờ duyệt." in reviewer.locator(".messages").inner_text()
    )
    reviewer.goto(ENTRY)
    assert reviewer.locator("#form-status").inner_text() == "Đã duyệt"
    reporter.goto(ENTRY)
    # Approved values are locked: no inputs any more.
    assert cell(reporter, "BM3-3.1.2").count() == 0
    assert re.search(r"\b99\b", reporter.locator("#row-BM3-3\\.1\\.2").inner_text())
