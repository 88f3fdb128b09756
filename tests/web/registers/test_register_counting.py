"""The form rows the registers fill, counted for a period's cut-off window (pure rules, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.web.registers.counting import (
    TaskStatus,
    count_assigned,
    count_feedback,
    count_plan,
    quarter_end,
    task_status,
)

D = dt.date
# Quý I/2023 and Quý II/2023 windows (schedule.toml).
Q1 = (D(2022, 12, 15), D(2023, 3, 14))
Q2 = (D(2023, 3, 15), D(2023, 6, 14))


def test_plan_rows_are_cumulative_over_the_year() -> None:
    tasks = [
        (2023, D(2023, 2, 1)),
        (2023, D(2023, 3, 14)),  # on the cut-off day: counted
        (2023, D(2023, 3, 15)),  # the day after: next quarter
        (2023, None),
        (2022, D(2023, 1, 5)),  # last year's plan: never counted in 2023
    ]
    q1 = count_plan(tasks, 2023, Q1[1])
    q2 = count_plan(tasks, 2023, Q2[1])
    assert q1.figures() == {"planned": 4, "completed": 2}
    assert q2.figures() == {"planned": 4, "completed": 3}


def test_a_status_follows_the_dates_and_never_knows_a_later_completion() -> None:
    deadline = D(2023, 3, 1)
    assert task_status(deadline, D(2023, 3, 1), D(2023, 3, 14)) is TaskStatus.DONE_ON_TIME
    assert task_status(deadline, D(2023, 3, 2), D(2023, 3, 14)) is TaskStatus.DONE_LATE
    assert task_status(deadline, None, D(2023, 3, 14)) is TaskStatus.OVERDUE
    assert task_status(deadline, D(2023, 4, 1), D(2023, 3, 14)) is TaskStatus.OVERDUE
    assert task_status(deadline, None, D(2023, 3, 1)) is TaskStatus.NOT_DUE
    assert task_status(None, None, D(2030, 1, 1)) is TaskStatus.NOT_DUE
    assert task_status(None, D(2023, 1, 1), D(2023, 3, 14)) is TaskStatus.DONE_ON_TIME


def test_assigned_tasks_are_read_at_the_cut_off_and_open_ones_carry_over() -> None:
    tasks = [
        (D(2023, 1, 6), D(2023, 2, 28), D(2023, 2, 20)),  # on time
        (D(2023, 1, 6), D(2023, 2, 28), D(2023, 3, 10)),  # late
        (D(2023, 1, 6), D(2023, 2, 28), None),  # overdue, not done
        (D(2023, 1, 6), D(2023, 5, 31), None),  # not yet due
        (D(2022, 11, 1), D(2023, 1, 31), None),  # assigned before the window, still open: carried over
        (D(2022, 11, 1), D(2022, 12, 1), D(2022, 12, 1)),  # done before the window: not this period's
        (D(2023, 3, 20), D(2023, 4, 30), None),  # assigned after the cut-off
    ]
    q1 = count_assigned(tasks, *Q1)
    assert q1.figures() == {"total": 5, "on_time": 1, "late": 1, "overdue": 2}
    assert q1.not_due == 1
    assert q1.total == q1.on_time + q1.late + q1.overdue + q1.not_due
    q2 = count_assigned(tasks, *Q2)
    # Q2 sees the tasks still open on 15/03 and the one assigned on 20/03.
    assert q2.figures() == {"total": 4, "on_time": 0, "late": 0, "overdue": 4}


def test_feedback_counts_what_was_received_in_the_window_and_handled_by_its_end() -> None:
    items = [
        (D(2023, 1, 3), D(2023, 1, 17), D(2023, 1, 10)),  # handled on time
        (D(2023, 1, 3), D(2023, 1, 17), D(2023, 1, 20)),  # handled late
        (D(2023, 3, 10), D(2023, 3, 24), D(2023, 3, 16)),  # handled after the cut-off
        (D(2023, 3, 1), D(2023, 3, 15), None),  # still open
        (D(2022, 12, 1), D(2022, 12, 15), D(2022, 12, 10)),  # handled before the window
        (D(2022, 12, 14), D(2022, 12, 28), D(2022, 12, 20)),  # received before, still open at its start
    ]
    q1 = count_feedback(items, *Q1)
    assert q1.figures() == {"received": 5, "handled": 3}
    assert q1.handled_on_time == 2
    assert q1.on_time_rate == Decimal(2) * 100 / 3
    assert count_feedback([], *Q1).on_time_rate is None


def test_quarter_ends_are_the_last_days_of_the_quarters() -> None:
    assert [quarter_end(2023, q) for q in (1, 2, 3, 4)] == [
        D(2023, 3, 31),
        D(2023, 6, 30),
        D(2023, 9, 30),
        D(2023, 12, 31),
    ]
