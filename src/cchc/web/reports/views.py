"""The province report of a period: the page where Sở Nội vụ writes its texts, and the downloads.

Access (see docs/report.md): the province report aggregates every unit, so only users who see the
whole province (administrator, reviewer, viewer: `sees_province`) may download it; only the
administrator and reviewers may edit its texts. A unit's reporter gets 403, as on the period's page.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cchc.documents.writer import PdfError, PdfUnavailableError, write_docx, write_pdf, write_xlsx
from cchc.documents.writer.data import default_recipients
from cchc.documents.writer.docx import TEMPLATE_ERRORS, template_problem
from cchc.documents.writer.template import TEMPLATE_PATH
from cchc.documents.xlsx_form import XLSX_CONTENT_TYPE
from cchc.scratch import scratch_folder
from cchc.web.middleware import request_id_of
from cchc.web.org.access import Action, can, runs_province, sees_province
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import WorkflowError, catalogue_for
from cchc.web.reporting.views import load_period_unit
from cchc.web.reports.forms import ReportTextForm
from cchc.web.reports.models import ReportText, UnitEvidence, UnitReport
from cchc.web.reports.services import carried_tasks, confirm_download, report_data, report_problems
from cchc.web.reports.unit_reports import (
    EVIDENCE_KINDS,
    MAX_EVIDENCE_BYTES,
    MAX_REPORT_BYTES,
    UnitReportError,
    checked,
    receive_evidence,
    receive_report,
    return_unit,
)
from cchc.web.reports.word_template import (
    TemplateError,
    install_template,
    province_template,
    remove_template,
)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
    "pdf": "application/pdf",
}


def may_edit_report(user: object) -> bool:
    """Whether the user may write the province report's texts (administrator or reviewer)."""
    return runs_province(user)


def _period(code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, code=code)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, period: str) -> HttpResponse:
    """Write the report's paragraphs per section and its settings (số hiệu, date, signer, Nơi nhận)."""
    if not may_edit_report(request.user):
        raise PermissionDenied("Chỉ chuyên viên thẩm định và quản trị được soạn nội dung báo cáo của tỉnh.")
    reporting_period = _period(period)
    text = ReportText.objects.filter(period=reporting_period).first() or ReportText(
        period=reporting_period,
        recipients="\n".join(default_recipients(catalogue_for(reporting_period))),
    )
    form = ReportTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.period = reporting_period
            saved.updated_by = request.user  # type: ignore[assignment]
            saved.save()
        messages.success(request, "Đã lưu nội dung báo cáo.")
        return redirect("report-edit", period=reporting_period.code)
    return render(
        request,
        "reports/edit.html",
        {
            "period": reporting_period,
            "form": form,
            "text": text,
            "own_template": province_template(),
            "carried": carried_tasks(reporting_period),
        },
    )


@login_required
@require_http_methods(["POST"])
def upload_template(request: HttpRequest, period: str) -> HttpResponse:
    """Make an uploaded Word file the province's template, after trying it on this period's figures."""
    if not may_edit_report(request.user):
        raise PermissionDenied("Chỉ chuyên viên thẩm định và quản trị được thay mẫu báo cáo.")
    reporting_period = _period(period)
    upload = request.FILES.get("file")
    if request.POST.get("goc"):
        if remove_template():
            messages.success(request, "Đã trở lại mẫu Word gốc của hệ thống.")
    elif upload is None:
        messages.error(request, "Chưa chọn tệp mẫu Word.")
    else:
        try:
            warnings = install_template(upload.read(), report_data(reporting_period))
        except TemplateError as error:
            messages.error(request, f"Chưa thay mẫu: {error}")
        else:
            messages.success(request, f"Đã dùng mẫu «{upload.name}» cho báo cáo của tỉnh.")
            for warning in warnings:
                messages.warning(request, warning)
    return redirect("report-edit", period=reporting_period.code)


