"""PAKN still open when a window opens is counted again in that window, until it is handled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.web.registers.counting import count_feedback, count_plan

D = dt.date
Q1 = (D(2022, 12, 15), D(2023, 3, 14))
Q2 = (D(2023, 3, 15), D(2023, 6, 14))


def test_feedback_handled_after_the_cut_off_is_reported_handled_in_the_next_window() -> None:
    items = [(D(2023, 3, 10), D(2023, 3, 24), D(2023, 3, 20))]
    assert count_feedback(items, *Q1).figures() == {"received": 1, "handled": 0}
    assert count_feedback(items, *Q2).figures() == {"received": 1, "handled": 1}


def test_feedback_handled_before_a_window_is_not_carried_into_it() -> None:
    items = [(D(2023, 1, 3), D(2023, 1, 17), D(2023, 1, 10))]
    assert count_feedback(items, *Q2).figures() == {"received": 0, "handled": 0}


def test_the_overdue_inclusive_rate_counts_overdue_unhandled_feedback_against_it() -> None:
    items = [
        (D(2023, 1, 3), D(2023, 1, 17), D(2023, 1, 10)),  # on time
        (D(2023, 1, 3), D(2023, 1, 17), D(2023, 1, 20)),  # late
        (D(2023, 2, 1), D(2023, 2, 15), None),  # overdue at the cut-off, not handled
        (D(2023, 3, 10), D(2023, 3, 24), None),  # not yet due at the cut-off
    ]
    counted = count_feedback(items, *Q1)
    assert counted.on_time_rate == Decimal(50)
    assert counted.overdue == 1
    assert counted.on_time_rate_with_overdue == Decimal(100) / 3


def test_a_plan_task_completed_after_the_years_last_cut_off_is_in_no_report_of_its_year() -> None:
    tasks = [(2023, D(2023, 12, 20))]
    year_end = D(2023, 12, 14)  # the Q4 and annual reports' cut-off
    assert count_plan(tasks, 2023, year_end).completed == 0
    assert count_plan(tasks, 2024, D(2024, 3, 14)).planned == 0
