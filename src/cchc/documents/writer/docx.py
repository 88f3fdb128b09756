"""The report as a Word document: the template filled by docxtpl, then the appendix (Phụ lục) with
Biểu mẫu 1–7 laid out as the forms, each on a new page, header row repeated on every page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from cchc.core.catalogue import Level, Row
from cchc.core.periods import PeriodKind
from cchc.documents.filling import TEMPLATE_ERRORS, fill, fill_uploaded, template_problem
from cchc.documents.writer import charts as chart_png
from cchc.documents.writer.data import PLACEHOLDER, PLACEHOLDER_START, ReportData
from cchc.documents.writer.narrative import (
    cell_text,
    collective_line,
    date_line,
    figures,
    movements,
    next_period_label,
    number_line,
    option_labels,
    present,
    recipient_lines,
    section_texts,
    sentence_parts,
    short_date,
    signer_lines,
    subject_line,
)
from cchc.documents.writer.template import TEMPLATE_PATH, set_font

__all__ = [
    "APPENDIX_COLUMNS",
    "TEMPLATE_ERRORS",
    "chart_images",
    "docx_context",
    "template_problem",
    "write_docx",
]

APPENDIX_COLUMNS = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
INDICATOR_NOTE = "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
RESULT_HEADING = "Kết quả thống kê"
_WIDTHS_MM = (15, 70, 22, 22, 36)  # 165 mm of text width
_TABLE_FONT = 12
# The body paragraphs that go with the signature block when it moves to a new page.
_KEPT_WITH_SIGNATURE = 2


def _scope(report: ReportData) -> tuple[str, str, str]:
    """Who the figures are of: every unit of the province (an aggregate) or one unit by its name.

    The province's figures are sums over its departments and districts, not what UBND tỉnh did itself,
    so its sentences speak of "các cấp, các ngành" and "Toàn tỉnh".
    """
    if not report.unit_name:
        return "các cấp, các ngành trên địa bàn tỉnh", "Toàn tỉnh", "Các cấp, các ngành trên địa bàn tỉnh"
    return report.unit_name, report.unit_name, report.unit_name


def placeholder_text(report: ReportData) -> str:
    """What an unwritten section prints: the mark alone (the web page says where Sở Nội vụ writes it),
    or for a unit's own draft, that the unit writes it in the file."""
    if report.unit_name:
        return f"{PLACEHOLDER_START}: đơn vị soạn trực tiếp trong tệp Word trước khi gửi.]"
    return PLACEHOLDER


def docx_context(report: ReportData) -> dict[str, Any]:
    """Everything the Word template may use (docs/report.md lists the names), as plain data.

    The chart tags are "" here; write_docx puts opaque image placeholders in their place.
    """
    settings = report.settings
    period = report.period
    place = settings.place or report.province
    authority, title = signer_lines(
        settings.signer_mode, settings.signer_title, report.issuer, settings.head_title
    )
    subject, scope, subject_upper = _scope(report)
    printed = figures(report)
    context: dict[str, Any] = dict(printed)
    context.update(
        {
            "co_quan_cap_tren": report.issuer[0].upper() if len(report.issuer) > 1 else "",
            # "ỦY BAN NHÂN DÂN / TỈNH THANH HÓA" is one name on two lines, all bold; a superior body
            # ("UBND TỈNH THANH HÓA" above "SỞ TƯ PHÁP") is upright (Nghị định 30, Phụ lục I).
            "co_quan_cap_tren_dam": _one_name(report.issuer),
            "co_quan": report.issuer[-1].upper(),
            "so_hieu": number_line(settings.number, settings.number_suffix),
            "dia_danh_ngay": date_line(place, settings.date),
            "trich_yeu": subject_line(period),
            "ky": period.label,
            "ky_toi": next_period_label(period),
            "nam": period.year,
            # The plan the next period works to: an annual report looks ahead to next year's plan.
            "nam_ke_hoach": period.year + 1 if period.kind is PeriodKind.YEAR else period.year,
            "tinh": report.province,
            "chu_the": subject,
            "chu_the_hoa": subject_upper,
            "pham_vi": scope,
            "co": present(printed),
            # What the listing sentences list: a zero part drops its clause.
            "cau": sentence_parts(printed),
            "nhan": option_labels(report),
            # Whether the template has a district level (bnv-581) or not (two-level, since 1/7/2025).
            "cap_huyen": Level.HUYEN in report.catalogue.levels,
            # Cùng kỳ: how each figure moved against the same period of last year, and that year.
            "so_sanh": movements(report),
            # A 6-month, 9-month or annual report has its assessment (III) before its tasks (IV).
            "danh_gia": period.kind is not PeriodKind.QUARTER,
            "cung_ky_nam": report.previous.period.year if report.previous else "",
            "van_ban": section_texts(report),
            "chua_soan": placeholder_text(report),
            "thay_mat": collective_line(settings.signer_mode, report.issuer),
            "tham_quyen": authority,
            "chuc_vu": title,
            "nguoi_ky": settings.signer_name,
            "noi_nhan": recipient_lines(settings.recipients),
            "bieu_do_dung_han": "",
            "bieu_do_truc_tuyen": "",
        }
    )
    return context


