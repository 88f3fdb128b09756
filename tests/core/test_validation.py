"""Tests for the validation of form values against the catalogue (cchc.core.validation)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cchc.catalogues import default_catalogue
from cchc.core.catalogue import Catalogue, Severity, parse_catalogue
from cchc.core.numbers import Cell, CellKind, parse_cell
from cchc.core.validation import Finding, effective_values, lower_first, row_label, validate


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return default_catalogue()


def cells(**typed: str) -> dict[str, Cell]:
    """Cells as typed in a form; keyword names spell row codes with "_" for "-" and "__" for "."."""
    return {name.replace("__", ".").replace("_", "-"): parse_cell(text)[0] for name, text in typed.items()}


def typed(values: dict[str, str]) -> dict[str, Cell]:
    return {code: parse_cell(text)[0] for code, text in values.items()}


def rules_of(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# Figures from the sample report (Thanh Hóa, Quý I năm 2023), Phụ lục.
SAMPLE_BM1 = {
    "BM1-1": "17",
    "BM1-2": "22,22",
    "BM1-2.1": "36",
    "BM1-2.2": "8",
    "BM1-3.1": "-",
    "BM1-3.2": "-",
    "BM1-3.3": "-",
    "BM1-3.3.1": "-",
    "BM1-3.3.2": "-",
    "BM1-4.1": "",
    "BM1-4.2": "",
    "BM1-5.1": "44",
    "BM1-5.2": "17",
    "BM1-5.3": "0",
    "BM1-5.4": "0",
    "BM1-6": "1",
    "BM1-6.1": "2000",
    "BM1-6.2": "0",
    "BM1-7": "1",
}
SAMPLE_BM3 = {
    "BM3-1.1": "0",
    "BM3-1.2": "36",
    "BM3-1.3": "219",
    "BM3-1.4": "2.097",
    "BM3-1.4.1": "1.510",
    "BM3-1.4.2": "343",
    "BM3-1.4.3": "244",
    "BM3-2.1": "556",
    "BM3-2.2": "214",
    "BM3-2.3": "-",
    "BM3-3.1": "94,92",
    "BM3-3.1.1": "45.700",
    "BM3-3.1.2": "43.380",
    "BM3-3.2": "97,88",
    "BM3-3.2.1": "7.865",
    "BM3-3.2.2": "7.698",
    "BM3-3.3": "99,98",
    "BM3-3.3.1": "65.995",
    "BM3-3.3.2": "65.982",
    "BM3-3.4": "92.86",
    "BM3-3.4.1": "42",
    "BM3-3.4.2": "39",
}
SAMPLE_BM6_2 = {
    "BM6-2.1": "2.246",
    "BM6-2.2": "2",
    "BM6-2.3": "19",
    "BM6-2.4": "194",
    "BM6-2.4.1": "35",
    "BM6-2.4.2": "28",
    "BM6-2.4.3": "131",
    "BM6-2.5": "2.011",
    "BM6-2.6": "0",
}


# --- consistent values -------------------------------------------------------------------------------


def test_no_values_give_no_findings(shipped: Catalogue) -> None:
    assert validate(shipped, {}) == []


def test_a_consistent_rate_gives_no_findings(shipped: Catalogue) -> None:
    values = {"BM3-3.1": Cell.of(Decimal("94.92")), "BM3-3.1.1": Cell.of(45700), "BM3-3.1.2": Cell.of(43380)}
    assert validate(shipped, values) == []


def test_a_consistent_total_gives_no_findings(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM2_1="14", BM2_1__1="14", BM2_1__2="0", BM2_1__3="0")) == []


def test_the_samples_forms_1_and_3_are_consistent(shipped: Catalogue) -> None:
    assert validate(shipped, typed(SAMPLE_BM1)) == []
    assert validate(shipped, typed(SAMPLE_BM3)) == []


def test_dashes_are_not_errors(shipped: Catalogue) -> None:
    values = cells(BM1_3__3="-", BM1_3__3__1="-", BM1_3__3__2="-", BM2_2__2="-", BM2_2__2__1="0")
    values |= cells(BM2_2__2__2="0", BM1_1="-", BM1_6="–")
    assert validate(shipped, values) == []


def test_a_total_with_dashed_parts_is_not_checked(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM2_1="14", BM2_1__1="14", BM2_1__2="-", BM2_1__3="-")) == []


def test_a_total_with_a_missing_part_is_not_checked(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM2_1="15", BM2_1__1="14", BM2_1__2="0")) == []


# --- percent-formula and rounding --------------------------------------------------------------------


def test_a_rate_that_contradicts_its_parts_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM3_3__1="94,93", BM3_3__1__1="45.700", BM3_3__1__2="43.380")))
    assert finding.rule == "percent-formula"
    assert finding.severity is Severity.ERROR
    assert finding.form == 3
    assert finding.codes == ("BM3-3.1", "BM3-3.1.2", "BM3-3.1.1")
    assert finding.expected == Decimal("94.92")
    assert finding.actual == Decimal("94.93")
    assert finding.decimals == 2
    assert finding.difference == Decimal("0.01")
    assert finding.message == (
        "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn ghi 94,93% "
        "nhưng 43.380/45.700 = 94,92%: sửa tỷ lệ hoặc hai số dùng để tính."
    )


@pytest.mark.parametrize("stated", ["94,92", "94,9", "95", "94,9234"])
def test_a_rate_rounded_to_fewer_places_is_accepted(shipped: Catalogue, stated: str) -> None:
    values = cells(BM3_3__1=stated, BM3_3__1__1="45.700", BM3_3__1__2="43.380")
    assert validate(shipped, values) == []


@pytest.mark.parametrize("stated", ["94,8", "94", "94,91"])
def test_a_rate_that_does_not_round_to_the_computed_one_is_an_error(shipped: Catalogue, stated: str) -> None:
    values = cells(BM3_3__1=stated, BM3_3__1__1="45.700", BM3_3__1__2="43.380")
    assert rules_of(validate(shipped, values)) == ["percent-formula"]


def test_a_full_rate_written_as_100_is_accepted(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM7_6__4="100", BM7_6__4__1="205", BM7_6__4__2="205")) == []
    assert validate(shipped, cells(BM7_6__4="100,00", BM7_6__4__1="205", BM7_6__4__2="205")) == []


def test_a_rate_rounds_half_up(shipped: Catalogue) -> None:
    # 1/8 = 12,5 %: "13" rounds half up; "12" would be the banker's rounding.
    assert validate(shipped, cells(BM3_3__4="13", BM3_3__4__1="8", BM3_3__4__2="1")) == []
    assert validate(shipped, cells(BM3_3__4="12,5", BM3_3__4__1="8", BM3_3__4__2="1")) == []
    finding = only(validate(shipped, cells(BM3_3__4="12", BM3_3__4__1="8", BM3_3__4__2="1")))
    assert finding.rule == "percent-formula"
    assert finding.expected == Decimal("12.50")
    assert finding.message.endswith("ghi 12% nhưng 1/8 = 12,50%: sửa tỷ lệ hoặc hai số dùng để tính.")


def test_a_rate_typed_with_a_dot_is_checked_by_its_value(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM3_3__4="92.86", BM3_3__4__1="42", BM3_3__4__2="39")) == []


def test_a_rate_padded_with_a_zero_beyond_the_rows_places_is_accepted(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM3_3__1="94,920", BM3_3__1__1="45.700", BM3_3__1__2="43.380")) == []


# --- total-formula -----------------------------------------------------------------------------------


def test_a_total_that_contradicts_its_parts_is_an_error(shipped: Catalogue) -> None:
    finding = only(
        validate(
            shipped, cells(BM6_2__1="2.246", BM6_2__2="2", BM6_2__3="19", BM6_2__4="194", BM6_2__5="2.011")
        )
    )
    assert finding.rule == "total-formula"
    assert finding.severity is Severity.ERROR
    assert finding.form == 6
    assert finding.codes == ("BM6-2.1", "BM6-2.2", "BM6-2.3", "BM6-2.4", "BM6-2.5")
    assert finding.expected == Decimal(2226)
    assert finding.actual == Decimal(2246)
    assert finding.difference == Decimal(20)
    assert finding.message == (
        "Tổng số ĐVSN công lập tại địa phương ghi 2.246 nhưng các mục thành phần cộng lại "
        "2 + 19 + 194 + 2.011 = 2.226: sửa tổng hoặc các mục thành phần."
    )


def test_the_samples_bm6_total_of_public_service_units_is_caught(shipped: Catalogue) -> None:
    finding = only(validate(shipped, typed(SAMPLE_BM6_2)))
    assert (finding.rule, finding.expected, finding.actual) == ("total-formula", 2226, 2246)


def test_a_total_uses_a_blank_subtotal_computed_from_its_own_parts(shipped: Catalogue) -> None:
    values = typed(SAMPLE_BM6_2 | {"BM6-2.1": "2.226", "BM6-2.4": ""})
    finding = only(validate(shipped, values))
    assert finding.rule == "computed-row-blank"
    assert finding.codes == ("BM6-2.4", "BM6-2.4.1", "BM6-2.4.2", "BM6-2.4.3")
    assert finding.expected == Decimal(194)


def test_a_stated_subtotal_is_checked_and_used_as_stated(shipped: Catalogue) -> None:
    values = typed(SAMPLE_BM6_2 | {"BM6-2.1": "2.226", "BM6-2.4": "195"})
    findings = validate(shipped, values)
    assert [(f.rule, f.codes[0], f.expected, f.actual) for f in findings] == [
        ("total-formula", "BM6-2.1", Decimal(2227), Decimal(2226)),
        ("total-formula", "BM6-2.4", Decimal(194), Decimal(195)),
    ]


# --- computed-row-blank ------------------------------------------------------------------------------


def test_a_blank_total_with_its_parts_filled_is_a_warning(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM4_1__5__1="10", BM4_1__5__2="220", BM4_1__5__3="1953")))
    assert finding.rule == "computed-row-blank"
    assert finding.severity is Severity.WARNING
    assert finding.form == 4
    assert finding.codes == ("BM4-1.5", "BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3")
    assert finding.expected == Decimal(2183)
    assert finding.actual is None
    assert finding.difference is None
    assert finding.message == (
        "Tổng số đơn vị sự nghiệp công lập tại địa phương còn trống; tính từ các số đã có "
        "(10 + 220 + 1.953) là 2.183."
    )


def test_a_blank_rate_with_its_parts_filled_is_a_warning(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM3_3__1__1="45.700", BM3_3__1__2="43.380")))
    assert finding.rule == "computed-row-blank"
    assert finding.expected == Decimal("94.92")
    assert finding.message.endswith("còn trống; tính từ các số đã có (43.380/45.700) là 94,92%.")


def test_a_dashed_total_with_its_parts_filled_is_an_error(shipped: Catalogue) -> None:
    values = cells(BM4_1__5="-", BM4_1__5__1="10", BM4_1__5__2="220", BM4_1__5__3="1953")
    finding = only(validate(shipped, values))
    assert finding.rule == "total-formula"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM4-1.5", "BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3")
    assert finding.expected == Decimal(2183)
    assert finding.message == (
        "Tổng số đơn vị sự nghiệp công lập tại địa phương ghi «-» nhưng các mục thành phần cộng lại "
        "10 + 220 + 1.953 = 2.183: sửa tổng hoặc các mục thành phần."
    )


def test_a_dashed_total_over_dashed_or_zero_parts_is_fine(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM4_1__5="-", BM4_1__5__1="0", BM4_1__5__2="0", BM4_1__5__3="0")) == []
    assert validate(shipped, cells(BM4_1__5="-", BM4_1__5__1="-", BM4_1__5__2="-", BM4_1__5__3="-")) == []


# --- percent-zero-denominator ------------------------------------------------------------------------


def test_a_rate_stated_over_a_zero_denominator_is_a_warning(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM2_2__2="0", BM2_2__2__1="0", BM2_2__2__2="0")))
    assert finding.rule == "percent-zero-denominator"
    assert finding.severity is Severity.WARNING
    assert finding.form == 2
    assert finding.codes == ("BM2-2.2", "BM2-2.2.2", "BM2-2.2.1")
    assert finding.expected is None
    assert finding.actual == Decimal(0)
    assert finding.message == ("Tỷ lệ xử lý VBQPPL sau kiểm tra ghi 0% nhưng mẫu số bằng 0 (0/0): ghi «-».")


def test_a_dashed_or_blank_rate_over_a_zero_denominator_is_fine(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM2_2__2="-", BM2_2__2__1="0", BM2_2__2__2="0")) == []
    assert validate(shipped, cells(BM2_2__2__1="0", BM2_2__2__2="0")) == []


# --- part-exceeds-total ------------------------------------------------------------------------------


def test_a_part_larger_than_its_total_is_one_error_naming_the_rate(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM3_3__1="-", BM3_3__1__1="40", BM3_3__1__2="50")))
    assert finding.rule == "part-exceeds-total"
    assert finding.severity is Severity.ERROR
    assert finding.form == 3
    assert finding.codes == ("BM3-3.1.2", "BM3-3.1.1", "BM3-3.1")
    assert finding.expected == Decimal(40)
    assert finding.actual == Decimal(50)
    assert finding.difference == Decimal(10)
    assert finding.message == (
        "Số hồ sơ TTHC giải quyết đúng hạn (50) lớn hơn tổng số hồ sơ TTHC đã giải quyết xong (40), "
        "nên tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn tính ra 125,00%: "
        "sửa một trong hai số."
    )


def test_a_part_equal_to_its_total_is_fine(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM3_3__1="100", BM3_3__1__1="40", BM3_3__1__2="40")) == []


def test_a_rate_above_100_that_follows_from_a_part_above_its_total_is_not_a_second_error(
    shipped: Catalogue,
) -> None:
    # The web computes the rate (125,00), a report prints it (125): either way one mistake, one finding.
    for rate in ("125,00", "125"):
        findings = validate(shipped, cells(BM3_3__1=rate, BM3_3__1__1="40", BM3_3__1__2="50"))
        assert rules_of(findings) == ["part-exceeds-total"]
        assert findings[0].message.endswith("tính ra 125,00%: sửa một trong hai số.")


def test_a_printed_rate_that_is_also_miscomputed_keeps_its_own_errors(shipped: Catalogue) -> None:
    findings = validate(shipped, cells(BM3_3__1="150", BM3_3__1__1="40", BM3_3__1__2="50"))
    assert rules_of(findings) == ["percent-range", "percent-formula", "part-exceeds-total"]


def test_a_part_with_a_figure_under_a_dashed_total_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM2_3__2__1="-", BM2_3__2__2="2")))
    assert finding.rule == "part-under-dash-total"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM2-3.2.2", "BM2-3.2.1", "BM2-3.2")
    assert finding.actual == Decimal(2)
    assert finding.message == (
        "Số VBQPPL có kiến nghị xử lý đã được xử lý xong ghi 2 nhưng tổng số VBQPPL cần phải xử lý "
        "sau rà soát ghi «-»: sửa một trong hai."
    )


def test_a_zero_or_dashed_part_under_a_dashed_total_is_fine(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM2_3__2__1="-", BM2_3__2__2="0")) == []
    assert validate(shipped, cells(BM2_3__2__1="-", BM2_3__2__2="-")) == []


# --- checks of a single cell -------------------------------------------------------------------------


def test_a_negative_count_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM1_1="-5")))
    assert finding.rule == "negative-value"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM1-1",)
    assert finding.actual == Decimal(-5)
    assert finding.message == ("Số văn bản chỉ đạo CCHC đã ban hành ghi -5: số liệu không được âm.")


def test_a_negative_money_figure_is_an_error(shipped: Catalogue) -> None:
    assert rules_of(validate(shipped, cells(BM6_1__1="-1.000"))) == ["negative-value"]


def test_a_count_with_a_fraction_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM1_1="2,5")))
    assert finding.rule == "count-not-integer"
    assert finding.actual == Decimal("2.5")
    assert finding.message.endswith("ghi 2,5: số đếm phải là số nguyên.")


def test_money_may_have_a_fraction(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM6_1__1="1,5")) == []


def test_a_count_written_with_zero_decimals_is_an_integer(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM1_1="17,0")) == []


def test_a_rate_above_100_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM4_1__1="101")))
    assert finding.rule == "percent-range"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM4-1.1",)
    assert finding.expected == Decimal(100)
    assert finding.actual == Decimal(101)
    assert finding.decimals == 2
    assert finding.message.endswith("ghi 101%: tỷ lệ không được vượt quá 100%.")
    assert finding.message.startswith("Tỷ lệ sở, ngành đã hoàn thành việc sắp xếp các phòng chuyên môn")


def test_a_rate_of_exactly_100_is_fine(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM4_1__1="100", BM4_1__2="100,00")) == []


def test_a_negative_rate_is_an_error(shipped: Catalogue) -> None:
    assert rules_of(validate(shipped, cells(BM4_1__1="-1"))) == ["negative-value"]


def test_a_code_outside_its_options_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM1_6="3")))
    assert finding.rule == "code-not-allowed"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM1-6",)
    assert finding.actual == Decimal(3)
    assert finding.message == (
        "Khảo sát sự hài lòng của người dân, tổ chức ghi 3: chỉ được ghi 1 (Có) hoặc 0 (Không)."
    )


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_each_allowed_code_is_fine(shipped: Catalogue, code: str) -> None:
    assert validate(shipped, cells(BM1_6__2=code, BM7_2=code)) == []


def test_a_code_of_two_is_not_a_yes_or_no(shipped: Catalogue) -> None:
    assert rules_of(validate(shipped, cells(BM1_6="2"))) == ["code-not-allowed"]


def test_text_in_a_number_row_is_an_error(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM1_1="mười bảy")))
    assert finding.rule == "not-a-number"
    assert finding.severity is Severity.ERROR
    assert finding.codes == ("BM1-1",)
    assert finding.expected is None
    assert finding.actual is None
    assert finding.message.endswith(": «mười bảy» không phải là số; ghi số, «-» hoặc để trống.")


def test_values_of_headings_are_ignored(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM3_1="abc", BM7_6="-5")) == []


# --- declared rules ----------------------------------------------------------------------------------


def test_public_service_units_of_bm4_computed_from_parts_must_equal_bm6(shipped: Catalogue) -> None:
    values = cells(BM4_1__5__1="10", BM4_1__5__2="220", BM4_1__5__3="1953", BM6_2__1="2.246")
    findings = validate(shipped, values)
    assert rules_of(findings) == ["computed-row-blank", "dvsncl-bm4-bang-bm6"]
    rule = findings[1]
    assert rule.severity is Severity.ERROR
    assert rule.form == 4
    assert rule.codes == ("BM4-1.5", "BM6-2.1")
    assert rule.expected == Decimal(2246)
    assert rule.actual == Decimal(2183)
    assert rule.difference == Decimal(-63)
    assert rule.message == (
        "Số đơn vị sự nghiệp công lập ở Biểu mẫu 4 (2.183) khác Biểu mẫu 6 (2.246): "
        "hai biểu phải cùng một số."
    )


def test_public_service_units_that_agree_give_no_finding(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM4_1__5="2.183", BM6_2__1="2.183")) == []
    values = cells(BM4_1__5="2.183", BM4_1__5__1="10", BM4_1__5__2="220", BM4_1__5__3="1953")
    assert validate(shipped, values | cells(BM6_2__1="2.183")) == []


def test_a_declared_rule_with_a_missing_side_is_skipped(shipped: Catalogue) -> None:
    assert validate(shipped, cells(BM4_1__5="2.183")) == []


def test_a_declared_rule_reads_a_dashed_side_as_nothing_happened(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM4_1__5="2.183", BM6_2__1="-")))
    assert finding.rule == "dvsncl-bm4-bang-bm6"
    assert (finding.actual, finding.expected) == (Decimal(2183), Decimal(0))
    assert finding.message == (
        "Số đơn vị sự nghiệp công lập ở Biểu mẫu 4 (2.183) khác Biểu mẫu 6 («-»): hai biểu phải cùng một số."
    )
    assert validate(shipped, cells(BM4_1__5="-", BM6_2__1="-")) == []
    # Staff present «-» beside 105 posts assigned breaks no rule: present ≤ assigned holds.
    assert validate(shipped, cells(BM4_2__1="105", BM4_2__2="-")) == []
    assert rules_of(validate(shipped, cells(BM4_3__1="-", BM4_3__2="50"))) == [
        "nguoi-lam-viec-co-mat-khong-vuot-giao"
    ]


def test_a_declared_inequality_fires_only_when_broken(shipped: Catalogue) -> None:
    assert validate(shipped, typed({"BM1-5.1": "44", "BM1-5.2": "17", "BM1-5.3": "0", "BM1-5.4": "0"})) == []
    finding = only(
        validate(shipped, typed({"BM1-5.1": "10", "BM1-5.2": "17", "BM1-5.3": "0", "BM1-5.4": "0"}))
    )
    assert finding.rule == "nhiem-vu-cp-giao"
    assert finding.codes == ("BM1-5.2", "BM1-5.3", "BM1-5.4", "BM1-5.1")
    assert (finding.actual, finding.expected) == (Decimal(17), Decimal(10))
    assert finding.message.endswith("cộng lại (17) vượt số nhiệm vụ được giao (10): sửa các số này.")


def test_a_declared_warning_keeps_its_severity(shipped: Catalogue) -> None:
    finding = only(validate(shipped, cells(BM5_1__2="2.300", BM6_2__1="2.246")))
    assert finding.rule == "vtvl-dvsn-khong-vuot-tong"
    assert finding.severity is Severity.WARNING
    assert finding.form == 5


# --- a small catalogue for what the shipped one does not exercise -----------------------------------

SMALL = {
    "template.toml": 'id = "thu"\nforms = ["bm12.toml"]\nrules = "rules.toml"\n',
    "bm12.toml": """
