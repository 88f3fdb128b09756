"""The registers' Excel pages: a list downloaded with the page's filters and scope, and a file of items
uploaded, all or nothing (the workbooks themselves: `excel`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.documents.xlsx_form import MAX_FILE_BYTES, XLSX_CONTENT_TYPE, XlsxFormError
from cchc.web.middleware import request_id_of
from cchc.web.org.access import Action, units_for
from cchc.web.registers import excel, services
from cchc.web.registers.views import ListFilters, messages_after_write, register_or_404
from cchc.web.reporting.models import Channel


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The list as an Excel file, with the same filters and the same scoping as the page."""
    register = register_or_404(kind)
    filters = ListFilters(request, register)
    today = timezone.localdate()
    data = excel.write_register(register, filters.apply(filters.scoped(request), today), today=today)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.filename(register)}"'
    return response


@login_required
@require_POST
def import_(request: HttpRequest, kind: str) -> HttpResponse:
    """An Excel file of items (new lines without Mã số, changed lines with it), all or nothing."""
    register = register_or_404(kind)
    if not units_for(request.user, Action.EDIT).exists():
        raise PermissionDenied("Bạn không có quyền nhập sổ theo dõi cho đơn vị nào.")
    upload = request.FILES.get("file")
    back = reverse("register-list", args=[register.kind.value])
    if upload is None:
        messages.error(request, "Chưa chọn tệp Excel.")
        return redirect(back)
    if (upload.size or 0) > MAX_FILE_BYTES:
        messages.error(request, "Tệp quá lớn; tối đa 5 MB.")
        return redirect(back)
    try:
        rows = excel.read_register(
            register,
            upload.read(),
            units=services.unit_choices(request.user, register),
            owners=services.owner_choices(request.user, register),
            editable_items=services.items_for(request.user, register, Action.EDIT),
            allowed=services.fields_checker(request.user),
            today=timezone.localdate(),
        )
    except XlsxFormError as error:
        messages.error(request, f"Chưa nhập được tệp «{upload.name}» (không có mục nào được ghi):")
        for text in error.problems[:50]:
            messages.error(request, text)
        if len(error.problems) > 50:
            messages.error(request, f"… và {len(error.problems) - 50} lỗi khác.")
        return redirect(back)
    result = services.save_items(
        register, rows, request.user, channel=Channel.EXCEL, request_id=request_id_of(request)
    )
    messages_after_write(
        request, result, f"Đã nhập tệp «{upload.name}»: thêm {result.created} mục, sửa {result.changed} mục."
    )
    return redirect(back)
