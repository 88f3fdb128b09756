"""Pages of the dossier figures: import files for a period, follow the import, see the figures, drill down."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from cchc.documents.xlsx_form import XLSX_CONTENT_TYPE
from cchc.dossiers import CLASSES, RATES, available_mappings
from cchc.dossiers.outputs import ONE_STOP_COLUMNS
from cchc.dossiers.results import LEVEL_NAMES as LEVELS
from cchc.dossiers.workdays import parse_calendar
from cchc.web.dossiers import services
from cchc.web.dossiers.models import CalendarVersion, DossierImport, mapping_label
from cchc.web.middleware import is_htmx
from cchc.web.org.access import Action, runs_province, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod

SHOWN_ROWS = 500
CLASS_LABELS = {
    "received": "Hồ sơ tiếp nhận",
    "carried_over": "Hồ sơ tồn kỳ trước",
    "received_online": "Hồ sơ tiếp nhận trực tuyến trong kỳ",
    "received_direct_post": "Hồ sơ tiếp nhận trực tiếp, qua bưu chính trong kỳ",
    "resolved": "Hồ sơ đã giải quyết",
    "early": "Hồ sơ giải quyết trước hạn",
    "on_time": "Hồ sơ giải quyết đúng hạn",
    "late": "Hồ sơ giải quyết quá hạn",
    "resolved_on_time": "Hồ sơ giải quyết trước hạn và đúng hạn",
    "in_progress": "Hồ sơ đang giải quyết",
    "within_time": "Hồ sơ đang giải quyết trong hạn",
    "overdue": "Hồ sơ đang giải quyết quá hạn",
    "returned_withdrawn": "Hồ sơ trả lại, rút",
}

CHANNEL_LABELS = {"truc_tuyen": "Trực tuyến", "truc_tiep": "Trực tiếp", "buu_chinh": "Bưu chính công ích"}
OUTCOME_LABELS = {
    "early": "Đã giải quyết trước hạn",
    "on_time": "Đã giải quyết đúng hạn",
    "late": "Đã giải quyết quá hạn",
    "within_time": "Đang giải quyết, trong hạn",
    "overdue": "Đang giải quyết, quá hạn",
    "returned_withdrawn": "Trả lại, rút hồ sơ",
}


def _shown(row: dict[str, object]) -> dict[str, object]:
    """One dossier as the list shows it: channel and outcome in words."""
    return {
        **row,
        "channel": CHANNEL_LABELS.get(str(row["channel"]), row["channel"]),
        "outcome": OUTCOME_LABELS.get(str(row["outcome"]), row["outcome"]),
    }


def _may_import(user: object) -> bool:
    return runs_province(user)


def _province_only(request: HttpRequest) -> None:
    if not sees_province(request.user):
        raise PermissionDenied("Trang này dành cho Sở Nội vụ và người xem toàn tỉnh.")


@login_required
@require_safe
def dossiers_home(request: HttpRequest) -> HttpResponse:
    """The imports of every period, newest first, and the upload form for Sở Nội vụ."""
    _province_only(request)
    services.fail_interrupted()
    return render(
        request,
        "dossiers/home.html",
        {
            "imports": DossierImport.objects.select_related("period", "created_by")[:50],
            "periods": ReportingPeriod.objects.filter(is_open=True),
            "mappings": [(name, mapping_label(name)) for name in available_mappings()],
            # A system left unnamed is stored under its mapping's name: picking that is leaving it blank.
            "systems": sorted(
                set(DossierImport.objects.values_list("system", flat=True)) - set(available_mappings())
            ),
            "may_import": _may_import(request.user),
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Start importing the uploaded files for a period; the import page shows its progress."""
    if not _may_import(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ (thẩm định) và quản trị được nhập hồ sơ TTHC.")
    period = get_object_or_404(ReportingPeriod, code=request.POST.get("period", ""), is_open=True)
    mapping = request.POST.get("mapping", "")
    if mapping not in available_mappings():
        messages.error(request, f"Không có bảng ánh xạ cột «{mapping}».")
        return redirect("dossiers")
    try:
        record = services.start_import(
            period,
            request.user,
            request.FILES.getlist("files"),
            mapping=mapping,
            system=request.POST.get("system", ""),
        )
    except services.UploadError as error:
        messages.error(request, str(error))
        return redirect("dossiers")
    return redirect("dossier-import", pk=record.pk)


def _drill_url(record: DossierImport, **params: str | None) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{reverse('dossier-list', args=[record.pk])}?{query}"


def _one_stop_rows(record: DossierImport) -> list[dict[str, object]]:
    """The Biểu 06 lines with a drill-down link behind every count."""
    lines = []
    for row in record.results.get("one_stop", []):
        level, field = row.get("level"), row.get("field")
        label = field or (f"Cộng {LEVELS.get(level, level).lower()}" if level else "Tổng cộng toàn tỉnh")
        cells = [
            (row[name], _drill_url(record, nhom=name, cap=level, **{"linh-vuc": field}))
            for name, _ in ONE_STOP_COLUMNS
        ]
        lines.append(
            {
                "label": label,
                "level": LEVELS.get(level, "") if field else "",
                "total": not field,
                "cells": cells,
                "rate": row.get("bnv_on_time_rate"),
            }
        )
    return lines


# A results table shows this many lines a page: the page stays a page, the Excel file has every line.
PAGE_LINES = 20


def _page(request: HttpRequest, rows: list[dict[str, Any]], param: str) -> dict[str, Any]:
    """One page of a long table (`?param=N`), with the links to the pages before and after it."""
    pages = max(1, -(-len(rows) // PAGE_LINES))
    try:
        number = min(max(1, int(request.GET.get(param, "1"))), pages)
    except ValueError:
        number = 1

    def link(to: int) -> str:
        query = request.GET.copy()
        query[param] = str(to)
        return f"?{query.urlencode()}#{param}"

    return {
        "rows": rows[(number - 1) * PAGE_LINES : number * PAGE_LINES],
        "id": param,
        "number": number,
        "pages": pages,
        "first": (number - 1) * PAGE_LINES + 1,
        "last": min(number * PAGE_LINES, len(rows)),
        "count": len(rows),
        "previous": link(number - 1) if number > 1 else "",
        "next": link(number + 1) if number < pages else "",
    }


@login_required
@require_safe
def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress while it runs; its figures, checks and notices when done."""
    _province_only(request)
    services.fail_interrupted()
    record = get_object_or_404(DossierImport.objects.select_related("period"), pk=pk)
    template = "dossiers/_progress.html" if is_htmx(request) else "dossiers/import.html"
    province = record.results.get("province", {})
    units = [
        {
            **row,
            "level_label": LEVELS.get(row["level"], row["level"]),
            "received_url": _drill_url(record, nhom="received", **{"noi-xu-ly": row["unit_code"]}),
            "resolved_url": _drill_url(record, nhom="resolved", **{"noi-xu-ly": row["unit_code"]}),
            "overdue_url": _drill_url(record, nhom="overdue", **{"noi-xu-ly": row["unit_code"]}),
        }
        for row in record.results.get("units", [])
    ]
    if is_htmx(request) and record.finished:
        # The import has just finished: reload the whole page to show its figures.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    one_stop = _one_stop_rows(record)
    procedures = [
        {**row, "url": _drill_url(record, nhom="resolved", **{"thu-tuc": row["procedure_code"]})}
        for row in record.results.get("procedures", [])
    ]
    return render(
        request,
        template,
        {
            "record": record,
            "columns": [label for _, label in ONE_STOP_COLUMNS],
            # The totals (each level, the province) stay on top; the fields come a page at a time.
            "one_stop_totals": [line for line in one_stop if line["total"]],
            "one_stop": _page(request, [line for line in one_stop if not line["total"]], "trang-linh-vuc"),
            "rates": [(rate.label, province.get(name)) for name, rate in RATES.items()],
            "units": _page(request, units, "trang-don-vi"),
            "procedures": _page(request, procedures, "trang-thu-tuc"),
        },
    )


@login_required
@require_safe
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Every output of a finished import as a workbook (Biểu 06, units, procedures, form figures)."""
    _province_only(request)
    record = get_object_or_404(DossierImport, pk=pk, status="done")
    if not record.results_file.exists():
        raise Http404("Không còn tệp kết quả của lần nhập này.")
    response = HttpResponse(record.results_file.read_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="so-lieu-ho-so-{record.period.code}.xlsx"'
    return response


def _scoped_unit(request: HttpRequest, code: str | None) -> OrgUnit | None:
    """The unit a drill-down is about, if the user may see it; province users may leave it out."""
    if not code:
        if not sees_province(request.user):
            raise Http404("Không có danh sách này.")
        return None
    unit = units_for(request.user, Action.VIEW).filter(code=code).first()
    if unit is None:
        raise Http404("Không có danh sách này.")
    return unit


def _selection(request: HttpRequest, record: DossierImport) -> tuple[dict[str, str | None], str]:
    """The engine's filters and the page title for the drill-down's query string, within the user's units."""
    params = request.GET
    unit = _scoped_unit(request, params.get("don-vi"))
    code = params.get("chi-tieu")
    if code:
        filters = services.figure_filters(record, unit, code) if unit is not None else None
        if unit is None or filters is None:
            raise Http404("Không có danh sách này.")
        return filters, f"Hồ sơ của chỉ tiêu {code.split('-', 1)[1]} — {unit.name}"
    klass = params.get("nhom", "received")
    if klass not in CLASSES:
        raise Http404("Không có nhóm hồ sơ này.")
    handling = params.get("noi-xu-ly")
    filters = {
        "klass": klass,
        "report_unit": unit.code if unit else None,
        "unit": handling,
        "level": params.get("cap"),
        "field": params.get("linh-vuc"),
        "procedure": params.get("thu-tuc"),
    }
    where = [
        text
        for text in (
            unit.name if unit else "",
            handling or "",
            LEVELS.get(params.get("cap", ""), ""),
            params.get("linh-vuc", ""),
            params.get("thu-tuc", ""),
        )
        if text
    ]
    return filters, CLASS_LABELS.get(klass, klass) + (f" — {', '.join(where)}" if where else "")


@login_required
@require_safe
def dossier_list(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The dossiers behind a figure (?chi-tieu=&don-vi=, or ?nhom=&cap=&linh-vuc=&noi-xu-ly=&thu-tuc=)."""
    record = get_object_or_404(DossierImport.objects.select_related("period"), pk=pk, status="done")
    if not record.store.exists():
        raise Http404("Lần nhập này đã được thay bằng lần nhập mới hơn của cùng hệ thống.")
    if not all(store.exists() for store in record.stores):
        raise Http404("Số liệu của lần nhập này có tính tệp của một hệ thống khác nay đã được nhập lại.")
    filters, title = _selection(request, record)
    export = request.GET.get("dinh-dang")
    if export in ("csv", "xlsx"):
        try:
            path = services.export_dossiers(record, export, **filters)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(f"{request.path}?{_without_export(request)}")
        stream = path.open("rb")
        path.unlink()  # the open file streams on; nothing stays on disk
        return FileResponse(
            stream,
            as_attachment=True,
            filename=f"ho-so-{record.period.code}.{export}",
            content_type=XLSX_CONTENT_TYPE if export == "xlsx" else "text/csv; charset=utf-8",
        )
    table, total = services.first_dossiers(record, SHOWN_ROWS, **filters)
    return render(
        request,
        "dossiers/list.html",
        {
            "record": record,
            "title": title,
            "total": total,
            "rows": [_shown(row) for row in table.to_pylist()],
            "shown": table.num_rows,
            "query": _without_export(request),
        },
    )


def _without_export(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("dinh-dang", None)
    return query.urlencode()


def _calendar_years(text: str) -> list[dict[str, object]]:
    """The years a calendar lists with their official days, for the page."""
    calendar = parse_calendar(text, services.CALENDAR_NAME)
    return [
        {
            "year": year,
            "source": days.source,
            "days_off": sorted(days.days_off),
            "working_days": sorted(days.working_days),
        }
        for year, days in sorted(calendar.years.items())
    ]


@login_required
@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The working-day calendar in force, its earlier versions, and the upload form for Sở Nội vụ."""
    _province_only(request)
    versions = list(CalendarVersion.objects.select_related("uploaded_by")[:20])
    in_force = versions[0] if versions else None
    return render(
        request,
        "dossiers/calendar.html",
        {
            "in_force": in_force,
            "years": _calendar_years(services.calendar_text(in_force)),
            "versions": versions,
            "may_import": _may_import(request.user),
        },
    )


@login_required
@require_POST
def calendar_upload(request: HttpRequest) -> HttpResponse:
    """Put an uploaded calendar in force for the imports to come."""
    if not _may_import(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ (thẩm định) và quản trị được thay lịch ngày làm việc.")
    try:
        version = services.upload_calendar(request.user, request.FILES.get("calendar"))
    except services.UploadError as error:
        messages.error(request, str(error))
        return redirect("dossier-calendar")
    messages.success(
        request,
        f"Các lần nhập từ nay tính theo lịch «{version.file_name}»; "
        "các lần nhập trước vẫn tính theo lịch chúng đã dùng.",
    )
    return redirect("dossier-calendar")


@login_required
@require_safe
def calendar_download(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A calendar version as its TOML file (the one in force when no version is named)."""
    _province_only(request)
    version = get_object_or_404(CalendarVersion, pk=pk) if pk else CalendarVersion.objects.first()
    response = HttpResponse(services.calendar_text(version), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lich-lam-viec.toml"'
    return response
