"""Build the Word template of the report (`templates/bao-cao-cchc.docx`) with python-docx.

The template is an ordinary Word document holding the layout of Nghị định 30/2020/NĐ-CP and the
narrative wording with docxtpl (Jinja) tags, so office staff can change the wording in Word. It is
committed; run `python -m cchc.documents.writer` to make it again from this script.
The tags (docs/report.md lists them all): `{{ BM3_3_1_2 }}` the printed figure of row BM3-3.1.2
("" when it has no number), `{{ NT_1 }}` a narrative total, `van_ban.chi_dao` the province's paragraphs
of a section, `{%p if … %}` / `{%p endif %}` a paragraph shown only when the condition holds.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

__all__ = ["TEMPLATE_PATH", "build_template", "set_font"]

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / "bao-cao-cchc.docx"
FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # A4 210 mm less 30 mm left and 15 mm right
SUBJECT_RULE_MM = 66  # 2/5 of the text width

# Paragraph styles of the report: name → (size, bold, italic, alignment, first-line indent mm).
STYLES: dict[str, tuple[float, bool, bool, WD_ALIGN_PARAGRAPH, float]] = {
    "CCHC Thân": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10),
    "CCHC Mục": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10),
    "CCHC Tiểu mục": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 10),
    "CCHC Tiểu mục nhỏ": (14, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 10),
    "CCHC Tên loại": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Trích yếu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Biểu đồ": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Chú thích biểu đồ": (13, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Đầu trang": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Phụ lục": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "CCHC Bảng": (12, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "CCHC Nơi nhận": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
}


def set_font(style_or_run: object, size: float | None = None) -> None:
    """Set Times New Roman on a style or run for every script (Latin, East Asian, complex)."""
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    element = style_or_run.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _times_only(fonts)


def _times_only(fonts: object) -> None:
    """Name Times New Roman for every script and drop the theme fonts, which Word would use instead."""
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # type: ignore[attr-defined]


def _styles(document: DocumentObject) -> None:
    """Times New Roman in every style (and the document defaults), then the report's own styles."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            _times_only(fonts)
    for name, (size, bold, italic, align, indent) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.bold = bold
        style.font.italic = italic
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Mm(indent) if indent else None
        if name in ("CCHC Thân", "CCHC Mục", "CCHC Tiểu mục", "CCHC Tiểu mục nhỏ"):
            fmt.space_before = Pt(6)
            fmt.space_after = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            fmt.line_spacing = 1.15
            # A heading never ends a page: it stays with the first paragraph under it.
            fmt.keep_with_next = name != "CCHC Thân"
        else:
            fmt.space_before = Pt(18 if name == "CCHC Tên loại" else 0)
            fmt.space_after = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            # A chart stays with its caption; the appendix's headings with their table.
            fmt.keep_with_next = name in ("CCHC Biểu đồ", "CCHC Phụ lục", "CCHC Tên loại", "CCHC Trích yếu")
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    normal.font.color.rgb = None
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            set_font(style)
            if style.type is not WD_STYLE_TYPE.TABLE:
                style.font.color.rgb = None  # black: the default template colours its headings
    # Table styles carry fonts in their conditional parts too (first row, last column…).
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        _times_only(fonts)


