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
from cchc.web.reports.services import period_errors, report_data
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
    assert rules == {("narrative-vs-table", Severity.ERROR), ("note-period", Severity.ERROR)}
    # The download's confirmation counts both.
    errors = period_errors(world.period)
    assert len(errors) == 2
    assert any("Thuyết minh ghi 15 văn bản" in text and "phụ lục ghi 12" in text for text in errors)


def test_a_text_that_agrees_with_the_tables_adds_nothing(world: World, tmp_path: Path) -> None:
    save_values(submission_for(world.province, world.period, 1), world.reviewer, {"BM1-1": ("12", None)})
    ReportText.objects.create(
        period=world.period, texts={"chi_dao": "Trong quý, UBND tỉnh đã ban hành 12 văn bản chỉ đạo CCHC."}
    )
    path = tmp_path / "bao-cao.docx"
    write_docx(report_data(world.period), path, charts=False)
    assert [f.rule for f in check_file(path).findings if not f.rule.startswith(_LAYOUT_ONLY)] == []
    assert period_findings(world.period) == []
