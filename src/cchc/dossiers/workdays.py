"""The working-day calendar (lịch ngày làm việc): weekends, public holidays, swaps, read from a data file.

The engine never loops over dossiers in Python: `calendar_table` turns the calendar into a small table
(date → working or not → working-day ordinal) that the metrics join on. Building it takes a fifth of a
second, so each calendar's table is kept on disk (CCHC_CACHE_DIR, by default ~/.cache/cchc) by its
contents and by this code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.dossiers.cache import cache_file, keep
from cchc.dossiers.lunar import gio_to_day, last_day_of_lunar_year, tet_day

if TYPE_CHECKING:  # numpy and pyarrow only build a table: a command reads the kept one with DuckDB
    import pyarrow as pa

__all__ = [
    "CALENDAR_FIRST",
    "CALENDAR_LAST",
    "WorkingCalendar",
    "calendar_file",
    "calendar_table",
    "default_calendar",
    "default_calendar_table",
    "load_calendar",
    "parse_calendar",
]

DEFAULT_FILE = Path(__file__).parent / "calendar" / "viet-nam.toml"
# The span of the calendar table: wide enough for any dossier a province still reports on.
CALENDAR_FIRST = date(2000, 1, 1)
CALENDAR_LAST = date(2045, 12, 31)
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")


@dataclass(frozen=True)
class YearDays:
    """A year's official days off and worked weekend days, from the year's announcement."""

    days_off: frozenset[date]
    working_days: frozenset[date]
    source: str = ""


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends, holiday rules and the official days of listed years (lịch làm việc)."""

    weekend: frozenset[int] = frozenset({6, 7})
    fixed: tuple[tuple[int, int], ...] = ((1, 1), (30, 4), (1, 5), (2, 9))
    tet_days_before: int = 1
    tet_days_after: int = 4
    gio_to: bool = True
    national_day_extra: bool = True
    years: Mapping[int, YearDays] = field(default_factory=dict)

    def holidays(self, year: int) -> frozenset[date]:
        """The statutory holidays of a year by the rules (Điều 112), before compensation."""
        return _holidays(
            year, self.fixed, self.tet_days_before, self.tet_days_after, self.gio_to, self.national_day_extra
        )

    def _rule_days_off(self, year: int) -> frozenset[date]:
        """Holidays plus compensation days for a holiday falling on a weekend (Điều 111.3)."""
        return _with_compensation(self.holidays(year), self.weekend)

    def days_of_year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        """A year's days off (weekdays and weekend days alike) and its worked weekend days."""
        off: set[date] = set()
        worked: set[date] = set()
        # A listed year's days can name dates of the neighbouring years (31/12 for Tết Dương lịch).
        for source_year in (year - 1, year, year + 1):
            listed = self.years.get(source_year)
            days = (
                (listed.days_off, listed.working_days)
                if listed
                else (self._rule_days_off(source_year), frozenset[date]())
            )
            off.update(day for day in days[0] if day.year == year)
            worked.update(day for day in days[1] if day.year == year)
        return frozenset(off), frozenset(worked)

    def is_working(self, day: date) -> bool:
        """Whether public offices work on this day."""
        off, worked = self.days_of_year(day.year)
        return _working(day, self.weekend, off, worked)


def _working(day: date, weekend: frozenset[int], off: frozenset[date], worked: frozenset[date]) -> bool:
    if day in worked:
        return True
    return day.isoweekday() not in weekend and day not in off


@cache
def _holidays(
    year: int,
    fixed: tuple[tuple[int, int], ...],
    tet_days_before: int,
    tet_days_after: int,
    gio_to: bool,
    national_day_extra: bool,
) -> frozenset[date]:
    days = {date(year, month, day) for day, month in fixed}
    tet = tet_day(year)
    last = last_day_of_lunar_year(year)
    days.update(last - timedelta(days=i) for i in range(tet_days_before))
    days.update(tet + timedelta(days=i) for i in range(tet_days_after))
    if gio_to:
        days.add(gio_to_day(year))
    if national_day_extra:
        days.add(_national_day_extra(year))
    return frozenset(days)


