"""The start page: it gathers every app's work for the user, so it sits above them all."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cchc.web.org.access import runs_province, sees_province
from cchc.web.par.years import own_assessments
from cchc.web.registers.due import due_items
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.reminders import newest_first, notices, open_forms, owing_units, returned_unsent
from cchc.web.reporting.services import return_events, review_queue

QUEUE_SHOWN = 30  # the reviewer's queue on the start page; the period pages show every form


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The start page: my units' forms for the open periods; the periods list for province users."""
    user: Any = request.user  # logged in (login_required)
    blocks = open_forms(user)
    open_periods = list(ReportingPeriod.objects.filter(is_open=True))
    # The forms Sở Nội vụ returned to my units, with the reviewer's comment, first on the page.
    mine_sent = [
        cell.submission for _, units in blocks for _, cells in units for cell in cells if cell.submission
    ]
    events = return_events(mine_sent)
    returned = [
        (s, events[s.pk])
        for s in sorted(mine_sent, key=lambda s: (s.period_id, s.unit_id, s.form))
        if s.pk in events
    ]
    periods = list(ReportingPeriod.objects.all()) if sees_province(user) else []
    # A reviewer's queue: the forms sent and waiting for a decision in the open periods, newest period
    # first, with how many wait in each period.
    waiting = review_queue(user)
    shown = list(waiting[:QUEUE_SHOWN])
    per_period = Counter(waiting.values_list("period_id", flat=True))
    waiting_periods = [(period, per_period[period.pk]) for period in open_periods if per_period[period.pk]]
    count = sum(per_period.values())
    # The unit's overdue and soon-due register items (plan tasks, assigned tasks, feedback).
    reviews = runs_province(user)
    context = {
        "blocks": blocks,
        # For a reviewer: the units that still owe forms in each open period, and the returned forms
        # not sent again.
        "owing": owing_units(user, timezone.localdate()) if reviews else [],
        "returned_unsent": returned_unsent(user) if reviews else [],
        # The same notice `cchc remind` mails: each open period whose forms the user's units still owe.
        "notices": newest_first(notices(blocks, timezone.localdate())),
        "open_periods": open_periods,
        "returned": returned,
        "periods": periods,
        "due": due_items(user),
        # The PAR Index self-assessments of my units in the open years.
        "par_mine": own_assessments(user),
        "waiting": shown,
        "waiting_count": count,
        "waiting_periods": waiting_periods,
        "waiting_more": count - len(shown),
    }
    return render(request, "reporting/home.html", context)