@login_required
@require_safe
def template_file(request: HttpRequest, period: str) -> HttpResponse:
    """The Word template in use (the province's, else the shipped one), to edit in Word."""
    if not may_edit_report(request.user):
        raise PermissionDenied("Chỉ chuyên viên thẩm định và quản trị được tải mẫu báo cáo.")
    _period(period)
    path = province_template() or TEMPLATE_PATH
    response = HttpResponse(path.read_bytes(), content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = 'attachment; filename="mau-bao-cao-cchc.docx"'
    return response


def _report_file(period: ReportingPeriod, fmt: str, approved_only: bool) -> HttpResponse:
    """The province report of the period as a file (or the page-less message why it could not be made)."""
    report = report_data(period, approved_only=approved_only)
    name = f"bao-cao-cchc-{period.code}{'-da-duyet' if approved_only else ''}.{fmt}"
    buffer = io.BytesIO()
    try:
        if fmt == "docx":
            write_docx(report, buffer, template=province_template())
        elif fmt == "xlsx":
            write_xlsx(report, buffer)
        else:
            with scratch_folder("report") as work:
                try:
                    write_pdf(report, Path(work, name), template=province_template())
                except PdfUnavailableError as error:
                    return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
                except PdfError as error:
                    return HttpResponse(str(error), status=500, content_type="text/plain; charset=utf-8")
                buffer.write(Path(work, name).read_bytes())
    except TEMPLATE_ERRORS as error:
        # A province template that passed its upload check on another period's figures.
        return HttpResponse(
            f"Mẫu Word riêng của tỉnh không điền được số liệu kỳ này: {template_problem(error)} Hãy sửa "
            "mẫu hoặc trở lại mẫu gốc ở trang «Báo cáo CCHC của tỉnh» của kỳ (liên kết «Soạn nội dung báo "
            "cáo»).",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download_request(request: HttpRequest, period: str, fmt: str) -> ReportingPeriod:
    """The period of a download the user may make, in a format that exists."""
    if not sees_province(request.user):
        raise PermissionDenied("Báo cáo của tỉnh dành cho Sở Nội vụ và người xem toàn tỉnh.")
    if fmt not in CONTENT_TYPES:
        raise Http404("Không có định dạng này.")
    return _period(period)


@login_required
@require_safe
def download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """The province report of the period as .docx, .xlsx or .pdf; while the period has errors, only
    after the confirmation page (`confirm_download_page`)."""
    reporting_period = _download_request(request, period, fmt)
    # ?duyet=1: only the approved forms (the figures fit to sign); by default every figure entered.
    approved_only = request.GET.get("duyet") == "1"
    if report_problems(reporting_period).of_format(fmt).count:
        query = "?duyet=1" if approved_only else ""
        return redirect(reverse("report-confirm", args=[reporting_period.code, fmt]) + query)
    return _report_file(reporting_period, fmt, approved_only)


FORMAT_LABELS = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_download_page(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    """Before a report that is not ready to sign leaves: the figures' errors, the sections not written
    yet and the signature block's gaps, the ways to fix each, and a confirmation naming how many there
    are; the confirmed download is recorded, then the file is sent."""
    reporting_period = _download_request(request, period, fmt)
    approved_only = (request.POST if request.method == "POST" else request.GET).get("duyet") == "1"
    problems = report_problems(reporting_period).of_format(fmt)
    problem = ""
    if request.method == "POST":
        if not problems.count:
            return _report_file(reporting_period, fmt, approved_only)
        if request.POST.get("so-loi") != str(problems.count):
            problem = (
                f"Báo cáo đã thay đổi từ khi bạn mở trang: nay còn {problems.summary}. "
                "Hãy xem lại rồi xác nhận."
            )
        elif request.POST.get("xac-nhan") != "1":
            problem = f"Hãy đánh dấu ô xác nhận đã biết báo cáo còn {problems.summary}."
        else:
            confirm_download(
                reporting_period,
                request.user,
                file_format=fmt,
                approved_only=approved_only,
                problems=problems,
                request_id=request_id_of(request),
            )
            return _report_file(reporting_period, fmt, approved_only)
    elif not problems.count:
        query = "?duyet=1" if approved_only else ""
        return redirect(reverse("report-download", args=[reporting_period.code, fmt]) + query)
    context = {
        "period": reporting_period,
        "fmt": fmt,
        "fmt_label": FORMAT_LABELS[fmt],
        "approved_only": approved_only,
        "problems": problems,
        "problem": problem,
    }
    return render(request, "reports/confirm_download.html", context, status=422 if problem else 200)


# --- a unit's own report ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def unit_report(request: HttpRequest, period: str, unit: str) -> HttpResponse:
    """A unit's own report for the period: send it (checked against the unit's forms), read what the
    check found, the earlier uploads; Sở Nội vụ returns the report and the forms with one comment."""
    reporting_period, unit_obj = load_period_unit(request, period, unit)
    may_send = reporting_period.is_open and can(request.user, Action.EDIT, unit_obj)
    may_return = can(request.user, Action.REVIEW, unit_obj)
    if request.method == "POST":
        try:
            if request.POST.get("tra-lai") and may_return:
                count = return_unit(unit_obj, reporting_period, request.user, request.POST.get("ly-do", ""))
                messages.success(
                    request,
                    f"Đã trả lại báo cáo và {count} biểu mẫu đã gửi của {unit_obj.name}."
                    if count
                    else f"Đã trả lại báo cáo của {unit_obj.name}; đơn vị chưa gửi biểu mẫu nào để trả lại.",
                )
            elif may_send and (sent := request.FILES.get("kiem-chung")) is not None:
                evidence = receive_evidence(
                    unit_obj, reporting_period, request.user, sent.name or "", sent.read()
                )
                messages.success(request, f"Đã nhận tài liệu kiểm chứng «{evidence.name}».")
            elif may_send and request.FILES.get("file") is not None:
                upload = request.FILES.get("file")
                assert upload is not None
                report = receive_report(
                    unit_obj, reporting_period, request.user, upload.name or "", upload.read()
                )
                messages.success(
                    request,
                    f"Đã nhận báo cáo «{report.name}»: {report.errors} lỗi, {report.warnings} cảnh báo "
                    "so với số liệu đơn vị đã nhập.",
                )
            else:
                raise PermissionDenied("Bạn không gửi hoặc trả lại được báo cáo của đơn vị này.")
        except (UnitReportError, WorkflowError) as error:
            messages.error(request, str(error))
        return redirect("unit-report", period=reporting_period.code, unit=unit_obj.code)
    reports = list(
        UnitReport.objects.filter(unit=unit_obj, period=reporting_period).select_related("uploaded_by")
    )
    context = {
        "period": reporting_period,
        "unit": unit_obj,
        "latest": checked(reports[0]) if reports else None,
        "earlier": reports[1:],
        "evidence": UnitEvidence.objects.filter(unit=unit_obj, period=reporting_period).select_related(
            "uploaded_by"
        ),
        "may_send": may_send,
        "may_return": may_return,
        "max_mb": MAX_REPORT_BYTES // 1024 // 1024,
        "max_evidence_mb": MAX_EVIDENCE_BYTES // 1024 // 1024,
        "evidence_accept": ",".join(EVIDENCE_KINDS),
    }
    return render(request, "reports/unit_report.html", context)


@login_required
@require_safe
def unit_report_file(request: HttpRequest, period: str, unit: str, pk: int) -> HttpResponse:
    """One uploaded report as it was sent, to those who may see the unit."""
    reporting_period, unit_obj = load_period_unit(request, period, unit)
    report = get_object_or_404(UnitReport, pk=pk, unit=unit_obj, period=reporting_period)
    response = HttpResponse(bytes(report.content), content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{unit_obj.code}-{reporting_period.code}.docx"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def unit_evidence_file(request: HttpRequest, period: str, unit: str, pk: int) -> HttpResponse:
    """One evidence file as it was sent, to those who may see the unit; downloaded, never shown inline."""
    reporting_period, unit_obj = load_period_unit(request, period, unit)
    evidence = get_object_or_404(UnitEvidence, pk=pk, unit=unit_obj, period=reporting_period)
    ending = evidence.name.rsplit(".", 1)[-1].lower()
    response = HttpResponse(bytes(evidence.content), content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="kiem-chung-{unit_obj.code}-{reporting_period.code}-{evidence.pk}.{ending}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
