"""The figures of a small export, counted by hand, for Quý I/2023 (window 15/12/2022 – 14/03/2023).

The file (data/hand-checked-2023q1.csv) has 26 dossiers. Three never count: T01 and X07 were finished
before 15/12/2022 and T11 was received after 14/03/2023. The other 23, by level:

Cấp tỉnh (Sở Tư pháp), 10 dossiers:
  carried over (received before 15/12): T02 early, T03 late, T04 still open and past its 21/12 date → overdue
  received online: T05 (16/12, resolved on its date → on time), T06 (early)
  received in person: T07 late, T08 open, due 17/03 → within time, T10 returned (trả lại),
                      T12 (no promised date: 5 working days from Fri 13/01 skip Tết 20–26/01 → 27/01,
                      resolved 03/02 → late)
  received by post: T09 (resolved 20/03, after the window: open at 14/03 and past 08/03 → overdue)
  → resolved 6 = early 2 + on time 1 + late 3; in progress 3 = within 1 + overdue 2; returned 1.
Cấp huyện (UBND huyện Nga Sơn), 7 dossiers, none carried over (H01 came on 20/12):
  H01 in person on time; H02 online, 3 working days from Thu 19/01 across Tết → 31/01, resolved 31/01 → on
  time; H03 online early; H04 in person late; H05 suspended, due 13/03 → overdue; H06 online, due 14/03 →
  within time; H07 withdrawn (rút).
  → resolved 4 = early 1 + on time 2 + late 1; in progress 2; withdrawn 1.
Cấp xã (xã 01 of Nga Sơn, reporting through the district), 6 dossiers:
  X01 carried over (14/12, resolved 15/12 → on time); X02 online on time; X03 online late (17/01 → 27/01);
  X04, X05 in person on time; X06 in person, due 15/03 → within time.
  → resolved 5 = early 0 + on time 4 + late 1; in progress 1.
"""

from __future__ import annotations

from decimal import Decimal

from cchc.dossiers.engine import DossierResults


def _row(results: DossierResults, level: str | None, field: str | None) -> dict:
    return next(r for r in results.one_stop if r["level"] == level and r["field"] == field)


def test_the_provincial_level_matches_the_hand_count(hand_results: DossierResults) -> None:
    row = _row(hand_results, "tinh", None)
    assert (row["received"], row["carried_over"], row["received_online"], row["received_direct_post"]) == (
        10,
        3,
        2,
        5,
    )
    assert (row["resolved"], row["early"], row["on_time"], row["late"]) == (6, 2, 1, 3)
    assert (row["in_progress"], row["within_time"], row["overdue"], row["returned_withdrawn"]) == (3, 1, 2, 1)


def test_the_district_level_matches_the_hand_count(hand_results: DossierResults) -> None:
    row = _row(hand_results, "huyen", None)
    assert (row["received"], row["carried_over"], row["received_online"], row["received_direct_post"]) == (
        7,
        0,
        3,
        4,
    )
    assert (row["resolved"], row["early"], row["on_time"], row["late"]) == (4, 1, 2, 1)
    assert (row["in_progress"], row["within_time"], row["overdue"], row["returned_withdrawn"]) == (2, 1, 1, 1)


def test_the_commune_level_matches_the_hand_count(hand_results: DossierResults) -> None:
    row = _row(hand_results, "xa", None)
    assert (row["received"], row["carried_over"], row["received_online"], row["received_direct_post"]) == (
        6,
        1,
        2,
        3,
    )
    assert (row["resolved"], row["early"], row["on_time"], row["late"]) == (5, 0, 4, 1)
    assert (row["in_progress"], row["within_time"], row["overdue"], row["returned_withdrawn"]) == (1, 1, 0, 0)


def test_the_total_adds_the_three_levels(hand_results: DossierResults) -> None:
    total = _row(hand_results, None, None)
    # 10 + 7 + 6 received; 6 + 4 + 5 resolved; 3 + 2 + 1 in progress; 1 + 1 returned or withdrawn.
    assert (total["received"], total["resolved"], total["in_progress"], total["returned_withdrawn"]) == (
        23,
        15,
        6,
        2,
    )
    assert total["received_post"] == 1  # T09


