"""The one-stop table's identities hold on generated data, and a broken row is reported.

The classification gives every dossier exactly one intake and one outcome, so the identities hold by
construction: this guards the engine against a regression, it does not prove the figures right. The
figures are proved by the hand count (test_hand_checked_counts.py, test_promised_dates_on_days_off.py).
"""

from __future__ import annotations

from pathlib import Path

from cchc.dossiers import compute, identity_errors


def test_every_row_of_a_generated_quarter_keeps_the_identities(generated: Path) -> None:
    results = compute(generated, "2023Q1")
    assert results.identity_errors == []
    total = results.one_stop[-1]
    assert (
        total["received"] == total["carried_over"] + total["received_online"] + total["received_direct_post"]
    )
    assert total["received"] == total["resolved"] + total["in_progress"] + total["returned_withdrawn"]
    # Levels add up to the total.
    levels = [row for row in results.one_stop if row["level"] and row["field"] is None]
    assert sum(row["received"] for row in levels) == total["received"]


def test_the_units_add_up_to_the_province(generated: Path) -> None:
    results = compute(generated, "2023Q2")
    for name in ("received", "resolved", "overdue", "online_service_received"):
        assert sum(unit[name] for unit in results.units) == results.province[name]


def test_a_row_that_does_not_add_up_is_named() -> None:
    counts = dict.fromkeys(
        ("received", "carried_over", "received_online", "received_direct_post", "resolved", "early",
         "on_time", "late", "in_progress", "within_time", "overdue", "returned_withdrawn"),
        0,
    )  # fmt: skip
    counts.update(received=5, carried_over=1, received_online=2, received_direct_post=2, resolved=5, early=5)
    assert identity_errors("Cấp xã", counts) == []
    counts["late"] = 1
    assert identity_errors("Cấp xã", counts) == [
        "Cấp xã: đã giải quyết 5 ≠ trước hạn 5 + đúng hạn 0 + quá hạn 1."
    ]


def test_a_period_without_dossiers_gives_zeros(hand_checked: Path) -> None:
    results = compute(hand_checked, "2021Q1")
    assert results.one_stop == [{**results.one_stop[0]}]
    assert results.one_stop[0]["received"] == 0
    assert results.one_stop[0]["bnv_on_time_rate"] is None
    assert results.form_values == {"ubnd-tinh": dict.fromkeys(
        ("BM7-6.4.2", "BM7-6.4.3", "BM7-6.5.2", "BM7-6.5.3", "BM7-6.8.1", "BM7-6.8.2"), 0
    )}  # fmt: skip
