"""Where things are in a Word report, in the words a reader finds them by: the issuing body of its heading,
and a position as the report's own headings name it («mục 2.2. Tình hình …», «Phụ lục, Biểu mẫu 3, dòng 5»)
instead of the reader's block numbers (`docx_reader.describe_docx_location`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from cchc.documents.docx_reader import ROW_LINE_FACTOR
from cchc.documents.model import Paragraph, RawDocument, Table

__all__ = ["issuing_body", "section_locator"]

# «I. CÔNG TÁC …», «2.2. Tình hình …»: a numbered heading of the body (short, no sentence after it).
_HEADING = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s+\S")
_FORM = re.compile(r"^Biểu\s+mẫu\s+(\d+)\b", re.IGNORECASE)
_APPENDIX = re.compile(r"^Phụ\s+lục\b", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^Số\s*:", re.IGNORECASE)
_MAX_HEADING = 120
_HEAD_BLOCKS = 6


def issuing_body(document: RawDocument) -> str:
    """The body that issues the report as its heading names it («PHƯỜNG HẠC THÀNH», «SỞ TƯ PHÁP»): the
    last line above «Số: …» or the title «BÁO CÁO» (in a Word heading, its table's left column); "" when
    the report has no such heading."""
    lines: list[str] = []
    for block in document.blocks[:_HEAD_BLOCKS]:
        if isinstance(block, Table):
            lines.extend(block.rows[0][0].splitlines() if block.rows and block.rows[0] else ())
        else:
            lines.append(block.text)
        for index, line in enumerate(lines):
            if _NUMBER_LINE.match(line.strip()) or line.strip() == "BÁO CÁO":
                named = [text.strip() for text in lines[:index] if text.strip()]
                return named[-1] if named else ""
    return ""


def section_locator(document: RawDocument) -> Callable[[int], str]:
    """A `describe` for the report readers: a paragraph's or table row's line → the heading it stands
    under («mục 2.2. Tình hình thực hiện cơ chế một cửa»), a row of the appendix → «Phụ lục, Biểu mẫu 3,
    dòng 5»."""
    where: dict[int, str] = {}
    heading, form, appendix = "", "", False
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if _APPENDIX.match(text):
                appendix, form = True, ""
            elif appendix and (found := _FORM.match(text)):
                form = f"Phụ lục, Biểu mẫu {found.group(1)}"
            elif not appendix and _HEADING.match(text) and len(text) <= _MAX_HEADING:
                heading = f"mục «{text}»"
            where[block.line] = (form or "Phụ lục") if appendix else heading
        else:
            where[block.line] = (form or "Phụ lục") if appendix else heading
    fallback = "đầu báo cáo"

    def describe(line: int) -> str:
        block, row = divmod(line, ROW_LINE_FACTOR)
        if block == 0:
            return where.get(line) or fallback
        place = where.get(block) or fallback
        return f"{place}, dòng {row} của bảng"

    return describe
