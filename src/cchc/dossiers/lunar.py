"""The Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's algorithm, computed at UTC+7.

Only the conversion from a lunar date to the solar date is needed: Tết Nguyên đán (1/1 âm lịch), the last
day of the lunar year, and Giỗ Tổ Hùng Vương (10/3 âm lịch) for years the calendar file does not list.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

__all__ = ["gio_to_day", "last_day_of_lunar_year", "lunar_to_solar", "tet_day"]

VIETNAM_TZ = 7.0
_EPOCH = 2415021.076998695  # Julian day of the new moon of 1/1/1900
_SYNODIC_MONTH = 29.530588853
_JD_ORIGIN = date(1, 1, 1).toordinal() - 1721426  # date.toordinal() − Julian day number


def _jd(day: date) -> int:
    return day.toordinal() - _JD_ORIGIN


def _from_jd(jd: int) -> date:
    return date.fromordinal(jd + _JD_ORIGIN)


def _new_moon(k: int) -> float:
    """Julian day (UT) of the k-th new moon after 1/1/1900 (Meeus' short series)."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + VIETNAM_TZ / 24)


def _sun_longitude_sector(day_number: int) -> int:
    """Which of the 12 thirty-degree sectors the sun is in at local midnight starting the day."""
    t = (day_number - 0.5 - VIETNAM_TZ / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= math.pi * 2 * math.floor(longitude / (math.pi * 2))
    return math.floor(longitude / math.pi * 6)


def _month11(year: int) -> int:
    """Julian day of the start of lunar month 11 (the month holding the winter solstice) of a year."""
    offset = _jd(date(year, 12, 31)) - 2415021
    k = math.floor(offset / _SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _sun_longitude_sector(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - _EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def lunar_to_solar(day: int, month: int, year: int, *, leap: bool = False) -> date:
    """The solar date of a lunar date, e.g. 1/1 of lunar year 2023 → 22/1/2023."""
    if month < 11:
        a11, b11 = _month11(year - 1), _month11(year)
    else:
        a11, b11 = _month11(year), _month11(year + 1)
    k = math.floor(0.5 + (a11 - _EPOCH) / _SYNODIC_MONTH)
    offset = month - 11
    if offset < 0:
        offset += 12
    if b11 - a11 > 365:
        leap_offset = _leap_month_offset(a11)
        leap_month = leap_offset - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận.")
        if leap or offset >= leap_offset:
            offset += 1
    return _from_jd(_new_moon_day(k + offset) + day - 1)


def tet_day(year: int) -> date:
    """Mùng 1 Tết Nguyên đán of the lunar year that starts in solar year `year`."""
    return lunar_to_solar(1, 1, year)


def gio_to_day(year: int) -> date:
    """Giỗ Tổ Hùng Vương (10/3 âm lịch) in solar year `year`."""
    return lunar_to_solar(10, 3, year)


def last_day_of_lunar_year(year: int) -> date:
    """The last day of the lunar year that ends just before Tết of `year` (29 or 30 tháng Chạp)."""
    return tet_day(year) - timedelta(days=1)
