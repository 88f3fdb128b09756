"""Reporting periods: quarter I–IV, 6 months, 9 months and year, their codes, names, windows and deadlines."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "Period",
    "PeriodDates",
    "PeriodKind",
    "Schedule",
    "find_period",
    "parse_day",
    "parse_period",
    "parse_schedule",
]

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {number: roman for roman, number in ROMAN.items()}


class PeriodKind(StrEnum):
    """The kinds of CCHC report: quarterly, half-year, nine-month and annual."""

    QUARTER = "Q"
    HALF_YEAR = "H"
    NINE_MONTHS = "M"
    YEAR = "Y"


_END_MONTH = {PeriodKind.HALF_YEAR: 6, PeriodKind.NINE_MONTHS: 9, PeriodKind.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """A reporting period, e.g. Period(2023, PeriodKind.QUARTER, 1) = "Quý I năm 2023" (code 2023Q1)."""

    year: int
    kind: PeriodKind
    quarter: int = 0

    def __post_init__(self) -> None:
        if (self.kind is PeriodKind.QUARTER) != (1 <= self.quarter <= 4):
            raise ValueError(f"Kỳ báo cáo không hợp lệ: quý {self.quarter} ({self.kind.value}).")

    @property
    def end_month(self) -> int:
        """The last month the period covers: Quý I → 3, 6 tháng → 6, 9 tháng → 9, năm → 12."""
        return self.quarter * 3 if self.kind is PeriodKind.QUARTER else _END_MONTH[self.kind]

    def _key(self) -> tuple[int, int, int]:
        # By end of period, and a quarter before the longer period that ends with it (Q2 before H1).
        return (self.year, self.end_month, 0 if self.kind is PeriodKind.QUARTER else 1)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()

    @property
    def code(self) -> str:
        """Short code: 2023Q1, 2023H1 (6 tháng), 2023M9 (9 tháng), 2023Y (năm)."""
        suffix = {
            PeriodKind.QUARTER: f"Q{self.quarter}",
            PeriodKind.HALF_YEAR: "H1",
            PeriodKind.NINE_MONTHS: "M9",
            PeriodKind.YEAR: "Y",
        }[self.kind]
        return f"{self.year}{suffix}"

    @property
    def label(self) -> str:
        """The Vietnamese name as a report's title writes it."""
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {_ROMAN_OF[self.quarter]} năm {self.year}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng năm {self.year}"
        return f"năm {self.year}"


def parse_period(code: str) -> Period:
    """Read a period code (2023Q1, 2023H1, 2023M9, 2023Y); ValueError with a Vietnamese message otherwise."""
    match = re.fullmatch(r"(\d{4})(?:Q([1-4])|(H1)|(M9)|(Y))", code.strip().upper())
    if not match:
        raise ValueError(f"Kỳ báo cáo «{code}» không hợp lệ (ví dụ: 2023Q1, 2023H1, 2023M9, 2023Y).")
    year = int(match.group(1))
    if match.group(2):
        return Period(year, PeriodKind.QUARTER, int(match.group(2)))
    if match.group(3):
        return Period(year, PeriodKind.HALF_YEAR)
    if match.group(4):
        return Period(year, PeriodKind.NINE_MONTHS)
    return Period(year, PeriodKind.YEAR)


_QUARTER = re.compile(r"\bquý\s+(IV|I{1,3}|[1-4])\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"(?:năm|/)\s*((?:19|20)\d{2})\b", re.IGNORECASE)
_HALF = re.compile(r"\b6\s+tháng(?:\s+đầu)?\s+năm\b", re.IGNORECASE)
_NINE = re.compile(r"\b9\s+tháng(?:\s+đầu)?\s+năm\b", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)


def find_period(text: str) -> Period | None:
    """The period a title names: its first quarter (with the year after it), else 6/9 months, else year."""
    quarter = _QUARTER.search(text)
    if quarter:
        year = _YEAR_AFTER.search(text, quarter.end())
        if year:
            token = quarter.group(1).upper()
            number = ROMAN[token] if token in ROMAN else int(token)
            return Period(int(year.group(1)), PeriodKind.QUARTER, number)
    for pattern, kind in ((_HALF, PeriodKind.HALF_YEAR), (_NINE, PeriodKind.NINE_MONTHS)):
        match = pattern.search(text)
        # "6 tháng đầu năm và phương hướng … 6 tháng cuối năm 2023": the year may come later.
        year = _YEAR_AFTER.search(text, match.end() - 3) if match else None
        if year:
            return Period(int(year.group(1)), kind)
    match = _YEAR.search(text)
    return Period(int(match.group(1)), PeriodKind.YEAR) if match else None


@dataclass(frozen=True)
class PeriodDates:
    """A period's data cut-off window (thời gian chốt số liệu) and its two deadlines."""

    window_start: date
    window_end: date
    unit_deadline: date
    deadline: date


@dataclass(frozen=True)
class _DayOfYear:
    day: int
    month: int
    year_offset: int

    def on(self, year: int) -> date:
        return date(year + self.year_offset, self.month, self.day)


_SCHEDULE_KEYS = ("window_start", "window_end", "unit_deadline", "deadline")
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})(?:/([+-]\d))?")


@dataclass(frozen=True)
class Schedule:
    """Cut-off windows and deadlines by kind of period, read from data (schedule.toml), never coded."""

    rules: Mapping[str, Mapping[str, _DayOfYear]]

    def dates(self, period: Period) -> PeriodDates:
        """The window and deadlines of one period, e.g. 2023Q1 → 15/12/2022–14/03/2023, hạn 20/03/2023."""
        key = period.code[4:]
        rule = self.rules[key]
        return PeriodDates(*(rule[name].on(period.year) for name in _SCHEDULE_KEYS))


def _day(where: str, text: object) -> _DayOfYear:
    match = _DAY.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"{where}: «{text}» không phải ngày dạng NN/TT hoặc NN/TT/-1.")
    day, month, offset = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    try:
        date(2024 + offset, month, day)
    except ValueError:
        raise ValueError(f"{where}: ngày «{text}» không tồn tại.") from None
    return _DayOfYear(day, month, offset)


def parse_schedule(text: str) -> Schedule:
    """Read schedule.toml: one table per period kind (Q1…Q4, H1, M9, Y) with the four dates."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"schedule.toml: {error}") from error
    kinds = ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y")
    missing = [kind for kind in kinds if kind not in raw]
    if missing:
        raise ValueError(f"schedule.toml: thiếu kỳ {', '.join(missing)}.")
    rules: dict[str, Mapping[str, _DayOfYear]] = {}
    for kind in kinds:
        table = raw[kind]
        absent = [name for name in _SCHEDULE_KEYS if name not in table]
        if absent:
            raise ValueError(f"schedule.toml [{kind}]: thiếu {', '.join(absent)}.")
        rules[kind] = MappingProxyType(
            {name: _day(f"schedule.toml [{kind}] {name}", table[name]) for name in _SCHEDULE_KEYS}
        )
    return Schedule(MappingProxyType(rules))


def parse_day(text: str) -> dt.date:
    """A day as a user writes it (dd/mm/yyyy, yyyy-mm-dd or dd-mm-yyyy); ValueError otherwise."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)
