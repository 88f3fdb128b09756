"""Claims: quantities in a clause (digits, number words, units), clauses, and the scored match to a row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.catalogue import Catalogue
from cchc.core.claims import RowIndex, clause_spans, quantities, unit_of


def found(sentence: str) -> list[tuple[Decimal, str | None, bool]]:
    return [(q.value, q.unit, q.approximate) for q in quantities(sentence)]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("ban hành mười lăm văn bản", 15),
        ("tiếp nhận hai mươi mốt hồ sơ", 21),
        ("có một trăm linh năm người", 105),
        ("tuyển dụng ba công chức", 3),
        ("tổ chức bảy mươi lăm nhiệm vụ", 75),
    ],
)
def test_it_reads_number_words_before_a_unit_noun(sentence: str, value: int) -> None:
    [(number, _, _)] = found(sentence)
    assert number == value


def test_number_words_that_are_not_a_count_are_left_alone() -> None:
    assert found("thực hiện cơ chế một cửa, năm 2023 có một số văn bản") == []


def test_leading_zero_counts_and_spelled_repeats_keep_their_unit() -> None:
    assert found("kiểm tra 06 đơn vị; ban hành 02 (hai) văn bản") == [
        (Decimal(6), "đơn vị", False),
        (Decimal(2), "văn bản", False),
    ]


def test_totals_and_unit_nouns_are_read_but_names_and_bounds_are_not() -> None:
    assert found("Trong tổng số 937 dịch vụ công, mức độ 3, Nghị quyết số 12, có hơn 600 điểm cầu") == [
        (Decimal(937), "thủ tục", False),
        (Decimal(600), "điểm cầu", True),
    ]
    assert unit_of("Cơ quan, đơn vị") == "đơn vị" and unit_of("biên chế") == "người"


def test_clauses_split_at_commas_but_not_inside_a_number() -> None:
    sentence = "Tiếp nhận 42 hồ sơ, đã giải quyết 39 hồ sơ, tỷ lệ 92,86%."
    assert [sentence[a:b].strip() for a, b in clause_spans(sentence)] == [
        "Tiếp nhận 42 hồ sơ",
        "đã giải quyết 39 hồ sơ",
        "tỷ lệ 92,86%.",
    ]


def test_a_clause_is_matched_to_the_row_it_describes_not_its_neighbour(catalogue: Catalogue) -> None:
    index = RowIndex(catalogue)
    figures = {"BM4-2.2": Decimal(3457), "BM4-3.2": Decimal(58142), "BM4-3.1": Decimal(61273)}
    staff = index.match(
        "có mặt", "người", "Biên chế công chức được giao 3.698 biên chế, có mặt", "người", figures
    )
    workers = index.match(
        "có mặt",
        "người",
        "Số người làm việc trong đơn vị sự nghiệp công lập được giao, có mặt",
        "người",
        figures,
    )
    assert staff is not None and staff.code == "BM4-2.2"
    assert workers is not None and workers.code == "BM4-3.2" and workers.confidence >= 0.5


def test_a_clause_naming_a_level_only_matches_that_levels_rows(catalogue: Catalogue) -> None:
    index = RowIndex(catalogue)
    figures = {"BM3-1.4": Decimal(2097), "BM3-1.4.2": Decimal(343), "BM3-1.4.3": Decimal(244)}
    match = index.match("cấp xã", "thủ tục", "Tổng số TTHC thuộc thẩm quyền giải quyết", "thủ tục", figures)
    assert match is not None and match.code == "BM3-1.4.3"


def test_without_words_for_the_figure_there_is_no_match(catalogue: Catalogue) -> None:
    index = RowIndex(catalogue)
    figures = {"BM7-6.6.2": Decimal(895), "BM7-6.6.1": Decimal(937)}
    assert index.match("thủ tục sửa đổi bổ sung", "thủ tục", "công bố danh mục", "thủ tục", figures) is None
