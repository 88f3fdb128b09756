"""Download a unit's form as XLSX and upload it back."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue
from cchc.core.numbers import CellKind, parse_cell
from cchc.documents.xlsx_form import MAX_FILE_BYTES, XLSX_CONTENT_TYPE, XlsxFormError, read_form, write_form
from cchc.web.middleware import request_id_of
from cchc.web.org.access import Action, can
from cchc.web.org.models import OrgUnit
from cchc.web.reporting import services
from cchc.web.reporting.models import Channel, ReportingPeriod, Submission
from cchc.web.reporting.values import unit_cells
from cchc.web.reporting.views import load_period_unit


@dataclass
class _Form:
    """One unit's form for one period, loaded for a user allowed the requested action."""

    period: ReportingPeriod
    unit: OrgUnit
    form: int
    catalogue: Catalogue


def _load(request: HttpRequest, period: str, unit: str, form: int, action: Action) -> _Form:
    """The unit's form if the user may `action` it: 404 if the user may not even see it, else 403."""
    period_obj, unit_obj = load_period_unit(request, period, unit)
    if action is not Action.VIEW and not can(request.user, action, unit_obj):
        raise PermissionDenied("Bạn không có quyền nhập số liệu cho đơn vị này.")
    catalogue = services.catalogue_for(period_obj)
    if form not in {f.number for f in catalogue.forms}:
        raise Http404("Không có biểu mẫu này.")
    return _Form(period_obj, unit_obj, form, catalogue)


def _entry_url(loaded: _Form) -> str:
    return reverse(
        "entry", kwargs={"period": loaded.period.code, "unit": loaded.unit.code, "form": loaded.form}
    )


@login_required
@require_GET
def excel_download(request: HttpRequest, period: str, unit: str, form: int) -> HttpResponse:
    """The unit's form as an Excel file laid out like the paper form (?trong=1: the blank form)."""
    loaded = _load(request, period, unit, form, Action.VIEW)
    catalogue, unit_obj, period_obj = loaded.catalogue, loaded.unit, loaded.period
    blank = request.GET.get("trong") == "1"
    cells, notes, version = {}, {}, None
    if not blank:
        cells = with_computed(catalogue, unit_cells(unit_obj, period_obj), level=unit_obj.level_enum)
        submission = Submission.objects.filter(unit=unit_obj, period=period_obj, form=form).first()
        notes = services.notes_of(submission) if submission else {}
        version = submission.version if submission else 0
    data = write_form(
        catalogue,
        form,
        services.entry_rows(catalogue, unit_obj, form),
        cells,
        notes,
        unit_name=unit_obj.name,
        unit_code=unit_obj.code,
        period_code=period_obj.code,
        period_label=period_obj.label,
        template_id=period_obj.template,
        version=version,
    )
    name = f"BM{form}-{unit_obj.code}-{period_obj.code}{'-trong' if blank else ''}.xlsx"
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _problem_list(intro: str, problems: list[str]) -> str:
    return format_html("{}<ul>{}</ul>", intro, format_html_join("", "<li>{}</li>", ((p,) for p in problems)))


def _changed(
    submission: Submission, entries: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str | None]]:
    """Only the cells that differ from what is stored, so re-uploading a file records no false changes.

    Excel gives "1.250" for a stored "1250": the same number, so it is not a change.
    """
    stored = {value.code: value for value in submission.values.all()} if submission.pk else {}
    changed: dict[str, tuple[str, str | None]] = {}
    for code, (raw, note) in entries.items():
        cell, _ = parse_cell(raw)
        value = stored.get(code)
        if value is None:
            same = cell.kind is CellKind.BLANK and not note
        else:
            old = value.cell
            same = (
                old.kind == cell.kind
                and old.number == cell.number
                and (cell.kind is not CellKind.TEXT or old.text == cell.text)
                and value.note == note.strip()
            )
        if not same:
            changed[code] = (raw, note)
    return changed


@login_required
@require_POST
def excel_upload(request: HttpRequest, period: str, unit: str, form: int) -> HttpResponse:
    """Take a filled-in Excel form: every cell or none, with every problem named by sheet and cell."""
    loaded = _load(request, period, unit, form, Action.EDIT)
    entry_url = _entry_url(loaded)
    # Not created yet when never written: save_values creates it, so a refused upload leaves no row.
    submission = Submission.objects.filter(unit=loaded.unit, period=loaded.period, form=form).first()
    submission = submission or Submission(unit=loaded.unit, period=loaded.period, form=form)
    refused = "Chưa nhận tệp Excel, chưa lưu số liệu nào:"
    if not submission.editable:
        state = submission.get_status_display()
        messages.error(request, f"Biểu mẫu đang ở trạng thái «{state}», không sửa được.")
        return HttpResponseRedirect(entry_url)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp Excel để tải lên.")
        return HttpResponseRedirect(entry_url)
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        messages.error(request, _problem_list(refused, ["Tệp quá lớn; tối đa 5 MB."]))
        return HttpResponseRedirect(entry_url)
    try:
        entries = read_form(
            upload.read(),
            loaded.catalogue,
            form,
            unit_code=loaded.unit.code,
            period_code=loaded.period.code,
            allowed_codes=services.input_codes(loaded.catalogue, loaded.unit, form),
            template_id=loaded.period.template,
            current_version=submission.version,
        )
        result = services.save_values(
            submission,
            request.user,
            _changed(submission, entries),
            channel=Channel.EXCEL,
            expected_version=submission.version,
            request_id=request_id_of(request),
        )
    except XlsxFormError as error:
        messages.error(request, _problem_list(refused, error.problems))
        return HttpResponseRedirect(entry_url)
    except services.SaveError as error:
        messages.error(request, _problem_list(refused, list(error.problems.values())))
        return HttpResponseRedirect(entry_url)
    messages.success(request, f"Đã nhận tệp Excel: {result.changed} thay đổi.")
    return HttpResponseRedirect(entry_url)
