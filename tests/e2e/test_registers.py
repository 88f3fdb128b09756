"""A unit adds a feedback item in the browser, the form fills itself, the home page shows what is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_reporter_adds_feedback_and_sees_bm3_fill_itself(page, world) -> None:
    log_in(page, "bc-a")
    page.get_by_role("link", name="Sổ theo dõi", exact=True).click()
    page.get_by_role("link", name="Phản ánh, kiến nghị (PAKN)").click()
    page.get_by_role("link", name="Thêm mục").click()
    # A date is typed day/month/year, as the box says (a browser's date field would show mm/dd/yyyy).
    assert page.get_by_label("Ngày tiếp nhận").get_attribute("placeholder") == "dd/mm/yyyy"
    page.get_by_label("Ngày tiếp nhận").fill("03/01/2023")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Phản ánh chậm trả kết quả lý lịch tư pháp")
    page.get_by_label("Hạn xử lý").fill("17/01/2023")
    page.get_by_label("Ngày xử lý xong").fill("10/01/2023")
    page.get_by_label("Kết quả xử lý").fill("Đã trả lời công dân")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã thêm vào sổ theo dõi." in page.locator(".messages").inner_text()
    assert "Phản ánh chậm trả kết quả lý lịch tư pháp" in page.locator("table.register").inner_text()

    page.goto("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/")
    assert page.locator("#sourced-BM3-3\\.4\\.1").inner_text() == "1"
    assert page.locator("#computed-BM3-3\\.4").inner_text() == "100,00"
    page.get_by_role("link", name="Sổ theo dõi phản ánh, kiến nghị").first.click()
    page.wait_for_load_state()
    assert "số liệu tính cho quý i năm 2023" in page.locator("#summary-title").inner_text().lower()


def test_the_home_page_lists_an_overdue_item(page, world) -> None:
    from cchc.web.registers.models import Feedback

    today = timezone.localdate()
    Feedback.objects.create(
        received_on=today - dt.timedelta(days=20),
        subject="PAKN chưa xử lý",
        unit=world.unit_a,
        due_on=today - dt.timedelta(days=6),
    )
    log_in(page, "bc-a")
    due = page.locator("section.due")
    assert "PAKN chưa xử lý" in due.inner_text() and "Quá hạn 6 ngày" in due.inner_text()


def test_the_reviewer_enters_a_task_of_the_provinces_plan_for_a_department_and_the_department_reports_it(
    page, world
) -> None:
    log_in(page, "thamdinh")
    page.goto("/so-theo-doi/ke-hoach/them/")
    page.get_by_label("Năm kế hoạch").fill("2023")
    page.get_by_label("Số thứ tự trong kế hoạch").fill("1")
    page.get_by_label("Kế hoạch của").select_option(label="UBND tỉnh Thanh Hóa")
    page.get_by_label("Nội dung nhiệm vụ").fill("Ban hành Kế hoạch rà soát văn bản năm 2023")
    page.get_by_label("Đơn vị chủ trì").select_option(label="Sở Tư pháp")
    page.get_by_label("Hạn theo quý").fill("1")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã thêm vào sổ theo dõi." in page.locator(".messages").inner_text()
    page.goto("/ky/2023Q1/don-vi/ubnd-tinh/bieu/1/")
    assert page.locator("#sourced-BM1-2\\.1").inner_text() == "1"

    page.context.clear_cookies()
    log_in(page, "bc-a")
    page.goto("/so-theo-doi/ke-hoach/")
    page.get_by_role("link", name="Ban hành Kế hoạch rà soát văn bản năm 2023").click()
    assert page.get_by_label("Nội dung nhiệm vụ").is_disabled()
    page.get_by_label("Ngày hoàn thành", exact=True).fill("16/02/2023")
    page.get_by_label("Số văn bản kết quả").fill("27/KH-UBND")
    page.get_by_label("Ngày văn bản kết quả").fill("16/02/2023")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã lưu." in page.locator(".messages").inner_text()