@cache
def _with_compensation(holidays: frozenset[date], weekend: frozenset[int]) -> frozenset[date]:
    taken = set(holidays)
    for day in sorted(holidays):
        if day.isoweekday() in weekend:
            substitute = day + timedelta(days=1)
            while substitute.isoweekday() in weekend or substitute in taken:
                substitute += timedelta(days=1)
            taken.add(substitute)
    return frozenset(taken)


def _national_day_extra(year: int) -> date:
    # The adjacent day the government has picked in practice: the one that joins 2/9 to a weekend.
    national = date(year, 9, 2)
    return (
        national + timedelta(days=1) if national.isoweekday() in (1, 4, 7) else national - timedelta(days=1)
    )


def _parse_day(where: str, text: object) -> date:
    match = _DAY.fullmatch(str(text).strip())
    try:
        if not match:
            raise ValueError
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        raise ValueError(f"{where}: «{text}» không phải ngày dạng NN/TT/NNNN.") from None


def _toml_error(name: str, error: tomllib.TOMLDecodeError) -> ValueError:
    where = re.search(r"at line (\d+), column (\d+)", str(error))
    place = f" (dòng {where.group(1)}, cột {where.group(2)})" if where else " (ở cuối tệp)"
    return ValueError(f"{name}: không đọc được tệp TOML{place}; hãy kiểm tra dấu ngoặc, dấu nháy và dấu =.")


def _of_type(where: str, value: Any, kind: type, word: str) -> Any:
    # bool is an int in Python: a true/false is not a number of days, and a number is not a yes/no.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{where}: phải là {word} (đang là «{value}»).")
    return value


