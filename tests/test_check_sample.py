"""End to end: `cchc check` on the real Thanh Hóa Q1 2023 report, as text and as Word documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cchc.checker import CheckResult, check_file
from cchc.core.catalogue import Severity
from cchc.documents.text_reader import read_text
from docx_builder import build_docx

# Every contradiction in the sample, by rule, rows, expected and actual figure.
EXPECTED_ERRORS = {
    ("note-period", ("BM1-4.1",), None, None),
    ("narrative-vs-table", ("BM3-3.4.2",), Decimal(39), Decimal(31)),
    ("narrative-total-vs-table", ("NT-2",), Decimal(117060), Decimal(116760)),
    ("narrative-total-vs-table", ("NT-3",), Decimal("97.91"), Decimal("97.65")),
    ("dvsncl-bm4-bang-bm6", ("BM4-1.5", "BM6-2.1"), Decimal(2246), Decimal(2183)),
    ("narrative-vs-table", ("BM4-3.2",), Decimal(58142), Decimal(58146)),
    ("total-formula", ("BM6-2.1", "BM6-2.2", "BM6-2.3", "BM6-2.4", "BM6-2.5"), Decimal(2226), Decimal(2246)),
    ("narrative-vs-table", ("BM7-6.7.1",), Decimal(98820), Decimal(110680)),
    ("narrative-vs-table", ("BM7-6.7.2",), Decimal(95463), Decimal(98820)),
    ("narrative-ratio", (), Decimal("89.28"), Decimal("96.60")),
    ("narrative-ratio", (), Decimal("97.66"), Decimal("97.65")),
    ("narrative-ratio", (), Decimal("92.50"), Decimal("97.78")),
}

EXPECTED_WARNINGS = {
    ("unit-mismatch", ("BM1-4.1",)),
    ("note-period", ("BM1-6.1",)),
    ("percent-zero-denominator", ("BM2-2.2", "BM2-2.2.2", "BM2-2.2.1")),
    ("wrong-decimal-separator", ("BM3-3.4",)),
    ("computed-row-blank", ("BM4-1.5", "BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3")),
    ("narrative-vs-table", ("BM4-3.3",)),
    ("narrative-vs-table", ("BM5-2.1",)),
}


def errors(result: CheckResult) -> set[tuple[object, ...]]:
    return {(f.rule, f.codes, f.expected, f.actual) for f in result.findings if f.severity is Severity.ERROR}


def warnings(result: CheckResult) -> set[tuple[object, ...]]:
    return {(f.rule, f.codes) for f in result.findings if f.severity is Severity.WARNING}


@pytest.fixture(scope="module")
def result(sample_path: Path) -> CheckResult:
    return check_file(sample_path)


def test_it_reads_the_province_the_period_and_every_appendix_row(result: CheckResult) -> None:
    assert result.report.province == "Thanh Hóa"
    assert result.report.period is not None and result.report.period.code == "2023Q1"
    assert len(result.values) == 146
    assert not [f for f in result.findings if f.rule in ("unmapped-row", "row-name-mismatch", "form-missing")]


def test_it_finds_every_contradiction_of_the_sample(result: CheckResult) -> None:
    assert errors(result) == EXPECTED_ERRORS


def test_it_warns_about_what_a_reviewer_should_look_at(result: CheckResult) -> None:
    assert warnings(result) == EXPECTED_WARNINGS


def test_it_raises_no_error_on_the_consistent_rows(result: CheckResult) -> None:
    consistent = {
        "BM1-2",
        "BM2-1",
        "BM3-1.4",
        "BM3-3.1",
        "BM3-3.2",
        "BM3-3.3",
        "BM3-3.4",
        "BM6-1",
        "BM6-2.4",
        "BM7-5.2",
        "BM7-5.2.1",
        "BM7-6.4",
        "BM7-6.5",
        "BM7-6.6",
        "BM7-6.6.1",
        "BM7-6.7",
        "BM7-6.8",
    }
    flagged = {f.codes[0] for f in result.findings if f.severity is Severity.ERROR and f.codes}
    assert not consistent & flagged


def test_each_narrative_finding_quotes_its_sentence(result: CheckResult) -> None:
    narrative = [f for f in result.findings if f.rule.startswith("narrative")]
    assert len(narrative) == 11
    assert all(f.quote and f.location.startswith("dòng ") for f in narrative)
    rate = next(f for f in narrative if f.actual == Decimal("97.65") and f.rule == "narrative-ratio")
    assert rate.quote == "Đã giải quyết 119.560 hồ sơ, giải quyết đúng hạn 116.760 hồ sơ (đạt tỷ lệ 97,65%)."
    assert rate.message == (
        "Câu nêu tỷ lệ 97,65% nhưng 116.760/119.560 = 97,66%: sửa tỷ lệ hoặc các số trong câu."
    )


def test_findings_are_grouped_by_form_with_errors_first(result: CheckResult) -> None:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keys = [(f.form if f.form is not None else 99, order[f.severity]) for f in result.findings]
    assert keys == sorted(keys)


@pytest.mark.parametrize("real_footnotes", [True, False])
def test_a_word_copy_of_the_sample_gives_the_same_findings(
    sample_path: Path, result: CheckResult, tmp_path: Path, real_footnotes: bool
) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(read_text(sample_path), path, real_footnotes=real_footnotes)
    from_word = check_file(path)
    assert from_word.report.province == "Thanh Hóa"
    assert from_word.report.period == result.report.period
    assert from_word.values == result.values
    assert errors(from_word) == EXPECTED_ERRORS
    assert warnings(from_word) == EXPECTED_WARNINGS
    assert all("đoạn" in f.location for f in from_word.findings if f.rule.startswith("narrative"))


def test_a_corrected_report_has_no_errors(sample_path: Path, tmp_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    fixes = {
        "Trong Quý I năm 2022 chưa": "Trong Quý I năm 2023 chưa",
        "31 phản ánh, kiến nghị của tổ chức công dân đã được xử lý; 11": "39 phản ánh, kiến nghị của tổ chức "
        "công dân đã được xử lý; 3",
        "là: 110.680 hồ sơ; Tiếp nhận trực tuyến là: 98.820 hồ sơ": "là: 98.820 hồ sơ; Tiếp nhận trực tuyến là: "
        "95.463 hồ sơ",
        "giải quyết đúng hạn 116.760 hồ sơ (đạt tỷ lệ 97,65%)": "giải quyết đúng hạn 117.060 hồ sơ (đạt tỷ lệ 97,91%)",
        "là 58.146 người": "là 58.142 người",
        "174.863/189.051": "184.863/189.051",
        "Số ĐVSN do Nhà nước bảo đảm chi thường xuyên\tĐơn vị\t2.011": "Số ĐVSN do Nhà nước bảo đảm chi thường "
        "xuyên\tĐơn vị\t2.031",
        "Số ĐVSNCL thuộc UBND cấp huyện\tCơ quan, đơn vị\t1953": "Số ĐVSNCL thuộc UBND cấp huyện\tCơ quan, đơn vị"
        "\t2.016",
    }
    for wrong, right in fixes.items():
        assert wrong in text
        text = text.replace(wrong, right)
    path = tmp_path / "da-sua.txt"
    path.write_text(text, encoding="utf-8")
    assert errors(check_file(path)) == set()