def test_fields_are_counted_apart_within_a_level(hand_results: DossierResults) -> None:
    # Cấp tỉnh: T12 alone is "Công chứng"; the other nine are "Lý lịch tư pháp".
    assert _row(hand_results, "tinh", "Công chứng")["late"] == 1
    lltp = _row(hand_results, "tinh", "Lý lịch tư pháp")
    assert (lltp["received"], lltp["resolved"], lltp["late"]) == (9, 5, 2)
    # Cấp xã: X04 and X05 are "Chứng thực".
    assert _row(hand_results, "xa", "Chứng thực")["on_time"] == 2


def test_the_form_figures_of_each_reporting_unit(hand_results: DossierResults) -> None:
    values = hand_results.form_values
    # BM3 3.1: Sở Tư pháp resolved 6, of which early or on time 3 (T02, T05, T06).
    assert values["so-tu-phap"]["BM3-3.1.1"] == 6
    assert values["so-tu-phap"]["BM3-3.1.2"] == 3
    # BM3 3.2 (its own dossiers) and 3.3 (its commune's) both go to the district.
    assert (values["huyen-nga-son"]["BM3-3.2.1"], values["huyen-nga-son"]["BM3-3.2.2"]) == (4, 3)
    assert (values["huyen-nga-son"]["BM3-3.3.1"], values["huyen-nga-son"]["BM3-3.3.2"]) == (5, 4)
    # BM7 6.7, online procedures only, received in the window: Sở Tư pháp T05–T10 (T12's procedure is
    # not online) of which online T05, T06; Nga Sơn H01–H07 and X02, X03, X06 (X04, X05 not online),
    # of which online H02, H03, H06, X02, X03.
    assert (values["so-tu-phap"]["BM7-6.7.1"], values["so-tu-phap"]["BM7-6.7.2"]) == (6, 2)
    assert (values["huyen-nga-son"]["BM7-6.7.1"], values["huyen-nga-son"]["BM7-6.7.2"]) == (10, 5)
    assert "huyen-nga-son-xa-01" not in values


def test_the_province_procedure_counts_of_bm7(hand_results: DossierResults) -> None:
    province = hand_results.form_values["ubnd-tinh"]
    # Partly online: DD01 (used online by H02, H03, H06). Fully online: LLTP and HT01, both used online.
    assert (province["BM7-6.4.2"], province["BM7-6.4.3"]) == (1, 1)
    assert (province["BM7-6.5.2"], province["BM7-6.5.3"]) == (2, 2)
    # Fees: LLTP (200.000) and CT01 (2.000); paid online: LLTP only (T06).
    assert (province["BM7-6.8.1"], province["BM7-6.8.2"]) == (2, 1)


def test_the_named_rates_of_the_province(hand_results: DossierResults) -> None:
    total = hand_results.province
    # (3 early + 7 on time) / 15 resolved
    assert total["bnv_on_time_rate"] == Decimal("66.67")
    # 10 / (15 resolved + 3 overdue)
    assert total["overdue_inclusive_on_time_rate"] == Decimal("55.56")
    # 3 early / 15 resolved
    assert total["qd766_early_rate"] == Decimal("20.00")
    # 7 online of the 16 dossiers of online procedures received in the window
    assert total["online_receipt_rate"] == Decimal("43.75")


def test_the_average_resolution_time_of_a_procedure(hand_results: DossierResults) -> None:
    ht01 = next(p for p in hand_results.procedures if p["procedure_code"] == "HT01")
    # X01 14/12→15/12 (1 working day), X02 16/01→17/01 (1), X03 16/01→27/01 (17, 18, 19, 27/01: 4).
    assert ht01["resolved"] == 3
    assert ht01["average_working_days"] == Decimal("2.00")
    # Calendar days 1 + 1 + 11 = 13, / 3.
    assert ht01["average_calendar_days"] == Decimal("4.33")


def test_the_hand_checked_file_breaks_no_identity(hand_results: DossierResults) -> None:
    assert hand_results.identity_errors == []
