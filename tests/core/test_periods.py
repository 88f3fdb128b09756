"""Tests for reporting periods (cchc.core.periods)."""

from __future__ import annotations

import pytest

from cchc.core.periods import Period, PeriodKind, find_period, parse_period

# --- codes and labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "period", "label"),
    [
        ("2023Q1", Period(2023, PeriodKind.QUARTER, 1), "Quý I năm 2023"),
        ("2023Q2", Period(2023, PeriodKind.QUARTER, 2), "Quý II năm 2023"),
        ("2023Q3", Period(2023, PeriodKind.QUARTER, 3), "Quý III năm 2023"),
        ("2021Q4", Period(2021, PeriodKind.QUARTER, 4), "Quý IV năm 2021"),
        ("2023H1", Period(2023, PeriodKind.HALF_YEAR), "6 tháng đầu năm 2023"),
        ("2023M9", Period(2023, PeriodKind.NINE_MONTHS), "9 tháng năm 2023"),
        ("2022Y", Period(2022, PeriodKind.YEAR), "năm 2022"),
    ],
)
def test_it_reads_a_period_code_and_names_it_in_vietnamese(code: str, period: Period, label: str) -> None:
    parsed = parse_period(code)
    assert parsed == period
    assert parsed.code == code
    assert parsed.label == label


def test_it_reads_a_code_in_lower_case_or_with_spaces() -> None:
    assert parse_period(" 2023q1 ") == Period(2023, PeriodKind.QUARTER, 1)
    assert parse_period("2024h1") == Period(2024, PeriodKind.HALF_YEAR)
    assert parse_period("2023y").code == "2023Y"


def test_only_quarters_carry_a_quarter_number() -> None:
    assert parse_period("2023H1").quarter == 0
    assert parse_period("2023M9").quarter == 0
    assert parse_period("2023Y").quarter == 0


@pytest.mark.parametrize(
    "code", ["2023Q5", "2023Q0", "2023H2", "2023M6", "23Q1", "Q1 2023", "2023", "", "2023 Q1", "2023QI"]
)
def test_it_rejects_an_invalid_code_in_vietnamese(code: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_period(code)
    assert str(error.value) == (f"Kỳ báo cáo «{code}» không hợp lệ (ví dụ: 2023Q1, 2023H1, 2023M9, 2023Y).")


def test_periods_are_immutable_and_hashable() -> None:
    period = parse_period("2023Q1")
    with pytest.raises(AttributeError):
        period.year = 2024  # type: ignore[misc]
    assert {period, parse_period("2023Q1")} == {Period(2023, PeriodKind.QUARTER, 1)}


# --- ordering ----------------------------------------------------------------------------------------


def test_periods_of_different_years_sort_by_year() -> None:
    assert parse_period("2022Y") < parse_period("2023Q1")
    assert parse_period("2023Q4") < parse_period("2024Q1")
    assert parse_period("2022M9") < parse_period("2023H1")


def test_quarters_of_a_year_sort_in_order() -> None:
    codes = ["2023Q3", "2023Q1", "2023Q4", "2023Q2"]
    assert [period.code for period in sorted(map(parse_period, codes))] == [
        "2023Q1",
        "2023Q2",
        "2023Q3",
        "2023Q4",
    ]


def test_half_year_comes_before_nine_months_and_nine_months_before_the_year() -> None:
    assert parse_period("2023H1") < parse_period("2023M9") < parse_period("2023Y")
    assert parse_period("2023Q4") < parse_period("2023Y")


def test_periods_of_a_year_sort_by_when_they_end() -> None:
    codes = ["2023Y", "2023M9", "2023H1", "2023Q1"]
    assert [period.code for period in sorted(map(parse_period, codes))] == [
        "2023Q1",
        "2023H1",
        "2023M9",
        "2023Y",
    ]


# --- finding the period a title names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "code"),
    [
        (
            "Tình hình thực hiện công tác cải cách hành chính Quý I, nhiệm vụ trọng tâm Quý II năm 2023",
            "2023Q1",
        ),
        (
            "Báo cáo kết quả cải cách hành chính 6 tháng đầu năm 2024, nhiệm vụ 6 tháng cuối năm 2024",
            "2024H1",
        ),
        ("Báo cáo công tác cải cách hành chính năm 2022", "2022Y"),
        ("BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2023", "2023Q3"),
        ("Báo cáo cải cách hành chính quý ii năm 2023", "2023Q2"),
        ("Báo cáo CCHC Quý IV năm 2021", "2021Q4"),
        ("Báo cáo CCHC quý 4/2022", "2022Q4"),
        ("Báo cáo CCHC quý 2 năm 2025", "2025Q2"),
        ("Kết quả cải cách hành chính 9 tháng đầu năm 2023", "2023M9"),
        ("Kết quả cải cách hành chính 9 tháng năm 2023", "2023M9"),
        ("Kết quả cải cách hành chính 6 tháng năm 2024", "2024H1"),
        ("Quý I năm 2023 và 6 tháng đầu năm 2023", "2023Q1"),
    ],
)
def test_it_finds_the_period_a_title_names(title: str, code: str) -> None:
    period = find_period(title)
    assert period is not None
    assert period.code == code


def test_it_finds_the_period_of_the_sample_report_title() -> None:
    period = find_period(
        "BÁO CÁO\nTình hình thực hiện công tác cải cách hành chính Quý I, nhiệm vụ trọng tâm Quý II năm 2023"
    )
    assert period == Period(2023, PeriodKind.QUARTER, 1)
    assert period is not None
    assert period.label == "Quý I năm 2023"


@pytest.mark.parametrize(
    "text",
    ["Báo cáo công tác cải cách hành chính", "Quý II", "Báo cáo năm 1899", "Kế hoạch số 12/KH-UBND", ""],
)
def test_it_finds_no_period_where_none_is_named(text: str) -> None:
    assert find_period(text) is None


def test_a_quarter_without_a_year_after_it_falls_back_to_the_year() -> None:
    assert find_period("Năm 2023, báo cáo quý I") == Period(2023, PeriodKind.YEAR)


def test_a_quarter_needs_a_roman_or_arabic_number_from_one_to_four() -> None:
    assert find_period("quý V năm 2023") == Period(2023, PeriodKind.YEAR)


def test_a_half_year_title_may_name_its_year_only_at_the_end() -> None:
    title = (
        "Báo cáo công tác cải cách hành chính 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm 2023"
    )
    period = find_period(title)
    assert period is not None and period.code == "2023H1"
