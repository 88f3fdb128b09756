"""The demo's Quý I/2023 province report, written from the database and read back by the checker."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx

from cchc.checker import CheckResult, check_file
from cchc.core.catalogue import Severity
from cchc.core.numbers import CellKind
from cchc.core.validation import Finding, validate
from cchc.documents.writer import write_docx
from cchc.web.demo.load import load_demo
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for, period_findings, province_aggregate
from cchc.web.reports.models import ReportText
from cchc.web.reports.services import report_data


def read_back(period: ReportingPeriod, tmp_path: Path) -> tuple[dict, CheckResult]:  # type: ignore[type-arg]
    """The period's province report written as Word and read by `cchc check` (which picks the template)."""
    aggregate = province_aggregate(period)
    path = tmp_path / f"bao-cao-{period.code}.docx"
    write_docx(report_data(period), path)
    result = check_file(path)
    assert result.report.period == period.period
    for code, row in catalogue_for(period).rows.items():
        if not row.has_value:
            continue
        expected, read = aggregate.get(code), result.values[code]
        if expected is None or expected.kind is CellKind.BLANK:
            assert read.kind is CellKind.BLANK, code
        else:
            assert (read.kind, read.number) == (expected.kind, expected.number), code
    return aggregate, result


def test_the_demo_report_reads_back_as_the_province_aggregate(demo, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Today's annual report, in the two-level template: read with it, and nothing to find in its figures;
    # but the province has not written its texts yet, and the five sections no figure speaks for say so,
    # as the period's findings do.
    year = ReportingPeriod.objects.get(code="2026Y")
    _, result = read_back(year, tmp_path)
    assert "BM3-3.3.1" in result.values and "BM3-3.2.1" not in result.values
    assert {finding.rule for finding in result.findings} == {"section-unwritten"}
    assert [finding.message.split(":")[0] for finding in result.findings] == [
        "Mục I.3. Về công tác tuyên truyền cải cách hành chính",
        "Mục III.1. Đánh giá chung",
        "Mục III.2. Đánh giá chung",
        "Mục III.3. Đánh giá chung",
        "Mục IV. Phương hướng, nhiệm vụ trọng tâm kỳ tới",
    ]
    assert result.errors == 5
    web = [
        found.finding.message for found in period_findings(year) if found.finding.rule == "section-unwritten"
    ]
    assert web == [finding.message for finding in result.findings]
    period = ReportingPeriod.objects.get(code="2023Q1")
    aggregate, result = read_back(period, tmp_path)
    catalogue = catalogue_for(period)
    # The checker finds exactly what validation finds in the aggregate itself (the demo keeps the
    # sample's BM4 1.5 ≠ BM6 2.1), plus the sample's note about the wrong year, and nothing in the
    # narrative.
    expected_rules = {finding.rule for finding in validate(catalogue, aggregate)}
    found_rules = {finding.rule for finding in result.findings}
    assert expected_rules <= found_rules
    assert not [rule for rule in found_rules - expected_rules if rule != "note-period"]
    assert not [rule for rule in found_rules if rule.startswith("narrative")]


def test_the_trend_covers_the_recent_reports_oldest_first_ending_with_its_own(
    demo, db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    report = report_data(ReportingPeriod.objects.get(code="2023Q1"))
    # Every report on record up to this one: the four of 2022, then Quý I/2023 itself.
    assert [point.period for point in report.trend] == ["2022Q1", "2022H1", "2022Q3", "2022Y", "2023Q1"]
    assert all(point.on_time is not None for point in report.trend)
    # Today's annual report: the last eight reports, Năm 2026 last (not only the quarters before it).
    year = report_data(ReportingPeriod.objects.get(code="2026Y"))
    assert [point.period for point in year.trend] == [
        "2025Q1",
        "2025H1",
        "2025Q3",
        "2025Y",
        "2026Q1",
        "2026H1",
        "2026Q3",
        "2026Y",
    ]


def test_the_demo_report_has_the_samples_texts_and_signer(demo, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = report_data(ReportingPeriod.objects.get(code="2023Q1"))
    path = tmp_path / "bao-cao.docx"
    write_docx(report, path, charts=False)
    body = [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]
    heading = body.index("3. Về công tác tuyên truyền cải cách hành chính")
    assert body[heading + 1].startswith("Công tác thông tin, tuyên truyền CCHC")
    assert "Chưa soạn nội dung" not in "\n".join(body)
    assert report.settings.signer_name == "Nguyễn Văn Thi"
    assert len([text for text in body if text[:3] in {f"{n}. " for n in range(1, 6)}]) >= 5


def test_a_section_left_empty_is_marked_rather_than_left_bare(demo, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = report_data(ReportingPeriod.objects.get(code="2023Q1"))
    path = tmp_path / "bao-cao.docx"
    write_docx(dataclasses.replace(report, texts={}), path, charts=False)
    body = [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]
    heading = body.index("3. Về công tác tuyên truyền cải cách hành chính")
    assert body[heading + 1].startswith("[Chưa soạn nội dung mục này")


def test_loading_the_demo_again_keeps_the_texts_the_province_wrote(demo, db) -> None:  # type: ignore[no-untyped-def]
    text = ReportText.objects.get(period__code="2023Q1")
    text.texts = {"chi_dao": "Đoạn do tỉnh viết."}
    text.save()
    load_demo()
    assert ReportText.objects.get(period__code="2023Q1").texts == {"chi_dao": "Đoạn do tỉnh viết."}


# How a report is written (rows the catalogue lacks, names, units, number format) and what its narrative
# says are the checker's alone; every other rule runs on the web's figures too.
_DOCUMENT_ONLY = ("unmapped-row", "duplicate-row", "row-name-mismatch", "unit-", "form-missing", "narrative")


def test_the_periods_findings_and_the_check_of_its_report_are_the_same(demo, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    period = ReportingPeriod.objects.get(code="2023Q1")
    path = tmp_path / "bao-cao.docx"
    write_docx(report_data(period), path, charts=False)

    def key(finding: Finding) -> tuple[object, ...]:
        return (finding.rule, finding.severity, finding.codes, finding.expected, finding.actual)

    web = sorted(key(found.finding) for found in period_findings(period) if found.unit is None)
    checked = sorted(
        key(finding) for finding in check_file(path).findings if not finding.rule.startswith(_DOCUMENT_ONLY)
    )
    assert web == checked
    # The demo keeps the sample's note dated "Quý I năm 2022": both see it.
    assert ("note-period", Severity.ERROR, ("BM1-4.1",), None, None) in web
