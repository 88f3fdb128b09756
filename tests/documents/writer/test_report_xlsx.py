"""The Excel appendix: one sheet per Biểu mẫu, numbers as numbers, A4, user text never a formula."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from cchc.documents.writer import ReportData, write_xlsx


@pytest.fixture
def workbook(report: ReportData, tmp_path: Path) -> openpyxl.Workbook:
    notes = dict(report.notes)
    notes["BM1-1"] = '=HYPERLINK("http://x","bấm")'
    notes["BM1-2.1"] = "+84 nhiệm vụ"
    notes["BM1-2.2"] = "@chú thích"
    notes["BM1-5.1"] = "-5 so với kỳ trước"
    path = tmp_path / "bieu-mau.xlsx"
    write_xlsx(dataclasses.replace(report, notes=notes), path)
    return openpyxl.load_workbook(path)


def _row(sheet: openpyxl.worksheet.worksheet.Worksheet, stt: str) -> tuple[object, ...]:
    return next(row for row in sheet.iter_rows(values_only=False) if row[0].value == stt)


def test_there_is_one_sheet_per_form(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)]


def test_numbers_are_stored_as_numbers_with_vietnamese_display_formats(workbook: openpyxl.Workbook) -> None:
    bm3 = workbook["Biểu mẫu 3"]
    total = _row(bm3, "1.4.")[3]
    assert total.value == 2097 and total.data_type == "n" and total.number_format == "#,##0"
    rate = _row(bm3, "3.1.")[3]
    assert rate.value == pytest.approx(94.92) and rate.number_format == "0.00"
    dash = _row(bm3, "2.3.")[3]
    assert dash.value == "-" and dash.data_type == "s"


def test_the_sheets_print_on_a4_portrait(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook.worksheets:
        assert int(sheet.page_setup.paperSize) == 9
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.print_title_rows == "$5:$6"


def test_the_header_is_the_forms_two_rows(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Biểu mẫu 1"]
    assert sheet["A5"].value == "STT" and sheet["E5"].value == "Ghi chú"
    assert sheet["B5"].value == "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
    assert sheet["C5"].value == "Kết quả thống kê"
    assert (sheet["C6"].value, sheet["D6"].value) == ("Đơn vị tính", "Số liệu")
    assert {"A5:A6", "B5:B6", "C5:D5", "E5:E6"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert _row(sheet, "3.3.1.")[1].font.italic and not _row(sheet, "3.3.")[1].font.i


@pytest.mark.parametrize(
    ("stt", "note"),
    [
        ("1.", '=HYPERLINK("http://x","bấm")'),
        ("2.1.", "+84 nhiệm vụ"),
        ("2.2.", "@chú thích"),
        ("5.1.", "-5 so với kỳ trước"),
    ],
)
def test_text_starting_with_a_formula_sign_is_written_as_text(
    workbook: openpyxl.Workbook, stt: str, note: str
) -> None:
    cell = _row(workbook["Biểu mẫu 1"], stt)[4]
    assert cell.value == note and cell.data_type == "s"
