"""The working-day calendar: official days of listed years, rules for the others, the ordinal table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cchc.dossiers.workdays import calendar_table, default_calendar, parse_calendar


def _days_off(first: date, last: date) -> list[date]:
    calendar = default_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [day for day in days if not calendar.is_working(day)]


def test_tet_2023_is_off_from_20_to_26_january() -> None:
    assert _days_off(date(2023, 1, 18), date(2023, 1, 27)) == [date(2023, 1, d) for d in range(20, 27)]
    assert default_calendar().is_working(date(2023, 1, 27))


def test_gio_to_2023_falls_on_saturday_29_april_and_the_holiday_runs_to_3_may() -> None:
    assert _days_off(date(2023, 4, 28), date(2023, 5, 5)) == [date(2023, 4, 29), date(2023, 4, 30)] + [
        date(2023, 5, d) for d in (1, 2, 3)
    ]


def test_saturday_6_may_2023_is_worked_to_make_up_for_the_swap() -> None:
    assert default_calendar().is_working(date(2023, 5, 6))
    assert not default_calendar().is_working(date(2023, 5, 13))


def test_national_day_2023_on_a_saturday_gives_1_to_4_september() -> None:
    assert _days_off(date(2023, 8, 31), date(2023, 9, 5)) == [date(2023, 9, d) for d in (1, 2, 3, 4)]


def test_national_day_2024_on_a_monday_takes_the_tuesday_after() -> None:
    assert _days_off(date(2024, 8, 30), date(2024, 9, 4)) == [
        date(2024, 8, 31),
        *(date(2024, 9, d) for d in (1, 2, 3)),
    ]


def test_an_unlisted_year_follows_the_rules_with_the_adjacent_day_for_2_september() -> None:
    calendar = default_calendar()
    assert 2027 not in calendar.years
    # 2/9/2027 is a Thursday: the adjacent day is Friday 3/9, joining the weekend.
    assert not calendar.is_working(date(2027, 9, 2)) and not calendar.is_working(date(2027, 9, 3))
    assert calendar.is_working(date(2027, 9, 1))


def test_an_unlisted_year_gets_five_days_of_tet_from_the_lunar_calendar() -> None:
    # Tết Đinh Mùi: mùng 1 = Saturday 6/2/2027; the last day of the lunar year is Friday 5/2.
    off = _days_off(date(2027, 2, 1), date(2027, 2, 14))
    # 5/2 (last day), 6–9/2 (mùng 1–4, of which 6–7 a weekend → compensated on 10 and 11/2).
    assert off == [date(2027, 2, d) for d in (5, 6, 7, 8, 9, 10, 11, 13, 14)]


def test_a_holiday_on_a_sunday_is_compensated_on_the_monday() -> None:
    # Giỗ Tổ 2026 is Sunday 26/4 (10/3 âm lịch): the rules give Monday 27/4.
    calendar = default_calendar()
    assert not calendar.is_working(date(2026, 4, 27))
    assert calendar.is_working(date(2026, 4, 28))


def test_the_calendar_table_counts_working_days_up_to_each_day() -> None:
    table = calendar_table(default_calendar(), date(2023, 1, 16), date(2023, 1, 31)).to_pylist()
    ordinals = {row["day"]: row["ordinal"] for row in table}
    # Mon 16 → 1 … Thu 19 → 4; Tết 20–26 keeps 4; Fri 27 → 5; Mon 30 → 6.
    assert ordinals[date(2023, 1, 19)] == 4
    assert ordinals[date(2023, 1, 26)] == 4
    assert ordinals[date(2023, 1, 27)] == 5
    assert ordinals[date(2023, 1, 30)] == 6


def test_an_edited_calendar_file_changes_the_days() -> None:
    calendar = parse_calendar(
        """
        weekend = [7]
        [years.2023]
        days_off = ["02/01/2023"]
        working_days = []
        """
    )
    assert calendar.is_working(date(2023, 1, 7))  # a Saturday, with only Sunday off
    assert calendar.is_working(date(2023, 1, 20))  # this file lists no Tết days
    assert not calendar.is_working(date(2023, 1, 2))


def test_a_bad_date_in_the_calendar_file_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match=r"\[years.2023\] days_off: «31/02/2023» không phải ngày"):
        parse_calendar('[years.2023]\ndays_off = ["31/02/2023"]\n')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("years = 5", "lịch [years]: phải là các bảng [years.NNNN] (đang là «5»)."),
        ("rules = [1]", "lịch [rules]: phải là một bảng [rules] (đang là «[1]»)."),
        (
            '[rules]\ntet_days_before = "hai"',
            "lịch [rules] tet_days_before: phải là một số ngày (đang là «hai»).",
        ),
        ('[rules]\ngio_to = "false"', "lịch [rules] gio_to: phải là true hoặc false (đang là «false»)."),
        ("weekend = [1, 2, 3, 4, 5, 6, 7]", "lịch: weekend không được gồm cả 7 ngày trong tuần."),
        (
            "weekend = [6, 7",
            "lịch: không đọc được tệp TOML (ở cuối tệp); hãy kiểm tra dấu ngoặc, dấu nháy và dấu =.",
        ),
        (
            "weekend = \n",
            "lịch: không đọc được tệp TOML (dòng 1, cột 11); hãy kiểm tra dấu ngoặc, dấu nháy và dấu =.",
        ),
        (
            '[years.2023]\ndays_off = "01/01/2023"',
            "lịch [years.2023] days_off: phải là danh sách ngày (đang là «01/01/2023»).",
        ),
    ],
)
def test_a_calendar_file_of_the_wrong_shape_is_refused_in_vietnamese(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_calendar(text, "lịch")
    assert str(refused.value) == message
