"""Checks of the notes column (Ghi chú) of a form: the period a note names, a ratio it gives, parts it lists.

The same rules run on a finished report (`cchc check`) and on the figures units entered on the web (the
period's findings), so both say the same about the same note.

A note's period is compared only when the note states what the figure covers: a plan ("dự kiến",
"kế hoạch", "sẽ") or a comparison ("so với", "cùng kỳ") names another period on purpose. A quarter,
half-year or nine months that is not inside the report's period, or of another year, is an error; a bare
"năm YYYY" of another year (a survey of last year, a plan for next year) is a warning; a date range
"từ ngày … đến ngày …" is compared with the report's data cut-off window.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from cchc.core.catalogue import Catalogue, Kind, Row, Severity
from cchc.core.narrative import check_parts_sums, numbers_in
from cchc.core.numbers import BLANK, Cell, decimals_of, format_number, round_half_up
from cchc.core.periods import ROMAN, Period, PeriodKind
from cchc.core.validation import Finding, row_label

__all__ = ["check_note", "check_notes"]

_YEAR = r"((?:19|20)\d{2})"
# A stated period: "quý II năm 2023", "quý II/2023", "6 tháng đầu năm 2023", "9 tháng năm 2023".
_STATED = re.compile(
    rf"\bquý\s+(?P<quarter>IV|I{{1,3}}|[1-4])\s*(?:năm\s*|/\s*){_YEAR}\b"
    rf"|\b(?P<months>6|9)\s+tháng\s*(?P<part>đầu|cuối)?\s*(?:năm\s*|/\s*){_YEAR}\b",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(rf"(?<![/\d])(?<!ngày )\bnăm\s+{_YEAR}\b", re.IGNORECASE)
_DATE = r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})"
_RANGE = re.compile(rf"\btừ\s+(?:ngày\s+)?{_DATE}\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?{_DATE}", re.IGNORECASE)
# Words that make a period a plan or a comparison, not what the figure covers.
_NOT_COVERED = re.compile(
    r"\b(?:dự\s+kiến|kế\s+hoạch|sẽ|phấn\s+đấu|dự\s+định|so\s+với|cùng\s+kỳ|tháng\s+\d{1,2})\b", re.IGNORECASE
)


def _clause_before(note: str, position: int) -> str:
    """The note's text from the start of the clause (after ".", ";") up to a position."""
    start = max(note.rfind(".", 0, position), note.rfind(";", 0, position)) + 1
    return note[start:position]


def _months(period: Period) -> tuple[int, int]:
    """The calendar months a period covers, first and last."""
    if period.kind is PeriodKind.QUARTER:
        assert period.quarter is not None
        return 3 * period.quarter - 2, 3 * period.quarter
    return 1, {PeriodKind.HALF_YEAR: 6, PeriodKind.NINE_MONTHS: 9}.get(period.kind, 12)


def _stated_months(match: re.Match[str]) -> tuple[int, int, int]:
    """Year, first and last month of a stated period."""
    if match.group("quarter"):
        token = match.group("quarter").upper()
        quarter = ROMAN[token] if token in ROMAN else int(token)
        return int(match.group(2)), 3 * quarter - 2, 3 * quarter
    months = int(match.group("months"))
    if (match.group("part") or "").lower() == "cuối":
        return int(match.group(5)), 13 - months, 12
    return int(match.group(5)), 1, months


def _finding(
    rule: str,
    severity: Severity,
    row: Row,
    message: str,
    note: str,
    location: str,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    decimals: int = 0,
) -> Finding:
    """A finding about a row's note, quoting it."""
    return Finding(
        rule,
        severity,
        message,
        row.form,
        (row.code,),
        expected,
        actual,
        decimals,
        quote=note,
        location=location,
    )


def _day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def note_period(
    row: Row, note: str, period: Period | None, window: tuple[date, date] | None, location: str = ""
) -> list[Finding]:
    """A period, year or date range a note states must be the report's own."""
    if period is None:
        return []
    found: list[Finding] = []
    first, last = _months(period)
    stated_spans = []
    for match in _STATED.finditer(note):
        stated_spans.append(match.span())
        if _NOT_COVERED.search(_clause_before(note, match.start())):
            continue
        year, start, end = _stated_months(match)
        if year == period.year and first <= start and end <= last:
            continue
        found.append(
            _finding(
                "note-period",
                Severity.ERROR,
                row,
                f"{row_label(row)}: ghi chú nêu «{match.group(0)}», không thuộc kỳ báo cáo ({period.label}); "
                "kiểm tra xem số liệu có lấy nhầm kỳ không.",
                note,
                location,
            )
        )
    for match in _BARE_YEAR.finditer(note):
        inside = any(start <= match.start() < end for start, end in stated_spans)
        if inside or int(match.group(1)) == period.year:
            continue
        if _NOT_COVERED.search(_clause_before(note, match.start())):
            continue
        found.append(
            _finding(
                "note-period",
                Severity.WARNING,
                row,
                f"{row_label(row)}: ghi chú nêu «{match.group(0)}», khác năm của kỳ báo cáo "
                f"({period.label}); kiểm tra xem số liệu có lấy nhầm kỳ không.",
                note,
                location,
            )
        )
    if window is not None:
        found.extend(_range_findings(row, note, period, window, location))
    return found


