"""Understand a read report: its title, province and period, the narrative by section with footnotes,
and the appendix rows mapped to catalogue codes (rows that cannot be mapped are kept and reported).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cchc.core.catalogue import Catalogue, row_code
from cchc.core.periods import Period, find_period
from cchc.documents.model import Paragraph, RawDocument, Table

__all__ = ["AppendixRow", "Passage", "Report", "extract_report", "fold", "name_similarity"]

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGIT = str.maketrans(SUPERSCRIPT, "0123456789")
_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPT}]+)\s*(.*)$", re.DOTALL)
_MARKERS = re.compile(rf"[{SUPERSCRIPT}]+")
_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+\S")
_NUMBER_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s+\S")
_APPENDIX = re.compile(r"^ph[ụu] l[ụu]c\b", re.IGNORECASE)
_FORM = re.compile(r"^bi[ểe]u m[ẫa]u\s*(?:s[ốo]\s*)?(\d+)\b", re.IGNORECASE)
_STT = re.compile(r"^(\d+(?:\.\d+)*)\.?$")
_PROVINCE = re.compile(r"\b(TỈNH|[Tt]ỉnh|THÀNH PHỐ)[^\S\n]+([^\s,.;:()/]+(?:[^\S\n]+[^\s,.;:()/]+){0,2})")


@dataclass(frozen=True)
class Passage:
    """A paragraph of the narrative (or a footnote, or a table note) with its section and location."""

    text: str
    section: str
    location: str
    footnote: int | None = None


@dataclass(frozen=True)
class AppendixRow:
    """One data row of an appendix table as printed, with its catalogue code when it maps to one."""

    form: int
    stt: str
    code: str | None
    name: str
    unit: str
    value: str
    note: str
    location: str


@dataclass(frozen=True)
class Report:
    """What a report says: title, province, period, narrative passages and appendix rows."""

    source: str
    title: str
    province: str | None
    period: Period | None
    passages: tuple[Passage, ...]
    rows: tuple[AppendixRow, ...]


def fold(text: str) -> str:
    """Lowercase without punctuation or spacing differences, for comparing names and units."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[\W_]+", "", text)


def name_similarity(a: str, b: str) -> float:
    """How alike two indicator names are, 0–1, ignoring case, punctuation and spacing."""
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def _columns(header_rows: list[tuple[str, ...]]) -> dict[str, int]:
    """Map the header labels (STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú) to column indexes."""
    found: dict[str, int] = {}
    for row in header_rows:
        for index, cell in enumerate(row):
            folded = fold(cell)
            for key, prefix in (
                ("stt", "stt"),
                ("name", "chỉtiêu"),
                ("unit", "đơnvịtính"),
                ("value", "sốliệu"),
                ("note", "ghichú"),
            ):
                if folded.startswith(prefix) and key not in found:
                    found[key] = index
    return found


def _is_header(row: tuple[str, ...]) -> bool:
    """Whether a row is a header: "STT | Chỉ tiêu … | Ghi chú" or "| | Đơn vị tính | Số liệu |"."""
    folded = [fold(cell) for cell in row]
    if not folded or _STT.match(row[0].strip()):
        return False
    return folded[0] == "stt" or ("đơnvịtính" in folded and "sốliệu" in folded)


