"""The report's appendix as an Excel workbook: one sheet per Biểu mẫu laid out like the paper form.

Numbers are stored as numbers with display formats that Excel shows with the reader's separators
(242.037 and 96,60 on a Vietnamese system); "-" and text stay text; everything a user typed is written
with write_string, so a note starting with = + - @ is never a formula. Printed on A4 portrait.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from cchc.core.numbers import CellKind
from cchc.documents.writer.data import ReportData
from cchc.documents.writer.docx import INDICATOR_NOTE, RESULT_HEADING
from cchc.documents.xlsx_form import CellFormats, line_count, number_format, sheet_name

__all__ = ["write_xlsx"]

_HEADERS = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
_WIDTHS = (7, 58, 16, 14, 34)
_HEADER_ROW = 4
_LINE_HEIGHT = 16.5


def _height(text: str, width: int) -> float:
    return _LINE_HEIGHT * line_count(text, width) + 2


def write_xlsx(report: ReportData, out: str | Path | io.BytesIO) -> None:
    """Write Biểu mẫu 1–7 of the report, one sheet each."""
    workbook = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_numbers": False})
    # The same formats, sheet names and number formats as a unit's form in the web application.
    fmt = CellFormats(workbook).get

    issuer = report.issuer[-1].upper()
    for form in report.catalogue.forms:
        sheet = workbook.add_worksheet(sheet_name(form.number))
        for column, width in enumerate(_WIDTHS):
            sheet.set_column(column, column, width)
        titles = (
            (issuer, fmt(bold=True, align="left")),
            (
                f"Biểu mẫu {form.number}: {form.title}",
                fmt(bold=True, align="center", font_size=13, text_wrap=True),
            ),
            (f"Kỳ báo cáo: {report.period.label}", fmt(italic=True, align="center")),
        )
        for line, (text, style) in enumerate(titles):
            sheet.merge_range(line, 0, line, len(_HEADERS) - 1, "", style)
            sheet.write_string(line, 0, text, style)
        # The forms' two header rows: "Kết quả thống kê" over ĐVT | Số liệu, the rest spanning both.
        header = fmt(bold=True, align="center", border=1, text_wrap=True, bg_color="#D9E1F2")
        below = _HEADER_ROW + 1
        for column in (0, 4):
            sheet.merge_range(_HEADER_ROW, column, below, column, _HEADERS[column], header)
        sheet.merge_range(_HEADER_ROW, 1, below, 1, "", header)
        sheet.write_rich_string(
            _HEADER_ROW, 1, fmt(bold=True), _HEADERS[1], fmt(italic=True), f" {INDICATOR_NOTE}", header
        )
        sheet.merge_range(_HEADER_ROW, 2, _HEADER_ROW, 3, RESULT_HEADING, header)
        sheet.write_string(below, 2, _HEADERS[2], header)
        sheet.write_string(below, 3, _HEADERS[3], header)
        sheet.set_row(_HEADER_ROW, 36)
        line = below
        for row in form.rows:
            line += 1
            heading = not row.has_value
            bold = {"bold": True} if heading else {}
            note = report.notes.get(row.code, "")
            sheet.write_string(line, 0, f"{row.stt}.", fmt(align="center", border=1, **bold))
            italic = {"italic": True} if row.stt.count(".") >= 2 else {}  # 1.4.1, 3.1.2: as the sample
            sheet.write_string(line, 1, row.name, fmt(text_wrap=True, border=1, **bold, **italic))
            sheet.write_string(line, 2, row.unit, fmt(align="center", text_wrap=True, border=1))
            cell = report.cell(row.code)
            if heading:
                sheet.write_blank(line, 3, None, fmt(border=1))
            elif cell.kind is CellKind.NUMBER and cell.number is not None:
                sheet.write_number(
                    line, 3, float(cell.number), fmt(num_format=number_format(row), align="right", border=1)
                )
            elif cell.kind in (CellKind.DASH, CellKind.TEXT):
                sheet.write_string(line, 3, cell.text or "-", fmt(align="right", border=1))
            else:
                sheet.write_blank(line, 3, None, fmt(border=1))
            sheet.write_string(line, 4, note, fmt(text_wrap=True, border=1))
            sheet.set_row(
                line,
                max(_height(row.name, _WIDTHS[1]), _height(note, _WIDTHS[4]), _height(row.unit, _WIDTHS[2])),
            )
        sheet.set_paper(9)  # A4
        sheet.set_portrait()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(_HEADER_ROW, below)
        sheet.print_area(0, 0, line, len(_HEADERS) - 1)
        # Nghị định 30/2020: left 30 mm, right 15–20 mm, top and bottom 20–25 mm (in inches here).
        sheet.set_margins(left=1.18, right=0.69, top=0.79, bottom=0.79)
        sheet.center_horizontally()
        sheet.set_footer("&CTrang &P/&N")
        sheet.freeze_panes(below + 1, 0)
    workbook.close()
