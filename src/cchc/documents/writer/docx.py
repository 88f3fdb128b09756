"""The report as a Word document: the template filled by docxtpl, then the appendix (Phụ lục) with
Biểu mẫu 1–7 laid out as the forms, each on a new page, header row repeated on every page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from cchc.core.catalogue import Row
from cchc.documents.writer import charts as chart_images
from cchc.documents.writer.data import ReportData
from cchc.documents.writer.narrative import (
    cell_text,
    date_line,
    figures,
    next_period_label,
    number_line,
    option_labels,
    recipient_lines,
    section_texts,
    signer_lines,
    subject_line,
)
from cchc.documents.writer.template import TEMPLATE_PATH, build_template, set_font

__all__ = ["APPENDIX_COLUMNS", "docx_context", "write_docx"]

APPENDIX_COLUMNS = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
_WIDTHS_MM = (15, 70, 22, 22, 36)  # 165 mm of text width
_TABLE_FONT = 12


def _template(path: Path | None) -> Path:
    if path is not None:
        return path
    if not TEMPLATE_PATH.exists():
        build_template(TEMPLATE_PATH)
    return TEMPLATE_PATH


def _scope(report: ReportData) -> tuple[str, str, str]:
    """Who the report speaks of: the province ("UBND tỉnh", "Toàn tỉnh") or one unit by its name."""
    if not report.unit_name:
        return "UBND tỉnh, Chủ tịch UBND tỉnh", "Toàn tỉnh", "UBND tỉnh"
    return report.unit_name, report.unit_name, report.unit_name


def docx_context(
    report: ReportData, *, template: DocxTemplate | None = None, charts: bool = True
) -> dict[str, Any]:
    """Everything the Word template may use (docs/report.md lists the names)."""
    settings = report.settings
    period = report.period
    place = settings.place or report.province
    authority, title = signer_lines(settings.signer_mode, settings.signer_title, report.issuer)
    subject, scope, subject_upper = _scope(report)
    context: dict[str, Any] = dict(figures(report))
    context.update(
        {
            "co_quan_cap_tren": report.issuer[0].upper() if len(report.issuer) > 1 else "",
            "co_quan": report.issuer[-1].upper(),
            "so_hieu": number_line(settings.number),
            "dia_danh_ngay": date_line(place, settings.date, period.year),
            "trich_yeu": subject_line(period),
            "ky": period.label,
            "ky_toi": next_period_label(period),
            "nam": period.year,
            "tinh": report.province,
            "chu_the": subject,
            "chu_the_hoa": subject_upper,
            "pham_vi": scope,
            "nhan": option_labels(report),
            "van_ban": section_texts(report),
            "tham_quyen": authority,
            "chuc_vu": title,
            "nguoi_ky": settings.signer_name,
            "noi_nhan": recipient_lines(settings.recipients),
            "bieu_do_dung_han": "",
            "bieu_do_truc_tuyen": "",
        }
    )
    if charts and template is not None:
        for key, png in (
            ("bieu_do_dung_han", chart_images.on_time_png(report)),
            ("bieu_do_truc_tuyen", chart_images.trend_png(report)),
        ):
            if png is not None:
                context[key] = InlineImage(template, io.BytesIO(png), width=Mm(150))
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
    header = table.rows[0]
    _row_properties(header, header=True)
    for cell, text in zip(header.cells, APPENDIX_COLUMNS, strict=True):
        _cell(cell, text, style, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
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
        for index, (cell, text, align) in enumerate(zip(line.cells, texts, aligns, strict=True)):
            _cell(cell, text, style, align=align, bold=heading and index < 2)
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
    number = settings.number or "       "
    if "/" not in number:
        number = f"{number}/BC-UBND"
    date = (
        f"ngày {settings.date.day:02d}/{settings.date.month:02d}/{settings.date.year}"
        if settings.date
        else f"ngày      /     /{report.period.year}"
    )
    _paragraph(
        document, f"(Kèm theo Báo cáo số {number} {date} của {_short(report.issuer)})", size=13, italic=True
    )
    for index, form in enumerate(report.catalogue.forms):
        if not index:
            _paragraph(document, "", size=8)
        heading = _paragraph(document, f"Biểu mẫu {form.number}", size=14, bold=True)
        heading.paragraph_format.page_break_before = bool(index)
        _paragraph(document, form.title, size=14, bold=True)
        _paragraph(document, f"(Kỳ báo cáo: {report.period.label})", size=13, italic=True)
        _form_table(document, form.rows, report)


def _short(issuer: tuple[str, ...]) -> str:
    """How the appendix names the issuer: ("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA") → "UBND tỉnh Thanh Hóa"."""
    body = issuer[-1].strip()
    first, _, rest = body.partition(" ")
    named = f"{first.lower()} {rest.title()}".strip()
    return f"UBND {named}" if issuer[0].strip().upper() == "ỦY BAN NHÂN DÂN" else body[:1] + body[1:].lower()


def write_docx(
    report: ReportData, out: str | Path | io.BytesIO, *, template: Path | None = None, charts: bool = True
) -> None:
    """Write the report as a .docx: the filled template, then the appendix."""
    document = DocxTemplate(str(_template(template)))
    # A template is a file staff upload: it must not reach Python objects (sandbox), and a misspelt tag
    # must fail rather than print an empty figure (strict undefined).
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    document.render(docx_context(report, template=document, charts=charts), jinja_env=environment)
    add_appendix(document.docx, report)
    document.save(out)