def _range_findings(
    row: Row, note: str, period: Period, window: tuple[date, date], location: str
) -> list[Finding]:
    """A date range must lie in the cut-off window: outside it is an error, past its ends a warning."""
    found: list[Finding] = []
    opens, closes = window
    for match in _RANGE.finditer(note):
        try:
            start = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            end = date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        except ValueError:
            continue
        if opens <= start and end <= closes:
            continue
        disjoint = end < opens or start > closes
        found.append(
            _finding(
                "note-period",
                Severity.ERROR if disjoint else Severity.WARNING,
                row,
                f"{row_label(row)}: ghi chú nêu «{match.group(0)}», "
                + ("nằm ngoài" if disjoint else "vượt ra ngoài")
                + f" thời gian chốt số liệu ({_day(opens)} – {_day(closes)}); kiểm tra lại.",
                note,
                location,
            )
        )
    return found


_NOTE_RATIO = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/])")


def note_ratio(row: Row, cell: Cell, note: str, location: str = "") -> list[Finding]:
    """A percentage row whose note gives "X/Y" must equal X/Y."""
    if row.kind is not Kind.PERCENT or cell.number is None:
        return []
    match = _NOTE_RATIO.search(note)
    if not match:
        return []
    part, total = (Decimal(group.replace(".", "")) for group in match.groups())
    if total == 0:
        return []
    rate = part * 100 / total
    if round_half_up(rate, decimals_of(cell.number)) == cell.number:
        return []
    expected = round_half_up(rate, row.decimals)
    message = (
        f"{row_label(row)} ghi {cell.text}% nhưng ghi chú nêu {match.group(0)} = "
        f"{format_number(expected, row.decimals)}%: sửa tỷ lệ hoặc ghi chú."
    )
    return [
        _finding(
            "note-ratio", Severity.ERROR, row, message, note, location, expected, cell.number, row.decimals
        )
    ]


def note_parts(row: Row, cell: Cell, note: str, location: str = "") -> list[Finding]:
    """A count whose note lists its parts ("51 bãi bỏ, 168 sửa đổi") must equal their sum."""
    if row.kind is not Kind.COUNT or cell.number is None or "/" in note or "(" in note:
        return []
    chunks = [chunk for chunk in re.split(r"[;,]|\bvà\b", note) if chunk.strip()]
    tokens = [numbers_in(chunk) for chunk in chunks]
    if len(chunks) < 2 or any(len(found) != 1 or found[0].percent for found in tokens):
        return []
    added = sum((found[0].value for found in tokens), Decimal(0))
    if added == cell.number:
        return []
    message = (
        f"{row_label(row)} ghi {cell.text} nhưng các số trong ghi chú cộng lại là {format_number(added)}: "
        "sửa số liệu hoặc ghi chú."
    )
    return [_finding("note-parts-sum", Severity.WARNING, row, message, note, location, added, cell.number)]


def _attach_to_row(findings: list[Finding], row: Row) -> list[Finding]:
    """Findings about the sentence of a note, attached to the note's row."""
    return [
        replace(
            finding, message=f"{row_label(row)}, ghi chú: {finding.message}", form=row.form, codes=(row.code,)
        )
        for finding in findings
    ]


def check_note(
    row: Row,
    cell: Cell,
    note: str,
    period: Period | None,
    window: tuple[date, date] | None,
    location: str = "",
) -> list[Finding]:
    """Every rule on one row's note: its period, its ratio, its listed parts, a total and its parts."""
    return (
        note_period(row, note, period, window, location)
        + note_ratio(row, cell, note, location)
        + note_parts(row, cell, note, location)
        + _attach_to_row(check_parts_sums(note, location), row)
    )


def check_notes(
    catalogue: Catalogue,
    cells: Mapping[str, Cell],
    notes: Mapping[str, str],
    period: Period | None,
    window: tuple[date, date] | None,
) -> list[Finding]:
    """The notes of a set of figures (code → note), checked against the figures and the period."""
    found: list[Finding] = []
    for code, note in notes.items():
        row = catalogue.rows.get(code)
        if row is not None and note.strip():
            found.extend(check_note(row, cells.get(code, BLANK), note, period, window))
    return found
