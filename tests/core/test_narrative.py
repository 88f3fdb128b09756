"""Narrative checks: rates recomputed, figures against the appendix, parts against totals."""

from __future__ import annotations

from decimal import Decimal

from cchc.core.catalogue import Catalogue, Severity
from cchc.core.narrative import check_figures, check_sentence_arithmetic, numbers_in, sentences
from cchc.core.numbers import Cell, parse_cell
from cchc.core.validation import effective_values


def arithmetic(text: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(f.rule, f.expected, f.actual) for f in check_sentence_arithmetic(text, "dòng 1")]


def test_it_keeps_vietnamese_numbers_whole_when_splitting_sentences() -> None:
    text = "Toàn tỉnh tiếp nhận 242.037 hồ sơ. Trong đó: trực tuyến 98.820 hồ sơ; đạt 40,83%."
    assert sentences(text) == [
        "Toàn tỉnh tiếp nhận 242.037 hồ sơ.",
        "Trong đó: trực tuyến 98.820 hồ sơ; đạt 40,83%.",
    ]


def test_it_ignores_dates_document_numbers_years_and_versions() -> None:
    sentence = (
        "Theo Quyết định số 4750/QĐ-UBND ngày 30/12/2022, giai đoạn 2021 - 2025, phiên bản 2.0, "
        "tiếp nhận 1.510 hồ sơ và 96,60% trực tuyến"
    )
    found = [(t.value, t.percent, t.unit) for t in numbers_in(sentence)]
    assert found == [(Decimal(1510), False, "hồ sơ"), (Decimal("96.60"), True, None)]


def test_it_recomputes_a_slash_ratio() -> None:
    assert arithmetic("xử lý văn bản đi trên hệ thống: 174.863/189.051 đạt 97,78 %;") == [
        ("narrative-ratio", Decimal("92.50"), Decimal("97.78"))
    ]
    assert arithmetic("xử lý văn bản đi trên hệ thống: 184.863/189.051 đạt 97,78 %;") == []


def test_it_recomputes_a_rate_from_the_two_counts_before_it() -> None:
    text = "Đã giải quyết 119.560 hồ sơ, giải quyết đúng hạn 116.760 hồ sơ (đạt tỷ lệ 97,65%)."
    assert arithmetic(text) == [("narrative-ratio", Decimal("97.66"), Decimal("97.65"))]
    assert arithmetic(text.replace("97,65", "97,66")) == []


def test_it_accepts_a_rate_that_matches_any_earlier_count_of_the_same_unit() -> None:
    text = "Tiếp nhận 5.000 hồ sơ, trực tuyến 4.000 hồ sơ, trực tiếp 1.000 hồ sơ, đạt tỷ lệ 80%."
    assert arithmetic(text) == []


def test_it_leaves_bounds_and_targets_alone() -> None:
    assert arithmetic("Tổng số 10 văn bản, ký số 3 văn bản, tỷ lệ ký số đạt trên 99%.") == []
    assert arithmetic("bảo đảm duy trì tỷ lệ giải quyết TTHC đúng hạn từ 98% trở lên; 100% hồ sơ") == []


def test_it_sums_the_parts_listed_after_a_total() -> None:
    good = "tinh giản 185 người (khối Đảng, Đoàn thể: 02 người; khối hành chính cấp tỉnh: 39 người; khối sự nghiệp: 144 người)."
    assert arithmetic(good) == []
    assert arithmetic(good.replace("144", "134")) == [("narrative-parts-sum", Decimal(175), Decimal(185))]


def test_it_sums_parts_after_trong_do_including_a_following_sentence() -> None:
    assert arithmetic("toàn tỉnh có 2.097 TTHC, trong đó: cấp tỉnh: 1.510; cấp huyện 343; cấp xã 244.") == []
    assert arithmetic(
        "kiểm tra 18 đơn vị, trong đó có 06 đơn vị cấp sở; 10 đơn vị cấp huyện và 03 cơ quan."
    ) == [("narrative-parts-sum", Decimal(19), Decimal(18))]
    text = "Tiếp nhận 42 phản ánh, kiến nghị. Trong đó, 30 phản ánh đã được xử lý; 11 phản ánh đang xử lý."
    assert arithmetic(text) == [("narrative-parts-sum", Decimal(41), Decimal(42))]


def test_it_does_not_sum_parts_that_count_something_else_or_name_things() -> None:
    decisions = "ban hành 14 quyết định công bố (với 36 thủ tục mới; 168 thủ tục sửa đổi; 51 thủ tục bãi bỏ)."
    rooms = "18 phòng họp của các đơn vị (Sở Tài chính, Sở Y tế, Ban Quản lý, 15 đơn vị cấp huyện)."
    subset = (
        "là: 242.037 hồ sơ. Trong đó: một phần là: 110.680 hồ sơ; trực tuyến là: 98.820 hồ sơ; đạt 89,28%."
    )
    assert arithmetic(decisions) == []
    assert arithmetic(rooms) == []
    assert arithmetic(subset) == []


def _values(**cells: str) -> dict[str, Cell]:
    return {code.replace("_", "-", 1).replace("_", "."): parse_cell(raw)[0] for code, raw in cells.items()}


