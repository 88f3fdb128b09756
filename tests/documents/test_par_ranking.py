"""The ranking's writers over plain data: the Word appendix's heading block and table rows, the Excel
cells (numbers as numbers, user text never a formula), the JSON objects."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl

from cchc.documents.par_ranking import (
    AreaHead,
    Ranking,
    RankingLine,
    RankingTable,
    to_json,
    write_docx,
    write_xlsx,
)

AREAS = (
    AreaHead("1", "Công tác chỉ đạo, điều hành", Decimal("10")),
    AreaHead("2", "Thể chế", Decimal("14.5")),
)


def _line(
    code: str, name: str, rank: int, one: str, two: str, unit_type: str = "so", last: str | None = None
) -> RankingLine:
    total = Decimal(one) + Decimal(two)
    return RankingLine(
        code=code,
        name=name,
        unit_type=unit_type,
        rank=rank,
        total=total,
        max_applicable=Decimal("24.5"),
        index=(total * 100 / Decimal("24.5")).quantize(Decimal("0.01")),
        band="Nhóm A" if rank == 1 else "",
        areas=(("1", Decimal(one)), ("2", Decimal(two))),
        last_year=None if last is None else Decimal(last),
    )


RANKING = Ranking(
    year=2025,
    tables=(
        RankingTable(
            "so",
            "Bộ mẫu sở",
            True,
            AREAS,
            (
                _line("so-tu-phap", "Sở Tư pháp", 1, "9.5", "14", last="90.10"),
                _line("so-tai-chinh", '=HYPERLINK("x")', 2, "8", "12.25"),
            ),
        ),
        RankingTable(
            "xa", "Bộ mẫu xã", True, AREAS, (_line("xa-a", "UBND xã Hoằng Hóa", 1, "10", "14.5", "xa"),)
        ),
    ),
    decision="125/QĐ-UBND",
    decision_date="ngày 20 tháng 01 năm 2026",
)


def test_the_word_appendix_has_the_heading_block_and_a_table_per_unit_type() -> None:
    document = docx.Document(io.BytesIO(write_docx(RANKING)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:4] == [
        "PHỤ LỤC",
        "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
        "CỦA CÁC SỞ, BAN, NGÀNH VÀ UBND CÁC XÃ, PHƯỜNG",
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Thanh Hóa)",
    ]
    assert "I. SỞ, BAN, NGÀNH" in texts and "II. UBND XÃ, PHƯỜNG" in texts
    first, second = document.tables
    assert [c.text for c in first.rows[0].cells][:3] == ["STT", "Đơn vị", "Điểm theo lĩnh vực"]
    assert [c.text for c in first.rows[1].cells][2:4] == ["1\n(10)", "2\n(14,5)"]
    assert [c.text for c in first.rows[2].cells] == [
        "1",
        "Sở Tư pháp",
        "9,50",
        "14,00",
        "23,50",
        "95,92",
        "1",
    ]
    assert [c.text for c in first.rows[3].cells][4:] == ["20,25", "82,65", "2"]
    assert [c.text for c in second.rows[2].cells][1] == "UBND xã Hoằng Hóa"


def test_the_word_appendix_is_a4_landscape_in_times_new_roman_with_the_decree_margins() -> None:
    document = docx.Document(io.BytesIO(write_docx(RANKING)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [20, 20, 25, 15]
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert {run.font.size.pt for run in runs[:2]} == {14.0}


def test_blank_decision_number_and_date_leave_room_for_the_clerk() -> None:
    blank = Ranking(year=2025, tables=RANKING.tables)
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(blank))).paragraphs]
    assert "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … của Chủ tịch UBND tỉnh Thanh Hóa)" in texts


def test_the_excel_table_has_numbers_as_numbers_and_text_never_as_a_formula() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(RANKING)))
    assert workbook.sheetnames == ["Sở, ban, ngành", "UBND xã, phường"]
    sheet = workbook["Sở, ban, ngành"]
    header = [cell.value for cell in sheet[4]]
    assert header[:5] == ["Hạng", "Mã đơn vị", "Đơn vị", "Lĩnh vực 1 (tối đa 10)", "Lĩnh vực 2 (tối đa 14,5)"]
    assert header[5:] == [
        "Tổng điểm",
        "Điểm tối đa áp dụng",
        "Chỉ số (%)",
        "Nhóm",
        "Chỉ số năm 2024 (%)",
        "Thay đổi so với năm trước",
    ]
    first = [cell.value for cell in sheet[5]]
    assert first == [1, "so-tu-phap", "Sở Tư pháp", 9.5, 14, 23.5, 24.5, 95.92, "Nhóm A", 90.1, 5.82]
    assert sheet["H5"].number_format == "0.00"
    second = sheet[6]
    assert second[2].value == '=HYPERLINK("x")' and second[2].data_type == "s"
    assert second[9].value is None


def test_the_json_has_one_object_per_unit_with_its_areas_and_change() -> None:
    objects = to_json(RANKING)
    assert [o["code"] for o in objects] == ["so-tu-phap", "so-tai-chinh", "xa-a"]
    assert objects[0] == {
        "code": "so-tu-phap",
        "name": "Sở Tư pháp",
        "type": "so",
        "rank": 1,
        "total": 23.5,
        "max_applicable": 24.5,
        "index": 95.92,
        "band": "Nhóm A",
        "areas": {"1": 9.5, "2": 14},
        "last_year": 90.1,
        "change": 5.82,
    }
    assert objects[1]["last_year"] is None and objects[1]["change"] is None


def test_the_tables_cells_are_times_new_roman_12_and_names_keep_their_special_characters() -> None:
    odd = RankingTable("so", "Bộ mẫu", False, AREAS, (_line("so-a", "Sở A & B <Ban>\x07", 1, "1", "2"),))
    document = docx.Document(io.BytesIO(write_docx(Ranking(year=2025, tables=(odd,)))))
    cell = document.tables[0].rows[2].cells[1]
    assert cell.text == "Sở A & B <Ban>"
    style = cell.paragraphs[0].style
    assert (style.font.name, style.font.size.pt) == ("Times New Roman", 12.0)


def test_a_decision_written_with_its_date_is_printed_as_written() -> None:
    dated = Ranking(year=2025, tables=RANKING.tables, decision="512/QĐ-UBND ngày 20/01/2026")
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(dated))).paragraphs]
    assert "(Kèm theo Quyết định số 512/QĐ-UBND ngày 20/01/2026 của Chủ tịch UBND tỉnh Thanh Hóa)" in texts