def _paragraph(document: Any, text: str, *, size: float, bold: bool = False, italic: bool = False) -> Any:
    paragraph = document.add_paragraph(style="CCHC Phụ lục")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    set_font(run, size)
    return paragraph


def _row_properties(row: Any, *, header: bool) -> None:
    """Never split a row across pages; repeat the header row at the top of every page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _cell(
    cell: Any, text: str, style: str, *, align: WD_ALIGN_PARAGRAPH, bold: bool = False, italic: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    # The style id directly: python-docx's lookup by name scans every style, most of the writing time.
    paragraph._p.style = style
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    set_font(run, _TABLE_FONT)


def _form_table(document: Any, rows: tuple[Row, ...], report: ReportData) -> None:
    style = document.styles["CCHC Bảng"].style_id
    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below hold in Word and LibreOffice
    # The forms' two header rows: "Kết quả thống kê" spans ĐVT | Số liệu; the other columns span both.
    first, second = table.rows[0], table.add_row()
    for header in (first, second):
        _row_properties(header, header=True)
    for column in (0, 1, 4):
        first.cells[column].merge(second.cells[column])
    first.cells[2].merge(first.cells[3])
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _cell(first.cells[0], APPENDIX_COLUMNS[0], style, align=centre, bold=True)
    _cell(first.cells[1], APPENDIX_COLUMNS[1], style, align=centre, bold=True)
    note = first.cells[1].paragraphs[0].add_run(f" {INDICATOR_NOTE}")
    note.italic = True
    set_font(note, _TABLE_FONT)
    _cell(first.cells[2], RESULT_HEADING, style, align=centre, bold=True)
    _cell(first.cells[4], APPENDIX_COLUMNS[4], style, align=centre, bold=True)
    _cell(second.cells[2], APPENDIX_COLUMNS[2], style, align=centre, bold=True)
    _cell(second.cells[3], APPENDIX_COLUMNS[3], style, align=centre, bold=True)
    for row in rows:
        line = table.add_row()
        _row_properties(line, header=False)
        heading = not row.has_value
        texts = (
            f"{row.stt}.",
            row.name,
            row.unit,
            cell_text(row, report.cell(row.code)) if row.has_value else "",
            report.notes.get(row.code, ""),
        )
        aligns = (
            WD_ALIGN_PARAGRAPH.CENTER,
            WD_ALIGN_PARAGRAPH.LEFT,
            WD_ALIGN_PARAGRAPH.CENTER,
            WD_ALIGN_PARAGRAPH.RIGHT,
            WD_ALIGN_PARAGRAPH.LEFT,
        )
        # The sample sets the third level (1.4.1, 3.1.2) in italics, under its bold or plain parent.
        italic = row.stt.count(".") >= 2
        for index, (cell, text, align) in enumerate(zip(line.cells, texts, aligns, strict=True)):
            _cell(cell, text, style, align=align, bold=heading and index < 2, italic=italic and index == 1)
    for column, width in zip(table.columns, _WIDTHS_MM, strict=True):
        column.width = Mm(width)  # w:gridCol, which LibreOffice follows
        for cell in column.cells:
            cell.width = Mm(width)


def add_appendix(document: Any, report: ReportData) -> None:
    """Append "Phụ lục" and Biểu mẫu 1–7, each form starting on a new page."""
    settings = report.settings
    _paragraph(document, "Phụ lục", size=14, bold=True).paragraph_format.page_break_before = True
    _paragraph(
        document,
        f"THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {report.issuer[-1].upper()}",
        size=14,
        bold=True,
    )
    # "số 125/BC-UBND", or the blanks the clerk fills in ("số        /BC-UBND").
    number = number_line(settings.number, settings.number_suffix).removeprefix("Số:")
    _paragraph(
        document,
        f"(Kèm theo Báo cáo số{number} ngày {short_date(settings.date)} của {issuer_name(report)})",
        size=13,
        italic=True,
    )
    for index, form in enumerate(report.catalogue.forms):
        if not index:
            _paragraph(document, "", size=8)
        heading = _paragraph(document, f"Biểu mẫu {form.number}", size=14, bold=True)
        heading.paragraph_format.page_break_before = bool(index)
        _paragraph(document, form.title, size=14, bold=True)
        _paragraph(document, f"(Kỳ báo cáo: {report.period.label})", size=13, italic=True)
        _form_table(document, form.rows, report)


def _one_name(issuer: tuple[str, ...]) -> bool:
    """Whether the issuer's first line is part of its own name (a committee) rather than a superior body."""
    return len(issuer) > 1 and issuer[0].strip().upper() == "ỦY BAN NHÂN DÂN"


