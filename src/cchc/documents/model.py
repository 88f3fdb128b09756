"""The layout-neutral shape of a finished report, shared by the text and DOCX readers.

A reader turns a file into a flat list of blocks in reading order: paragraphs and tables. Everything
that understands the report (sections, footnotes, appendix rows) works on these blocks, so a new file
format only needs a new reader.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text; `line` is where it starts in the source (1-based line or paragraph number)."""

    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """One table: rows of cell texts (merged cells repeated or empty, as the source gives them)."""

    rows: tuple[tuple[str, ...], ...]
    line: int
    # The source line (text) or table row number (DOCX) of each row, for messages.
    row_lines: tuple[int, ...]


Block = Paragraph | Table


@dataclass(frozen=True)
class RawDocument:
    """A report as read from disk: blocks in reading order plus the footnote texts by their number."""

    source: str
    blocks: tuple[Block, ...]
    footnotes: tuple[tuple[int, str], ...] = ()


class ReportReadError(Exception):
    """The file cannot be read as a report; the message is Vietnamese and names the file and the problem."""
