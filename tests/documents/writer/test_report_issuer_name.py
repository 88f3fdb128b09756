"""How the report names its issuer in sentences and in the header."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest

from cchc.documents.writer import ReportData, write_docx
from cchc.documents.writer.docx import issuer_name


@pytest.mark.parametrize(
    ("issuer", "unit_name", "expected"),
    [
        (("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"), "", "UBND tỉnh Thanh Hóa"),
        (("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"), "", "UBND thành phố Hà Nội"),
        (("ỦY BAN NHÂN DÂN", "HUYỆN NGA SƠN"), "UBND huyện Nga Sơn", "UBND huyện Nga Sơn"),
        (("UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP"), "Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_the_issuer_keeps_its_capitals(
    report: ReportData, issuer: tuple[str, ...], unit_name: str, expected: str
) -> None:
    assert issuer_name(dataclasses.replace(report, issuer=issuer, unit_name=unit_name)) == expected


def test_a_committees_two_lines_are_both_bold(report_docx: Path) -> None:
    first, second = docx.Document(str(report_docx)).tables[0].rows[0].cells[0].paragraphs[:2]
    assert [(run.text, bool(run.bold)) for run in first.runs if run.text] == [("ỦY BAN NHÂN DÂN", True)]
    assert [(run.text, bool(run.bold)) for run in second.runs if run.text] == [("TỈNH THANH HÓA", True)]


def test_the_appendix_date_follows_the_leading_zero_rule(report_docx: Path) -> None:
    texts = [paragraph.text for paragraph in docx.Document(str(report_docx)).paragraphs]
    assert "(Kèm theo Báo cáo số 125/BC-UBND ngày 05/3/2023 của UBND tỉnh Thanh Hóa)" in texts


def test_a_report_with_no_date_leaves_the_year_blank(report: ReportData, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    undated = dataclasses.replace(report, settings=dataclasses.replace(report.settings, date=None))
    write_docx(undated, path, charts=False)
    header = docx.Document(str(path)).tables[0].rows[0].cells[1]
    assert header.paragraphs[3].text == "Thanh Hóa, ngày      tháng      năm      "


def test_an_unnumbered_report_leaves_the_number_blank_in_the_appendix(
    report: ReportData, tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.docx"
    draft = dataclasses.replace(report, settings=dataclasses.replace(report.settings, number="", date=None))
    write_docx(draft, path, charts=False)
    texts = [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]
    assert "(Kèm theo Báo cáo số        /BC-UBND ngày      /     /      của UBND tỉnh Thanh Hóa)" in texts
