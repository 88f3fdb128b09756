"""The generated Word report read back by `cchc check` gives every appendix value and no finding."""

from __future__ import annotations

from pathlib import Path

from cchc.checker import check_file
from cchc.core.numbers import CellKind
from cchc.documents.writer import ReportData


def test_the_checker_reads_back_every_appendix_value(report: ReportData, report_docx: Path) -> None:
    result = check_file(report_docx)
    rows = [row for row in report.catalogue.rows.values() if row.has_value]
    assert set(result.values) >= {row.code for row in rows}
    for row in rows:
        written, read = report.cell(row.code), result.values[row.code]
        assert read.kind is written.kind, row.code
        if written.kind is CellKind.NUMBER:
            assert read.number == written.number, row.code


def test_a_consistent_report_has_no_finding(report_docx: Path) -> None:
    result = check_file(report_docx)
    assert [finding.message for finding in result.findings] == []


def test_the_checker_finds_the_period_and_the_province(report_docx: Path) -> None:
    result = check_file(report_docx)
    assert result.report.province == "Thanh Hóa"
    assert result.report.period is not None and result.report.period.code == "2023Q1"


def test_notes_are_read_back_with_their_rows(report: ReportData, report_docx: Path) -> None:
    printed = {row.code: row.note for row in check_file(report_docx).report.rows if row.code}
    assert printed["BM3-1.3"] == "51 bãi bỏ, 168 sửa đổi"
    assert all(printed[code] == note for code, note in report.notes.items())
