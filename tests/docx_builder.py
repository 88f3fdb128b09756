"""Test helper: write a RawDocument as a Word file the way a provincial office would type it.

Times New Roman, justified body paragraphs, tables with a visible grid whose two-row headers are real
merged cells, and (by default) real Word footnotes. python-docx has no footnote API, so the footnotes
part is assembled here from raw WordprocessingML.
"""

from __future__ import annotations

import os
import re

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from cchc.documents.model import Paragraph, RawDocument, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPTS)
_MARKERS = re.compile(f"[{_SUPERSCRIPTS}]+")
_FOOTNOTE_LINE = re.compile(f"([{_SUPERSCRIPTS}]+)\\s*(.*)", re.DOTALL)
_ITALIC = re.compile(r"<i>(.*?)</i>", re.DOTALL)

_REFERENCE_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


def build_docx(
    doc: RawDocument,
    path: str | os.PathLike[str],
    *,
    real_footnotes: bool = True,
    bullets: bool = False,
    landscape_appendix: bool = False,
) -> None:
    """Write `doc` to `path` as a .docx; superscript markers become real footnotes unless told not to.

    With `bullets`, a paragraph typed "- …" becomes a Word bulleted paragraph (List Bullet, no dash in
    its text); with `landscape_appendix`, the appendix ("Phụ lục") starts a landscape section.
    """
    document = docx.Document()
    _set_up_styles(document)

    footnotes = dict(doc.footnotes)
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        match = _FOOTNOTE_LINE.fullmatch(block.text) if isinstance(block, Paragraph) else None
        if real_footnotes and match:
            # A typed footnote line ("¹ Quyết định số …") becomes the text of a real footnote.
            footnotes[int(match.group(1).translate(_FROM_SUPERSCRIPT))] = match.group(2).strip()
        else:
            blocks.append(block)
    if not real_footnotes:
        # Footnotes known only from doc.footnotes are typed as lines at the end of the narrative.
        typed = {int(m.group(1).translate(_FROM_SUPERSCRIPT)) for m in _typed_footnote_lines(blocks)}
        for number, text in sorted(footnotes.items()):
            if number not in typed:
                blocks.append(Paragraph(text=f"{_superscript(number)} {text}", line=0))

    for block in blocks:
        if isinstance(block, Paragraph):
            if landscape_appendix and block.text.startswith("Phụ lục"):
                _landscape_section(document)
            text = block.text
            if bullets and text.startswith("- "):
                paragraph = document.add_paragraph(style="List Bullet")
                text = text[2:]
            else:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Cm(1.27)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _write_paragraph(paragraph, text, footnotes if real_footnotes else {})
        else:
            _write_table(document, block)

    if real_footnotes and footnotes:
        _add_footnotes_part(document, footnotes)
    document.save(os.fspath(path))


def _landscape_section(document: DocxDocument) -> None:
    """Start a new page in landscape, as offices lay out a wide appendix."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _typed_footnote_lines(blocks: list[Paragraph | Table]) -> list[re.Match[str]]:
    matches = (_FOOTNOTE_LINE.fullmatch(b.text) for b in blocks if isinstance(b, Paragraph))
    return [m for m in matches if m]


def _superscript(number: int) -> str:
    return str(number).translate(_TO_SUPERSCRIPT)


def _set_up_styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    text = document.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    text.font.size = Pt(10)
    reference = document.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True


def _write_paragraph(paragraph: DocxParagraph, text: str, footnotes: dict[int, str]) -> None:
    """Write text runs; a superscript marker with a known footnote becomes a footnote reference."""
    position = 0
    for marker in _MARKERS.finditer(text):
        number = int(marker.group().translate(_FROM_SUPERSCRIPT))
        if number not in footnotes:
            continue  # e.g. "m²": stays a literal superscript character
        _write_runs(paragraph, text[position : marker.start()])
        paragraph._p.append(
            parse_xml(f'<w:r xmlns:w="{W_NS}">{_REFERENCE_RPR}<w:footnoteReference w:id="{number}"/></w:r>')
        )
        position = marker.end()
    _write_runs(paragraph, text[position:])


def _write_runs(paragraph: DocxParagraph, text: str, *, bold: bool = False) -> None:
    """Add runs for `text`, turning the text layout's <i>…</i> into italic runs."""
    position = 0
    for italic in _ITALIC.finditer(text):
        if italic.start() > position:
            _add_run(paragraph, text[position : italic.start()], bold=bold)
        _add_run(paragraph, italic.group(1), bold=bold, italic=True)
        position = italic.end()
    if position < len(text):
        _add_run(paragraph, text[position:], bold=bold)


