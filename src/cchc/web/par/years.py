"""The PAR Index start page (/chi-so-cchc/): the years, where each unit stands, the user's own
self-assessments; Sở Nội vụ opens a year here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from cchc.core.par import CriteriaSetError
from cchc.web.org.access import Action, runs_province, sees_province, units_for
from cchc.web.par.models import Assessment, ParRound
from cchc.web.par.scoring import open_round
from cchc.web.reporting.models import Status


def round_counts(round_: ParRound) -> dict[str, int]:
    """How many of the year's assessments stand in each status (status value → count), and "all"."""
    counts = Counter(
        dict(
            Assessment.objects.filter(round=round_)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    return {**{status.value: counts.get(status.value, 0) for status in Status}, "all": sum(counts.values())}


def own_assessments(user: Any) -> list[Assessment]:
    """The self-assessments of the user's units in the open years, newest year first."""
    mine = units_for(user, Action.EDIT)
    return list(
        Assessment.objects.filter(round__is_open=True, unit__in=mine)
        .select_related("round", "unit")
        .order_by("-round__year", "unit__order", "unit__name")
    )


@login_required
@require_safe
def years(request: HttpRequest) -> HttpResponse:
    """Every PAR Index year with its state; the user's own assessments first."""
    province = sees_province(request.user)
    rounds = list(ParRound.objects.all())
    context = {
        "rows": [(round_, round_counts(round_)) for round_ in rounds] if province else [],
        "mine": own_assessments(request.user),
        "province": province,
        "may_open": runs_province(request.user),
        "next_year": (rounds[0].year + 1) if rounds else timezone.localdate().year,
        "statuses": Status,
    }
    return render(request, "par/years.html", context)


@login_required
@require_POST
def open_year(request: HttpRequest) -> HttpResponse:
    """Open a year's PAR Index: an assessment for each sở and xã, with the deadline given."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ mở được đợt đánh giá Chỉ số CCHC.")
    year, deadline = request.POST.get("nam", "").strip(), request.POST.get("han", "").strip()
    try:
        day = dt.datetime.strptime(deadline, "%d/%m/%Y").date()
    except ValueError:
        day = None
    if not (year.isascii() and year.isdigit()) or not 2000 <= int(year) <= 2100 or day is None:
        messages.error(
            request, "Ghi năm bằng bốn chữ số (ví dụ 2026) và hạn gửi tự đánh giá dạng ngày/tháng/năm."
        )
        return redirect("par-years")
    if day.year <= int(year) - 1:
        messages.error(
            request, f"Hạn gửi tự đánh giá {deadline} ở trước năm {year}: ghi một ngày sau khi năm bắt đầu."
        )
        return redirect("par-years")
    existed = ParRound.objects.filter(year=int(year)).exists()
    try:
        round_ = open_round(int(year), day)
    except CriteriaSetError as error:
        messages.error(request, str(error))
        return redirect("par-years")
    if existed:
        messages.info(request, f"Chỉ số CCHC năm {year} đã mở từ trước; đã thêm các đơn vị mới nếu có.")
    else:
        counts = round_counts(round_)
        messages.success(request, f"Đã mở đánh giá Chỉ số CCHC năm {year} cho {counts['all']} đơn vị.")
    return redirect("par-years")


@login_required
@require_POST
def close_year(request: HttpRequest, year: int) -> HttpResponse:
    """Stop (or start again) taking self-assessments of a year; what was sent stays."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ đóng được đợt tự đánh giá.")
    round_ = get_object_or_404(ParRound, year=year)
    if round_.published_at is not None and request.POST.get("mo-lai"):
        messages.error(request, f"Chỉ số CCHC năm {year} đã công bố; không nhận lại tự đánh giá.")
        return redirect("par-years")
    round_.is_open = bool(request.POST.get("mo-lai"))
    round_.save(update_fields=["is_open"])
    state = "nhận lại" if round_.is_open else "ngừng nhận"
    messages.success(request, f"Chỉ số CCHC năm {year}: đã {state} tự đánh giá của đơn vị.")
    return redirect("par-years")


@login_required
@require_POST
def publish_year(request: HttpRequest, year: int) -> HttpResponse:
    """Record the year's results as published by the decision named; refused while an assessment is not
    approved."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ ghi được việc công bố kết quả.")
    round_ = get_object_or_404(ParRound, year=year)
    decision = " ".join(request.POST.get("quyet-dinh", "").split())[:100]
    waiting = Assessment.objects.filter(round=round_).exclude(status=Status.APPROVED).select_related("unit")
    if waiting.exists():
        first = waiting.order_by("unit__order", "unit__name").first()
        assert first is not None
        messages.error(
            request,
            f"Chưa công bố được: {waiting.count()} bản tự đánh giá chưa duyệt, "
            f"đầu tiên là của {first.unit.name}.",
        )
        return redirect("par-years")
    if not decision:
        messages.error(request, "Ghi số quyết định công bố kết quả (ví dụ 512/QĐ-UBND).")
        return redirect("par-years")
    round_.decision, round_.published_at, round_.is_open = decision, timezone.now(), False
    round_.save(update_fields=["decision", "published_at", "is_open"])
    messages.success(request, f"Đã ghi công bố Chỉ số CCHC năm {year} theo Quyết định số {decision}.")
    return redirect("par-years")


urlpatterns = [
    path("", years, name="par-years"),
    path("mo/", open_year, name="par-open"),
    path("<int:year>/dong/", close_year, name="par-close"),
    path("<int:year>/cong-bo/", publish_year, name="par-publish"),
]
