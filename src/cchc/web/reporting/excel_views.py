"""Download a unit's form as XLSX and upload it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue, Severity
from cchc.core.numbers import Cell, CellKind, parse_cell
from cchc.core.validation import validate
from cchc.documents.xlsx_form import (
    MAX_FILE_BYTES,
    XLSX_CONTENT_TYPE,
    FormUpload,
    XlsxFormError,
    read_upload,
    write_form,
)
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
    submission = Submission.objects.filter(unit=unit_obj, period=period_obj, form=form).first()
    # Figures a register or an import fills are locked and marked in the file, blank or not.
    sourced = dict(submission.values.exclude(source="").values_list("code", "source")) if submission else {}
    if not blank:
        cells = with_computed(catalogue, unit_cells(unit_obj, period_obj), level=unit_obj.level_enum)
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
        sourced=sourced,
    )
    name = f"BM{form}-{unit_obj.code}-{period_obj.code}{'-trong' if blank else ''}.xlsx"
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _problem_list(intro: str, problems: list[str]) -> str:
    return format_html("{}<ul>{}</ul>", intro, format_html_join("", "<li>{}</li>", ((p,) for p in problems)))


def _named(upload: FormUpload, code: str, message: str) -> str:
    """A problem of one row, led by the file's cell of that row when it has one."""
    return f"{upload.cells[code]}: {message}" if code in upload.cells else message


def _parsed(upload: FormUpload) -> dict[str, tuple[Cell, str | None]]:
    return {code: (parse_cell(raw)[0], note) for code, (raw, note) in upload.entries.items()}


def _file_problems(loaded: _Form, submission: Submission, upload: FormUpload, user: Any) -> list[str]:
    """What the file's cells cannot hold: unreadable cells, then figures a register or import fills
    (the hint on who corrects them worded for `user`)."""
    existing = {value.code: value for value in submission.values.all()} if submission.pk else {}
    sourced = services.sourced_changes(loaded.catalogue, submission, existing, _parsed(upload), user)
    return upload.problems + [_named(upload, code, message) for code, message in sourced.items()]


def _figure_problems(loaded: _Form, upload: FormUpload, named: list[str]) -> list[str]:
    """The errors the file's figures would have in the form (3.3.2 above 3.3.1 …), each with its cell, so a
    refused file lists all it needs at once; rows already named are not repeated."""
    typed = {code: cell for code, (cell, _) in _parsed(upload).items()}
    cells = with_computed(loaded.catalogue, {**unit_cells(loaded.unit, loaded.period), **typed})
    found = []
    for finding in validate(loaded.catalogue, cells):
        code = finding.codes[0] if finding.codes else ""
        if finding.severity is not Severity.ERROR or finding.form != loaded.form:
            continue
        line = _named(upload, code, finding.message)
        if (
            not any(problem.startswith(upload.cells.get(code, line)) for problem in named)
            and line not in found
        ):
            found.append(line)
    return found


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
        upload_read = read_upload(
            upload.read(),
            loaded.catalogue,
            form,
            unit_code=loaded.unit.code,
            period_code=loaded.period.code,
            allowed_codes=services.input_codes(loaded.catalogue, loaded.unit, form),
            template_id=loaded.period.template,
            current_version=submission.version,
        )
    except XlsxFormError as error:
        messages.error(request, _problem_list(refused, error.problems))
        return HttpResponseRedirect(entry_url)
    problems = _file_problems(loaded, submission, upload_read, request.user)
    if not problems:
        try:
            result = services.save_values(
                submission,
                request.user,
                _changed(submission, upload_read.entries),
                channel=Channel.EXCEL,
                expected_version=submission.version,
                request_id=request_id_of(request),
            )
        except services.SaveError as error:
            problems = [_named(upload_read, code, message) for code, message in error.problems.items()]
    if problems:
        problems += _figure_problems(loaded, upload_read, problems)
        messages.error(request, _problem_list(refused, problems))
        return HttpResponseRedirect(entry_url)
    messages.success(request, f"Đã nhận tệp Excel: {result.changed} thay đổi.")
    return HttpResponseRedirect(entry_url)
