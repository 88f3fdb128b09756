"""The start page: it gathers every app's work for the user, so it sits above them all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cchc.web.org.access import Action, sees_province, units_for
from cchc.web.registers.due import due_items
from cchc.web.reporting.models import ReportingPeriod, Submission
from cchc.web.reporting.services import catalogue_for, return_events, review_queue
from cchc.web.reporting.views import form_cells

QUEUE_SHOWN = 30  # the reviewer's queue on the start page; the period pages show every form


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The start page: my units' forms for the open periods; the periods list for province users."""
    user: Any = request.user  # logged in (login_required)
    open_periods = list(ReportingPeriod.objects.filter(is_open=True))
    # The units this user enters figures for: assigned to them, and within what access lets them see.
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
    # The forms Sở Nội vụ returned to my units, with the reviewer's comment, first on the page.
    mine_sent = [s for by_form in submissions.values() for s in by_form.values()]
    events = return_events(mine_sent)
    returned = [
        (s, events[s.pk])
        for s in sorted(mine_sent, key=lambda s: (s.period_id, s.unit_id, s.form))
        if s.pk in events
    ]
    periods = list(ReportingPeriod.objects.all()) if sees_province(user) else []
    # A reviewer's queue: the forms sent and waiting for a decision, oldest first, in the open periods.
    waiting = review_queue(user)
    shown, count = list(waiting[:QUEUE_SHOWN]), waiting.count()
    # The unit's overdue and soon-due register items (plan tasks, assigned tasks, feedback).
    context = {
        "blocks": blocks,
        "open_periods": open_periods,
        "returned": returned,
        "periods": periods,
        "due": due_items(user),
        "waiting": shown,
        "waiting_count": count,
        "waiting_more": count - len(shown),
    }
    return render(request, "reporting/home.html", context)