def parse_calendar(text: str, name: str = "lịch") -> WorkingCalendar:
    """Read a calendar file (see calendar/viet-nam.toml); ValueError with a Vietnamese message otherwise."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(name, error) from error
    weekend = _of_type(f"{name} weekend", raw.get("weekend", [6, 7]), list, "danh sách thứ trong tuần")
    if not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in weekend):
        raise ValueError(f"{name}: weekend phải là danh sách thứ trong tuần từ 1 đến 7.")
    if len(set(weekend)) == 7:
        raise ValueError(f"{name}: weekend không được gồm cả 7 ngày trong tuần.")
    rules = _of_type(f"{name} [rules]", raw.get("rules", {}), dict, "một bảng [rules]")
    fixed: list[tuple[int, int]] = []
    fixed_days = rules.get("fixed", ["01/01", "30/04", "01/05", "02/09"])
    for text_day in _of_type(f"{name} [rules] fixed", fixed_days, list, "danh sách ngày NN/TT"):
        match = _DAY_MONTH.fullmatch(str(text_day).strip())
        if not match:
            raise ValueError(f"{name} [rules] fixed: «{text_day}» không phải ngày dạng NN/TT.")
        fixed.append((int(match.group(1)), int(match.group(2))))
    tet: dict[str, int] = {}
    for key, default in (("tet_days_before", 1), ("tet_days_after", 4)):
        tet[key] = _of_type(f"{name} [rules] {key}", rules.get(key, default), int, "một số ngày")
        if not 0 <= tet[key] <= 10:
            raise ValueError(f"{name} [rules] {key}: phải từ 0 đến 10 ngày.")
    flags = {
        key: _of_type(f"{name} [rules] {key}", rules.get(key, True), bool, "true hoặc false")
        for key in ("gio_to", "national_day_extra")
    }
    years: dict[int, YearDays] = {}
    for key, table in _of_type(
        f"{name} [years]", raw.get("years", {}), dict, "các bảng [years.NNNN]"
    ).items():
        where = f"{name} [years.{key}]"
        if not str(key).isdigit():
            raise ValueError(f"{where}: năm không hợp lệ.")
        _of_type(where, table, dict, "một bảng có days_off, working_days, source")
        days_off = _of_type(f"{where} days_off", table.get("days_off", []), list, "danh sách ngày")
        worked = _of_type(f"{where} working_days", table.get("working_days", []), list, "danh sách ngày")
        years[int(key)] = YearDays(
            frozenset(_parse_day(f"{where} days_off", d) for d in days_off),
            frozenset(_parse_day(f"{where} working_days", d) for d in worked),
            str(_of_type(f"{where} source", table.get("source", ""), str, "một dòng chữ")),
        )
    return WorkingCalendar(
        weekend=frozenset(weekend),
        fixed=tuple(fixed),
        tet_days_before=tet["tet_days_before"],
        tet_days_after=tet["tet_days_after"],
        gio_to=flags["gio_to"],
        national_day_extra=flags["national_day_extra"],
        years=years,
    )


def load_calendar(path: str | Path | None = None) -> WorkingCalendar:
    """Load a calendar file; the shipped Vietnamese calendar when no path is given."""
    file = Path(path) if path else DEFAULT_FILE
    return parse_calendar(file.read_text(encoding="utf-8"), file.name)


@cache
def default_calendar() -> WorkingCalendar:
    """The shipped calendar (calendar/viet-nam.toml), loaded once."""
    return load_calendar()


def calendar_table(
    calendar: WorkingCalendar, first: date = CALENDAR_FIRST, last: date = CALENDAR_LAST
) -> pa.Table:
    """One row per day: `day`, `working`, `ordinal` (working days from `first` up to and including it) and
    `on_or_after`, the first working day on or after it (a deadline on a day off moves there: Bộ luật Dân
    sự, Điều 148; null past the last working day of the table). Read from the disk cache when there."""
    import pyarrow.parquet as pq

    kept = _cache_file(calendar, first, last)
    if kept is not None and kept.is_file():
        return pq.read_table(kept)
    table = _build_table(calendar, first, last)
    keep(kept, lambda path: pq.write_table(table, path))
    return table


def calendar_file(
    calendar: WorkingCalendar, first: date = CALENDAR_FIRST, last: date = CALENDAR_LAST
) -> Path | None:
    """The calendar's table (calendar_table) as a Parquet file in the disk cache, built and kept there
    the first time; None when there is no cache folder to keep it in. DuckDB reads it without pyarrow."""
    kept = _cache_file(calendar, first, last)
    if kept is not None and not kept.is_file():
        calendar_table(calendar, first, last)
    return kept if kept is not None and kept.is_file() else None


def _cache_file(calendar: WorkingCalendar, first: date, last: date) -> Path | None:
    """Where this calendar's table is kept: named by the calendar's contents, the span and the code that
    builds the table, so that a change of any of them builds a new one."""
    years = sorted(
        (year, sorted(days.days_off), sorted(days.working_days)) for year, days in calendar.years.items()
    )
    described = (
        sorted(calendar.weekend),
        calendar.fixed,
        calendar.tet_days_before,
        calendar.tet_days_after,
        calendar.gio_to,
        calendar.national_day_extra,
        years,
        first,
        last,
    )
    code = (Path(module).read_bytes() for module in (__file__, Path(__file__).with_name("lunar.py")))
    return cache_file("calendar", [*code, repr(described)], ".parquet")


def _build_table(calendar: WorkingCalendar, first: date, last: date) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    days: list[date] = []
    working: list[bool] = []
    ordinals: list[int] = []
    ordinal = 0
    day = first
    year_days = calendar.days_of_year(first.year)
    while day <= last:
        if day.month == 1 and day.day == 1:
            year_days = calendar.days_of_year(day.year)
        is_working = _working(day, calendar.weekend, *year_days)
        ordinal += is_working
        days.append(day)
        working.append(is_working)
        ordinals.append(ordinal)
        day += timedelta(days=1)
    on_or_after: list[int | None] = [None] * len(days)
    following: int | None = None
    for index in range(len(days) - 1, -1, -1):
        if working[index]:
            following = index
        on_or_after[index] = following
    # From numpy, not from date objects: converting Python dates makes pyarrow import pandas.
    day_numbers = np.array(days, dtype="datetime64[D]").astype(np.int32)
    following_days = [None if index is None else int(day_numbers[index]) for index in on_or_after]
    return pa.table(
        {
            "day": pa.array(day_numbers, pa.int32()).cast(pa.date32()),
            "working": pa.array(working, pa.bool_()),
            "ordinal": pa.array(ordinals, pa.int32()),
            "on_or_after": pa.array(following_days, pa.int32()).cast(pa.date32()),
        }
    )


@cache
def default_calendar_table() -> pa.Table:
    """The calendar table of the shipped calendar, built once."""
    return calendar_table(default_calendar())
