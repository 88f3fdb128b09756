"""The Word report follows Nghị định 30/2020/NĐ-CP: page, fonts, header block, signature, appendix."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from cchc.documents.writer import write_docx


@pytest.fixture(scope="module")
def document(report_docx: Path) -> Any:
    return docx.Document(str(report_docx))


def _texts(cell: Any) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


def test_the_page_is_a4_portrait_with_the_decree_margins(document: Any) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == 0  # portrait
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20


def test_times_new_roman_is_set_in_every_style(document: Any) -> None:
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert fonts is not None, style.name
            assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
                "Times New Roman"
            }, style.name
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"


def test_no_style_falls_back_to_a_theme_font(report_docx: Path) -> None:
    # Word prefers w:asciiTheme & co. to w:ascii: a theme attribute anywhere would show Calibri/Cambria.
    with zipfile.ZipFile(report_docx) as package:
        names = package.namelist()
        styles = package.read("word/styles.xml").decode()
    assert "word/stylesWithEffects.xml" not in names
    assert "Theme=" not in "".join(re.findall(r"<w:rFonts[^>]*>", styles))
    assert styles.count("<w:rFonts") == styles.count('w:ascii="Times New Roman"')


def test_the_header_block_names_the_body_and_the_motto(document: Any) -> None:
    left, right = document.tables[0].rows[0].cells
    assert _texts(left)[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]
    assert "Số: 125/BC-UBND" in _texts(left)
    assert _texts(right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    body_run = left.paragraphs[1].runs[0]
    assert body_run.bold and body_run.font.size == Pt(13)
    motto = right.paragraphs[1].runs[0]
    assert motto.bold and Pt(13) <= motto.font.size <= Pt(14)
    # The short rules below the body's name and below the motto are borders of their own paragraphs.
    assert left.paragraphs[2]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert right.paragraphs[2]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_the_date_is_italic_with_a_leading_zero_on_the_day(document: Any) -> None:
    date = document.tables[0].rows[0].cells[1].paragraphs[3]
    assert date.text == "Thanh Hóa, ngày 05 tháng 3 năm 2023"
    assert date.runs[0].italic


def test_the_title_and_subject_are_bold_and_centred(document: Any) -> None:
    paragraphs = document.paragraphs
    index = [p.text for p in paragraphs].index("BÁO CÁO")
    subject = paragraphs[index + 1]
    assert subject.text == (
        "Tình hình thực hiện công tác cải cách hành chính Quý I năm 2023, nhiệm vụ trọng tâm Quý II năm 2023"
    )
    for paragraph in (paragraphs[index], subject):
        assert paragraph.style.font.bold
        assert paragraph.style.paragraph_format.alignment == 1  # centred


def test_the_body_is_justified_in_13_to_14_point(document: Any) -> None:
    body = document.styles["CCHC Thân"]
    assert body.paragraph_format.alignment == 3  # justified
    assert Pt(13) <= body.font.size <= Pt(14)
    assert body.paragraph_format.space_before >= Pt(6)
    assert 1 <= body.paragraph_format.line_spacing <= 1.5


def test_page_numbers_are_centred_at_the_top_from_page_two(document: Any) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header.paragraphs[0]
    assert header.alignment == 1
    instructions = [node.text.strip() for node in header._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_the_signature_block_has_authority_title_and_name(document: Any) -> None:
    right = document.tables[1].rows[0].cells[1]
    lines = [text for text in _texts(right) if text]
    assert lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Thi"]
    assert all(run.bold for paragraph in right.paragraphs for run in paragraph.runs if run.text)


def test_a_deputy_signing_for_the_head_of_the_collective_signs_tm_and_kt(report: Any, tmp_path: Path) -> None:
    """Nghị định 30/2020, Phụ lục I: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"."""
    settings = dataclasses.replace(report.settings, signer_mode="TM-KT")
    path = tmp_path / "bao-cao.docx"
    write_docx(dataclasses.replace(report, settings=settings), path)
    right = docx.Document(str(path)).tables[1].rows[0].cells[1]
    lines = [text for text in _texts(right) if text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Thi"]


def test_noi_nhan_is_12_bold_italic_and_its_list_11(document: Any) -> None:
    left = document.tables[1].rows[0].cells[0]
    heading = left.paragraphs[0].runs[0]
    assert heading.text == "Nơi nhận:" and heading.bold and heading.italic and heading.font.size == Pt(12)
    items = left.paragraphs[1:]
    assert [p.text for p in items] == [
        "- Bộ Nội vụ (để b/c);",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Các sở, ban, ngành cấp tỉnh;",
        "- UBND các huyện, thị xã, thành phố;",
        "- Lưu: VT, THKH.",
    ]
    assert all(run.font.size == Pt(11) for p in items for run in p.runs)


def test_the_appendix_starts_on_a_new_page_and_each_form_too(document: Any) -> None:
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    starts = [texts.index("Phụ lục")] + [texts.index(f"Biểu mẫu {n}") for n in range(2, 8)]
    for index in starts:
        assert paragraphs[index].paragraph_format.page_break_before, texts[index]
    assert not paragraphs[texts.index("Biểu mẫu 1")].paragraph_format.page_break_before


def test_each_form_table_repeats_the_forms_two_header_rows(document: Any) -> None:
    forms = document.tables[2:]
    assert len(forms) == 7
    for table in forms:
        first, second = table.rows[:2]
        assert [cell.text for cell in first.cells] == [
            "STT",
            "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
            "Kết quả thống kê",
            "Kết quả thống kê",
            "Ghi chú",
        ]
        assert [cell.text for cell in second.cells][2:4] == ["Đơn vị tính", "Số liệu"]
        assert first.cells[0]._tc is second.cells[0]._tc or second.cells[0].text == "STT"
        for header in (first, second):
            assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in table.rows[2:])


def test_the_third_level_of_rows_is_in_italics(document: Any) -> None:
    bm1 = {row.cells[0].text: row.cells[1].paragraphs[0].runs[0] for row in document.tables[2].rows[2:]}
    assert bm1["3.3.1."].italic and bm1["3.3.2."].italic
    assert not bm1["3.3."].italic and not bm1["2.1."].italic


def test_numbers_are_written_the_vietnamese_way(document: Any) -> None:
    printed = {row.cells[0].text: row.cells[3].text for table in document.tables[2:] for row in table.rows}
    bm3 = {row.cells[0].text: row.cells[3].text for row in document.tables[4].rows}
    assert bm3["1.4."] == "2.097"
    assert bm3["3.1."] == "94,92"
    assert bm3["2.3."] == "-"
    assert printed  # every form has rows
