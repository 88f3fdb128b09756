"""The form rows the registers fill, counted from their items for a period's cut-off window.

Pure functions over dates (no Django), so the rules read in one place and are tested without a database:

- Plan tasks (Kế hoạch CCHC năm, Biểu mẫu 1 mục 2), counted in the form of the unit whose plan they are:
  2.1 counts the tasks of the period's year in the plan, 2.2 those completed on or before the last day
  of the window; both are cumulative (lũy kế) from the start of the year, as the form says, and 2 is
  computed by the catalogue from them. A task completed after the year's last cut-off (15–31/12) is in
  no report: the annual report closes on 14/12 too, and the next year's reports count the next plan.
- Tasks assigned by the Government and the Prime Minister (Biểu mẫu 1 mục 5): a task belongs to a period
  when it was assigned within the window, or before it and still not done when the window opened
  (carried over). Its status is read at the end of the window: done on time, done late, overdue and
  not done, not yet due (5.1 = 5.2 + 5.3 + 5.4 + not yet due).
- Citizens' feedback (PAKN, Biểu mẫu 3 mục 3.4): 3.4.1 counts the feedback received within the window
  and the feedback received earlier but still not handled when the window opened (carried over, like
  assigned tasks), 3.4.2 those of them handled on or before its last day, so 3.4.2 ≤ 3.4.1 and the rate
  stays a rate. On-time handling (QĐ 766/QĐ-TTg): `on_time_rate` = handled on or before the due date
  over the handled ones; `on_time_rate_with_overdue` also puts the overdue unhandled ones in the
  denominator.

Each register has one predicate (`plan_rows`, `assigned_rows`, `feedback_rows`: the counts an item is in),
from which both the figures and the lists behind them are derived, so they cannot drift apart. Which form
row holds which count is the catalogue's (a row's `source = { register = …, count = … }`): the names
here are `PLAN_COUNTS`, `ASSIGNED_COUNTS` and `FEEDBACK_COUNTS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "AssignedCount",
    "FeedbackCount",
    "PlanCount",
    "TaskStatus",
    "assigned_in_window",
    "assigned_rows",
    "count_assigned",
    "count_feedback",
    "count_plan",
    "feedback_in_window",
    "feedback_rows",
    "plan_rows",
    "quarter_end",
    "task_status",
]

# The counts of each register, as the catalogue names them (BM1 2.1–2.2, BM1 5.1–5.4, BM3 3.4.1–3.4.2).
PLAN_COUNTS = ("planned", "completed")
ASSIGNED_COUNTS = ("total", "on_time", "late", "overdue")
FEEDBACK_COUNTS = ("received", "handled")


class TaskStatus(StrEnum):
    """Where a task with a deadline stands on a given day; the value is its Vietnamese label."""

    DONE_ON_TIME = "Hoàn thành đúng hạn"
    DONE_LATE = "Hoàn thành quá hạn"
    OVERDUE = "Quá hạn chưa hoàn thành"
    NOT_DUE = "Chưa đến hạn"

    @property
    def done(self) -> bool:
        """Whether the task is completed."""
        return self in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)

    @property
    def feedback_label(self) -> str:
        """The status as a feedback item (PAKN) says it: handled, not completed."""
        return FEEDBACK_LABELS[self]


FEEDBACK_LABELS = {
    TaskStatus.DONE_ON_TIME: "Đã xử lý đúng hạn",
    TaskStatus.DONE_LATE: "Đã xử lý quá hạn",
    TaskStatus.OVERDUE: "Quá hạn chưa xử lý",
    TaskStatus.NOT_DUE: "Chưa đến hạn",
}


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of a quarter (31/3, 30/6, 30/9, 31/12)."""
    month = quarter * 3
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def task_status(deadline: dt.date | None, completed_on: dt.date | None, on: dt.date) -> TaskStatus:
    """The status of a task on day `on`, from its dates alone (a completion after `on` is not yet known).

    A task without a deadline (thường xuyên) is never overdue, and done on time once completed.
    """
    if completed_on is not None and completed_on <= on:
        if deadline is None or completed_on <= deadline:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if deadline is not None and deadline < on:
        return TaskStatus.OVERDUE
    return TaskStatus.NOT_DUE


@dataclass(frozen=True)
class PlanCount:
    """BM1 2.1 and 2.2 for one unit and period."""

    planned: int
    completed: int

    def figures(self) -> dict[str, int]:
        """Count name → figure."""
        return dict(zip(PLAN_COUNTS, (self.planned, self.completed), strict=True))


def plan_rows(task_year: int, completed_on: dt.date | None, year: int, window_end: dt.date) -> frozenset[str]:
    """The counts a plan task is in: planned when of the year, completed also when done by the cut-off."""
    if task_year != year:
        return frozenset()
    if completed_on is not None and completed_on <= window_end:
        return frozenset(PLAN_COUNTS)
    return frozenset({"planned"})


