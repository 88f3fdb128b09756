"""Every rate of the dossier figures, by an explicit name: never one ambiguous "rate"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

__all__ = ["RATES", "Rate", "percent", "rates_of"]


@dataclass(frozen=True)
class Rate:
    """A percentage: the sum of some counts over the sum of others, × 100, two decimals, half up."""

    label: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]

    def of(self, counts: Mapping[str, int]) -> Decimal | None:
        """The rate for these counts; None when the denominator is 0."""
        below = sum(map(counts.__getitem__, self.denominator))
        if not below:
            return None
        return percent(sum(map(counts.__getitem__, self.numerator)), below)


@lru_cache(maxsize=100_000)
def percent(above: int, below: int) -> Decimal:
    """above / below × 100, to two decimals, half up.

    Exact, in integers: ⌊above × 10⁴ / below + ½⌋ hundredths. Units and procedures share few pairs of
    counts, hence the cache.
    """
    return Decimal((2 * above * 10_000 + below) // (2 * below)).scaleb(-2)


RATES: Mapping[str, Rate] = MappingProxyType(
    {
        # BM3 3.1–3.3 (Công văn 581/BNV-CCHC): resolved early or on time over resolved.
        "bnv_on_time_rate": Rate(
            "Tỷ lệ hồ sơ giải quyết đúng hạn (Biểu mẫu 3, Bộ Nội vụ)", ("resolved_on_time",), ("resolved",)
        ),
        # QĐ 766/QĐ-TTg, nhóm "Tiến độ, kết quả giải quyết": the same ratio as published in the
        # index's guidance we have (verify), kept under its own name so a change of rule touches one line.
        "qd766_progress_rate": Rate(
            "Tiến độ giải quyết: tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (QĐ 766/QĐ-TTg)",
            ("resolved_on_time",),
            ("resolved",),
        ),
        "qd766_early_rate": Rate(
            "Tỷ lệ hồ sơ giải quyết trước hạn (QĐ 766/QĐ-TTg)", ("early",), ("resolved",)
        ),
        "qd766_digitisation_rate": Rate(
            "Tỷ lệ hồ sơ tiếp nhận trong kỳ được số hóa (QĐ 766/QĐ-TTg)",
            ("digitised_in_window",),
            ("received_in_window",),
        ),
        # Counts the dossiers still open past their promised date against the office.
        "overdue_inclusive_on_time_rate": Rate(
            "Tỷ lệ đúng hạn tính cả hồ sơ đang xử lý quá hạn",
            ("resolved_on_time",),
            ("resolved", "overdue"),
        ),
        "within_time_rate": Rate("Tỷ lệ hồ sơ đang xử lý trong hạn", ("within_time",), ("in_progress",)),
        # BM7 6.7: received online over received, procedures offered online only.
        "online_receipt_rate": Rate(
            "Tỷ lệ hồ sơ tiếp nhận trực tuyến (Biểu mẫu 7, chỉ tiêu 6.7)",
            ("online_service_received_online",),
            ("online_service_received",),
        ),
    }
)


def rates_of(counts: Mapping[str, int]) -> dict[str, Decimal | None]:
    """Every named rate for one row of counts."""
    return {name: rate.of(counts) for name, rate in RATES.items()}
