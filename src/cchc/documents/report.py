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
# "a) Về kết quả …": a lettered paragraph of its own, not the continuation of the one before.
_LETTER_ITEM = re.compile(r"^[a-zđ][).]\s")
_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+\S")
_NUMBER_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s+\S")
_APPENDIX = re.compile(r"^ph[ụu] l[ụu]c\b", re.IGNORECASE)
_FORM = re.compile(r"^bi[ểe]u m[ẫa]u\s*(?:s[ốo]\s*)?(\d+)\b", re.IGNORECASE)
_STT = re.compile(r"^(\d+(?:\.\d+)*)\.?$")
# A sub-row lettered under the last numbered row ("a)", "b."): its parts, in order.
_LETTER_STT = re.compile(r"^([a-h])[).]$", re.IGNORECASE)
# A group numbered in Roman numerals ("II.", "IV").
_ROMAN_STT = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.?$")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
_PROVINCE = re.compile(r"\b(TỈNH|[Tt]ỉnh|THÀNH PHỐ)[^\S\n]+([^\s,.;:()/]+(?:[^\S\n]+[^\s,.;:()/]+){0,2})")


@dataclass(frozen=True)
class Passage:
    """A paragraph of the narrative (or a footnote, or a table note) with its section and location."""

    text: str
    section: str
    location: str
    footnote: int | None = None
    # A small table in the narrative: its rows, and where each row is.
    rows: tuple[tuple[str, ...], ...] = ()
    row_locations: tuple[str, ...] = ()


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


def _is_column_numbers(row: tuple[str, ...]) -> bool:
    """Whether a row only numbers the columns: "(1) | (2) | (3) | (4) | (5)" or "1 | 2 | 3 | 4 | 5"."""
    cells = [cell.strip() for cell in row if cell.strip()]
    numbers = [_COLUMN_NUMBER.match(cell) for cell in cells]
    if len(cells) < 3 or not all(numbers):
        return False
    return [int(match.group(1)) for match in numbers if match] == list(range(1, len(cells) + 1))


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
        self.numbered = ""  # the STT of the last numbered row, the parent of lettered rows

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
        if text[:1].islower() and not _LETTER_ITEM.match(text) and body:
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
            if not self.in_appendix:
                where = tuple(self.describe(line) for line in block.row_lines)
                self.passages.append(
                    Passage("", self.section, self.describe(block.line), None, block.rows, where)
                )
            return
        headers = [row for row in block.rows if _is_header(row)]
        if headers:
            self.columns = _columns(headers)
        for row, line in zip(block.rows, block.row_lines, strict=True):
            if _is_header(row) or _is_column_numbers(row) or not any(cell.strip() for cell in row):
                continue
            self.data_row(row, line)

    def cell(self, row: tuple[str, ...], key: str, default: int) -> str:
        index = self.columns.get(key, default)
        return row[index].strip() if index < len(row) else ""

    def stt(self, raw: str, name: str) -> tuple[str, str | None] | None:
        """The row's STT as printed and its catalogue code; None for a group heading outside the form.

        "2.4." is itself; "a)", "b)" under "2.4" are 2.4.1, 2.4.2; a Roman numeral is the row of that
        number when the names agree, else a group heading.
        """
        assert self.form is not None
        match = _STT.match(raw)
        if match:
            self.numbered = match.group(1)
            return self._known(match.group(1), match.group(1))
        letter = _LETTER_STT.match(raw)
        if letter and self.numbered:
            index = ord(letter.group(1).lower()) - ord("a") + 1
            return self._known(raw, f"{self.numbered}.{index}")
        roman = _ROMAN_STT.match(raw)
        if roman:
            number = str(_ROMAN_VALUES[roman.group(1)])
            code = row_code(self.form, number)
            if code in self.catalogue.rows and name_similarity(name, self.catalogue.rows[code].name) >= 0.6:
                self.numbered = number
                return raw, code
            return None
        return raw, None

    def _known(self, printed: str, stt: str) -> tuple[str, str | None]:
        assert self.form is not None
        code = row_code(self.form, stt)
        return printed, code if code in self.catalogue.rows else None

    def data_row(self, row: tuple[str, ...], line: int) -> None:
        assert self.form is not None
        name = self.cell(row, "name", 1)
        value = self.cell(row, "value", 3)
        stt = self.stt(self.cell(row, "stt", 0), name)
        if stt is None:
            if not value:
                return  # a group heading ("I. Kết quả …") has nothing to check
            stt = (self.cell(row, "stt", 0), None)
        self.rows.append(
            AppendixRow(
                form=self.form,
                stt=stt[0],
                code=stt[1],
                name=name,
                unit=self.cell(row, "unit", 2),
                value=value,
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
