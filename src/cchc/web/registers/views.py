"""Pages of the registers: lists filtered to the user's units, add and edit, confirmation (the Excel
download and upload: `excel_views`).

Every page reads items through `services.items_for`, which asks `org.access` which units the user may
see or edit: another unit's item answers 404, by page, by URL guessing, by export and by import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.catalogues import default_catalogue
from cchc.core.numbers import format_number, round_half_up
from cchc.web.middleware import request_id_of
from cchc.web.org.access import Action, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.org.tree import unit_tree
from cchc.web.registers import due, figures, kinds, services
from cchc.web.registers.counting import TaskStatus, count_feedback
from cchc.web.registers.forms import FORMS
from cchc.web.registers.models import PlanTask, RegisterChange, RegisterKind
from cchc.web.reporting.models import Channel, ReportingPeriod
from cchc.web.reporting.services import catalogue_for

PAGE_SIZE = 200
HISTORY_ROWS = 200  # the latest changes shown on an item's page; the rest are counted

# ?tinh-trang= values → status.
STATUS_FILTERS = {
    "dung-han": TaskStatus.DONE_ON_TIME,
    "xong-qua-han": TaskStatus.DONE_LATE,
    "qua-han": TaskStatus.OVERDUE,
    "chua-den-han": TaskStatus.NOT_DUE,
}


def register_or_404(kind: str) -> kinds.Register:
    register = kinds.REGISTERS.get(kind)
    if register is None:
        raise Http404("Không có sổ theo dõi này.")
    return register


class ListFilters:
    """The list's filters from the query string; a unit or period the user may not see is a 404."""

    def __init__(self, request: HttpRequest, register: kinds.Register) -> None:
        get = request.GET
        self.unit: OrgUnit | None = None
        self.period: ReportingPeriod | None = None
        self.code = get.get("chi-tieu", "")
        self.status = STATUS_FILTERS.get(get.get("tinh-trang", ""))
        self.status_key = get.get("tinh-trang", "") if self.status else ""
        if get.get("don-vi"):
            self.unit = units_for(request.user, Action.VIEW).filter(code=get["don-vi"]).first()
            if self.unit is None:
                raise Http404("Không có đơn vị này, hoặc bạn không được xem đơn vị này.")
        if get.get("ky"):
            self.period = ReportingPeriod.objects.filter(code=get["ky"]).first()
            if self.period is None:
                raise Http404("Không có kỳ báo cáo này.")
        # Plan tasks reported done that Sở Nội vụ has not confirmed yet.
        self.awaiting = register.model is PlanTask and get.get("xac-nhan") == "cho"
        catalogue = catalogue_for(self.period) if self.period else default_catalogue()
        if self.code and self.code not in figures.register_rows(register, catalogue):
            raise Http404("Sổ theo dõi này không tính chỉ tiêu đó.")
        self.register = register

    def scoped(self, request: HttpRequest) -> list[Any]:
        """The user's items of the chosen unit: with a period, those counted in its figures, or, for a unit
        whose forms do not report the rows, its own items (`counted_by` then names the unit counting them)."""
        items = services.items_for(request.user, self.register)
        self.counted_by: OrgUnit | None = None
        if self.unit is not None:
            if self.period is not None:
                counted = figures.counted_items(self.register, self.period, self.unit, items)
                if self.unit.level in figures.register_levels(self.register, self.period):
                    return list(counted)
                own = items.filter(unit=self.unit)
                first = own.first()
                if first is not None:
                    by_pk = unit_tree()
                    levels = figures.register_levels(self.register, self.period)
                    self.counted_by = figures.counted_in(self.register, first, self.period, by_pk, levels)
                return list(own)
            scope = (
                Q(unit=self.unit) | Q(owner=self.unit)
                if self.register.model is PlanTask
                else Q(unit=self.unit)
            )
            items = items.filter(scope)
        return list(items)

    def apply(self, scoped: list[Any], today: dt.date) -> list[Any]:
        """The items of `scoped` that pass the period, row and status filters."""
        chosen = scoped
        if self.period is not None:
            chosen = figures.items_behind(self.register, chosen, self.period, self.code)
        if self.status is not None:
            chosen = [item for item in chosen if item.status_on(today) is self.status]
        if self.awaiting:
            chosen = [item for item in chosen if item.completed_on and not item.confirmed_at]
        return chosen

    def query(self) -> str:
        """The filters as a query string (for the Excel link)."""
        pairs = {
            "don-vi": self.unit.code if self.unit is not None else "",
            "ky": self.period.code if self.period is not None else "",
            "chi-tieu": self.code,
            "tinh-trang": self.status_key,
            "xac-nhan": "cho" if self.awaiting else "",
        }
        return urlencode({key: value for key, value in pairs.items() if value})


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The three registers, the form rows each fills (in the newest open period's forms), how many items
    of the user's units each holds, and the user's due items."""
    newest = ReportingPeriod.objects.filter(is_open=True).order_by("-window_end").first()
    catalogue = catalogue_for(newest) if newest is not None else default_catalogue()
    registers = [
        (
            register,
            figures.rows_label(figures.register_rows(register, catalogue)),
            services.items_for(request.user, register).count(),
        )
        for register in kinds.REGISTERS.values()
    ]
    awaiting = (
        services.items_for(request.user, kinds.REGISTERS[RegisterKind.PLAN], Action.REVIEW)
        .filter(completed_on__isnull=False, confirmed_at__isnull=True)
        .count()
    )
    context = {"registers": registers, "due": due.due_items(request.user), "awaiting": awaiting}
    return render(request, "registers/index.html", context)


@login_required
@require_GET
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    """One register's items of the user's units, filtered by unit, period, form row and status."""
    register = register_or_404(kind)
    filters = ListFilters(request, register)
    today = timezone.localdate()
    scoped = filters.scoped(request)
    items = filters.apply(scoped, today)
    summary: list[tuple[str, str, int]] = []
    rate: str | None = None
    rate_with_overdue: str | None = None
    awaiting_in_figure = 0
    if filters.period is not None:
        catalogue = catalogue_for(filters.period)
        counts = figures.count_items(register, scoped, filters.period)
        for code in figures.row_codes(register, filters.period):
            row = catalogue.rows[code]
            summary.append((code, f"{row.stt}. {row.name}", counts[code]))
        if register.model is PlanTask:
            completed = figures.row_of_count(register, filters.period, "completed")
            behind = figures.items_behind(register, scoped, filters.period, completed) if completed else []
            awaiting_in_figure = sum(1 for task in behind if task.confirmed_at is None)
        if register.kind == RegisterKind.FEEDBACK:
            feedback = count_feedback(
                ((f.received_on, f.due_on, f.handled_on) for f in scoped),
                filters.period.window_start,
                filters.period.window_end,
            )
            if feedback.on_time_rate is not None:
                rate = format_number(round_half_up(feedback.on_time_rate, 2), 2)
            if feedback.on_time_rate_with_overdue is not None:
                rate_with_overdue = format_number(round_half_up(feedback.on_time_rate_with_overdue, 2), 2)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [(item, item.status_on(today), item.status_label_on(today)) for item in page.object_list]
    editable = units_for(request.user, Action.EDIT).exists()
    context = {
        "register": register,
        "kind": register.kind.value,
        "rows": rows,
        "page": page,
        "count": len(items),
        "filters": filters,
        "periods": ReportingPeriod.objects.all(),
        "units": units_for(request.user, Action.VIEW),
        "statuses": [
            (key, status.feedback_label if register.kind == RegisterKind.FEEDBACK else status.value)
            for key, status in STATUS_FILTERS.items()
        ],
        "awaiting_in_figure": awaiting_in_figure,
        "summary": summary,
        "rate": rate,
        "rate_with_overdue": rate_with_overdue,
        "counted_by": filters.counted_by,
        "can_add": services.owner_choices(request.user, register).exists(),
        "can_import": editable,
        "query": filters.query(),
        "is_plan": register.model is PlanTask,
    }
    return render(request, "registers/list.html", context)


def messages_after_write(request: HttpRequest, result: services.WriteResult, done: str) -> None:
    messages.success(request, done)
    for text in result.skipped:
        messages.warning(request, text)


@login_required
def item_add(request: HttpRequest, kind: str) -> HttpResponse:
    """A new item in a unit the user may edit."""
    register = register_or_404(kind)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    owners = services.owner_choices(request.user, register)
    if not owners.exists():
        raise PermissionDenied("Bạn không có quyền thêm mục vào sổ theo dõi này.")
    units = services.unit_choices(request.user, register)
    form_class = FORMS[register.kind]
    initial: dict[str, Any] = {}
    if register.kind == RegisterKind.PLAN:
        initial["year"] = timezone.localdate().year
        initial["owner"] = owners.first() if owners.count() == 1 else None
    mine = units_for(request.user, Action.EDIT)
    if mine.count() == 1:
        initial["unit"] = mine.first()
    form = form_class(request.POST or None, units=units, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in register.fields}
        try:
            result = services.save_items(
                register,
                [(None, values)],
                request.user,
                channel=Channel.WEB,
                request_id=request_id_of(request),
            )
        except kinds.RegisterError as error:
            for text in error.problems:
                form.add_error(None, text.removeprefix("Mục thứ 1: "))
        else:
            messages_after_write(request, result, "Đã thêm vào sổ theo dõi.")
            return redirect("register-list", register.kind.value)
    status = 422 if request.method == "POST" else 200
    context = {"register": register, "form": form, "item": None, "can_edit": True, "changes": []}
    return render(request, "registers/item.html", context, status=status)


def _display(item: Any, name: str) -> str:
    """A field of an item as read-only text (dates day/month/year, choices and units by name)."""
    value = getattr(item, name)
    if value is None:
        return ""
    if isinstance(value, OrgUnit):
        return value.name
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    display = getattr(item, f"get_{name}_display", None)
    return str(display() if display else value)


def _load_item(request: HttpRequest, register: kinds.Register, pk: int) -> tuple[Any, bool, bool]:
    """The item if the user may see it (else 404), whether they may edit it and review it."""
    item = services.items_for(request.user, register).filter(pk=pk).first()
    if item is None:
        raise Http404("Không có mục này, hoặc bạn không được xem mục này.")
    can_edit = bool(services.item_fields(request.user, item))
    can_review = isinstance(item, PlanTask) and services.may_review(request.user, item)
    return item, can_edit, can_review


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One item: its fields (editable by its unit), its status, its history; POST saves it."""
    register = register_or_404(kind)
    item, can_edit, can_review = _load_item(request, register, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Bạn không có quyền sửa mục này.")
    allowed = services.item_fields(request.user, item)
    full = allowed == frozenset(register.fields)
    units = services.unit_choices(request.user, register) if full else OrgUnit.objects.filter(pk=item.unit_id)
    owners = (
        services.owner_choices(request.user, register)
        if full
        else OrgUnit.objects.filter(pk=getattr(item, "owner_id", None) or item.unit_id)
    )
    form = FORMS[register.kind](
        request.POST or None,
        instance=item,
        units=units,
        owners=owners,
        locked=frozenset(register.fields) - allowed,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in register.fields}
        try:
            result = services.save_items(
                register,
                [(item, values)],
                request.user,
                channel=Channel.WEB,
                request_id=request_id_of(request),
            )
        except kinds.RegisterError as error:
            for text in error.problems:
                form.add_error(None, text.removeprefix("Mục thứ 1: "))
        else:
            messages_after_write(
                request, result, "Đã lưu." if result.changed else "Không có thay đổi nào để lưu."
            )
            return redirect("register-item", register.kind.value, pk)
    if request.method == "POST":
        item.refresh_from_db()
    shown = (
        [] if can_edit else [(register.field_label(name), _display(item, name)) for name in register.fields]
    )
    changes = RegisterChange.objects.filter(register=register.kind, item_id=item.pk).select_related("user")
    names = dict(OrgUnit.objects.values_list("code", "name"))
    shown_changes = [
        (c, *services.change_label(register, c), *services.change_texts(register, c, names))
        for c in changes[:HISTORY_ROWS]
    ]
    context = {
        "register": register,
        "form": form,
        "item": item,
        "status": item.status_on(timezone.localdate()),
        "status_label": item.status_label_on(timezone.localdate()),
        "can_edit": can_edit,
        "shown": shown,
        "can_review": can_review and register.model is PlanTask,
        "changes": shown_changes,
        "more_changes": max(0, changes.count() - HISTORY_ROWS),
    }
    return render(request, "registers/item.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Delete an item entered by mistake (its unit only); the audit keeps what it held."""
    register = register_or_404(kind)
    item, can_edit, _ = _load_item(request, register, pk)
    if not can_edit:
        raise PermissionDenied("Bạn không có quyền xóa mục này.")
    if request.POST.get("confirm") != "1":
        messages.error(request, "Hãy đánh dấu ô xác nhận trước khi xóa.")
        return redirect("register-item", register.kind.value, pk)
    result = services.delete_item(register, item, request.user, request_id=request_id_of(request))
    messages_after_write(request, result, f"Đã xóa mục số {pk}.")
    return redirect("register-list", register.kind.value)


@login_required
@require_POST
def recompute(request: HttpRequest, kind: str) -> HttpResponse:
    """Write the register's rows again in every open period: for the units the user may edit, or for
    every unit when the user reviews the whole province. Asks for a confirmation first.

    A unit whose items are all gone gets its rows back for typing; typed rows of a unit without items
    are never touched, so the recompute changes nothing that the register does not hold.
    """
    register = register_or_404(kind)
    units = list(units_for(request.user, Action.EDIT))
    province_wide = sees_province(request.user) and units_for(request.user, Action.REVIEW).exists()
    if not units and not province_wide:
        raise PermissionDenied("Bạn không có quyền nhập sổ theo dõi cho đơn vị nào.")
    if request.POST.get("confirm") != "1":
        messages.error(request, "Hãy đánh dấu ô xác nhận trước khi tính lại số liệu vào biểu mẫu.")
        return redirect("register-list", register.kind.value)
    skipped = figures.refresh_figures(
        register, None if province_wide else units, user=request.user, request_id=request_id_of(request)
    )
    where = "mọi đơn vị" if province_wide else "các đơn vị bạn được nhập"
    messages.success(request, f"Đã tính lại số liệu của sổ vào biểu mẫu của {where}, các kỳ đang mở.")
    for text in skipped:
        messages.warning(request, text)
    return redirect("register-list", register.kind.value)


@login_required
@require_POST
def item_confirm(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The reviewer confirms a completed plan task, or returns it with a reason (POST action=...)."""
    register = register_or_404(kind)
    if register.model is not PlanTask:
        raise Http404("Sổ này không cần xác nhận hoàn thành.")
    item, _, can_review = _load_item(request, register, pk)
    if not can_review:
        raise PermissionDenied("Bạn không có quyền xác nhận nhiệm vụ của đơn vị này.")
    try:
        if request.POST.get("action") == "return":
            result = services.return_completion(
                item, request.user, request.POST.get("comment", ""), request_id=request_id_of(request)
            )
            messages_after_write(request, result, "Đã trả lại kết quả hoàn thành cho đơn vị.")
        else:
            services.confirm_completion(item, request.user, request_id=request_id_of(request))
            messages.success(request, "Đã xác nhận hoàn thành nhiệm vụ.")
    except kinds.RegisterError as error:
        for text in error.problems:
            messages.error(request, text)
    return redirect("register-item", register.kind.value, pk)