class _Extractor:
    """Walks the blocks once, keeping the current section, form and table header."""

    def __init__(self, catalogue: Catalogue, describe: Callable[[int], str]) -> None:
        self.catalogue = catalogue
        self.describe = describe
        self.passages: list[Passage] = []
        self.rows: list[AppendixRow] = []
        self.roman = ""
        self.number = ""
        self.form: int | None = None
        self.in_appendix = False
        self.columns: dict[str, int] = {}

    @property
    def section(self) -> str:
        return ".".join(part for part in (self.roman, self.number) if part)

    def paragraph(self, block: Paragraph) -> None:
        text = block.text.strip()
        form = _FORM.match(text)
        if form and len(text) < 120:
            self.in_appendix, self.form = True, int(form.group(1))
            return
        if _APPENDIX.match(text) and len(text) < 200:
            self.in_appendix = True
            return
        location = self.describe(block.line)
        if self.in_appendix:
            if self.form is not None:
                footnote = _FOOTNOTE.match(text)
                if footnote:
                    number = int(footnote.group(1).translate(_TO_DIGIT))
                    self.passages.append(
                        Passage(footnote.group(2), f"Biểu mẫu {self.form}", location, number)
                    )
            return
        footnote = _FOOTNOTE.match(text)
        if footnote:
            number = int(footnote.group(1).translate(_TO_DIGIT))
            self.passages.append(Passage(footnote.group(2).strip(), self.section, location, number))
            return
        body = [index for index, passage in enumerate(self.passages) if passage.footnote is None]
        if text[:1].islower() and body:
            # A paragraph split by a page break (footnotes printed in between) continues here.
            previous = self.passages[body[-1]]
            self.passages[body[-1]] = Passage(f"{previous.text} {text}", previous.section, previous.location)
            return
        roman = _ROMAN_HEADING.match(text)
        if roman:
            self.roman, self.number = roman.group(1), ""
        else:
            numbered = _NUMBER_HEADING.match(text)
            if numbered:
                self.number = numbered.group(1)
        self.passages.append(Passage(text, self.section, location))

    def table(self, block: Table) -> None:
        if self.form is None:
            return
        headers = [row for row in block.rows if _is_header(row)]
        if headers:
            self.columns = _columns(headers)
        for row, line in zip(block.rows, block.row_lines, strict=True):
            if _is_header(row) or not any(cell.strip() for cell in row):
                continue
            self.data_row(row, line)

    def cell(self, row: tuple[str, ...], key: str, default: int) -> str:
        index = self.columns.get(key, default)
        return row[index].strip() if index < len(row) else ""

    def data_row(self, row: tuple[str, ...], line: int) -> None:
        assert self.form is not None
        raw_stt = self.cell(row, "stt", 0)
        match = _STT.match(raw_stt)
        stt = match.group(1) if match else raw_stt
        code = row_code(self.form, stt) if match else None
        if code is not None and code not in self.catalogue.rows:
            code = None
        self.rows.append(
            AppendixRow(
                form=self.form,
                stt=stt,
                code=code,
                name=self.cell(row, "name", 1),
                unit=self.cell(row, "unit", 2),
                value=self.cell(row, "value", 3),
                note=self.cell(row, "note", 4),
                location=self.describe(line),
            )
        )


def _province(document: RawDocument) -> str | None:
    """The province: from an upper-case header or appendix title first, else the most named "tỉnh …"."""
    counts: Counter[str] = Counter()
    # Word reports often put the header (issuing body, Quốc hiệu) in a borderless table.
    texts = [
        block.text if isinstance(block, Paragraph) else "\n".join("\n".join(row) for row in block.rows)
        for block in document.blocks
    ]
    for text in texts:
        for match in _PROVINCE.finditer(text):
            words: list[str] = []
            for word in match.group(2).split():
                if not word[0].isupper():
                    break
                words.append(word.capitalize())
            if words:
                # An upper-case header or appendix title names the province outright.
                counts[" ".join(words)] += 100 if match.group(0).isupper() else 1
    return counts.most_common(1)[0][0] if counts else None


def _title(document: RawDocument) -> str:
    """The subject line under "BÁO CÁO", or the first paragraph naming a period."""
    paragraphs = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    for index, text in enumerate(paragraphs[:-1]):
        if fold(text) == "báocáo":
            return paragraphs[index + 1]
    for text in paragraphs[:15]:
        if find_period(text):
            return text
    return ""


def extract_report(document: RawDocument, catalogue: Catalogue, describe: Callable[[int], str]) -> Report:
    """Split a read report into title, province, period, narrative passages and mapped appendix rows."""
    extractor = _Extractor(catalogue, describe)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            extractor.paragraph(block)
        else:
            extractor.table(block)
    for number, text in document.footnotes:
        extractor.passages.append(Passage(text, "", f"chú thích {number}", number))
    title = _title(document)
    return Report(
        source=document.source,
        title=title,
        province=_province(document),
        period=find_period(title),
        passages=tuple(extractor.passages),
        rows=tuple(extractor.rows),
    )


def strip_markers(text: str) -> str:
    """The text without footnote markers (superscript digits)."""
    return _MARKERS.sub("", text)
