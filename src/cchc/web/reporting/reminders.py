"""Deadline reminders ("nhắc hạn báo cáo"): the forms a user's units have not sent for the open periods, said
on the start page and e-mailed by `cchc remind` (at most one mail a user a day, each one recorded).

A form counts as not sent while it is being entered, was returned, or was never opened; the deadline is
the period's «hạn đơn vị gửi Sở Nội vụ». The users reminded are those who enter a unit's figures: assigned
to it and allowed to edit it (its reporters; Sở Nội vụ for the province's own unit).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from cchc.core.numbers import format_number
from cchc.web.org.access import Action, units_for
from cchc.web.org.models import OrgUnit, ReminderSent
from cchc.web.reporting.models import ReportingPeriod, Status, Submission, WorkflowEvent
from cchc.web.reporting.services import catalogue_for, reporting_units, return_events
from cchc.web.reporting.views import FormCell, form_cells

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 3  # `cchc remind` mails when the deadline is this close, or passed
SENT = (Status.SUBMITTED, Status.APPROVED)


def open_forms(user: Any) -> list[tuple[ReportingPeriod, list[tuple[OrgUnit, list[FormCell]]]]]:
    """For each open period, the units the user enters figures for with their forms (the start page)."""
    open_periods = list(ReportingPeriod.objects.filter(is_open=True))
    # Assigned to them, and within what access lets them see.
    mine = units_for(user, Action.VIEW).filter(assignments__user=user)
    submissions: dict[tuple[int, int], dict[int, Submission]] = {}
    for submission in Submission.objects.filter(period__in=open_periods, unit__in=mine).select_related(
        "period", "unit"
    ):
        submissions.setdefault((submission.period_id, submission.unit_id), {})[submission.form] = submission
    blocks = []
    for period in open_periods:
        catalogue = catalogue_for(period)
        units = [
            (unit, form_cells(catalogue, period, unit, submissions.get((period.pk, unit.pk), {})))
            for unit in mine.active_on(period.window_end)
        ]
        if units:
            blocks.append((period, units))
    return blocks


@dataclass(frozen=True)
class Notice:
    """An open period whose deadline is near or passed, and the forms the user's units still owe."""

    period: ReportingPeriod
    days_left: int  # negative once the deadline has passed
    unsent: tuple[tuple[OrgUnit, tuple[FormCell, ...]], ...]

    @property
    def when(self) -> str:
        """ "còn 11 ngày", "hôm nay là hạn cuối", "đã quá hạn 2 ngày"."""
        if self.days_left > 0:
            return f"còn {format_number(self.days_left)} ngày"
        if self.days_left == 0:
            return "hôm nay là hạn cuối"
        return f"đã quá hạn {format_number(-self.days_left)} ngày"

    @property
    def text(self) -> str:
        """ "Kỳ báo cáo Năm 2026: hạn 14/12/2026, còn 11 ngày; Sở Tư pháp còn 3 biểu chưa gửi": each unit
        named, so that a reviewer who enters the province's own forms does not read them as the province's
        status."""
        owed = "; ".join(f"{unit.label} còn {len(cells)} biểu chưa gửi" for unit, cells in self.unsent)
        return (
            f"Kỳ báo cáo {self.period.label}: hạn {self.period.unit_deadline:%d/%m/%Y}, {self.when}; {owed}"
        )


def notices(
    blocks: Iterable[tuple[ReportingPeriod, list[tuple[OrgUnit, list[FormCell]]]]], today: dt.date
) -> list[Notice]:
    """The periods of `blocks` where some unit has a form to send, nearest deadline first."""
    found = []
    for period, units in blocks:
        unsent = tuple(
            (unit, owed)
            for unit, cells in units
            if (owed := tuple(cell for cell in cells if cell.applicable and not _sent(cell)))
        )
        if unsent:
            found.append(Notice(period, (period.unit_deadline - today).days, unsent))
    return sorted(found, key=lambda notice: (notice.days_left, notice.period.code))


