"""A "-", a blank or a 0 in the appendix never becomes a claim in the narrative."""

from __future__ import annotations

import dataclasses
import re
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


def test_a_zero_part_inside_a_sentence_drops_its_clause(report: ReportData, tmp_path: Path) -> None:
    body = _body(report, tmp_path, BM4_2_4=Cell.of(0), BM4_3_3=Cell.of(4))
    assert (
        "- Thực hiện tinh giản biên chế trong kỳ báo cáo: 4 người thuộc các đơn vị sự nghiệp công lập."
        in body
    )
    assert not [text for text in body if " 0 người" in text]


def _tasks(body: list[str]) -> list[str]:
    return [text for text in body if text.startswith("- Thực hiện nhiệm vụ Chính phủ")]


@pytest.mark.parametrize(
    ("late", "overdue", "sentence"),
    [
        (
            0,
            0,
            "- Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao 12 nhiệm vụ; đã hoàn thành đúng hạn 12 "
            "nhiệm vụ; không có nhiệm vụ quá hạn.",
        ),
        (
            1,
            0,
            "- Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao 12 nhiệm vụ; đã hoàn thành đúng hạn 12 "
            "nhiệm vụ; hoàn thành nhưng quá hạn 1 nhiệm vụ.",
        ),
        (
            3,
            2,
            "- Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao 12 nhiệm vụ; đã hoàn thành đúng hạn 12 "
            "nhiệm vụ; hoàn thành nhưng quá hạn 3 nhiệm vụ; quá hạn nhưng chưa hoàn thành 2 nhiệm vụ.",
        ),
    ],
)
def test_the_tasks_sentence_reads_naturally_with_zero_one_and_many_late_tasks(
    report: ReportData, tmp_path: Path, late: int, overdue: int, sentence: str
) -> None:
    body = _body(
        report,
        tmp_path,
        BM1_5_1=Cell.of(12),
        BM1_5_2=Cell.of(12),
        BM1_5_3=Cell.of(late),
        BM1_5_4=Cell.of(overdue),
    )
    assert _tasks(body) == [sentence]


def test_no_late_task_is_not_claimed_when_the_late_counts_are_not_given(
    report: ReportData, tmp_path: Path
) -> None:
    body = _body(report, tmp_path, BM1_5_1=Cell.of(5), BM1_5_2=Cell.of(4), BM1_5_3=DASH, BM1_5_4=BLANK)
    assert _tasks(body) == [
        "- Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao 5 nhiệm vụ; đã hoàn thành đúng hạn 4 nhiệm vụ."
    ]


def test_a_level_with_no_legal_document_is_left_out_of_the_breakdown(
    report: ReportData, tmp_path: Path
) -> None:
    body = _body(
        report, tmp_path, BM2_1=Cell.of(31), BM2_1_1=Cell.of(1), BM2_1_2=Cell.of(0), BM2_1_3=Cell.of(30)
    )
    assert (
        "- Tổng số văn bản QPPL do địa phương ban hành là 31 văn bản, trong đó: cấp tỉnh 1 văn bản; "
        "cấp xã 30 văn bản." in body
    )


def test_no_breakdown_is_printed_when_every_level_is_zero(report: ReportData, tmp_path: Path) -> None:
    body = _body(
        report, tmp_path, BM2_1=Cell.of(4), BM2_1_1=Cell.of(0), BM2_1_2=Cell.of(0), BM2_1_3=Cell.of(0)
    )
    assert "- Tổng số văn bản QPPL do địa phương ban hành là 4 văn bản." in body


@pytest.mark.parametrize(
    ("announced", "abolished", "sentence"),
    [
        (0, 0, None),
        (1, 0, "- Công bố mới 1 TTHC."),
        (0, 7, "- Bãi bỏ, thay thế 7 TTHC."),
        (25, 7, "- Công bố mới 25 TTHC; bãi bỏ, thay thế 7 TTHC."),
    ],
)
def test_the_procedures_announced_sentence_lists_only_what_happened(
    report: ReportData, tmp_path: Path, announced: int, abolished: int, sentence: str | None
) -> None:
    body = _body(report, tmp_path, BM3_1_1=Cell.of(0), BM3_1_2=Cell.of(announced), BM3_1_3=Cell.of(abolished))
    listed = [text for text in body if "TTHC" in text and ("Công bố mới" in text or "Bãi bỏ" in text)]
    assert listed == ([sentence] if sentence else [])


@pytest.mark.parametrize(
    ("parts", "sentence"),
    [
        ((0, 0), None),
        ((1, 0), "- Có 1 cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm theo quy định."),
        (
            (40, 212),
            "- Có 40 cơ quan, tổ chức hành chính và 212 đơn vị sự nghiệp đã được phê duyệt vị trí việc làm "
            "theo quy định.",
        ),
    ],
)
def test_the_job_positions_sentence_with_zero_one_and_many(
    report: ReportData, tmp_path: Path, parts: tuple[int, int], sentence: str | None
) -> None:
    body = _body(report, tmp_path, BM5_1_1=Cell.of(parts[0]), BM5_1_2=Cell.of(parts[1]))
    listed = [text for text in body if "vị trí việc làm" in text]
    assert listed == ([sentence] if sentence else [])


def test_no_listing_sentence_of_the_sample_states_a_zero(report: ReportData, tmp_path: Path) -> None:
    zeros = {code: Cell.of(0) for code in ("BM3_2_1", "BM5_2_4", "BM6_2_2", "BM7_6_4_2", "BM3_1_4_2")}
    body = _body(report, tmp_path, **zeros)
    assert not [text for text in body if text.startswith("- ") and re.search(r"(?<![\d.,])0 (?!giờ)", text)]
