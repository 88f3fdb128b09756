"""A missing promised date is computed in working days with the calendar, in the engine."""

from __future__ import annotations

from pathlib import Path

from cchc.dossiers import compute, dossiers_behind
from cchc.dossiers.workdays import parse_calendar


def _due(table, dossier: str) -> str:  # type: ignore[no-untyped-def]
    rows = {row["dossier_id"]: row for row in table.to_pylist()}
    return str(rows[dossier]["due_day"])


def test_three_working_days_from_19_january_2023_end_after_tet(hand_checked: Path) -> None:
    # Thu 19/01 + 3 working days: 20/01 and 23–26/01 are Tết, so 27/01, 30/01, 31/01.
    table = dossiers_behind(hand_checked, "2023Q1", klass="on_time", level="huyen")
    assert _due(table, "H02") == "2023-01-31"


def test_an_edited_calendar_moves_the_promised_date_and_the_outcome(hand_checked: Path) -> None:
    no_tet = parse_calendar("weekend = [6, 7]\n[years.2023]\ndays_off = []\nworking_days = []\n")
    # Without Tết the promised day is Tue 24/01 (20, 23, 24), so H02, resolved 31/01, is late.
    table = dossiers_behind(hand_checked, "2023Q1", klass="late", level="huyen", calendar=no_tet)
    assert _due(table, "H02") == "2023-01-24"
    district = next(
        r
        for r in compute(hand_checked, "2023Q1", calendar=no_tet).one_stop
        if r["level"] == "huyen" and r["field"] is None
    )
    assert (district["on_time"], district["late"]) == (1, 2)
