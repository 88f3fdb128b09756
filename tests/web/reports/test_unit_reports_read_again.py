"""A unit's Word report is read again in the background after its figures change; pages never wait for it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cchc.web.reporting.models import Status, Submission
from cchc.web.reporting.services import approve_clean, clean_forms, save_values, submission_for, transition
from cchc.web.reports.models import UnitReport
from cchc.web.reports.unit_reports import (
    BEING_READ_AGAIN,
    _refresher,
    read_again_after_changes,
    read_again_stale,
    receive_report,
)
from web.conftest import World
from web.reports.test_unit_reports import enter, send, the_report

pytestmark = pytest.mark.django_db

FINDINGS = "/ky/2023Q1/kiem-tra/"
UNIT_PAGE = "/ky/2023Q1/don-vi/so-tu-phap/"
REPORT_PAGE = UNIT_PAGE + "bao-cao/"
OLD_ERROR = "phụ lục của báo cáo ghi «1.245» nhưng biểu mẫu đơn vị đã nhập ghi «1.240»"


def sent_then_corrected(world: World, tmp_path: Path) -> UnitReport:
    """Sở Tư pháp sends its report while its form says 1.240 on time (the report's 1.245 contradicts it),
    then corrects the form to 1.245 and sends forms 1 and 3: the kept result is stale."""
    enter(world, on_time="1.240")
    send(world, the_report(tmp_path))
    enter(world, on_time="1.245")
    for form in (1, 3):
        transition(submission_for(world.unit_a, world.period, form), world.reporter_a, "submit")
    return UnitReport.objects.get(unit=world.unit_a)


def sent_forms(world: World) -> list[int]:
    return list(
        Submission.objects.filter(unit=world.unit_a, status=Status.SUBMITTED).values_list("pk", flat=True)
    )


def test_a_page_with_a_stale_report_says_it_is_being_read_again_and_does_not_read_it(
    world: World, tmp_path: Path
) -> None:
    before = sent_then_corrected(world, tmp_path)
    assert any(OLD_ERROR in item["message"] for item in before.findings)
    reviewer = world.client(world.reviewer)
    findings = reviewer.get(FINDINGS).content.decode()
    assert BEING_READ_AGAIN in findings
    assert OLD_ERROR not in findings  # the old result is not shown as current
    unit_page = reviewer.get(UNIT_PAGE).content.decode()
    assert BEING_READ_AGAIN in unit_page and "mâu thuẫn với số liệu đã nhập" not in unit_page
    # Nothing was read in those requests: the kept result is still the one against the old figures.
    after = UnitReport.objects.get(pk=before.pk)
    assert (after.checked_figures, after.findings) == (before.checked_figures, before.findings)
    # Bulk approval leaves every sent form of the unit out, saying why, until the result is known.
    listed = {item.submission.form: item.reason for item in clean_forms(world.reviewer, world.period)}
    assert (listed[1], listed[3]) == (BEING_READ_AGAIN, BEING_READ_AGAIN)
    approved, left = approve_clean(world.reviewer, world.period, sent_forms(world))
    assert approved == [] and len(left) == 2


def test_the_background_work_reads_only_the_stale_reports_again_and_keeps_the_result(
    world: World, tmp_path: Path
) -> None:
    other = receive_report(
        world.unit_b, world.period, world.reporter_b, "bc.docx", the_report(tmp_path, "PHÒNG HÀNH CHÍNH")
    )
    sent_then_corrected(world, tmp_path)
    assert read_again_stale([world.period.pk]) == ["Sở Tư pháp"]
    assert read_again_stale([world.period.pk]) == []  # nothing stale is left
    assert UnitReport.objects.get(pk=other.pk).checked_figures == other.checked_figures
    report = UnitReport.objects.get(unit=world.unit_a)
    assert report.errors == 0
    findings = world.client(world.reviewer).get(FINDINGS).content.decode()
    assert BEING_READ_AGAIN not in findings and OLD_ERROR not in findings
    approved, left = approve_clean(world.reviewer, world.period, sent_forms(world))
    assert sorted(s.form for s in approved) == [1, 3] and left == []


def test_a_report_that_cannot_be_read_again_says_so_until_it_is_sent_again(
    world: World, tmp_path: Path
) -> None:
    report = sent_then_corrected(world, tmp_path)
    UnitReport.objects.filter(pk=report.pk).update(content=b"no longer a Word file")
    assert read_again_stale([world.period.pk]) == ["Sở Tư pháp"]
    findings = world.client(world.reviewer).get(FINDINGS).content.decode()
    assert (
        "Báo cáo Word của đơn vị: Chưa đọc lại được báo cáo theo số liệu mới: Tệp «Báo cáo của đơn vị» không "
        "phải tài liệu Word (.docx) hợp lệ" in findings
    )
    assert "Hãy gửi lại báo cáo." in findings and BEING_READ_AGAIN not in findings
    listed = {item.submission.form: item.reason for item in clean_forms(world.reviewer, world.period)}
    assert listed[1].startswith("còn 1 lỗi: Báo cáo Word của đơn vị: Chưa đọc lại được báo cáo")


def test_the_reports_own_page_reads_it_again_at_once(world: World, tmp_path: Path) -> None:
    report = sent_then_corrected(world, tmp_path)
    page = world.client(world.reporter_a).get(REPORT_PAGE).content.decode()
    assert "với biểu mẫu đã nhập: không thấy mâu thuẫn." in page and BEING_READ_AGAIN not in page
    assert UnitReport.objects.get(pk=report.pk).checked_figures != report.checked_figures


def test_the_server_reads_a_stale_report_again_once_a_save_commits(
    world: World, transactional_db: None, tmp_path: Path
) -> None:
    """The whole path as in `cchc serve`: a save commits, a thread of the server reads the report again
    without a visitor, and the next visit shows its result."""
    enter(world, on_time="1.240")
    sent = send(world, the_report(tmp_path))
    assert "3 lỗi" in sent
    kept = UnitReport.objects.get().checked_figures
    read_again_after_changes()
    try:
        save_values(
            submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("1.245", None)}
        )
        for _ in range(600):
            if UnitReport.objects.get().checked_figures != kept:
                break
            time.sleep(0.1)
    finally:
        _refresher.stop()
        assert _refresher.wait_idle()  # nothing written beside the next test
    assert UnitReport.objects.get().errors == 0
    findings = world.client(world.reviewer).get(FINDINGS).content.decode()
    assert BEING_READ_AGAIN not in findings and OLD_ERROR not in findings
