"""Narrative checks: rates recomputed, figures against the appendix, parts against totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.catalogue import Catalogue, Severity
from cchc.core.narrative import (
    NarrativeText,
    check_figures,
    check_narrative,
    check_sentence_arithmetic,
    numbers_in,
    sentences,
)
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


@pytest.mark.parametrize(
    ("text", "expected", "actual"),
    [
        ("Tỷ lệ đúng hạn đạt 97,78% (7.698/7.865 hồ sơ).", "97.88", "97.78"),
        ("đã giải quyết đúng hạn 97,91% số hồ sơ (117.060/119.560 hồ sơ).", None, None),
        (
            "Tiếp nhận 42 phản ánh, kiến nghị, đã giải quyết xong 39 phản ánh, kiến nghị, tỷ lệ 93,86%.",
            "92.86",
            "93.86",
        ),
        ("trực tuyến là 95.463 hồ sơ trên tổng số 98.820 hồ sơ, chiếm tỷ lệ 96,06%.", "96.60", "96.06"),
        ("Trong tổng số 937 dịch vụ công, có 895 dịch vụ công đã tích hợp, chiếm 95,25%.", "95.52", "95.25"),
        (
            "đã giải ngân 9.290.797 triệu đồng, bằng 92,00% kế hoạch giao (10.323.108 triệu đồng).",
            "90.00",
            "92.00",
        ),
    ],
)
def test_a_rate_is_recomputed_from_its_counts_in_either_order(
    text: str, expected: str | None, actual: str | None
) -> None:
    wanted = [("narrative-ratio", Decimal(expected), Decimal(actual))] if expected and actual else []
    assert arithmetic(text) == wanted


def test_each_rate_of_a_sentence_takes_the_counts_of_its_own_clauses() -> None:
    text = (
        "Tiếp nhận 8.420 hồ sơ, trong đó trực tuyến 6.315 hồ sơ, đạt 75,00%; "
        "đã giải quyết 7.865 hồ sơ, đúng hạn 7.698 hồ sơ, đạt {}%."
    )
    assert arithmetic(text.format("97,88")) == []
    assert arithmetic(text.format("75,00")) == [("narrative-ratio", Decimal("97.88"), Decimal("75.00"))]
    other = "Tiếp nhận 198.500 hồ sơ, đã trả kết quả 190.200 hồ sơ, tỷ lệ hài lòng của người dân đạt 98,20%."
    assert arithmetic(other) == []


def narrative(catalogue: Catalogue, blocks: list[NarrativeText], **cells: str) -> list[tuple[object, ...]]:
    values = _values(**cells)
    found = check_narrative(catalogue, blocks, values, effective_values(catalogue, values))
    return [(f.rule, f.codes, f.expected, f.actual) for f in found]


def test_a_total_before_cu_the_must_equal_its_dash_lines(catalogue: Catalogue) -> None:
    blocks = [
        NarrativeText("Tổng số TTHC thuộc thẩm quyền giải quyết là 2.097 thủ tục, cụ thể:", "dòng 1"),
        NarrativeText("- Cấp tỉnh: 1.510 thủ tục;", "dòng 2"),
        NarrativeText("- Cấp huyện: 343 thủ tục;", "dòng 3"),
        NarrativeText("- Cấp xã: {} thủ tục.", "dòng 4"),
    ]
    ok = [*blocks[:3], NarrativeText("- Cấp xã: 244 thủ tục.", "dòng 4")]
    assert narrative(catalogue, ok) == []
    wrong = [*blocks[:3], NarrativeText("- Cấp xã: 254 thủ tục.", "dòng 4")]
    assert narrative(catalogue, wrong) == [("narrative-parts-sum", (), Decimal(2107), Decimal(2097))]
    assert narrative(catalogue, wrong, BM3_1_4_3="244") == [
        ("narrative-vs-table", ("BM3-1.4.3",), Decimal(244), Decimal(254)),
        ("narrative-parts-sum", (), Decimal(2107), Decimal(2097)),
    ]


def test_a_footnote_giving_the_parts_of_the_total_at_its_marker_must_add_up(catalogue: Catalogue) -> None:
    body = NarrativeText("Trang bị máy tính cho 698 cơ quan, đơn vị¹.", "dòng 1")
    note = "113 cơ quan, đơn vị cấp tỉnh; 80 cơ quan, đơn vị cấp huyện; {} đơn vị cấp xã."
    assert narrative(catalogue, [body, NarrativeText(note.format(505), "dòng 2", footnote=1)]) == []
    assert narrative(catalogue, [body, NarrativeText(note.format(515), "dòng 2", footnote=1)]) == [
        ("narrative-parts-sum", (), Decimal(708), Decimal(698))
    ]


def test_a_small_table_in_the_narrative_is_added_up_and_its_rates_recomputed(catalogue: Catalogue) -> None:
    rows = (
        ("Cấp", "Đã giải quyết", "Đúng hạn", "Tỷ lệ (%)"),
        ("Cấp huyện", "7.865", "7.698", "97,88"),
        ("Cấp xã", "12.400", "12.380", "99,48"),
        ("Tổng cộng", "20.265", "20.087", "99,12"),
    )
    table = NarrativeText("", "đoạn 5", rows=rows, row_locations=("r1", "r2", "r3", "r4"))
    assert narrative(catalogue, [table]) == [
        ("narrative-table-sum", (), Decimal(20078), Decimal(20087)),
        ("narrative-table-ratio", (), Decimal("99.84"), Decimal("99.48")),
    ]


def test_a_plan_or_a_change_is_not_compared_with_the_appendix(catalogue: Catalogue) -> None:
    blocks = [
        NarrativeText("Dự kiến đến hết năm 2023 tỷ lệ giải ngân vốn đầu tư công đạt 96%.", "dòng 1"),
        NarrativeText("So với cùng kỳ, tỷ lệ giải ngân vốn đầu tư công tăng 12,5%.", "dòng 2"),
    ]
    assert narrative(catalogue, blocks, BM6_1="52,24") == []


def test_a_rate_naming_its_whole_takes_it_from_an_earlier_sentence(catalogue: Catalogue) -> None:
    blocks = [
        NarrativeText("- Sở tiếp nhận 2.315 hồ sơ, giải quyết xong 2.290 hồ sơ.", "dòng 1"),
        NarrativeText(
            "- Số hồ sơ nộp trực tuyến là 2.104 hồ sơ, chiếm {}% tổng số hồ sơ tiếp nhận.", "dòng 2"
        ),
    ]
    right = [blocks[0], NarrativeText(blocks[1].text.format("90,89"), "dòng 2")]
    wrong = [blocks[0], NarrativeText(blocks[1].text.format("91,88"), "dòng 2")]
    assert narrative(catalogue, right) == []
    assert narrative(catalogue, wrong) == [("narrative-ratio", (), Decimal("90.89"), Decimal("91.88"))]
