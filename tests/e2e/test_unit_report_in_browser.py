"""A unit's own Word report on the reviewer's path in Chromium: its contradictions beside the unit's forms,
on the entry page beside the row, and a report of another unit refused in one line.

Screenshots go to $CCHC_SCREENSHOTS (a temporary folder by default) to be looked at.
"""

from __future__ import annotations

from pathlib import Path

from cchc.web.reports.unit_reports import BEING_READ_AGAIN, read_again_stale
from e2e.conftest import log_in
from e2e.test_reviewer_day import shots, snap  # noqa: F401  (the fixture is used by name)
from web.reports.test_unit_reports import enter, the_report
from web.reports.test_unit_reports_read_again import sent_then_corrected

UNIT = "/ky/2023Q1/don-vi/so-tu-phap/"


def send_report(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(UNIT + "bao-cao/")
    page.locator('input[type="file"][name="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Gửi báo cáo", exact=True).click()
    page.wait_for_load_state()


def test_the_reports_contradiction_is_beside_the_units_forms_for_reporter_and_reviewer(
    page,
    world,
    tmp_path,
    shots,  # noqa: F811
) -> None:
    enter(world, on_time="1.245")
    report = tmp_path / "bao-cao.docx"
    report.write_bytes(the_report(tmp_path))
    log_in(page, "bc-a")
    send_report(page, report)
    assert "với biểu mẫu đã nhập: không thấy mâu thuẫn." in page.locator("main").inner_text()
    enter(world, on_time="1.240")  # the form changes after the report was sent
    page.goto(UNIT + "bieu/3/")
    # Until the server has read the report again against the new figures, the form says so.
    summary = page.locator("#findings-summary").inner_text()
    assert BEING_READ_AGAIN in summary and "1 cảnh báo" in summary
    snap(page, shots, "bao-cao-don-vi-dang-doc-lai")
    read_again_stale([world.period.pk])  # the server's background work after the change
    page.reload()
    beside = page.locator("#findings-BM3-3\\.1\\.2").inner_text()
    assert (
        "Báo cáo Word của đơn vị: Số hồ sơ TTHC giải quyết đúng hạn: phụ lục của báo cáo ghi «1.245»"
        in beside
    )
    assert "(Phụ lục, Biểu mẫu 3, mục 3.1.2)" in beside
    snap(page, shots, "bao-cao-don-vi-canh-dong")

    page.context.clear_cookies()
    log_in(page, "thamdinh")
    page.goto(UNIT)
    banner = page.locator("p.finding.error").first.inner_text()
    assert banner.startswith("Báo cáo Word của đơn vị mâu thuẫn với số liệu đã nhập: ")
    assert page.locator("#form-3").get_by_role("link", name="báo cáo Word: 3 lỗi").is_visible()
    snap(page, shots, "bao-cao-don-vi-tham-dinh")


def test_another_units_report_is_refused_in_one_line(page, world, tmp_path, shots) -> None:  # noqa: F811
    report = tmp_path / "bao-cao.docx"
    report.write_bytes(the_report(tmp_path, issuer="UBND HUYỆN NGA SƠN"))
    log_in(page, "bc-a")
    send_report(page, report)
    message = page.locator(".messages").inner_text()
    assert message.strip() == (
        "Chưa nhận tệp «bao-cao.docx»: đây là báo cáo của UBND huyện Nga Sơn (tiêu đề ghi «UBND HUYỆN NGA "
        "SƠN»), không phải của Sở Tư pháp. Hãy gửi báo cáo của Sở Tư pháp."
    )
    snap(page, shots, "bao-cao-don-vi-khac")


def test_a_report_being_read_again_is_said_so_on_the_reviewers_pages(
    page,
    world,
    tmp_path,
    shots,  # noqa: F811
) -> None:
    sent_then_corrected(world, tmp_path)  # the report's result against the new figures is not known yet
    log_in(page, "thamdinh")
    page.goto(UNIT)
    assert page.locator("p.finding.warning").first.inner_text().startswith(BEING_READ_AGAIN)
    snap(page, shots, "bao-cao-dang-doc-lai-don-vi")
    page.goto("/ky/2023Q1/kiem-tra/")
    row = page.get_by_role("row").filter(has_text=BEING_READ_AGAIN)
    assert row.get_by_role("link", name="Xem báo cáo của đơn vị").is_visible()
    snap(page, shots, "bao-cao-dang-doc-lai-kiem-tra")
    page.goto(UNIT + "duyet/")
    assert page.locator("main").inner_text().count(BEING_READ_AGAIN) == 2  # forms 1 and 3 left out
    snap(page, shots, "bao-cao-dang-doc-lai-duyet")