def owing_units(user: Any, today: dt.date) -> list[Notice]:
    """For a reviewer: each open period, newest first, with the units under review that still owe forms
    (the same notice a unit sees, for every unit at once: the province's count, not the reviewer's own)."""
    reviewed = set(units_for(user, Action.REVIEW).values_list("pk", flat=True))
    blocks = []
    for period in ReportingPeriod.objects.filter(is_open=True):
        units = [unit for unit in reporting_units(period) if unit.pk in reviewed]
        catalogue = catalogue_for(period)
        by_unit: dict[int, dict[int, Submission]] = {}
        for submission in Submission.objects.filter(period=period, unit__in=units).select_related("period"):
            by_unit.setdefault(submission.unit_id, {})[submission.form] = submission
        cells = [(unit, form_cells(catalogue, period, unit, by_unit.get(unit.pk, {}))) for unit in units]
        blocks.append((period, cells))
    return newest_first(notices(blocks, today))


def newest_first(found: list[Notice]) -> list[Notice]:
    """The notices, the newest period first: on a start page the period being collected leads, an old
    period left open follows."""
    return sorted(found, key=lambda notice: (notice.period.window_end, notice.period.code), reverse=True)


def returned_unsent(user: Any) -> list[tuple[Submission, WorkflowEvent]]:
    """For a reviewer: the forms returned in the open periods and not sent again yet, each with its
    return (who, when, the comment), the longest waiting first."""
    forms = list(
        Submission.objects.filter(
            period__is_open=True, status=Status.RETURNED, unit__in=units_for(user, Action.REVIEW)
        ).select_related("unit", "period")
    )
    events = return_events(forms)
    return sorted(((form, events[form.pk]) for form in forms if form.pk in events), key=lambda p: p[1].at)


def _sent(cell: FormCell) -> bool:
    return cell.submission is not None and cell.submission.status in SENT


@dataclass(frozen=True)
class Outcome:
    """What `remind` did for one user: sent, already reminded today, no address, or nothing due."""

    user: Any
    notices: tuple[Notice, ...]
    sent: bool
    reason: str = ""


def reminded_users() -> Iterator[Any]:
    """Active users assigned to a unit they may edit, by user name."""
    users = User.objects.filter(is_active=True, assignments__isnull=False).distinct().order_by("username")
    for user in users:
        if units_for(user, Action.EDIT).filter(assignments__user=user).exists():
            yield user


def remind(today: dt.date, *, days: int = DEFAULT_DAYS, send: bool = True) -> list[Outcome]:
    """Mail each user whose units owe forms of an open period due within `days` days (or overdue) the
    list of those forms, unless they were mailed today. `send=False` only says who would be mailed."""
    outcomes = []
    for user in reminded_users():
        due = tuple(notice for notice in notices(open_forms(user), today) if notice.days_left <= days)
        if not due:
            continue
        if not user.email:
            outcomes.append(Outcome(user, due, sent=False, reason="chưa có thư điện tử"))
        elif ReminderSent.objects.filter(user=user, day=today).exists():
            outcomes.append(Outcome(user, due, sent=False, reason="đã nhắc hôm nay"))
        elif send:
            outcomes.append(_send(user, due, today))
        else:
            outcomes.append(Outcome(user, due, sent=False, reason="xem trước, chưa gửi"))
    return outcomes


def _send(user: Any, due: tuple[Notice, ...], today: dt.date) -> Outcome:
    """One mail, recorded in the same transaction: a refused mail leaves no record, so it is tried again."""
    context = {"name": user.get_full_name() or user.username, "notices": due, "site_url": settings.SITE_URL}
    nearest = due[0]
    subject = f"Nhắc hạn báo cáo CCHC: {nearest.period.label}, hạn {nearest.period.unit_deadline:%d/%m/%Y}"
    body = render_to_string("reporting/reminder_email.txt", context)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                user=user, day=today, address=user.email, summary="\n".join(notice.text for notice in due)
            )
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except OSError as error:  # smtplib's errors are OSErrors
        logger.warning("Không gửi được thư nhắc hạn cho %s: %s", user.username, error)
        return Outcome(user, due, sent=False, reason=f"máy chủ thư không nhận: {error}")
    return Outcome(user, due, sent=True)
