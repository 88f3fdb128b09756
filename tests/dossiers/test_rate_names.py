"""Every rate has its own name and says what it counts, even where two share a formula."""

from __future__ import annotations

from decimal import Decimal

from cchc.core.numbers import round_half_up
from cchc.dossiers import RATES
from cchc.dossiers.rates import percent


def test_the_qd766_progress_rate_shares_the_bnv_formula_under_its_own_name() -> None:
    progress, bnv = RATES["qd766_progress_rate"], RATES["bnv_on_time_rate"]
    assert (progress.numerator, progress.denominator) == (bnv.numerator, bnv.denominator)
    assert progress.label == "Tiến độ giải quyết: tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (QĐ 766/QĐ-TTg)"


def test_no_rate_name_carries_a_note_for_the_developers() -> None:
    assert not [rate.label for rate in RATES.values() if "đối chiếu" in rate.label or "verify" in rate.label]


def test_a_rate_is_rounded_half_up_exactly_as_decimal_division_would() -> None:
    # 1/8 = 12,5 % and 5/8 = 62,5 % exactly; 1/16 = 6,25 %; 2/3 = 66,666… → 66,67; 1/400 = 0,25 %;
    # 7/16 = 43,75 %; 1/160 = 0,625 % → 0,63 (half up, not half even).
    assert [str(percent(a, b)) for a, b in [(1, 8), (5, 8), (1, 16), (2, 3), (1, 400), (7, 16), (1, 160)]] == [
        "12.50", "62.50", "6.25", "66.67", "0.25", "43.75", "0.63",
    ]  # fmt: skip
    for below in range(1, 400):
        for above in range(below + 1):
            assert percent(above, below) == round_half_up(Decimal(above) * 100 / Decimal(below), 2)
