"""Read a finished report from a Word (.docx) file into the shared block model.

python-docx opens the package (zip, content types, relationships); the text itself is taken from the
WordprocessingML with lxml, because python-docx hides what a report reader needs: it repeats merged
cells in `row.cells`, drops footnote references from `Paragraph.text`, has no footnotes API and skips
blocks wrapped in content controls (`w:sdt`).

Numbering used in messages: blocks are the non-empty paragraphs and the tables of the body, counted
from 1 in reading order. A paragraph's `line` is its block number; a table's `line` is its block number
and each table row's entry in `row_lines` is `block * 1000 + row` (row counted from 1), so
`describe_docx_location(40003)` gives "bảng ở đoạn 40, dòng 3". The scheme assumes fewer than 1000
blocks and fewer than 1000 rows per table, which is far beyond a provincial report.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from cchc.documents.model import Block, Paragraph, RawDocument, ReportReadError, Table

# Refuse anything bigger: a real report is a few hundred kilobytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
# Total declared uncompressed size of the zip members; zipfile never inflates a member past its
# declared size, so checking the declared sizes is enough to stop a zip bomb.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ROW_LINE_FACTOR = 1000

# An OLE2 compound file: an old binary .doc, or a password-protected .docx (Word encrypts into OLE2).
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FOOTNOTES_RELTYPE_SUFFIX = "/footnotes"

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_VAL = _w("val")
# Wrappers that may enclose blocks, rows or cells without changing their meaning.
_TRANSPARENT_WRAPPERS = {_w("sdt"), _w("customXml")}
_SDT, _SDT_CONTENT = _w("sdt"), _w("sdtContent")
# Inline elements whose content is not visible text (properties, deleted text, alternative renderings).
_SKIPPED_INLINE = {_w("pPr"), _w("rPr"), _w("sdtPr"), _w("del"), _w("moveFrom"), f"{{{_MC_NS}}}Choice"}

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Footnotes and other parts are parsed with entity expansion and network access off.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

# What python-docx, zipfile and lxml raise on a damaged package. RuntimeError is zipfile's
# "encrypted member"; KeyError a missing part or relationship; ValueError a non-Word main part;
# AttributeError/TypeError python-docx meeting a package part whose XML root is not the expected one.
_PACKAGE_ERRORS = (
    AttributeError,
    TypeError,
    PackageNotFoundError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    EOFError,
    zlib.error,
    etree.LxmlError,
)


def superscript_number(number: int) -> str:
    """Write a footnote number the way the text layout does: ``12`` → ``"¹²"``."""
    return str(number).translate(_SUPERSCRIPT_DIGITS)


def describe_docx_location(line: int) -> str:
    """Turn a DOCX `line` or `row_lines` entry back into Vietnamese: "đoạn 12", "bảng ở đoạn 40, dòng 3"."""
    block, row = divmod(line, ROW_LINE_FACTOR)
    if block == 0:
        return f"đoạn {line}"
    return f"bảng ở đoạn {block}, dòng {row}"


def read_docx(path: str | os.PathLike[str]) -> RawDocument:
    """Read a .docx report: body paragraphs and tables in order, plus its Word footnotes."""
    name = Path(path).name
    return read_docx_data(_read_bytes(path, name), name)


def read_docx_data(data: bytes, name: str) -> RawDocument:
    """Read a .docx report given as bytes (an upload), named `name` in messages; see `read_docx`."""
    _check_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        root = document.part.element
        footnote_blobs = [
            rel.target_part.blob
            for rel in document.part.rels.values()
            if rel.reltype.endswith(_FOOTNOTES_RELTYPE_SUFFIX) and not rel.is_external
        ]
        footnote_roots = [etree.fromstring(blob, _SAFE_PARSER) for blob in footnote_blobs]
    except _PACKAGE_ERRORS as exc:
        raise ReportReadError(_invalid(name, _describe_package_error(exc))) from exc

    body = root.find(_w("body"))
    if body is None:
        raise ReportReadError(_invalid(name, "không có phần thân văn bản"))

    numbers = _FootnoteNumbers()
    styles = _list_styles(document)
    blocks: list[Block] = []
    for element in _iter_children(body, {_P, _TBL}):
        index = len(blocks) + 1
        if element.tag == _P:
            text = _paragraph_text(element, numbers).strip()
            if text and _is_list_item(element, styles):
                text = f"- {text}"  # a Word bullet or numbered item, written as the text layout writes it
            if text:
                blocks.append(Paragraph(text=text, line=index))
        else:
            rows = _table_rows(element, numbers)
            if rows:
                row_lines = tuple(index * ROW_LINE_FACTOR + r for r in range(1, len(rows) + 1))
                blocks.append(Table(rows=tuple(rows), line=index, row_lines=row_lines))

    texts: dict[int, str] = {}
    for footnotes_root in footnote_roots:
        texts.update(_footnote_texts(footnotes_root))
    # Only referenced footnotes are shown by Word, numbered in the order the body refers to them.
    footnotes = tuple((number, texts.get(footnote_id, "")) for footnote_id, number in numbers.by_id.items())
    return RawDocument(source=name, blocks=tuple(blocks), footnotes=footnotes)


def _read_bytes(path: str | os.PathLike[str], name: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise ReportReadError(_too_large(name, size))
            # Read one byte past the limit in case the file grew after fstat.
            data = handle.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise ReportReadError(f"Không tìm thấy tệp «{name}».") from exc
    except OSError as exc:
        raise ReportReadError(f"Không đọc được tệp «{name}»: {exc.strerror or exc}.") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ReportReadError(_too_large(name, len(data)))
    return data


def _check_package(data: bytes, name: str) -> None:
    """Reject old .doc files, non-zip files and zip bombs before python-docx inflates anything."""
    if data.startswith(_OLE2_MAGIC):
        raise ReportReadError(
            f"Tệp «{name}» là tài liệu Word cũ (.doc) hoặc tài liệu Word có đặt mật khẩu. "
            "Hãy mở tệp bằng Word, bỏ mật khẩu nếu có, rồi chọn «Lưu thành» (Save As) "
            "kiểu «Word Document (*.docx)» và gửi lại tệp .docx."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ReportReadError(
            _invalid(name, "tệp không có cấu trúc nén ZIP của Word (có thể tệp hỏng hoặc tải về chưa hết)")
        ) from exc
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise ReportReadError(
            f"Tệp «{name}» không phải tài liệu Word (.docx) hợp lệ: nội dung giải nén quá lớn "
            f"({_megabytes(declared)} MB, giới hạn {_megabytes(MAX_UNCOMPRESSED_BYTES)} MB)."
        )


def _invalid(name: str, reason: str) -> str:
    return f"Tệp «{name}» không phải tài liệu Word (.docx) hợp lệ: {reason}."


def _too_large(name: str, size: int) -> str:
    return (
        f"Tệp «{name}» quá lớn ({_megabytes(size)} MB); "
        f"chỉ đọc tài liệu Word đến {_megabytes(MAX_FILE_BYTES)} MB."
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _describe_package_error(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return "thiếu phần nội dung bắt buộc trong gói tài liệu"
    if isinstance(exc, ValueError) and "not a Word file" in str(exc):
        return "đây là loại tài liệu Office khác, không phải văn bản Word"
    if isinstance(exc, etree.LxmlError):
        return "nội dung XML bị hỏng"
    if isinstance(exc, (AttributeError, TypeError)):
        return "cấu trúc gói tài liệu không đúng"
    return "tệp nén bị hỏng hoặc bị mã hoá"


def _iter_children(parent: Any, tags: set[str]) -> Iterator[Any]:
    """Children of `parent` with one of `tags`, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _TRANSPARENT_WRAPPERS:
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _iter_children(inner, tags)


