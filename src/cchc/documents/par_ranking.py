"""The year's PAR Index ranking as documents: the decision's Word appendix (bảng xếp hạng, Nghị định
30/2020 layout), an Excel table and a JSON list.

Pure writers over plain data (`Ranking` of `RankingTable`s of `RankingLine`s): the web layer and the
`cchc par` command build that data from the scores; nothing here touches Django. Numbers stay Decimal;
Excel gets them as numbers with a two-decimal format, JSON as numbers whose text is the exact decimal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from cchc.core.numbers import format_number
from cchc.documents.writer.template import set_font

__all__ = [
    "AreaHead",
    "Ranking",
    "RankingLine",
    "RankingTable",
    "appendix_title",
    "to_json",
    "write_docx",
    "write_xlsx",
]

UNIT_TYPE_TITLES = {"so": "Sở, ban, ngành", "xa": "UBND xã, phường"}
_APPENDIX_GROUPS = {"so": "các sở, ban, ngành", "xa": "UBND các xã, phường"}
_BLANK_NUMBER = "…"
_BLANK_DATE = "… tháng … năm …"


@dataclass(frozen=True)
class AreaHead:
    """An area (lĩnh vực) as a column: its code, name and maximum points."""

    code: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class RankingLine:
    """One unit's line of the ranking (xếp hạng) of its type."""

    code: str
    name: str
    unit_type: str  # "so" | "xa"
    rank: int
    total: Decimal
    max_applicable: Decimal
    index: Decimal
    band: str
    areas: tuple[tuple[str, Decimal], ...]  # (area code, points) in the set's order
    last_year: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        """Index points gained (+) or lost (−) since last year (None: not scored last year)."""
        return None if self.last_year is None else self.index - self.last_year

    def area_points(self, code: str) -> Decimal:
        """The points of one area."""
        return dict(self.areas)[code]


@dataclass(frozen=True)
class RankingTable:
    """The ranking of one type of unit, best first, over its criteria set's areas."""

    unit_type: str
    set_title: str
    sample: bool
    areas: tuple[AreaHead, ...]
    lines: tuple[RankingLine, ...]

    @property
    def title(self) -> str:
        """The type's name as a heading ("Sở, ban, ngành")."""
        return UNIT_TYPE_TITLES.get(self.unit_type, self.unit_type)


@dataclass(frozen=True)
class Ranking:
    """The year's results: a table per unit type, the decision that publishes them (number, date) and
    who signs it ("Chủ tịch UBND tỉnh Thanh Hóa")."""

    year: int
    tables: tuple[RankingTable, ...]
    signer: str = "Chủ tịch UBND tỉnh Thanh Hóa"
    decision: str = ""  # "125/QĐ-UBND"; blank: the clerk fills it in
    decision_date: str = ""  # "ngày 20 tháng 01 năm 2026"; blank likewise

    @property
    def sample(self) -> bool:
        """Whether any table is scored on a sample criteria set (not the province's decision)."""
        return any(table.sample for table in self.tables)


def appendix_title(ranking: Ranking) -> str:
    """«Kết quả Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành và UBND các xã, phường»."""
    groups = [_APPENDIX_GROUPS.get(t.unit_type, t.title) for t in ranking.tables] or list(
        _APPENDIX_GROUPS.values()
    )
    return f"Kết quả Chỉ số cải cách hành chính năm {ranking.year} của {' và '.join(groups)}"


def _decision_line(ranking: Ranking) -> str:
    number = ranking.decision.strip() or f"{_BLANK_NUMBER}/QĐ-UBND"
    if "/" not in number:
        number = f"{number}/QĐ-UBND"
    if " ngày " in f" {number} ":  # "512/QĐ-UBND ngày 20/01/2026": the date is already there
        return f"(Kèm theo Quyết định số {number} của {ranking.signer})"
    date = ranking.decision_date.strip() or _BLANK_DATE
    if not date.startswith("ngày"):
        date = f"ngày {date}"
    return f"(Kèm theo Quyết định số {number} {date} của {ranking.signer})"