_ADMIN_LEVELS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ")


def issuer_name(report: ReportData) -> str:
    """How a sentence names the issuer: "UBND tỉnh Thanh Hóa", "UBND thành phố Hà Nội", "Sở Tư pháp"."""
    if report.unit_name:
        return report.unit_name
    body = report.issuer[-1].strip()
    if not _one_name(report.issuer):
        return body[:1] + body[1:].lower()
    upper = body.upper()
    level = next((level for level in _ADMIN_LEVELS if upper.startswith(f"{level} ")), "")
    place = body[len(level) :].strip()
    # Proper names are capitalised word by word; the level word stays lower case.
    name = " ".join(word[:1].upper() + word[1:].lower() for word in place.split())
    return " ".join(part for part in ("UBND", level.lower(), name) if part)


def chart_images(report: ReportData) -> dict[str, bytes]:
    """The charts the template prints, as PNG, by tag name (a chart without figures is left out)."""
    charts = {
        "bieu_do_dung_han": chart_png.on_time_png(report),
        "bieu_do_truc_tuyen": chart_png.trend_png(report),
    }
    return {key: png for key, png in charts.items() if png is not None}


def keep_text_with_signature(document: Any) -> None:
    """Keep the last body paragraphs, and the empty ones after them, with the table the document ends
    on (Nơi nhận and the signature, never split): when the block needs a new page, the report's closing
    lines go with it, so the signature never stands alone on a page. A template that does not end on a
    table is left as it is."""
    elements = [e for e in document.element.body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
    while elements and elements[-1].tag == qn("w:p") and not Paragraph(elements[-1], document).text.strip():
        elements.pop()  # an empty paragraph after the table (Word ends a document on one)
    if not elements or elements[-1].tag != qn("w:tbl"):
        return
    kept = 0
    for element in reversed(elements[:-1]):
        if element.tag != qn("w:p") or kept == _KEPT_WITH_SIGNATURE:
            return
        paragraph = Paragraph(element, document)
        paragraph.paragraph_format.keep_with_next = True
        kept += bool(paragraph.text.strip())


def write_docx(
    report: ReportData, out: str | Path | io.BytesIO, *, template: Path | None = None, charts: bool = True
) -> None:
    """Write the report as a .docx: the filled template, then the appendix.

    `template` is a Word template a province uploaded: it is filled in a confined worker (filling.py);
    the shipped one here. Either way the template sees plain data only, and a misspelt tag fails
    rather than print an empty figure (strict undefined).
    """
    context = docx_context(report)
    images = chart_images(report) if charts else {}
    if template is None:
        document = fill(TEMPLATE_PATH, context, images, read_first=False).docx
    else:
        document = Document(io.BytesIO(fill_uploaded(template.read_bytes(), context, images)))
    keep_text_with_signature(document)
    add_appendix(document, report)
    document.save(out)
