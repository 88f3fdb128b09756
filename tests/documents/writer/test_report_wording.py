"""The fixed wording: số hiệu, date, signer, Nơi nhận, the next period and the subject line."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.core.periods import find_period, parse_period
from cchc.documents.writer.narrative import (
    date_line,
    next_period_label,
    number_line,
    recipient_lines,
    short_date,
    signer_lines,
    subject_line,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 3, 5), "Thanh Hóa, ngày 05 tháng 3 năm 2023"),
        (dt.date(2023, 2, 15), "Thanh Hóa, ngày 15 tháng 02 năm 2023"),
        (dt.date(2023, 1, 9), "Thanh Hóa, ngày 09 tháng 01 năm 2023"),
        (dt.date(2023, 12, 1), "Thanh Hóa, ngày 01 tháng 12 năm 2023"),
        (dt.date(2023, 10, 20), "Thanh Hóa, ngày 20 tháng 10 năm 2023"),
    ],
)
def test_days_below_10_and_months_1_and_2_take_a_leading_zero(day: dt.date, expected: str) -> None:
    assert date_line("Thanh Hóa", day) == expected


def test_without_a_date_the_day_month_and_year_are_left_for_the_clerk() -> None:
    # Not the period's year: the report of Quý IV may be signed in the next January.
    assert date_line("Thanh Hóa", None) == "Thanh Hóa, ngày      tháng      năm      "


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2023, 3, 5), "05/3/2023"), (dt.date(2023, 2, 15), "15/02/2023"), (None, "     /     /     ")],
)
def test_the_short_date_follows_the_same_leading_zero_rule(day: dt.date | None, expected: str) -> None:
    assert short_date(day) == expected


def test_the_number_line_adds_the_report_suffix() -> None:
    assert number_line("125") == "Số: 125/BC-UBND"
    assert number_line("125/BC-SNV") == "Số: 125/BC-SNV"
    assert number_line("").startswith("Số:") and number_line("").endswith("/BC-UBND")


def test_the_signer_is_kt_or_tm() -> None:
    issuer = ("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA")
    assert signer_lines("KT", "phó chủ tịch", issuer) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signer_lines("TM", "CHỦ TỊCH", issuer) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert signer_lines("", "CHỦ TỊCH", issuer) == ("", "CHỦ TỊCH")


def test_a_department_is_signed_for_its_director() -> None:
    issuer = ("UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP")
    assert signer_lines("KT", "", issuer, "GIÁM ĐỐC") == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert number_line("", "BC-STP").endswith("/BC-STP")


def test_luu_is_always_the_last_recipient() -> None:
    assert recipient_lines(("Lưu: VT", "Bộ Nội vụ (để b/c)", "UBND tỉnh")) == [
        "- Bộ Nội vụ (để b/c);",
        "- UBND tỉnh;",
        "- Lưu: VT.",
    ]


def test_recipients_end_with_a_semicolon_and_the_last_with_a_full_stop() -> None:
    assert recipient_lines(("Bộ Nội vụ (để b/c)", "- Lưu: VT, THKH;")) == [
        "- Bộ Nội vụ (để b/c);",
        "- Lưu: VT, THKH.",
    ]


@pytest.mark.parametrize(
    ("code", "following"),
    [
        ("2023Q1", "Quý II năm 2023"),
        ("2023Q4", "Quý I năm 2024"),
        ("2023H1", "6 tháng cuối năm 2023"),
        ("2023M9", "những tháng cuối năm 2023"),
        ("2023Y", "năm 2024"),
    ],
)
def test_the_subject_names_the_period_so_that_the_checker_finds_it(code: str, following: str) -> None:
    period = parse_period(code)
    assert next_period_label(period) == following
    assert find_period(subject_line(period)) == period