def _add_run(paragraph: DocxParagraph, text: str, *, bold: bool, italic: bool = False) -> None:
    # Run.text turns "\n" into <w:br/> and "\t" into <w:tab/>.
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _write_table(document: DocxDocument, block: Table) -> None:
    width = max(len(row) for row in block.rows)
    rows = [tuple(row) + ("",) * (width - len(row)) for row in block.rows]
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"

    header_rows: set[int] = set()
    index = 0
    while index + 1 < len(rows):
        merges = _header_merges(rows[index], rows[index + 1])
        if merges is None:
            index += 1
            continue
        _merge_header(table, index, *merges)
        header_rows.update({index, index + 1})
        index += 2

    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                _write_cell(table, r, c, text, bold=r in header_rows)


def _header_merges(
    top: tuple[str, ...], bottom: tuple[str, ...]
) -> tuple[list[int], list[tuple[int, int]]] | None:
    """Recognise a two-row header like the sample's and say which cells to merge.

    Top "STT | Chỉ tiêu | Kết quả thống kê | '' | Ghi chú" over bottom "'' | '' | Đơn vị tính | Số liệu | ''":
    columns empty in the bottom row merge vertically, empty top cells join the top cell on their left.
    """
    columns = range(len(top))
    if any(not top[c] and not bottom[c] for c in columns):
        return None
    vertical = [c for c in columns if top[c] and not bottom[c]]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(top):
        if not top[start]:
            return None
        end = start
        while end + 1 < len(top) and not top[end + 1]:
            end += 1
        if end > start:
            if not bottom[start]:
                return None
            spans.append((start, end))
        start = end + 1
    if not vertical or not spans:
        return None
    return vertical, spans


def _merge_header(table: DocxTable, top: int, vertical: list[int], spans: list[tuple[int, int]]) -> None:
    for column in vertical:
        table.cell(top, column).merge(table.cell(top + 1, column))
    for first, last in spans:
        table.cell(top, first).merge(table.cell(top, last))


def _write_cell(table: DocxTable, row: int, column: int, text: str, *, bold: bool) -> None:
    cell = table.cell(row, column)
    for number, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if bold:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write_runs(paragraph, line, bold=bold)
        for run in paragraph.runs:
            run.font.size = Pt(13)


def _add_footnotes_part(document: DocxDocument, footnotes: dict[int, str]) -> None:
    """Create word/footnotes.xml with the two separators and one footnote per number (used as w:id)."""
    notes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r>{_REFERENCE_RPR}<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
        f"</w:p></w:footnote>"
        for number in sorted(footnotes)
    )
    element = parse_xml(f'<w:footnotes xmlns:w="{W_NS}">{_SEPARATORS}{notes}</w:footnotes>')
    for footnote in element.findall(f"{{{W_NS}}}footnote"):
        number = int(footnote.get(f"{{{W_NS}}}id"))
        if number < 1:
            continue
        lines = footnotes[number].split("\n")
        _write_runs(DocxParagraph(footnote[0], None), lines[0])  # type: ignore[arg-type]
        for line in lines[1:]:
            extra = parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr></w:p>')
            footnote.append(extra)
            _write_runs(DocxParagraph(extra, None), line)  # type: ignore[arg-type]
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