form = 12
title = "Biểu thử"

[[row]]
stt = "1"
name = "Số văn bản"
unit = "Văn bản"

[[row]]
stt = "2"
name = "Số văn bản được giao"
unit = "Văn bản"

[[row]]
stt = "3"
name = "Ghi chú"
unit = "Ghi chú"
kind = "text"
""",
    "rules.toml": """
[[rule]]
id = "giao-khong-vuot"
severity = "warning"
left = "BM12-1"
op = "<="
right = "BM12-2"
missing = "warn"
message = "Số văn bản ({left}) vượt số được giao ({right}): sửa một trong hai số."
""",
}


@pytest.fixture(scope="module")
def small() -> Catalogue:
    return parse_catalogue(SMALL)


def test_a_declared_rule_that_cannot_be_checked_says_so_when_asked(small: Catalogue) -> None:
    finding = only(validate(small, cells(BM12_1="5")))
    assert finding.rule == "giao-khong-vuot"
    assert finding.severity is Severity.INFO
    assert finding.codes == ("BM12-1", "BM12-2")
    assert finding.message == ("Chưa đối chiếu được số văn bản với số văn bản được giao: còn thiếu số liệu.")


def test_a_declared_rule_that_holds_gives_nothing(small: Catalogue) -> None:
    assert validate(small, cells(BM12_1="5", BM12_2="5")) == []


def test_text_in_a_text_row_is_fine(small: Catalogue) -> None:
    assert validate(small, cells(BM12_1="5", BM12_2="6", BM12_3="đã hoàn thành")) == []


def test_a_declared_rule_names_a_two_digit_form(small: Catalogue) -> None:
    finding = only(validate(small, cells(BM12_1="7", BM12_2="5")))
    assert finding.form == 12


# --- effective values, labels and findings -----------------------------------------------------------


def test_effective_values_fill_blank_computed_rows_and_narrative_quantities(shipped: Catalogue) -> None:
    values = typed({code: text for code, text in SAMPLE_BM3.items() if code.startswith("BM3-3.")})
    values["BM3-3.1"] = parse_cell("")[0]
    effective = effective_values(shipped, values)
    assert effective["BM3-3.1.1"] == Decimal(45700)
    assert effective["BM3-3.2"] == Decimal("97.88")
    assert round(effective["BM3-3.1"] or 0, 2) == Decimal("94.92")
    assert effective["NT-1"] == Decimal(119560)
    assert effective["NT-2"] == Decimal(117060)
    assert round(effective["NT-3"] or 0, 2) == Decimal("97.91")


def test_effective_values_keep_a_stated_figure_over_the_computed_one(shipped: Catalogue) -> None:
    effective = effective_values(shipped, cells(BM2_1="15", BM2_1__1="14", BM2_1__2="0", BM2_1__3="0"))
    assert effective["BM2-1"] == Decimal(15)


def test_effective_values_do_not_replace_a_dash(shipped: Catalogue) -> None:
    effective = effective_values(shipped, cells(BM2_1="-", BM2_1__1="14", BM2_1__2="0", BM2_1__3="0"))
    assert "BM2-1" not in effective


def test_a_row_label_is_the_rows_name(shipped: Catalogue) -> None:
    assert row_label(shipped.row("BM2-2.2")) == "Tỷ lệ xử lý VBQPPL sau kiểm tra"


def test_a_row_label_drops_remarks_in_brackets(shipped: Catalogue) -> None:
    assert row_label(shipped.row("BM1-1")) == "Số văn bản chỉ đạo CCHC đã ban hành"
    assert row_label(shipped.row("BM4-1.5")) == "Tổng số đơn vị sự nghiệp công lập tại địa phương"


def test_a_row_label_cuts_a_long_name_at_a_word(shipped: Catalogue) -> None:
    label = row_label(shipped.row("BM3-2.3"))
    assert label == "Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa…"


def test_a_name_inside_a_sentence_starts_lower_case_but_keeps_acronyms() -> None:
    assert lower_first("Tổng số TTHC") == "tổng số TTHC"
    assert lower_first("UBND cấp huyện") == "UBND cấp huyện"


def test_a_findings_difference_is_actual_minus_expected() -> None:
    finding = Finding("r", Severity.ERROR, "m", expected=Decimal("94.92"), actual=Decimal("94.93"))
    assert finding.difference == Decimal("0.01")
    assert Finding("r", Severity.ERROR, "m", expected=Decimal(1)).difference is None
    assert Finding("r", Severity.ERROR, "m", actual=Decimal(1)).difference is None


def test_findings_come_in_form_order_then_declared_rules(shipped: Catalogue) -> None:
    values = cells(BM6_1__1="-1", BM1_1="-1", BM4_1__5="2.183", BM6_2__1="2.246", BM3_1__1="1,5")
    findings = validate(shipped, values)
    assert [(f.rule, f.codes[0]) for f in findings] == [
        ("negative-value", "BM1-1"),
        ("count-not-integer", "BM3-1.1"),
        ("negative-value", "BM6-1.1"),
        ("dvsncl-bm4-bang-bm6", "BM4-1.5"),
    ]


def test_every_message_names_the_row_by_its_name_with_no_code(shipped: Catalogue) -> None:
    values = typed(
        {
            "BM1-1": "abc",
            "BM1-6": "3",
            "BM2-2.2": "0",
            "BM2-2.2.1": "0",
            "BM2-2.2.2": "0",
            "BM3-1.1": "-2",
            "BM4-1.1": "101",
            "BM6-2.1": "2.246",
            "BM6-2.2": "2",
            "BM6-2.3": "19",
            "BM6-2.4": "194",
            "BM6-2.5": "2.011",
        }
    )
    findings = validate(shipped, values)
    assert len(findings) == 6
    for finding in findings:
        assert finding.message.startswith(row_label(shipped.row(finding.codes[0])))
        assert not re.search(r"BM\d|mục \d|Biểu mẫu \d, mục", finding.message), finding.message
        assert finding.message.endswith(".")
    assert "ghi 2.246 nhưng" in findings[-1].message


def test_validation_ignores_cells_of_unknown_codes(shipped: Catalogue) -> None:
    assert validate(shipped, {"BM9-1": Cell(CellKind.TEXT, None, "x"), "BM7-6.1": Cell.of(-1)}) == []
