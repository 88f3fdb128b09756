"""A rate's change in percentage points: the difference of the printed rates, or the exact one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cchc.checker import check_file
from cchc.core.narrative import check_point_changes

NOW, THEN = "đạt 98,64% (523.620/530.813 hồ sơ)", "(98,31%, 497.809/506.373 hồ sơ)"


def changes(sentence: str) -> list[tuple[Decimal | None, Decimal | None]]:
    return [(f.expected, f.actual) for f in check_point_changes(sentence, "dòng 1")]


@pytest.mark.parametrize(
    "sentence",
    [
        # 98,64 − 98,31: what a reader gets from the printed rates.
        "Tỷ lệ giải quyết đúng hạn đạt 98,64%, tăng 0,33 điểm phần trăm so với cùng kỳ năm 2025 (98,31%).",
        "Tỷ lệ đúng hạn tăng 0,33 điểm % (từ 98,31% lên 98,64%).",
        "Tỷ lệ đúng hạn đạt 98,64%, tăng 0,33 điểm phần trăm; cùng kỳ năm 2025 là 98,31%.",
        # 98,6449 − 98,3088 = 0,3361: the exact change, when both rates come with their counts.
        f"Tỷ lệ giải quyết đúng hạn {NOW}, tăng 0,34 điểm phần trăm so với cùng kỳ {THEN}.",
        f"Tỷ lệ giải quyết đúng hạn {NOW}, tăng 0,33 điểm phần trăm so với cùng kỳ {THEN}.",
        # The generated report's sentence states no rate: nothing to subtract.
        "So với cùng kỳ năm 2025, số hồ sơ đã giải quyết xong tăng 24.440 hồ sơ (4,83%), tỷ lệ giải quyết "
        "đúng hạn tăng 0,33 điểm phần trăm.",
    ],
)
def test_a_change_that_matches_the_printed_or_the_exact_rates_is_accepted(sentence: str) -> None:
    assert changes(sentence) == []


def test_a_change_that_matches_neither_is_an_error() -> None:
    sentence = (
        "Tỷ lệ giải quyết đúng hạn đạt 98,64%, tăng 0,34 điểm phần trăm so với cùng kỳ năm 2025 (98,31%)."
    )
    (finding,) = check_point_changes(sentence, "mục II.2.2")
    assert (finding.expected, finding.actual, finding.location) == (
        Decimal("0.33"),
        Decimal("0.34"),
        "mục II.2.2",
    )
    assert finding.message == (
        "Câu nêu tỷ lệ tăng 0,34 điểm phần trăm, nhưng 98,64% so với 98,31% là tăng 0,33 điểm phần trăm: "
        "sửa số điểm phần trăm cho khớp hai tỷ lệ."
    )
    assert changes(f"Tỷ lệ giải quyết đúng hạn {NOW}, tăng 0,50 điểm phần trăm so với cùng kỳ {THEN}.") == [
        (Decimal("0.33"), Decimal("0.50"))
    ]


def test_a_fall_said_as_a_rise_is_an_error() -> None:
    assert changes("Tỷ lệ đúng hạn giảm 0,33 điểm % (từ 98,31% lên 98,64%).") == [
        (Decimal("0.33"), Decimal("-0.33"))
    ]


def test_each_change_is_read_against_the_rates_of_its_own_part_of_the_sentence() -> None:
    sentence = (
        "Tỷ lệ đúng hạn đạt 98,64%, tăng 0,33 điểm %, tỷ lệ trực tuyến đạt 60%, tăng 3 điểm % so với "
        "cùng kỳ (58%)."
    )
    assert changes(sentence) == [(Decimal(2), Decimal(3))]


def test_cchc_check_flags_a_change_of_a_rate_in_a_report(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.txt"
    path.write_text(
        "BÁO CÁO\n\nCông tác CCHC Quý I năm 2023\n\nI. KẾT QUẢ\n\n"
        "Tỷ lệ giải quyết đúng hạn đạt 98,64%, tăng 0,50 điểm phần trăm so với cùng kỳ năm 2022 (98,31%).\n",
        encoding="utf-8",
    )
    found = [f for f in check_file(path).findings if f.rule == "narrative-point-change"]
    assert [(f.expected, f.actual) for f in found] == [(Decimal("0.33"), Decimal("0.50"))]
