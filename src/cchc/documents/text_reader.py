"""Read a report saved as plain text in the layout of the sample: paragraphs separated by blank lines,
table rows as tab-separated lines, `<i>…</i>` and `**…**` markup, footnote markers as superscript digits.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from cchc.documents.model import Block, Paragraph, RawDocument, ReportReadError, Table

__all__ = ["describe_text_location", "parse_text", "read_text"]

MAX_BYTES = 20 * 1024 * 1024
_MARKUP = re.compile(r"</?i>|\*\*")


def clean(text: str) -> str:
    """Drop the layout's markup and normalise Unicode and spaces inside one line or cell."""
    text = unicodedata.normalize("NFC", _MARKUP.sub("", text)).replace("\u00a0", " ")
    return re.sub(r"[ ]{2,}", " ", text).strip()


def describe_text_location(line: int) -> str:
    """Where a block is in a text report, in words: "dòng 12"."""
    return f"dòng {line}"


def parse_text(text: str, source: str = "") -> RawDocument:
    """Turn the text of a report into blocks; consecutive tab-separated lines form one table."""
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []

    def close_table() -> None:
        if rows:
            blocks.append(Table(tuple(rows), row_lines[0], tuple(row_lines)))
            rows.clear()
            row_lines.clear()

    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            rows.append(tuple(clean(cell) for cell in line.split("\t")))
            row_lines.append(number)
            continue
        close_table()
        if line.strip():
            blocks.append(Paragraph(clean(line), number))
    close_table()
    return RawDocument(source, tuple(blocks))


def read_text(path: str | Path) -> RawDocument:
    """Read a UTF-8 text report from disk; a clear Vietnamese error when it cannot be read."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError as error:
        raise ReportReadError(f"Không tìm thấy tệp «{file.name}».") from error
    except OSError as error:
        raise ReportReadError(f"Không đọc được tệp «{file.name}»: {error.strerror}.") from error
    if len(data) > MAX_BYTES:
        raise ReportReadError(f"Tệp «{file.name}» quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB).")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return parse_text(data.decode("utf-16"), file.name)
    if b"\x00" in data[:4096]:
        raise ReportReadError(f"Tệp «{file.name}» không phải văn bản (có thể là tệp nhị phân).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportReadError(
            f"Tệp «{file.name}» không ở bảng mã UTF-8 (byte lạ ở vị trí {error.start}); "
            "hãy lưu lại với bảng mã UTF-8 (Unicode)."
        ) from error
    return parse_text(text, file.name)