class _FootnoteNumbers:
    """Numbers footnote references in reading order, as Word displays them.

    The `w:id` is only a key: Word writes separators as -1/0 and notes from 1, LibreOffice writes
    separators as 0/1 and notes from 2, yet both show the first note as 1.
    """

    def __init__(self) -> None:
        self.by_id: dict[int, int] = {}

    def marker(self, raw_id: str | None) -> str:
        try:
            footnote_id = int(raw_id or "")
        except ValueError:
            return ""
        number = self.by_id.setdefault(footnote_id, len(self.by_id) + 1)
        return superscript_number(number)


def _list_styles(document: Any) -> set[str]:
    """The ids of the paragraph styles that number their paragraphs (List Bullet, List Number, …)."""
    found = set()
    for style in document.styles.element.iter(_w("style")):
        if style.find(f"{_w('pPr')}/{_w('numPr')}") is not None:
            found.add(style.get(_w("styleId"), ""))
    return found


def _is_list_item(paragraph: Any, list_styles: set[str]) -> bool:
    """Whether Word shows a bullet or a number before the paragraph (its own numbering or its style's)."""
    properties = paragraph.find(_w("pPr"))
    if properties is None:
        return False
    numbering = properties.find(_w("numPr"))
    if numbering is not None:
        number = numbering.find(_w("numId"))
        return number is None or number.get(_VAL) != "0"
    style = properties.find(_w("pStyle"))
    return style is not None and style.get(_VAL) in list_styles