def _page(document: DocumentObject) -> None:
    """A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; page number from page 2."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A PAGE field, one run per part as Word writes it: begin, instruction, separator, shown value, end.
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "2"), ("end", "")):
        run = header.add_run()
        set_font(run, 13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    section.first_page_header.is_linked_to_previous = False


def rule_below(paragraph: Paragraph, *, indent_mm: float) -> None:
    """A short rule: an empty 3-point paragraph with a bottom border, narrowed by equal indents.

    The paragraph's own height keeps the rule a little below the line above, as printed forms do.
    """
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")  # added first, so that w:spacing and w:ind follow it (schema order)
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent_mm)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # An empty paragraph is as tall as its paragraph mark: make the mark 3 pt.
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "6")
        mark.append(size)
    ppr.append(mark)


def _cell_line(
    cell: _Cell, text: str, *, size: float, bold: bool = False, italic: bool = False, first: bool = False
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = "CCHC Đầu trang"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    set_font(run, size)
    return paragraph


def fixed_table(document: DocumentObject, widths_mm: tuple[float, ...]) -> object:
    """A borderless table with fixed column widths (autofit off writes w:tblLayout fixed)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _header_block(document: DocumentObject) -> None:
    """Issuing body and số hiệu on the left; Quốc hiệu, Tiêu ngữ and place/date on the right."""
    table = fixed_table(document, (62, 103))
    left, right = table.rows[0].cells  # type: ignore[attr-defined]
    left_first = left.paragraphs[0]
    left_first.style = "CCHC Đầu trang"
    # Two runs, one bold and one upright; the tags print the line in the one that fits the issuer.
    for text, bold in (
        ("{{ co_quan_cap_tren if co_quan_cap_tren_dam else '' }}", True),
        ("{{ '' if co_quan_cap_tren_dam else co_quan_cap_tren }}", False),
    ):
        run = left_first.add_run(text)
        run.bold = bold
        set_font(run, 13)
    _cell_line(left, "{{ co_quan }}", size=13, bold=True)
    rule_below(left.add_paragraph(), indent_mm=20)
    _cell_line(left, "{{ so_hieu }}", size=13).paragraph_format.space_before = Pt(6)
    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
    rule_below(right.add_paragraph(), indent_mm=21)
    _cell_line(right, "{{ dia_danh_ngay }}", size=14, italic=True).paragraph_format.space_before = Pt(6)


def _signature_block(document: DocumentObject) -> None:
    """Nơi nhận on the left (12 bold italic, list 11); authority, title and name on the right."""
    spacer = document.add_paragraph(style="CCHC Thân")
    spacer.paragraph_format.first_line_indent = None
    table = fixed_table(document, (80, 85))
    row = table.rows[0]  # type: ignore[attr-defined]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the signature is never split
    left, right = row.cells
    heading = left.paragraphs[0]
    heading.style = "CCHC Nơi nhận"
    run = heading.add_run("Nơi nhận:")
    run.bold = run.italic = True
    set_font(run, 12)
    for text in ("{%p for dong in noi_nhan %}", "{{ dong }}", "{%p endfor %}"):
        paragraph = left.add_paragraph(style="CCHC Nơi nhận")
        set_font(paragraph.add_run(text), 11)
    # "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH" when a deputy signs for the head of the collective.
    _cell_line(right, "{%p if thay_mat %}", size=14, first=True)
    _cell_line(right, "{{ thay_mat }}", size=14, bold=True)
    _cell_line(right, "{%p endif %}", size=14)
    _cell_line(right, "{{ tham_quyen }}", size=14, bold=True)
    _cell_line(right, "{{ chuc_vu }}", size=14, bold=True)
    for _ in range(4):
        _cell_line(right, "", size=14)
    _cell_line(right, "{{ nguoi_ky }}", size=14, bold=True)


