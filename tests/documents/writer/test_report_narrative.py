"""Every sentence that states a figure is written from the appendix's own values."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import docx

from cchc.checker import check_file
from cchc.core.numbers import BLANK, Cell, format_number
from cchc.documents.writer import ReportData, write_docx


def _body(path: Path) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def _number(report: ReportData, code: str) -> Decimal:
    number = report.cell(code).number
    assert number is not None
    return number


def test_the_checker_finds_no_narrative_contradiction(report_docx: Path) -> None:
    rules = {finding.rule for finding in check_file(report_docx).findings}
    assert not [rule for rule in rules if rule.startswith("narrative")]


def test_the_province_totals_are_sums_of_the_levels(report: ReportData, report_docx: Path) -> None:
    resolved = sum(_number(report, f"BM3-3.{level}.1") for level in (1, 2, 3))
    on_time = sum(_number(report, f"BM3-3.{level}.2") for level in (1, 2, 3))
    rate = format_number(on_time * 100 / resolved, 2)
    expected = (
        f"- Toàn tỉnh đã giải quyết {format_number(resolved)} hồ sơ TTHC, giải quyết đúng hạn "
        f"{format_number(on_time)} hồ sơ (đạt tỷ lệ {rate}%)."
    )
    assert expected in _body(report_docx)


def test_each_level_states_its_rate_from_its_rows(report: ReportData, report_docx: Path) -> None:
    body = _body(report_docx)
    for level, name in ((2, "Cấp huyện"), (3, "Cấp xã")):
        rate = format_number(_number(report, f"BM3-3.{level}"), 2)
        on_time = format_number(_number(report, f"BM3-3.{level}.2"))
        resolved = format_number(_number(report, f"BM3-3.{level}.1"))
        assert f"- {name} giải quyết đúng hạn đạt tỷ lệ {rate}% ({on_time}/{resolved} hồ sơ)." in body


def test_a_changed_figure_changes_the_sentence_and_the_table_alike(
    report: ReportData, tmp_path: Path
) -> None:
    cells = dict(report.cells)
    cells["BM3-3.4.1"] = Cell.of(50)
    cells["BM3-3.4"] = Cell.of(Decimal("78.00"))
    cells["BM3-3.4.2"] = Cell.of(39)
    path = tmp_path / "bao-cao.docx"
    write_docx(dataclasses.replace(report, cells=cells), path, charts=False)
    sentence = next(text for text in _body(path) if text.startswith("- Tiếp nhận"))
    assert "Tiếp nhận 50 phản ánh, kiến nghị" in sentence
    assert "đạt tỷ lệ 78,00%" in sentence
    assert check_file(path).values["BM3-3.4.1"].number == 50
    assert check_file(path).errors == 0


def test_a_sentence_without_its_figure_is_left_out(report: ReportData, tmp_path: Path) -> None:
    cells = dict(report.cells)
    cells["BM1-1"] = BLANK
    path = tmp_path / "bao-cao.docx"
    write_docx(dataclasses.replace(report, cells=cells), path, charts=False)
    assert not [text for text in _body(path) if "văn bản chỉ đạo CCHC" in text]


def test_the_province_text_is_kept_as_written(report_docx: Path) -> None:
    assert "Hạ tầng CNTT được quan tâm đầu tư từ cấp tỉnh đến cấp xã & <các> đơn vị." in _body(report_docx)


def test_the_outline_follows_the_sample(report_docx: Path) -> None:
    body = _body(report_docx)
    headings = [
        "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN",
        "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính",
        "3. Cải cách tổ chức bộ máy hành chính",
        "4. Cải cách chế độ công vụ",
        "5. Cải cách tài chính công",
        "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        "III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM QUÝ II NĂM 2023",
        "Phụ lục",
    ]
    positions = [body.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert [f"Biểu mẫu {n}" in body for n in range(1, 8)] == [True] * 7


def test_every_figure_in_a_figure_sentence_is_an_appendix_figure(
    report: ReportData, report_docx: Path
) -> None:
    from cchc.core.narrative import numbers_in
    from cchc.core.validation import effective_values

    effective = effective_values(report.catalogue, report.cells)
    known = {value for value in effective.values() if value is not None}
    known |= {round(value, 2) for value in known}
    sentences = [text for text in _body(report_docx) if text.startswith("- ")]
    assert len(sentences) >= 20
    for sentence in sentences:
        for token in numbers_in(sentence):
            assert token.value in known, f"{token.text} in «{sentence}»"


def test_a_zero_count_writes_no_sentence_about_nothing(report: ReportData, report_docx: Path) -> None:
    assert report.cell("BM2-2.1").number == 0
    assert not [text for text in _body(report_docx) if text.startswith("- Kiểm tra")]


def test_the_body_ends_with_the_closing_mark(report_docx: Path) -> None:
    body = _body(report_docx)
    last = body[body.index("III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM QUÝ II NĂM 2023") + 2]
    assert last == "2. Tiếp tục rà soát, cắt giảm, đơn giản hóa thủ tục hành chính nội bộ./."