def _paragraph_text(paragraph: Any, numbers: _FootnoteNumbers) -> str:
    parts: list[str] = []
    _collect_inline(paragraph, parts, numbers)
    return "".join(parts)


def _collect_inline(element: Any, parts: list[str], numbers: _FootnoteNumbers) -> None:
    # Runs sit directly in the paragraph or inside hyperlinks, insertions, fields, smart tags and
    # content controls; descending into everything but the skipped elements finds them all.
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED_INLINE:
            continue  # comments and processing instructions have a non-string tag
        if child.tag == _R:
            _collect_run(child, parts, numbers)
        else:
            _collect_inline(child, parts, numbers)


def _collect_run(run: Any, parts: list[str], numbers: _FootnoteNumbers) -> None:
    superscript = run.find(f"{_w('rPr')}/{_w('vertAlign')}[@{_w('val')}='superscript']") is not None
    # Only the run's own children: drawings and text boxes nested in a run are not body text.
    for child in run:
        tag = child.tag
        if tag == _T:
            text = child.text or ""
            if superscript and text.strip().isascii() and text.strip().isdigit():
                # A footnote marker typed by hand as a superscript number.
                text = text.translate(_SUPERSCRIPT_DIGITS)
            parts.append(text)
        elif tag == _w("tab"):
            parts.append("\t")
        elif tag in (_w("br"), _w("cr")):
            parts.append("\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag == _w("footnoteReference"):
            parts.append(numbers.marker(child.get(_w("id"))))


def _table_rows(table: Any, numbers: _FootnoteNumbers) -> list[tuple[str, ...]]:
    """Rows of cell texts on the table grid: a merged cell's text once, then "" for the rest."""
    grid = table.find(_w("tblGrid"))
    width = 0 if grid is None else len(grid.findall(_w("gridCol")))
    rows: list[list[str]] = []
    for row in _iter_children(table, {_TR}):
        cells = [""] * _int_val(row.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
        for cell in _iter_children(row, {_TC}):
            properties = cell.find(_w("tcPr"))
            span = 1
            continued = False
            if properties is not None:
                span = max(1, _int_val(properties.find(_w("gridSpan")), 1))
                merge = properties.find(_w("vMerge"))
                # A w:vMerge without val="restart" continues the cell above; its text is already there.
                continued = merge is not None and merge.get(_VAL, "continue") != "restart"
            cells.append("" if continued else _cell_text(cell, numbers))
            cells.extend([""] * (span - 1))
        rows.append(cells)
    width = max([width, *(len(cells) for cells in rows)])
    return [tuple(cells + [""] * (width - len(cells))) for cells in rows]


def _cell_text(cell: Any, numbers: _FootnoteNumbers) -> str:
    lines: list[str] = []
    for element in _iter_children(cell, {_P, _TBL}):
        if element.tag == _P:
            lines.append(_paragraph_text(element, numbers))
        else:
            # A nested table is flattened: one line per row, its non-empty cells separated by spaces.
            for row in _table_rows(element, numbers):
                lines.append(" ".join(text for text in row if text))
    return "\n".join(lines).strip()


def _int_val(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def _footnote_texts(root: Any) -> dict[int, str]:
    """Footnote texts by `w:id`, without separators and without the footnote's own number mark."""
    texts: dict[int, str] = {}
    for footnote in root.iter(_w("footnote")):
        # Separators carry w:type; a real footnote has none (or "normal").
        if footnote.get(_w("type"), "normal") != "normal":
            continue
        try:
            footnote_id = int(footnote.get(_w("id"), ""))
        except ValueError:
            continue
        paragraphs = [_paragraph_text(p, _FootnoteNumbers()) for p in _iter_children(footnote, {_P})]
        texts[footnote_id] = "\n".join(paragraphs).strip()
    return texts
