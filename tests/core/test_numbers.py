"""Tests for Vietnamese numerals and report cells (cchc.core.numbers)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.numbers import (
    Cell,
    CellKind,
    NumberFormatError,
    decimals_of,
    format_number,
    parse_cell,
    parse_number,
    round_half_up,
)


def codes(text: str) -> list[str]:
    return [notice.code for notice in parse_number(text)[1]]


# --- parse_number: the Vietnamese way ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("242.037", Decimal(242037)),
        ("10.323.108", Decimal(10323108)),
        ("45.700", Decimal(45700)),
        ("1.234,5", Decimal("1234.5")),
        ("96,60", Decimal("96.60")),
        ("0,5", Decimal("0.5")),
        ("0", Decimal(0)),
        ("17", Decimal(17)),
        ("999", Decimal(999)),
    ],
)
def test_it_reads_a_vietnamese_numeral_without_notices(text: str, expected: Decimal) -> None:
    value, notices = parse_number(text)
    assert value == expected
    assert notices == ()


def test_it_keeps_the_decimal_places_a_value_was_written_with() -> None:
    value, _ = parse_number("96,60")
    assert str(value) == "96.60"
    assert decimals_of(value) == 2


def test_it_reads_dots_as_thousands_not_as_decimals() -> None:
    assert parse_number("1.234")[0] == Decimal(1234)


def test_it_reads_a_negative_number_as_a_number() -> None:
    assert parse_number("-5") == (Decimal(-5), ())
    assert parse_number("−1.234") == (Decimal(-1234), ())
    assert parse_number("-0,25") == (Decimal("-0.25"), ())


def test_it_accepts_a_plus_sign_a_percent_sign_and_spaces_around() -> None:
    assert parse_number("+7") == (Decimal(7), ())
    assert parse_number("50%") == (Decimal(50), ())
    assert parse_number("  94,92 ") == (Decimal("94.92"), ())
    assert parse_number("2.097\u00a0") == (Decimal(2097), ())


@pytest.mark.parametrize("text", ["abc", "", "   ", "-", "5-", "1.234.5", "1.234,567.8", "12a", "mười bảy"])
def test_it_refuses_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(NumberFormatError, match="không phải là số"):
        parse_number(text)


def test_its_refusal_quotes_the_text() -> None:
    with pytest.raises(NumberFormatError) as error:
        parse_number(" 1.234.5 ")
    assert str(error.value) == "«1.234.5» không phải là số."


def test_a_number_format_error_is_a_value_error() -> None:
    assert issubclass(NumberFormatError, ValueError)


# --- parse_number: separators written the English way ------------------------------------------------


def test_it_reads_a_dot_decimal_as_meant_and_says_so() -> None:
    value, notices = parse_number("92.86")
    assert value == Decimal("92.86")
    assert [notice.code for notice in notices] == ["wrong-decimal-separator"]
    assert notices[0].message == (
        "«92.86» dùng dấu chấm làm dấu thập phân; văn bản dùng dấu phẩy (đã hiểu là 92,86)."
    )


def test_it_reads_a_dot_with_one_or_four_decimals_as_a_decimal_point() -> None:
    assert parse_number("5.4")[0] == Decimal("5.4")
    assert codes("5.4") == ["wrong-decimal-separator"]
    assert parse_number("12.3456")[0] == Decimal("12.3456")
    assert codes("12.3456") == ["wrong-decimal-separator"]


def test_it_reads_english_thousands_commas_as_meant_and_says_so() -> None:
    value, notices = parse_number("1,234,567")
    assert value == Decimal(1234567)
    assert [notice.code for notice in notices] == ["wrong-group-separator"]
    assert "dấu phẩy phân cách hàng nghìn" in notices[0].message
    assert "(đã hiểu là 1.234.567)" in notices[0].message


def test_it_reads_an_english_grouped_decimal() -> None:
    assert parse_number("1,234.5")[0] == Decimal("1234.5")
    assert codes("1,234.5") == ["wrong-group-separator"]


def test_a_single_comma_stays_a_decimal_comma() -> None:
    # "1,234" is a valid Vietnamese decimal; only two or more commas give away English grouping.
    assert parse_number("1,234") == (Decimal("1.234"), ())


def test_it_advises_grouping_for_four_or_more_integer_digits() -> None:
    value, notices = parse_number("2000")
    assert value == Decimal(2000)
    assert [notice.code for notice in notices] == ["missing-grouping"]
    assert notices[0].message == "«2000» thiếu dấu chấm phân cách hàng nghìn (viết đúng: 2.000)."


def test_it_advises_grouping_for_a_long_number_with_decimals() -> None:
    value, notices = parse_number("12345,5")
    assert value == Decimal("12345.5")
    assert "viết đúng: 12.345,5" in notices[0].message


def test_it_does_not_advise_grouping_below_a_thousand() -> None:
    assert parse_number("999,99") == (Decimal("999.99"), ())


# --- parse_cell: number, "-", blank and text stay apart --------------------------------------------


def test_a_zero_a_dash_and_a_blank_are_three_different_cells() -> None:
    zero, dash, blank = parse_cell("0")[0], parse_cell("-")[0], parse_cell("")[0]
    assert (zero.kind, dash.kind, blank.kind) == (CellKind.NUMBER, CellKind.DASH, CellKind.BLANK)
    assert zero.number == 0
    assert dash.number is None
    assert blank.number is None
    assert len({zero, dash, blank}) == 3
    assert zero.is_number
    assert not dash.is_number
    assert not blank.is_number


@pytest.mark.parametrize("text", ["", "  ", "\t", "\n"])
def test_whitespace_is_a_blank_cell(text: str) -> None:
    cell, notices = parse_cell(text)
    assert cell == Cell(CellKind.BLANK)
    assert notices == ()


@pytest.mark.parametrize("text", ["-", " - ", "–", "—", "−"])
def test_every_dash_is_a_dash_cell(text: str) -> None:
    cell, notices = parse_cell(text)
    assert cell.kind is CellKind.DASH
    assert cell.text == "-"
    assert notices == ()


def test_a_number_cell_keeps_the_text_as_typed() -> None:
    cell, notices = parse_cell(" 242.037 ")
    assert cell == Cell(CellKind.NUMBER, Decimal(242037), "242.037")
    assert notices == ()


def test_a_negative_cell_is_a_number() -> None:
    cell, _ = parse_cell("-5")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal(-5)


def test_a_cell_passes_on_the_notices_of_its_number() -> None:
    cell, notices = parse_cell("92.86")
    assert cell == Cell(CellKind.NUMBER, Decimal("92.86"), "92.86")
    assert [notice.code for notice in notices] == ["wrong-decimal-separator"]


def test_text_that_is_not_a_number_is_a_text_cell() -> None:
    cell, notices = parse_cell(" abc ")
    assert cell == Cell(CellKind.TEXT, None, "abc")
    assert notices == ()
    assert not cell.is_number


def test_cell_of_builds_a_number_cell_with_vietnamese_text() -> None:
    assert Cell.of(2246) == Cell(CellKind.NUMBER, Decimal(2246), "2.246")
    assert Cell.of(Decimal("94.92")) == Cell(CellKind.NUMBER, Decimal("94.92"), "94,92")
    assert Cell.of(0).is_number


# --- decimals_of and round_half_up -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places"),
    [
        (Decimal("96.60"), 2),
        (Decimal("96.6"), 1),
        (Decimal(96), 0),
        (Decimal("1E+3"), 0),
        (Decimal("0.001"), 3),
    ],
)
def test_it_counts_the_decimal_places_written(value: Decimal, places: int) -> None:
    assert decimals_of(value) == places


def test_it_rounds_half_up() -> None:
    assert round_half_up(Decimal("97.655"), 2) == Decimal("97.66")
    assert round_half_up(Decimal("2.125"), 2) == Decimal("2.13")
    assert round_half_up(Decimal("12.5"), 0) == Decimal(13)
    assert round_half_up(Decimal("94.92341"), 2) == Decimal("94.92")


def test_it_rounds_half_away_from_zero_for_negatives() -> None:
    assert round_half_up(Decimal("-2.125"), 2) == Decimal("-2.13")


def test_half_up_differs_from_the_bankers_rounding() -> None:
    assert Decimal("2.125").quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN) == Decimal("2.12")
    assert round_half_up(Decimal("2.125"), 2) == Decimal("2.13")


def test_rounding_pads_to_the_requested_places() -> None:
    assert str(round_half_up(Decimal(100), 2)) == "100.00"


# --- format_number -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (242037, None, "242.037"),
        (Decimal(10323108), None, "10.323.108"),
        (Decimal("96.6"), 2, "96,60"),
        (Decimal("96.60"), None, "96,60"),
        (Decimal("1234.5"), None, "1.234,5"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (Decimal("0.5"), None, "0,5"),
        (Decimal("94.92341356"), 2, "94,92"),
        (Decimal(100), 2, "100,00"),
        (Decimal("1E+3"), None, "1.000"),
    ],
)
def test_it_formats_the_vietnamese_way(value: Decimal | int, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_it_formats_negative_numbers_with_a_leading_minus() -> None:
    assert format_number(-1234) == "-1.234"
    assert format_number(Decimal("-1234.5"), 2) == "-1.234,50"
    assert format_number(-5) == "-5"


def test_it_formats_with_half_up_rounding_where_babel_alone_would_round_half_even() -> None:
    assert format_number(Decimal("2.125"), 2) == "2,13"
    assert format_number(Decimal("97.655"), 2) == "97,66"
    assert format_number(Decimal("-2.125"), 2) == "-2,13"


def test_a_tiny_negative_value_rounded_to_zero_is_shown_without_a_sign() -> None:
    assert format_number(Decimal("-0.001"), 2) == "0,00"


# --- properties --------------------------------------------------------------------------------------

_TWO_PLACES = st.decimals(
    min_value=Decimal("-1000000000000"),
    max_value=Decimal("1000000000000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(_TWO_PLACES)
def test_formatting_with_two_places_then_parsing_gives_the_value_back_without_notices(value: Decimal) -> None:
    text = format_number(value, 2)
    assert parse_number(text) == (value, ())
    assert decimals_of(parse_number(text)[0]) == 2


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatting_an_integer_then_parsing_gives_it_back_without_notices(value: int) -> None:
    assert parse_number(format_number(value)) == (Decimal(value), ())


@given(
    st.decimals(
        min_value=Decimal("-1000000"),
        max_value=Decimal("1000000"),
        places=5,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_formatting_with_fewer_places_rounds_half_up(value: Decimal) -> None:
    assert parse_number(format_number(value, 2))[0] == round_half_up(value, 2)


@given(st.integers(min_value=1000, max_value=10**12))
def test_an_ungrouped_number_of_a_thousand_or_more_is_read_with_advice(value: int) -> None:
    number, notices = parse_number(str(value))
    assert number == value
    assert [notice.code for notice in notices] == ["missing-grouping"]
    assert f"viết đúng: {format_number(value)}" in notices[0].message


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=99))
def test_a_dot_decimal_with_two_places_is_read_as_the_comma_decimal(whole: int, cents: int) -> None:
    english = f"{whole}.{cents:02d}"
    vietnamese = f"{whole},{cents:02d}"
    assert parse_number(english)[0] == parse_number(vietnamese)[0]
    assert codes(english) == ["wrong-decimal-separator"]
