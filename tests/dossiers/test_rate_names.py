"""Every rate has its own name and says what it counts, even where two share a formula."""

from __future__ import annotations

from cchc.dossiers import RATES


def test_the_qd766_progress_rate_says_it_shares_the_bnv_formula_until_checked() -> None:
    progress, bnv = RATES["qd766_progress_rate"], RATES["bnv_on_time_rate"]
    assert (progress.numerator, progress.denominator) == (bnv.numerator, bnv.denominator)
    assert "cùng công thức với tỷ lệ đúng hạn của Biểu mẫu 3, cần đối chiếu" in progress.label
