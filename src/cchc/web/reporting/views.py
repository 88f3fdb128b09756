"""Pages for units and reviewers: home, completeness, a unit's forms, data entry, workflow, history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page after logging in."""
    return render(request, "reporting/home.html", {})


urlpatterns: list = []
