"""A "-", a blank or a 0 in the appendix never becomes a claim in the narrative."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest

from cchc.core.numbers import BLANK, DASH, Cell
from cchc.documents.writer import ReportData, write_docx


def _body(report: ReportData, tmp_path: Path, **changes: Cell) -> list[str]:
    cells = dict(report.cells)
    cells.update({code.replace("_", "-", 1).replace("_", "."): cell for code, cell in changes.items()})
    path = tmp_path / "bao-cao.docx"
    write_docx(dataclasses.replace(report, cells=cells), path, charts=False)
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def _inspection(body: list[str]) -> list[str]:
    return [text for text in body if "kiểm tra công tác CCHC" in text and text.startswith("- Trong kỳ")]


def test_inspections_of_departments_alone_are_stated_without_the_districts(
    report: ReportData, tmp_path: Path
) -> None:
    body = _body(report, tmp_path, BM1_3_1=Cell.of(6), BM1_3_2=DASH)
    assert _inspection(body) == ["- Trong kỳ báo cáo đã kiểm tra công tác CCHC tại 6 sở, ngành."]


def test_inspections_of_districts_alone_are_stated_without_the_departments(
    report: ReportData, tmp_path: Path
) -> None:
    body = _body(report, tmp_path, BM1_3_1=Cell.of(0), BM1_3_2=Cell.of(3))
    assert _inspection(body) == ["- Trong kỳ báo cáo đã kiểm tra công tác CCHC tại 3 UBND cấp huyện."]


@pytest.mark.parametrize("nothing", [Cell.of(0), DASH, BLANK])
def test_no_inspection_at_all_is_said_as_chua(report: ReportData, tmp_path: Path, nothing: Cell) -> None:
    body = _body(report, tmp_path, BM1_3_1=nothing, BM1_3_2=Cell.of(0))
    assert _inspection(body) == ["- Trong kỳ báo cáo chưa tiến hành kiểm tra công tác CCHC."]


def test_a_zero_count_of_directives_writes_no_sentence(report: ReportData, tmp_path: Path) -> None:
    body = _body(report, tmp_path, BM1_1=Cell.of(0))
    assert not [text for text in body if "văn bản chỉ đạo CCHC" in text]


def test_a_zero_part_inside_a_sentence_is_still_stated(report: ReportData, tmp_path: Path) -> None:
    body = _body(report, tmp_path, BM4_2_4=Cell.of(0), BM4_3_3=Cell.of(4))
    assert (
        "- Thực hiện tinh giản biên chế trong kỳ báo cáo: 0 người thuộc các cơ quan, tổ chức hành chính và "
        "4 người thuộc các đơn vị sự nghiệp công lập." in body
    )