# The body: (style, text). Paragraphs holding only a {%p … %} tag vanish when the document is made.
BODY: tuple[tuple[str, str], ...] = (
    ("CCHC Tên loại", "BÁO CÁO"),
    ("CCHC Trích yếu", "{{ trich_yeu }}"),
    ("CCHC Trích yếu", ""),  # the short rule under the subject line (see build_template)
    ("CCHC Mục", "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN"),
    ("CCHC Tiểu mục", "1. Về tổ chức chỉ đạo, điều hành cải cách hành chính"),
    ("CCHC Thân", "{%p for doan in van_ban.chi_dao %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if co.BM1_1 %}"),
    (
        "CCHC Thân",
        "- Trong kỳ báo cáo, {{ chu_the }} đã ban hành {{ BM1_1 }} văn bản chỉ đạo CCHC (kết luận, chỉ thị, "
        "công văn chỉ đạo, quán triệt).",
    ),
    ("CCHC Thân", "{%p endif %}"),
    # cau.…: the parts a listing sentence lists, a zero part left out (writer.narrative.sentence_parts).
    ("CCHC Thân", "{%p if co.BM1_5_1 %}"),
    (
        "CCHC Thân",
        "- Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao {{ BM1_5_1 }} nhiệm vụ"
        "{{ cau.nhiem_vu_cp }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if nhan.BM1_6 == 'Có' and co.BM1_6_1 %}"),
    (
        "CCHC Thân",
        "- Tổ chức khảo sát sự hài lòng của người dân, tổ chức với {{ BM1_6_1 }} phiếu khảo sát"
        "{% if nhan.BM1_6_2 %}, hình thức khảo sát: {{ nhan.BM1_6_2|lower }}{% endif %}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if nhan.BM1_7 == 'Có' %}"),
    ("CCHC Thân", "- Lãnh đạo đã tổ chức đối thoại với người dân, cộng đồng doanh nghiệp."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "2. Về kiểm tra công tác cải cách hành chính, thực hiện kỷ luật, kỷ cương hành chính"),
    ("CCHC Thân", "{%p for doan in van_ban.kiem_tra %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if co.BM1_3_1 or co.BM1_3_2 %}"),
    (
        "CCHC Thân",
        "- Trong kỳ báo cáo đã kiểm tra công tác CCHC tại {% if co.BM1_3_1 %}{{ BM1_3_1 }} sở, ngành"
        "{% endif %}{% if co.BM1_3_1 and co.BM1_3_2 %} và {% endif %}{% if co.BM1_3_2 %}{{ BM1_3_2 }} UBND "
        "cấp huyện{% endif %}.",
    ),
    ("CCHC Thân", "{%p else %}"),
    ("CCHC Thân", "- Trong kỳ báo cáo chưa tiến hành kiểm tra công tác CCHC."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM1_3_3_1 and BM1_3_3_2 and BM1_3_3 %}"),
    (
        "CCHC Thân",
        "- Qua kiểm tra phát hiện {{ BM1_3_3_1 }} vấn đề; đã xử lý xong {{ BM1_3_3_2 }} vấn đề, đạt tỷ lệ "
        "{{ BM1_3_3 }}%.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "3. Về công tác tuyên truyền cải cách hành chính"),
    ("CCHC Thân", "{%p for doan in van_ban.tuyen_truyen %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    # No figure speaks for this section: without the province's text it would be a bare heading, so the
    # placeholder marks it (chua_soan; `cchc check` and the period's findings count it).
    ("CCHC Thân", "{%p if not van_ban.tuyen_truyen %}"),
    ("CCHC Thân", "{{ chua_soan }}"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "4. Kết quả thực hiện các nhiệm vụ theo Kế hoạch CCHC năm {{ nam }}"),
    ("CCHC Thân", "{%p for doan in van_ban.ke_hoach %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if co.BM1_2_1 %}"),
    ("CCHC Thân", "- Số nhiệm vụ đề ra trong kế hoạch: {{ BM1_2_1 }} nhiệm vụ;"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM1_2_1 and BM1_2_2 %}"),
    ("CCHC Thân", "- Số nhiệm vụ đã hoàn thành: {{ BM1_2_2 }} nhiệm vụ;"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if BM1_2 %}"),
    ("CCHC Thân", "- Tỷ lệ hoàn thành Kế hoạch CCHC năm (lũy kế đến thời điểm báo cáo): {{ BM1_2 }}%."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Mục", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
    (
        "CCHC Thân",
        "Kết quả thực hiện trên từng lĩnh vực như sau (số liệu chi tiết tại Phụ lục kèm theo Báo cáo này):",
    ),
    ("CCHC Tiểu mục", "1. Cải cách thể chế"),
    ("CCHC Thân", "{%p for doan in van_ban.the_che %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    # The two-level local government (since 1/7/2025) has no cấp huyện: its part prints as nothing.
    ("CCHC Thân", "{%p if co.BM2_1 %}"),
    (
        "CCHC Thân",
        "- Tổng số văn bản QPPL do địa phương ban hành là {{ BM2_1 }} văn bản{{ cau.vbqppl_theo_cap }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM2_2_1 %}"),
    ("CCHC Thân", "- Kiểm tra {{ BM2_2_1 }} văn bản QPPL theo thẩm quyền của cấp tỉnh."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM2_3_1 %}"),
    ("CCHC Thân", "- Rà soát {{ BM2_3_1 }} văn bản QPPL thuộc thẩm quyền của cấp tỉnh."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "2. Cải cách thủ tục hành chính"),
    ("CCHC Tiểu mục nhỏ", "2.1. Công tác kiểm soát thủ tục hành chính"),
    ("CCHC Thân", "{%p for doan in van_ban.kiem_soat_tthc %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if cau.tthc_cong_bo %}"),
    ("CCHC Thân", "- {{ cau.tthc_cong_bo }}."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM3_1_4 %}"),
    (
        "CCHC Thân",
        "- {{ pham_vi }} có {{ BM3_1_4 }} TTHC thuộc thẩm quyền giải quyết tại địa phương"
        "{{ cau.tthc_theo_cap }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM3_3_4_1 and BM3_3_4_2 and BM3_3_4 %}"),
    (
        "CCHC Thân",
        "- Tiếp nhận {{ BM3_3_4_1 }} phản ánh, kiến nghị của tổ chức, công dân về quy định TTHC; đã giải "
        "quyết xong {{ BM3_3_4_2 }} PAKN, đạt tỷ lệ {{ BM3_3_4 }}%.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục nhỏ", "2.2. Tình hình thực hiện cơ chế một cửa, cơ chế một cửa liên thông"),
    ("CCHC Thân", "{%p for doan in van_ban.mot_cua %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if cau.lien_thong %}"),
    ("CCHC Thân", "- {{ cau.lien_thong }}."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.NT_1 and NT_2 and NT_3 %}"),
    (
        "CCHC Thân",
        "- {{ pham_vi }} đã giải quyết {{ NT_1 }} hồ sơ TTHC, giải quyết đúng hạn {{ NT_2 }} hồ sơ "
        "(đạt tỷ lệ {{ NT_3 }}%).",
    ),
    ("CCHC Thân", "{%p endif %}"),
    # Cùng kỳ: how the key figures moved against the same period of last year (when it is on record).
    ("CCHC Thân", "{%p if so_sanh.NT_1 and so_sanh.NT_3 %}"),
    (
        "CCHC Thân",
        "- So với cùng kỳ năm {{ cung_ky_nam }}, số hồ sơ TTHC đã giải quyết xong {{ so_sanh.NT_1 }}, "
        "tỷ lệ giải quyết đúng hạn {{ so_sanh.NT_3 }}{% if so_sanh.BM7_6_7 %}, tỷ lệ hồ sơ tiếp nhận "
        "trực tuyến {{ so_sanh.BM7_6_7 }}{% endif %}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM3_3_1_1 and BM3_3_1_2 and BM3_3_1 %}"),
    (
        "CCHC Thân",
        "- Cấp tỉnh (các sở, ngành) giải quyết đúng hạn đạt tỷ lệ {{ BM3_3_1 }}% ({{ BM3_3_1_2 }}/"
        "{{ BM3_3_1_1 }} hồ sơ).",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM3_3_2_1 and BM3_3_2_2 and BM3_3_2 %}"),
    (
        "CCHC Thân",
        "- Cấp huyện giải quyết đúng hạn đạt tỷ lệ {{ BM3_3_2 }}% ({{ BM3_3_2_2 }}/{{ BM3_3_2_1 }} hồ sơ).",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM3_3_3_1 and BM3_3_3_2 and BM3_3_3 %}"),
    (
        "CCHC Thân",
        "- Cấp xã giải quyết đúng hạn đạt tỷ lệ {{ BM3_3_3 }}% ({{ BM3_3_3_2 }}/{{ BM3_3_3_1 }} hồ sơ).",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Biểu đồ", "{%p if bieu_do_dung_han %}"),
    ("CCHC Biểu đồ", "{{ bieu_do_dung_han }}"),
    ("CCHC Chú thích biểu đồ", "Biểu đồ 1. Tỷ lệ hồ sơ TTHC giải quyết đúng hạn theo cấp"),
    ("CCHC Biểu đồ", "{%p endif %}"),
    ("CCHC Tiểu mục", "3. Cải cách tổ chức bộ máy hành chính"),
    ("CCHC Thân", "{%p for doan in van_ban.bo_may %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if co.BM4_2_1 and BM4_2_2 %}"),
    (
        "CCHC Thân",
        "- Biên chế công chức trong các cơ quan, tổ chức hành chính được giao là {{ BM4_2_1 }} biên chế, "
        "có mặt tại thời điểm báo cáo là {{ BM4_2_2 }} biên chế.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM4_3_1 and BM4_3_2 %}"),
    (
        "CCHC Thân",
        "- Số lượng người làm việc hưởng lương từ ngân sách nhà nước tại các đơn vị sự nghiệp công lập được "
        "giao là {{ BM4_3_1 }} người, có mặt tại thời điểm báo cáo là {{ BM4_3_2 }} người.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if cau.tinh_gian %}"),
    ("CCHC Thân", "- Thực hiện tinh giản biên chế trong kỳ báo cáo: {{ cau.tinh_gian }}."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "4. Cải cách chế độ công vụ"),
    ("CCHC Thân", "{%p for doan in van_ban.cong_vu %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if cau.tuyen_dung %}"),
    ("CCHC Thân", "- {{ cau.tuyen_dung }}."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if cau.vi_tri_viec_lam %}"),
    ("CCHC Thân", "- Có {{ cau.vi_tri_viec_lam }} đã được phê duyệt vị trí việc làm theo quy định."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "5. Cải cách tài chính công"),
    ("CCHC Thân", "{%p for doan in van_ban.tai_chinh %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if co.BM6_1_1 and BM6_1_2 and BM6_1 %}"),
    (
        "CCHC Thân",
        "- Kế hoạch vốn đầu tư công được giao {{ BM6_1_1 }} triệu đồng; đã giải ngân {{ BM6_1_2 }} triệu "
        "đồng, đạt tỷ lệ {{ BM6_1 }}%.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM6_2_1 %}"),
    (
        "CCHC Thân",
        "- Tổng số đơn vị sự nghiệp công lập tại địa phương là {{ BM6_2_1 }} đơn vị{{ cau.dvsn_tu_chu }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ("CCHC Thân", "{%p for doan in van_ban.chinh_quyen_so %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if cau.dvc_truc_tuyen %}"),
    ("CCHC Thân", "- Cung cấp {{ cau.dvc_truc_tuyen }}."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM7_6_6_2 %}"),
    ("CCHC Thân", "- Đã tích hợp lên Cổng Dịch vụ công quốc gia {{ BM7_6_6_2 }} thủ tục hành chính."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if co.BM7_6_7_1 and BM7_6_7_2 and BM7_6_7 %}"),
    (
        "CCHC Thân",
        "- Tổng số hồ sơ TTHC đã tiếp nhận cả trực tuyến và trực tiếp là {{ BM7_6_7_1 }} hồ sơ; tiếp nhận "
        "trực tuyến là {{ BM7_6_7_2 }} hồ sơ, đạt tỷ lệ {{ BM7_6_7 }}%.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if nhan.BM7_1 == 'Hoàn thành' %}"),
    ("CCHC Thân", "- Đã cập nhật Kiến trúc chính quyền điện tử phiên bản mới nhất."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if nhan.BM7_2 in ('2 cấp', '3 cấp') %}"),
    (
        "CCHC Thân",
        "- Hệ thống họp trực tuyến được xây dựng và vận hành liên thông {{ ('ba cấp (tỉnh, huyện, xã)' "
        "if nhan.BM7_2 == '3 cấp' else 'hai cấp (tỉnh, huyện)') if cap_huyen else 'hai cấp (tỉnh, xã)' }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if nhan.BM7_4 in ('Đang làm', 'Hoàn thành') %}"),
    (
        "CCHC Thân",
        "- Nền tảng chia sẻ, tích hợp dùng chung (LGSP): {{ 'đã hoàn thành' if nhan.BM7_4 == 'Hoàn thành' "
        "else 'đang triển khai xây dựng' }}.",
    ),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p if BM7_5_2 %}"),
    ("CCHC Thân", "- Tỷ lệ sử dụng văn bản điện tử của địa phương đạt {{ BM7_5_2 }}%."),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Biểu đồ", "{%p if bieu_do_truc_tuyen %}"),
    ("CCHC Biểu đồ", "{{ bieu_do_truc_tuyen }}"),
    (
        "CCHC Chú thích biểu đồ",
        "Biểu đồ 2. Tỷ lệ giải quyết đúng hạn và tỷ lệ tiếp nhận trực tuyến qua các kỳ báo cáo",
    ),
    ("CCHC Biểu đồ", "{%p endif %}"),
    # A 6-month, 9-month or annual report assesses the period before its tasks (đánh giá chung).
    ("CCHC Thân", "{%p if danh_gia %}"),
    ("CCHC Mục", "III. ĐÁNH GIÁ CHUNG"),
    ("CCHC Tiểu mục", "1. Ưu điểm"),
    ("CCHC Thân", "{%p for doan in van_ban.uu_diem %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if not van_ban.uu_diem %}"),
    ("CCHC Thân", "{{ chua_soan }}"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "2. Tồn tại, hạn chế"),
    ("CCHC Thân", "{%p for doan in van_ban.ton_tai %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if not van_ban.ton_tai %}"),
    ("CCHC Thân", "{{ chua_soan }}"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Tiểu mục", "3. Nguyên nhân"),
    ("CCHC Thân", "{%p for doan in van_ban.nguyen_nhan %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    ("CCHC Thân", "{%p if not van_ban.nguyen_nhan %}"),
    ("CCHC Thân", "{{ chua_soan }}"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Mục", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM {{ ky_toi|upper }}"),
    ("CCHC Thân", "{%p else %}"),
    ("CCHC Mục", "III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM {{ ky_toi|upper }}"),
    ("CCHC Thân", "{%p endif %}"),
    ("CCHC Thân", "{%p for doan in van_ban.nhiem_vu %}"),
    ("CCHC Thân", "{{ doan }}"),
    ("CCHC Thân", "{%p endfor %}"),
    # The tasks are what the next report reviews: a generic sentence would set none.
    ("CCHC Thân", "{%p if not van_ban.nhiem_vu %}"),
    ("CCHC Thân", "{{ chua_soan }}"),
    ("CCHC Thân", "{%p endif %}"),
)


def _drop_styles_with_effects(document: DocumentObject) -> None:
    """Remove the stale copy of the styles (Word 2010's stylesWithEffects.xml, still Calibri/Cambria)."""
    rels = document.part.rels
    for key in [key for key, rel in rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del rels[key]


def build_template(path: Path = TEMPLATE_PATH) -> Path:
    """Write the Word template of the report to `path`."""
    document = Document()
    _styles(document)
    _page(document)
    # python-docx's default document starts with no paragraph; the header table goes first.
    _header_block(document)
    for style, text in BODY:
        paragraph = document.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            set_font(run)
        elif style == "CCHC Trích yếu":
            # Phụ lục I of the decree: a rule under the subject, a third to a half of the text width.
            rule_below(paragraph, indent_mm=(TEXT_WIDTH_MM - SUBJECT_RULE_MM) / 2)
            paragraph.paragraph_format.space_after = Pt(12)
            paragraph.paragraph_format.keep_with_next = False
    _signature_block(document)
    _drop_styles_with_effects(document)
    document.core_properties.title = "Báo cáo công tác cải cách hành chính"
    document.core_properties.author = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
