"""Numbers of any length are read and formatted without a decimal error; beyond 15 digits they are named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.numbers import format_number, parse_cell, round_half_up, storage_problem


def test_a_31_digit_number_is_read_with_its_grouping_notice_and_formatted_in_full() -> None:
    cell, notices = parse_cell("1" * 31)
    assert cell.number == Decimal("1" * 31)
    assert notices[0].message == (
        "«1111111111111111111111111111111» thiếu dấu chấm phân cách hàng nghìn "
        "(viết đúng: 1.111.111.111.111.111.111.111.111.111.111)."
    )


def test_rounding_a_number_longer_than_the_default_precision_keeps_every_digit() -> None:
    assert round_half_up(Decimal("1" * 40 + ".5"), 0) == Decimal("1" * 39 + "2")
    assert format_number(Decimal("1e40"), 2) == "10" + ".000" * 13 + ",00"
    assert format_number(Decimal("-1234567890123456.5"), 0) == "-1.234.567.890.123.457"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("999.999.999.999.999", None),
        ("0,000001", None),
        ("123.456.789,123456", None),
        (
            "1.000.000.000.000.000",
            "số quá lớn (16 chữ số phần nguyên), vượt quá giới hạn lưu trữ (tối đa 15 chữ số)",
        ),
        (
            "0,0000001",
            "quá nhiều chữ số thập phân (7), vượt quá giới hạn lưu trữ (tối đa 6 chữ số thập phân)",
        ),
        (
            "123.456.789.012,1234",
            "số có quá nhiều chữ số (16), vượt quá giới hạn lưu trữ (tối đa 15 chữ số, kể cả phần thập phân)",
        ),
    ],
)
def test_a_number_fits_the_storage_up_to_15_digits_and_6_places(text: str, problem: str | None) -> None:
    number = parse_cell(text)[0].number
    assert number is not None
    assert storage_problem(number) == problem
