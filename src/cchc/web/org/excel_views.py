"""Sở Nội vụ's page of the unit tree: the units in force on a day, the whole tree as Excel or CSV, and a
units file imported all or nothing (`org.units`)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.periods import parse_day
from cchc.documents.xlsx_form import MAX_FILE_BYTES, XLSX_CONTENT_TYPE
from cchc.web.org.access import runs_province, sees_province
from cchc.web.org.excel import UnitsFileError, read_units_file, write_units_csv, write_units_xlsx
from cchc.web.org.models import LEVEL_CHOICES, Confidence, OrgUnit
from cchc.web.org.units import UnitsImportError, export_rows, import_units, in_tree_order

DAY_PARAM = "ngay"
MAX_SHOWN_PROBLEMS = 50


def _day(request: HttpRequest) -> tuple[dt.date | None, str]:
    """The ?ngay= of the page (dd/mm/yyyy or yyyy-mm-dd; default today; "tat-ca" for every unit) and a
    problem to show when it could not be read."""
    text = request.GET.get(DAY_PARAM, "").strip()
    if text == "tat-ca":
        return None, ""
    if not text:
        return timezone.localdate(), ""
    try:
        return parse_day(text), ""
    except ValueError:
        pass
    return (
        timezone.localdate(),
        f"Ngày «{text[:20]}» không đọc được (dạng dd/mm/yyyy); đang hiện ngày hôm nay.",
    )


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    """The units in force on a day (or all), with their history: predecessors, dates, confidence marks."""
    if not sees_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ xem được danh sách đơn vị của tỉnh.")
    day, problem = _day(request)
    chosen = OrgUnit.objects.select_related("parent").prefetch_related("predecessors", "successors")
    if day is not None:
        chosen = chosen.active_on(day)
    tree = in_tree_order(chosen)
    counts = {label: sum(1 for unit, _ in tree if unit.level == level) for level, label in LEVEL_CHOICES}
    context = {
        "tree": tree,
        "day": day,
        "day_text": day.strftime("%d/%m/%Y") if day else "",
        "problem": problem,
        "counts": {label: count for label, count in counts.items() if count},
        "unsure": sum(
            1 for unit, _ in tree if unit.confidence in (Confidence.SECONDARY, Confidence.INFERRED)
        ),
        "may_import": runs_province(request.user),
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
    }
    return render(request, "org/units.html", context)


@login_required
@require_GET
def units_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The units (of ?ngay=, or all) as .xlsx or .csv, in the columns an import reads."""
    if not sees_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ xuất được danh sách đơn vị của tỉnh.")
    day, _ = _day(request) if request.GET.get(DAY_PARAM) else (None, "")
    rows = export_rows(day)
    suffix = f"-{day:%Y-%m-%d}" if day else ""
    if fmt == "xlsx":
        response = HttpResponse(
            write_units_xlsx(rows, title="Danh sách đơn vị"), content_type=XLSX_CONTENT_TYPE
        )
    else:
        response = HttpResponse(write_units_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="don-vi{suffix}.{fmt}"'
    return response


@login_required
@require_POST
def units_import(request: HttpRequest) -> HttpResponse:
    """A units file (.xlsx or .csv) imported all or nothing; every problem is listed with its line."""
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ nhập được danh sách đơn vị.")
    back = reverse("units")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp danh sách đơn vị (.xlsx hoặc .csv).")
        return redirect(back)
    name = upload.name or "tep"
    if (upload.size or 0) > MAX_FILE_BYTES:
        messages.error(request, f"Tệp «{name}» quá lớn; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return redirect(back)
    try:
        result = import_units(read_units_file(name, upload.read()))
    except (UnitsFileError, UnitsImportError) as error:
        messages.error(request, f"Chưa nhập tệp «{name}» (không đơn vị nào được ghi):")
        for text in error.problems[:MAX_SHOWN_PROBLEMS]:
            messages.error(request, text)
        if len(error.problems) > MAX_SHOWN_PROBLEMS:
            messages.error(request, f"… và {len(error.problems) - MAX_SHOWN_PROBLEMS} lỗi khác.")
        return redirect(back)
    messages.success(
        request,
        f"Đã nhập tệp «{name}»: thêm {len(result.created)} đơn vị, sửa {len(result.changed)}, "
        f"giữ nguyên {result.unchanged}.",
    )
    return redirect(back)
