"""The reporting periods: every period with what is due now, and Sở Nội vụ opening a period by its type and
year (windows and deadlines from schedule.toml, never typed) or closing one once the report is sent."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.periods import parse_period
from cchc.web.org.access import runs_province, sees_province
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import ensure_period

# The report types a province sends in a year, in order (DOMAIN: Quý I, 6 tháng, Quý III, Năm), then the
# other periods the schedule knows.
KINDS = (
    ("Q1", "Quý I"),
    ("H1", "6 tháng"),
    ("Q3", "Quý III"),
    ("Y", "Năm"),
    ("Q2", "Quý II"),
    ("Q4", "Quý IV"),
    ("M9", "9 tháng"),
)


def due_text(period: ReportingPeriod, today: dt.date) -> str:
    """Where an open period stands against its deadlines, in Vietnamese ("" for a closed one)."""
    if not period.is_open:
        return ""
    if today <= period.window_end:
        return f"chốt số liệu sau {(period.window_end - today).days} ngày"
    if today <= period.unit_deadline:
        return (
            "đơn vị gửi hôm nay"
            if today == period.unit_deadline
            else (f"đơn vị gửi trong {(period.unit_deadline - today).days} ngày")
        )
    if today <= period.deadline:
        return f"gửi Bộ Nội vụ trong {(period.deadline - today).days} ngày"
    return f"quá hạn gửi Bộ Nội vụ {(today - period.deadline).days} ngày"


@login_required
@require_GET
def periods(request: HttpRequest) -> HttpResponse:
    """Every period, newest first, with what is due now; Sở Nội vụ opens and closes them here."""
    if not sees_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ xem được danh sách kỳ báo cáo.")
    today = timezone.localdate()
    rows = [(period, due_text(period, today)) for period in ReportingPeriod.objects.all()]
    due = [period for period, _ in rows if period.is_open and today <= period.deadline]
    context = {
        "rows": rows,
        "due_now": min(due, key=lambda p: p.deadline) if due else None,
        "kinds": KINDS,
        "year": today.year,
        "may_open": runs_province(request.user),
    }
    return render(request, "reporting/periods.html", context)


@login_required
@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    """Open (create, or reopen) the period of a type and a year, with the schedule's dates."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ mở được kỳ báo cáo.")
    kind, year = request.POST.get("loai", ""), request.POST.get("nam", "").strip()
    if kind not in dict(KINDS) or not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, "Chọn loại kỳ báo cáo và ghi năm bằng bốn chữ số (ví dụ 2026).")
        return redirect("periods")
    existed = ReportingPeriod.objects.filter(code=parse_period(year + kind).code).first()
    period = ensure_period(year + kind)
    if existed is not None and existed.is_open:
        messages.info(request, f"Kỳ {period.period.label} đã mở từ trước.")
    else:
        period.is_open = True
        period.save(update_fields=["is_open"])
        window = f"{period.window_start:%d/%m/%Y} – {period.window_end:%d/%m/%Y}"
        messages.success(
            request,
            f"Đã mở kỳ {period.period.label}: chốt số liệu {window}, đơn vị gửi trước "
            f"{period.unit_deadline:%d/%m/%Y}, gửi Bộ Nội vụ trước {period.deadline:%d/%m/%Y} "
            f"(mẫu biểu {period.template}).",
        )
    return redirect("periods")


@login_required
@require_POST
def period_close(request: HttpRequest, period: str) -> HttpResponse:
    """Close a period (no more entry or sending; figures kept) or reopen it."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ đóng hoặc mở lại được kỳ báo cáo.")
    found = get_object_or_404(ReportingPeriod, code=period)
    found.is_open = request.POST.get("mo-lai") == "1"
    found.save(update_fields=["is_open"])
    messages.success(request, f"Đã {'mở lại' if found.is_open else 'đóng'} kỳ {found.period.label}.")
    return redirect("periods")
