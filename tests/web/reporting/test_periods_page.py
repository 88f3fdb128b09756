"""Periods are opened by type and year, with the schedule's dates, never typed; the list says what is due."""

from __future__ import annotations

import datetime as dt

from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.period_views import due_text


def test_sở_nội_vụ_opens_a_period_by_its_type_and_year(world) -> None:  # type: ignore[no-untyped-def]
    client = world.client(world.reviewer)
    answer = client.post("/ky/mo/", {"loai": "Y", "nam": "2026"}, follow=True)
    period = ReportingPeriod.objects.get(code="2026Y")
    assert (period.window_start, period.window_end, period.unit_deadline, period.deadline) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 16),
        dt.date(2026, 12, 20),
    )
    assert (period.template, period.is_open) == ("bnv-581-hai-cap", True)
    page = answer.content.decode()
    assert (
        "Đã mở kỳ năm 2026: chốt số liệu 15/12/2025 – 14/12/2026, đơn vị gửi trước 16/12/2026, gửi Bộ Nội vụ "
        "trước 20/12/2026 (mẫu biểu bnv-581-hai-cap)." in page
    )
    assert 'id="ky-2026Y"' in page and 'id="ky-2023Q1"' in page
    again = client.post("/ky/mo/", {"loai": "Y", "nam": "2026"}, follow=True).content.decode()
    assert "Kỳ năm 2026 đã mở từ trước." in again
    assert ReportingPeriod.objects.filter(code="2026Y").count() == 1
    six_months = client.post("/ky/mo/", {"loai": "H1", "nam": "2025"}, follow=True)
    assert ReportingPeriod.objects.get(code="2025H1").template == "bnv-581"  # cut off before 1/7/2025
    assert six_months.status_code == 200


def test_a_bad_type_or_year_is_refused_and_nothing_is_made(world) -> None:  # type: ignore[no-untyped-def]
    client = world.client(world.reviewer)
    for data in ({"loai": "Q5", "nam": "2026"}, {"loai": "Y", "nam": "26"}, {"loai": "Y", "nam": "2026; x"}):
        page = client.post("/ky/mo/", data, follow=True).content.decode()
        assert "Chọn loại kỳ báo cáo và ghi năm bằng bốn chữ số (ví dụ 2026)." in page
    assert list(ReportingPeriod.objects.values_list("code", flat=True)) == ["2023Q1"]


def test_only_sở_nội_vụ_opens_and_closes_periods(world) -> None:  # type: ignore[no-untyped-def]
    reporter = world.client(world.reporter_a)
    assert reporter.get("/ky/").status_code == 403
    assert reporter.post("/ky/mo/", {"loai": "Y", "nam": "2026"}).status_code == 403
    assert reporter.post("/ky/2023Q1/dong/").status_code == 403
    viewer = world.client(world.viewer).get("/ky/").content.decode()
    assert 'id="ky-2023Q1"' in viewer and "Mở kỳ" not in viewer and "Đóng kỳ" not in viewer
    reviewer = world.client(world.reviewer)
    reviewer.post("/ky/2023Q1/dong/")
    assert not ReportingPeriod.objects.get(code="2023Q1").is_open
    reviewer.post("/ky/2023Q1/dong/", {"mo-lai": "1"})
    assert ReportingPeriod.objects.get(code="2023Q1").is_open


def test_no_period_is_added_with_typed_dates_in_the_admin(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.client(world.admin)
    assert admin.get("/quan-tri/reporting/reportingperiod/add/").status_code == 403
    change = admin.get(f"/quan-tri/reporting/reportingperiod/{world.period.pk}/change/").content.decode()
    assert 'name="window_end"' not in change and 'name="is_open"' in change


def test_the_list_says_where_an_open_period_stands(world) -> None:  # type: ignore[no-untyped-def]
    period = world.period  # Quý I/2023: cut-off 14/3, units by 16/3, Bộ Nội vụ by 20/3
    assert due_text(period, dt.date(2023, 3, 4)) == "chốt số liệu sau 10 ngày"
    assert due_text(period, dt.date(2023, 3, 15)) == "đơn vị gửi trong 1 ngày"
    assert due_text(period, dt.date(2023, 3, 16)) == "đơn vị gửi hôm nay"
    assert due_text(period, dt.date(2023, 3, 18)) == "gửi Bộ Nội vụ trong 2 ngày"
    assert due_text(period, dt.date(2023, 4, 1)) == "quá hạn gửi Bộ Nội vụ 12 ngày"
    period.is_open = False
    assert due_text(period, dt.date(2023, 3, 4)) == ""