def count_plan(tasks: Iterable[tuple[int, dt.date | None]], year: int, window_end: dt.date) -> PlanCount:
    """Plan tasks as (plan year, completion date): the year's tasks, and those completed by the cut-off."""
    planned = completed = 0
    for task_year, completed_on in tasks:
        rows = plan_rows(task_year, completed_on, year, window_end)
        planned += "planned" in rows
        completed += "completed" in rows
    return PlanCount(planned, completed)


def assigned_in_window(
    assigned_on: dt.date, completed_on: dt.date | None, window_start: dt.date, window_end: dt.date
) -> bool:
    """Whether an item belongs to the period: started in the window, or before it and still open then."""
    if assigned_on > window_end:
        return False
    if assigned_on >= window_start:
        return True
    return completed_on is None or completed_on >= window_start


_STATUS_COUNTS = {
    TaskStatus.DONE_ON_TIME: "on_time",
    TaskStatus.DONE_LATE: "late",
    TaskStatus.OVERDUE: "overdue",
}


def assigned_rows(
    assigned_on: dt.date,
    deadline: dt.date | None,
    completed_on: dt.date | None,
    window_start: dt.date,
    window_end: dt.date,
) -> frozenset[str]:
    """The counts an assigned task is in: total when it belongs to the period, and its status's count."""
    if not assigned_in_window(assigned_on, completed_on, window_start, window_end):
        return frozenset()
    status = _STATUS_COUNTS.get(task_status(deadline, completed_on, window_end))
    return frozenset({"total", status} if status else {"total"})


@dataclass(frozen=True)
class AssignedCount:
    """BM1 5.1–5.4 for one period, plus the tasks not yet due at the cut-off."""

    total: int
    on_time: int
    late: int
    overdue: int
    not_due: int

    def figures(self) -> dict[str, int]:
        """Count name → figure."""
        return dict(zip(ASSIGNED_COUNTS, (self.total, self.on_time, self.late, self.overdue), strict=True))


def count_assigned(
    tasks: Iterable[tuple[dt.date, dt.date | None, dt.date | None]],
    window_start: dt.date,
    window_end: dt.date,
) -> AssignedCount:
    """Assigned tasks given as (assigned on, deadline, completed on), each read at the end of the window."""
    counts = dict.fromkeys(ASSIGNED_COUNTS, 0)
    for assigned_on, deadline, completed_on in tasks:
        for count in assigned_rows(assigned_on, deadline, completed_on, window_start, window_end):
            counts[count] += 1
    total, on_time, late, overdue = (counts[count] for count in ASSIGNED_COUNTS)
    return AssignedCount(total, on_time, late, overdue, total - on_time - late - overdue)


def feedback_in_window(
    received_on: dt.date, handled_on: dt.date | None, window_start: dt.date, window_end: dt.date
) -> bool:
    """Whether a feedback item belongs to the period: received in the window, or carried over open."""
    return assigned_in_window(received_on, handled_on, window_start, window_end)


def feedback_rows(
    received_on: dt.date, handled_on: dt.date | None, window_start: dt.date, window_end: dt.date
) -> frozenset[str]:
    """The counts a feedback item is in: received when it belongs to the period, handled when handled
    by then."""
    if not feedback_in_window(received_on, handled_on, window_start, window_end):
        return frozenset()
    if handled_on is not None and handled_on <= window_end:
        return frozenset(FEEDBACK_COUNTS)
    return frozenset({"received"})


@dataclass(frozen=True)
class FeedbackCount:
    """BM3 3.4.1 and 3.4.2 for one unit and period, and the on-time handling of QĐ 766."""

    received: int
    handled: int
    handled_on_time: int
    overdue: int = 0

    def figures(self) -> dict[str, int]:
        """Count name → figure."""
        return dict(zip(FEEDBACK_COUNTS, (self.received, self.handled), strict=True))

    @property
    def on_time_rate(self) -> Decimal | None:
        """Tỷ lệ xử lý PAKN đúng hạn (QĐ 766): handled on time / handled × 100, None when none handled."""
        if not self.handled:
            return None
        return Decimal(self.handled_on_time) * 100 / Decimal(self.handled)

    @property
    def on_time_rate_with_overdue(self) -> Decimal | None:
        """Handled on time / (handled + overdue not handled) × 100: overdue items count against the rate."""
        denominator = self.handled + self.overdue
        if not denominator:
            return None
        return Decimal(self.handled_on_time) * 100 / Decimal(denominator)


def count_feedback(
    items: Iterable[tuple[dt.date, dt.date | None, dt.date | None]],
    window_start: dt.date,
    window_end: dt.date,
) -> FeedbackCount:
    """Feedback given as (received on, due on, handled on), read at the end of the window."""
    received = handled = on_time = overdue = 0
    for received_on, due_on, handled_on in items:
        rows = feedback_rows(received_on, handled_on, window_start, window_end)
        if not rows:
            continue
        received += 1
        if "handled" in rows:
            handled += 1
            on_time += due_on is None or (handled_on is not None and handled_on <= due_on)
        elif due_on is not None and due_on < window_end:
            overdue += 1
    return FeedbackCount(received, handled, on_time, overdue)