def test_a_figure_named_by_an_alias_is_compared_with_the_table(catalogue: Catalogue) -> None:
    values = _values(BM3_3_4_1="42", BM3_3_4_2="39")
    sentence = "Trong đó, 31 phản ánh, kiến nghị của tổ chức công dân đã được xử lý; 11 đang xử lý."
    [finding] = check_figures(catalogue, sentence, "dòng 9", values, effective_values(catalogue, values))
    assert (finding.rule, finding.codes, finding.expected, finding.actual) == (
        "narrative-vs-table",
        ("BM3-3.4.2",),
        Decimal(39),
        Decimal(31),
    )
    assert finding.severity is Severity.ERROR and finding.quote == sentence and finding.form == 3


def test_the_most_specific_alias_wins(catalogue: Catalogue) -> None:
    values = _values(BM7_6_4_2="205", BM7_6_5_2="732")
    sentence = "Duy trì 732 dịch vụ công toàn trình và 205 dịch vụ công toàn trình một phần."
    assert check_figures(catalogue, sentence, "", values, effective_values(catalogue, values)) == []


# The sample's BM3 3.1–3.3: dossiers resolved and resolved on time by departments, districts, communes.
RESOLVED_BY_LEVEL = {
    "BM3_3_1_1": "45.700",
    "BM3_3_1_2": "43.380",
    "BM3_3_2_1": "7.865",
    "BM3_3_2_2": "7.698",
    "BM3_3_3_1": "65.995",
    "BM3_3_3_2": "65.982",
}


def test_a_narrative_total_is_compared_with_the_sum_of_its_rows(catalogue: Catalogue) -> None:
    values = _values(**RESOLVED_BY_LEVEL)
    effective = effective_values(catalogue, values)
    ok = "Đã giải quyết 119.560 hồ sơ, giải quyết đúng hạn 117.060 hồ sơ (đạt tỷ lệ 97,91%)."
    assert check_figures(catalogue, ok, "", values, effective) == []
    wrong = check_figures(catalogue, ok.replace("117.060", "116.760"), "", values, effective)
    assert [(f.rule, f.codes, f.expected) for f in wrong] == [
        ("narrative-total-vs-table", ("NT-2",), Decimal(117060))
    ]
    assert "mục 3.1.2 + 3.2.2 + 3.3.2" in wrong[0].message


def test_an_alias_with_a_context_needs_its_context(catalogue: Catalogue) -> None:
    values = _values(BM4_3_3="669")
    effective = effective_values(catalogue, values)
    assert (
        check_figures(catalogue, "khối sự nghiệp: 144 người được khen thưởng.", "", values, effective) == []
    )
    [finding] = check_figures(
        catalogue, "tinh giản 2 người (khối sự nghiệp: 144 người).", "", values, effective
    )
    assert finding.severity is Severity.WARNING


def test_an_approximate_figure_is_not_compared(catalogue: Catalogue) -> None:
    values = _values(BM3_1_4="2.097")
    effective = effective_values(catalogue, values)
    assert check_figures(catalogue, "toàn tỉnh có hơn 2.000 TTHC.", "", values, effective) == []
    assert len(check_figures(catalogue, "toàn tỉnh có 2.000 TTHC.", "", values, effective)) == 1


def test_a_figure_the_table_lacks_is_a_warning(catalogue: Catalogue) -> None:
    values = _values(BM3_1_4="")
    [finding] = check_figures(
        catalogue, "toàn tỉnh có 2.097 TTHC.", "", values, effective_values(catalogue, values)
    )
    assert finding.rule == "narrative-figure-not-in-table" and finding.severity is Severity.WARNING


def test_a_clause_about_one_level_or_body_is_not_the_province_figure(catalogue: Catalogue) -> None:
    values = _values(**RESOLVED_BY_LEVEL, BM7_6_7_2="95.463")
    effective = effective_values(catalogue, values)
    sentence = "Cụ thể: cấp huyện đã giải quyết 7.865 hồ sơ, đúng hạn 7.698 hồ sơ; Sở Tư pháp tiếp nhận trực tuyến 5.000 hồ sơ."
    assert check_figures(catalogue, sentence, "", values, effective) == []


def test_a_rate_about_something_else_in_the_sentence_is_not_recomputed() -> None:
    assert (
        arithmetic(
            "tiếp nhận 30.000 hồ sơ, trả kết quả 29.500 hồ sơ; mức độ hài lòng của người dân đạt 99,5%."
        )
        == []
    )
    assert arithmetic("Tính đến ngày 15/6, tỷ lệ hồ sơ trực tuyến đạt 68,5%.") == []
    assert arithmetic("tiếp nhận 350.000 hồ sơ, trực tuyến 348.195 hồ sơ, chiếm 97,23%.") == [
        ("narrative-ratio", Decimal("99.48"), Decimal("97.23"))
    ]


def test_parts_of_something_else_or_document_numbers_are_not_summed() -> None:
    assert (
        arithmetic(
            "ban hành 18 quyết định công bố danh mục TTHC (mới ban hành: 42; sửa đổi, bổ sung: 79; bãi bỏ: 51)."
        )
        == []
    )
    assert (
        arithmetic(
            "trúng tuyển cho 1.234 viên chức tại 58 đơn vị (giáo dục: 1.050; y tế: 150; ngành khác: 34)."
        )
        == []
    )
    assert arithmetic("triển khai 05 văn bản (Nghị quyết 76; Nghị định 107).") == []
