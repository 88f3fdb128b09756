"""The period's findings run every rule `cchc check` runs on the report written from them: the
figures, the notes, and the paragraphs the province wrote, read against the aggregate."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.checker import check_file
from cchc.core.catalogue import Severity
from cchc.core.validation import Finding
from cchc.documents.writer import write_docx
from cchc.web.reporting.services import period_findings, save_values, submission_for
from cchc.web.reports.models import ReportText
from cchc.web.reports.services import report_data, report_problems
from web.conftest import World

pytestmark = pytest.mark.django_db

# How the document itself is laid out (rows, names, units, forms printed) is the checker's alone.
_LAYOUT_ONLY = ("unmapped-row", "duplicate-row", "row-name-mismatch", "unit-", "form-missing")


def key(finding: Finding) -> tuple[object, ...]:
    return (finding.rule, finding.severity, finding.codes, finding.expected, finding.actual, finding.message)


def test_a_figure_the_provinces_text_contradicts_is_found_on_the_web_as_in_the_report(
    world: World, tmp_path: Path
) -> None:
    save_values(
        submission_for(world.province, world.period, 1), world.reviewer, {"BM1-1": ("12", "Quý I năm 2022")}
    )
    ReportText.objects.create(
        period=world.period,
        texts={
            "chi_dao": "Trong quý, UBND tỉnh đã ban hành 15 văn bản chỉ đạo CCHC.\n\nCác sở triển khai kế hoạch."
        },
    )
    path = tmp_path / "bao-cao.docx"
    write_docx(report_data(world.period), path, charts=False)
    checked = sorted(key(f) for f in check_file(path).findings if not f.rule.startswith(_LAYOUT_ONLY))
    web = sorted(key(found.finding) for found in period_findings(world.period) if found.unit is None)
    assert web == checked
    rules = {(rule, severity) for rule, severity, *_ in web}
    assert rules == {
        ("narrative-vs-table", Severity.ERROR),
        ("note-period", Severity.ERROR),
        ("section-unwritten", Severity.ERROR),
    }
    # The two sections no figure speaks for, unwritten: the same two on the web and in the file.
    assert [message for rule, _, _, _, _, message in web if rule == "section-unwritten"] == [
        "Mục I.3. Về công tác tuyên truyền cải cách hành chính: chưa soạn nội dung (báo cáo in dòng "
        "«[Chưa soạn nội dung mục này]»). Soạn mục này rồi lập lại báo cáo.",
        "Mục III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới: chưa soạn nội dung (báo cáo in dòng "
        "«[Chưa soạn nội dung mục này]»). Soạn mục này rồi lập lại báo cáo.",
    ]
    # The download's confirmation counts the figures' two errors and lists the two sections apart.
    problems = report_problems(world.period)
    assert len(problems.errors) == 2
    assert any("Thuyết minh ghi 15 văn bản" in text and "phụ lục ghi 12" in text for text in problems.errors)
    assert [heading for _, heading in problems.unwritten] == [
        "I.3. Về công tác tuyên truyền cải cách hành chính",
        "III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới",
    ]


def test_a_text_that_agrees_with_the_tables_adds_nothing(world: World, tmp_path: Path) -> None:
    save_values(submission_for(world.province, world.period, 1), world.reviewer, {"BM1-1": ("12", None)})
    ReportText.objects.create(
        period=world.period,
        texts={
            "chi_dao": "Trong quý, UBND tỉnh đã ban hành 12 văn bản chỉ đạo CCHC.",
            "tuyen_truyen": "Công tác tuyên truyền được đẩy mạnh.",
            "nhiem_vu": "1. Tiếp tục cải cách thủ tục hành chính.\n2. Đẩy mạnh chuyển đổi số.",
        },
    )
    path = tmp_path / "bao-cao.docx"
    write_docx(report_data(world.period), path, charts=False)
    assert [f.rule for f in check_file(path).findings if not f.rule.startswith(_LAYOUT_ONLY)] == []
    assert period_findings(world.period) == []