def _number(value: Decimal | None) -> float | int | None:
    """A Decimal as a JSON number whose text is the same decimal (two-decimal points print exactly)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def to_json(ranking: Ranking) -> list[dict[str, Any]]:
    """One object per unit: code, name, type, total, max_applicable, index, band, rank, areas, last_year,
    change (types in order, each best first)."""
    return [
        {
            "code": line.code,
            "name": line.name,
            "type": line.unit_type,
            "rank": line.rank,
            "total": _number(line.total),
            "max_applicable": _number(line.max_applicable),
            "index": _number(line.index),
            "band": line.band,
            "areas": {code: _number(points) for code, points in line.areas},
            "last_year": _number(line.last_year),
            "change": _number(line.change),
        }
        for table in ranking.tables
        for line in table.lines
    ]


# ------------------------------------------------------------------ Excel


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Bảng"
    while name in used:
        name = f"{name[:28]} {len(used) + 1}"
    used.add(name)
    return name


def write_xlsx(ranking: Ranking) -> bytes:
    """The ranking as an .xlsx workbook: a sheet per unit type, one line per unit, numbers as numbers."""
    buffer = io.BytesIO()
    # User text (unit names, bands) never becomes a formula or a link, whatever it starts with.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    title_format = workbook.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman"})
    note_format = workbook.add_format({"italic": True, "font_name": "Times New Roman"})
    header = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
            "border": 1,
            "font_name": "Times New Roman",
        }
    )
    text = workbook.add_format(
        {"border": 1, "valign": "top", "text_wrap": True, "font_name": "Times New Roman"}
    )
    whole = workbook.add_format({"border": 1, "align": "center", "font_name": "Times New Roman"})
    points = workbook.add_format({"border": 1, "num_format": "0.00", "font_name": "Times New Roman"})
    signed = workbook.add_format(
        {"border": 1, "num_format": "+0.00;-0.00;0.00", "font_name": "Times New Roman"}
    )
    used: set[str] = set()
    for table in ranking.tables or ():
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        sheet.write_string(0, 0, f"{appendix_title(ranking)} — {table.title}", title_format)
        row = 1
        if table.sample:
            sheet.write_string(
                row,
                0,
                "Tính trên bộ tiêu chí mẫu, chưa phải bộ tiêu chí theo quyết định của UBND tỉnh.",
                note_format,
            )
            row += 1
        heads = [
            "Hạng",
            "Mã đơn vị",
            "Đơn vị",
            *(f"Lĩnh vực {area.code} (tối đa {_plain(area.max_points)})" for area in table.areas),
            "Tổng điểm",
            "Điểm tối đa áp dụng",
            "Chỉ số (%)",
            "Nhóm",
            f"Chỉ số năm {ranking.year - 1} (%)",
            "Thay đổi so với năm trước",
        ]
        head_row = row + 1
        for column, title in enumerate(heads):
            sheet.write_string(head_row, column, title, header)
        sheet.set_row(head_row, 45)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 18)
        sheet.set_column(2, 2, 44)
        sheet.set_column(3, len(heads) - 1, 11)
        sheet.freeze_panes(head_row + 1, 3)
        for offset, line in enumerate(table.lines, start=1):
            at = head_row + offset
            sheet.write_number(at, 0, line.rank, whole)
            sheet.write_string(at, 1, line.code, text)
            sheet.write_string(at, 2, line.name, text)
            column = 3
            for area in table.areas:
                sheet.write_number(at, column, line.area_points(area.code), points)
                column += 1
            sheet.write_number(at, column, line.total, points)
            sheet.write_number(at, column + 1, line.max_applicable, points)
            sheet.write_number(at, column + 2, line.index, points)
            sheet.write_string(at, column + 3, line.band, text)
            for shift, value, style in (
                (4, line.last_year, points),
                (5, line.change, signed),
            ):
                if value is None:
                    sheet.write_blank(at, column + shift, None, text)
                else:
                    sheet.write_number(at, column + shift, value, style)
        legend = head_row + len(table.lines) + 2
        for offset, area in enumerate(table.areas):
            sheet.write_string(legend + offset, 2, f"Lĩnh vực {area.code}: {area.name}", note_format)
    if not ranking.tables:
        workbook.add_worksheet("Kết quả").write_string(0, 0, "Chưa có đơn vị nào được đánh giá.")
    workbook.close()
    return buffer.getvalue()


def _plain(value: Decimal) -> str:
    """Points as printed in a heading, Vietnamese style ("14,5")."""
    return format_number(value)


# ------------------------------------------------------------------ Word

# A4 landscape: the table has 13 columns. Nghị định 30/2020 margins: top and bottom 20 mm, left 25 mm,
# right 15 mm (within 20–25 and 15–20 mm).
_PAGE_MM = (297, 210)
_MARGINS_MM = {"top": 20, "bottom": 20, "left": 25, "right": 15}
_FIXED_MM = {"stt": 12, "name": 60, "total": 18, "index": 18, "rank": 16}
_TABLE_FONT = 12
_ROMAN = ("I", "II", "III", "IV")


def _widths(areas: int) -> list[float]:
    text_width = _PAGE_MM[0] - _MARGINS_MM["left"] - _MARGINS_MM["right"]
    fixed = sum(_FIXED_MM.values())
    area = (text_width - fixed) / max(areas, 1)
    return [
        _FIXED_MM["stt"],
        _FIXED_MM["name"],
        *([area] * areas),
        _FIXED_MM["total"],
        _FIXED_MM["index"],
        _FIXED_MM["rank"],
    ]


def write_docx(ranking: Ranking) -> bytes:
    """The decision's appendix «Phụ lục: Kết quả Chỉ số CCHC năm …» as a Word document (.docx)."""
    document = Document()
    normal = document.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(_MARGINS_MM["top"]), Mm(_MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(_MARGINS_MM["left"]), Mm(_MARGINS_MM["right"])
    centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    cell_style = document.styles.add_style("Bảng xếp hạng", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    set_font(cell_style, _TABLE_FONT)
    cell_style.paragraph_format.space_before = Pt(2)
    cell_style.paragraph_format.space_after = Pt(2)
    table_style = cell_style.style_id

    def paragraph(
        text: str, *, size: float = 14, bold: bool = False, italic: bool = False, align: Any = centre
    ) -> Any:
        made = document.add_paragraph()
        made.alignment = align
        run = made.add_run(text)
        run.bold, run.italic = bold, italic
        set_font(run, size)
        return made

    paragraph("PHỤ LỤC", bold=True)
    # Two lines, cut before «của»: the year's title, then whose index it is.
    title = appendix_title(ranking).upper()
    head, _, tail = title.partition(" CỦA ")
    paragraph(head, bold=True)
    if tail:
        paragraph(f"CỦA {tail}", bold=True)
    paragraph(_decision_line(ranking), size=13, italic=True)
    if ranking.sample:
        paragraph(
            "(Kết quả tính trên bộ tiêu chí mẫu của hệ thống, "
            "chưa phải bộ tiêu chí theo quyết định của UBND tỉnh)",
            size=13,
            italic=True,
        )
    paragraph("", size=8)
    for number, table in enumerate(ranking.tables):
        heading = paragraph(
            f"{_ROMAN[number] if number < len(_ROMAN) else number + 1}. {table.title.upper()}",
            bold=True,
            align=left,
        )
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
        if number:
            heading.paragraph_format.page_break_before = True
        # The areas' names above the table, kept with it (below it, they could fall alone on a page).
        legend = "; ".join(f"({area.code}) {area.name}" for area in table.areas)
        note = paragraph(f"Lĩnh vực: {legend}.", size=12, italic=True, align=left)
        note.paragraph_format.space_after = Pt(4)
        note.paragraph_format.keep_with_next = True
        _docx_table(document, table, table_style)
    if not ranking.tables:
        paragraph("Chưa có đơn vị nào được đánh giá.", align=left)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, table: RankingTable, style: str) -> None:
    """One unit type's table: STT, Đơn vị, points per area (under one spanning heading), Tổng điểm,
    Chỉ số (%), Xếp hạng; header rows repeated on every page.

    Body rows are written as XML: through python-docx (whose `row.cells` and `column.cells` walk the
    whole table on every call) a province's 166 communes took seconds."""
    centre = WD_ALIGN_PARAGRAPH.CENTER

    def fill(cell: Any, text: str, alignment: Any, *, bold: bool = False) -> None:
        made = cell.paragraphs[0]
        made._p.style = style  # the style id: font and spacing once, not on every run
        made.alignment = alignment
        made.add_run(text).bold = bold or None

    def properties(row: Any, *, header: bool) -> None:
        # Never split a row across pages; repeat the header rows on every page.
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if header:
            trpr.append(OxmlElement("w:tblHeader"))

    areas = len(table.areas)
    grid = document.add_table(rows=2, cols=2 + areas + 3)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # w:tblLayout fixed: the widths below hold in Word and LibreOffice
    widths = [Mm(width) for width in _widths(areas)]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice follows; new rows copy it to their cells
    first, second = grid.rows
    for row in (first, second):
        properties(row, header=True)
        for tc, width in zip(row._tr.tc_lst, widths, strict=True):
            tc.width = width
    singles = [
        (0, "STT"),
        (1, "Đơn vị"),
        (2 + areas, "Tổng điểm"),
        (3 + areas, "Chỉ số (%)"),
        (4 + areas, "Xếp hạng"),
    ]
    for column, title in singles:
        merged = first.cells[column].merge(second.cells[column])
        fill(merged, title, centre, bold=True)
    if areas:
        spanned = first.cells[2].merge(first.cells[1 + areas]) if areas > 1 else first.cells[2]
        fill(spanned, "Điểm theo lĩnh vực", centre, bold=True)
        for offset, area in enumerate(table.areas):
            fill(second.cells[2 + offset], f"{area.code}\n({_plain(area.max_points)})", centre, bold=True)
    twips = [width.twips for width in widths]
    aligns = ["center", "left", *(["right"] * (areas + 2)), "center"]
    for number, line in enumerate(table.lines, start=1):
        texts = [
            str(number),
            line.name,
            *(_points(line.area_points(area.code)) for area in table.areas),
            _points(line.total),
            _points(line.index),
            str(line.rank),
        ]
        grid._tbl.append(parse_xml(_row_xml(texts, aligns, twips, style)))


_CONTROL = dict.fromkeys(range(32))  # no control character is valid in a Word document's XML


def _row_xml(texts: Sequence[str], aligns: Sequence[str], twips: Sequence[int], style: str) -> str:
    """A body row as WordprocessingML, built as text and parsed once: creating it element by element
    through python-docx takes most of a long table's writing time."""
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{escape(text.translate(_CONTROL))}</w:t></w:r></w:p></w:tc>'
        for text, align, width in zip(texts, aligns, twips, strict=True)
    )
    return f"<w:tr {nsdecls('w')}><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"


def _points(value: Decimal) -> str:
    return format_number(value, 2)


def lines_of(ranking: Ranking) -> Sequence[RankingLine]:
    """Every unit's line, types in order."""
    return [line for table in ranking.tables for line in table.lines]
