"""The lunar calendar gives the known dates of Tết and Giỗ Tổ Hùng Vương."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.dossiers.lunar import gio_to_day, last_day_of_lunar_year, lunar_to_solar, tet_day

KNOWN_TET = {
    2000: date(2000, 2, 5),
    2007: date(2007, 2, 17),
    2016: date(2016, 2, 8),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
}


@pytest.mark.parametrize(("year", "expected"), sorted(KNOWN_TET.items()))
def test_it_finds_the_first_day_of_tet(year: int, expected: date) -> None:
    assert tet_day(year) == expected


def test_giỗ_tổ_falls_on_the_10th_of_the_3rd_lunar_month() -> None:
    assert gio_to_day(2023) == date(2023, 4, 29)
    assert gio_to_day(2024) == date(2024, 4, 18)
    assert gio_to_day(2025) == date(2025, 4, 7)


def test_the_last_day_of_the_lunar_year_is_the_eve_of_tet() -> None:
    assert last_day_of_lunar_year(2023) == date(2023, 1, 21)


def test_a_leap_month_is_found_only_where_the_year_has_one() -> None:
    # 2023 (Quý Mão) has a leap 2nd month, starting 22/3/2023.
    assert lunar_to_solar(1, 2, 2023, leap=True) == date(2023, 3, 22)
    with pytest.raises(ValueError, match="không có tháng 5 nhuận"):
        lunar_to_solar(1, 5, 2023, leap=True)
