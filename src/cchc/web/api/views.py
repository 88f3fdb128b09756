"""The API's endpoints: thin functions that resolve the scoped objects, call a service and shape the answer.

Every unit is looked up through `units_for(user, Action.VIEW)`, so a unit the caller may not see answers
404 exactly like a unit that does not exist; a unit the caller sees but may not change answers 403.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from cchc.catalogues import default_catalogue
from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue, Level
from cchc.core.indicators import indicator_figures
from cchc.core.numbers import BLANK
from cchc.core.validation import Finding
from cchc.web.api.auth import caller, session_auth
from cchc.web.api.errors import ApiError, errors
from cchc.web.api.schemas import (
    CatalogueOut,
    CellOut,
    ChangeOut,
    EventOut,
    FigureOut,
    FindingOut,
    FormValuesOut,
    IndicatorOut,
    OptionOut,
    PeriodOut,
    RowOut,
    SavedOut,
    StatusName,
    SubmissionOut,
    TokenIn,
    TokenOut,
    TransitionIn,
    UnitOut,
    ValuesIn,
    decimal_text,
)
from cchc.web.api.schemas import FormOut as CatalogueFormOut
from cchc.web.org.access import Action, can, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.org.tokens import new_token
from cchc.web.reporting.models import Channel, ReportingPeriod, Submission, ValueChange, WorkflowEvent
from cchc.web.reporting.services import (
    ConflictError,
    SaveError,
    WorkflowError,
    allowed_actions,
    catalogue_for,
    entry_rows,
    notes_of,
    on_time,
    period_findings,
    province_aggregate,
    reporting_units,
    save_values,
    submission_for,
    transition,
    unit_findings,
)
from cchc.web.reporting.values import unit_cells

router = Router()

PERIOD = Path(..., description="Mã kỳ báo cáo", examples=["2023Q1"], max_length=8)
UNIT = Path(..., description="Mã đơn vị", examples=["so-tu-phap"], max_length=64)
LEVEL = Query(None, description="Chỉ tổng hợp các đơn vị một cấp (tinh, so, huyen, xa)")
FORM = Path(..., ge=1, le=7, description="Số Biểu mẫu (1–7)", examples=[3])


# --- lookups: the only places that turn path parameters into objects -------------------------------------


def _period(code: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(code=code).first()
    if period is None:
        raise ApiError(404, f"Không có kỳ báo cáo «{code}».")
    return period


def _unit(user: Any, code: str, period: ReportingPeriod) -> OrgUnit:
    # As on the pages: a unit the user may see that was in force at the end of the period's window.
    unit = units_for(user, Action.VIEW).active_on(period.window_end).filter(code=code).first()
    if unit is None:
        # The same answer for "no such unit" and "not yours": the API never confirms a unit it hides.
        raise ApiError(404, f"Không có đơn vị «{code}» hoặc bạn không được xem số liệu của đơn vị này.")
    return unit


def _form(catalogue: Catalogue, form: int) -> int:
    try:
        catalogue.form(form)
    except KeyError:
        raise ApiError(404, f"Mẫu biểu không có Biểu mẫu {form}.") from None
    return form


def _existing_submission(unit: OrgUnit, period: ReportingPeriod, form: int) -> Submission:
    """The stored submission, or an unsaved empty draft: reading a form never writes to the database."""
    found = Submission.objects.filter(unit=unit, period=period, form=form).first()
    return found if found is not None else Submission(unit=unit, period=period, form=form)


# --- shaping ----------------------------------------------------------------------------------------------


def _finding(finding: Finding, unit: OrgUnit | None = None) -> FindingOut:
    return FindingOut(
        unit=unit.code if unit is not None else None,
        rule=finding.rule,
        severity=finding.severity.value,
        message=finding.message,
        form=finding.form,
        codes=list(finding.codes),
        expected=decimal_text(finding.expected),
        actual=decimal_text(finding.actual),
    )


def _form_values(user: Any, unit: OrgUnit, period: ReportingPeriod, form: int) -> dict[str, Any]:
    catalogue = catalogue_for(period)
    submission = _existing_submission(unit, period, form)
    stored = unit_cells(unit, period)
    computed = with_computed(catalogue, stored, level=unit.level_enum)
    notes = notes_of(submission) if submission.pk else {}
    values = []
    for row in entry_rows(catalogue, unit, form):
        if not row.has_value:
            continue
        is_computed = row.formula is not None
        cell = (computed if is_computed else stored).get(row.code, BLANK)
        values.append(
            {
                "code": row.code,
                "stt": row.stt,
                "kind": cell.kind.value,
                "text": cell.text,
                "number": decimal_text(cell.number),
                "note": notes.get(row.code, ""),
                "computed": is_computed,
            }
        )
    findings = [f for f in unit_findings(catalogue, unit, period, stored) if f.form == form]
    return {
        "period": period.code,
        "unit": unit.code,
        "form": form,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "version": submission.version,
        "editable": submission.editable and can(user, Action.EDIT, unit),
        "actions": allowed_actions(submission, user),
        "values": values,
        "findings": [_finding(f, unit) for f in findings],
    }


def _submission(submission: Submission) -> SubmissionOut:
    return SubmissionOut(
        unit=submission.unit.code,
        unit_name=submission.unit.name,
        form=submission.form,
        status=cast(StatusName, submission.status),
        status_label=submission.get_status_display(),
        version=submission.version,
        submitted_at=submission.submitted_at,
        approved_at=submission.approved_at,
        on_time=on_time(submission),
    )


# --- reference data -----------------------------------------------------------------------------------


@router.get(
    "/catalogue",
    response={200: CatalogueOut, **errors(404)},
    summary="Danh mục Biểu mẫu và chỉ tiêu",
    tags=["Danh mục"],
)
def catalogue(request: HttpRequest, period: str | None = Query(None, max_length=8)) -> CatalogueOut:
    """The forms (Biểu mẫu) and their rows: codes, units, kinds, formulas, aggregation, levels, options."""
    template = catalogue_for(_period(period)) if period else default_catalogue()
    return CatalogueOut(
        id=template.id,
        version=template.version,
        title=template.title,
        source=template.source,
        forms=[
            CatalogueFormOut(
                number=form.number,
                title=form.title,
                rows=[
                    RowOut(
                        code=row.code,
                        stt=row.stt,
                        name=row.name,
                        unit=row.unit,
                        kind=row.kind.value,
                        decimals=row.decimals,
                        formula=row.formula.source if row.formula is not None else None,
                        aggregation=row.aggregation.value,
                        cumulative=row.cumulative,
                        time=row.time.value,
                        levels=[level.value for level in row.levels],
                        parent=row.parent,
                        options=[OptionOut(value=o.value, label=o.label) for o in row.options],
                    )
                    for row in form.rows
                ],
            )
            for form in template.forms
        ],
    )


@router.get(
    "/units", response={200: list[UnitOut], **errors()}, summary="Các đơn vị được xem", tags=["Danh mục"]
)
def units(request: HttpRequest) -> list[UnitOut]:
    """The units the caller may see."""
    return [
        UnitOut(
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            level=unit.level,
            parent=unit.parent.code if unit.parent is not None else None,
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
        )
        for unit in units_for(caller(request), Action.VIEW).select_related("parent")
    ]


@router.get(
    "/periods", response={200: list[PeriodOut], **errors()}, summary="Các kỳ báo cáo", tags=["Danh mục"]
)
def periods(request: HttpRequest) -> list[PeriodOut]:
    """The reporting periods with their cut-off windows and deadlines."""
    return [
        PeriodOut(
            code=p.code,
            label=p.label,
            template=p.template,
            window_start=p.window_start,
            window_end=p.window_end,
            unit_deadline=p.unit_deadline,
            deadline=p.deadline,
            is_open=p.is_open,
        )
        for p in ReportingPeriod.objects.all()
    ]


# --- one unit's form ----------------------------------------------------------------------------------

FORM_PATH = "/periods/{period}/units/{unit}/forms/{form}"


@router.get(
    FORM_PATH,
    response={200: FormValuesOut, **errors(404, 422)},
    summary="Đọc số liệu một Biểu mẫu của đơn vị",
    tags=["Số liệu"],
)
def read_form(
    request: HttpRequest, period: str = PERIOD, unit: str = UNIT, form: int = FORM
) -> dict[str, Any]:
    """A unit's form: status, version, every value (computed rows flagged) and the form's findings."""
    the_period = _period(period)
    the_unit = _unit(caller(request), unit, the_period)
    _form(catalogue_for(the_period), form)
    return _form_values(caller(request), the_unit, the_period, form)


@router.put(
    FORM_PATH,
    response={200: SavedOut, **errors(400, 403, 404, 409, 422)},
    summary="Ghi số liệu một Biểu mẫu của đơn vị",
    tags=["Số liệu"],
)
def write_form(
    request: HttpRequest, body: ValuesIn, period: str = PERIOD, unit: str = UNIT, form: int = FORM
) -> dict[str, Any]:
    """Save cells of a unit's form, all or nothing; `version` guards against overwriting a newer save."""
    user = caller(request)
    the_period = _period(period)
    the_unit = _unit(user, unit, the_period)
    _form(catalogue_for(the_period), form)
    entries: dict[str, tuple[str, str | None]] = {}
    duplicates: dict[str, str] = {}
    for item in body.values:
        if item.code in entries:
            duplicates[item.code] = f"Chỉ tiêu «{item.code}» được gửi hai lần trong cùng một yêu cầu."
        entries[item.code] = (item.text, item.note)
    if duplicates:
        raise ApiError(422, "Số liệu chưa được lưu: có chỉ tiêu gửi hai lần.", duplicates)
    try:
        # The empty submission is created inside the same transaction: a refused save leaves no trace.
        with transaction.atomic():
            result = save_values(
                submission_for(the_unit, the_period, form),
                user,
                entries,
                channel=Channel.API,
                expected_version=body.version,
                request_id=str(getattr(request, "request_id", "")),
            )
    except ConflictError as error:
        raise ApiError(409, _problem_detail(error), error.problems) from error
    except SaveError as error:
        raise ApiError(422, _problem_detail(error), error.problems) from error
    except PermissionDenied as error:
        raise ApiError(403, str(error) or "Bạn không được nhập số liệu cho đơn vị này.") from error
    return {**_form_values(user, the_unit, the_period, form), "changed": result.changed}


def _problem_detail(error: SaveError) -> str:
    if "" in error.problems:
        return error.problems[""]
    first = next(iter(error.problems.values()), "")
    count = len(error.problems)
    return f"Số liệu chưa được lưu: {count} chỉ tiêu có lỗi. {first}".strip()


@router.post(
    FORM_PATH + "/transitions",
    response={200: SubmissionOut, **errors(400, 403, 404, 409, 422)},
    summary="Gửi, trả lại, duyệt hoặc mở lại Biểu mẫu",
    tags=["Duyệt"],
)
def take_step(
    request: HttpRequest, body: TransitionIn, period: str = PERIOD, unit: str = UNIT, form: int = FORM
) -> SubmissionOut:
    """Send (submit), return (return), approve (approve) or reopen (reopen) a unit's form."""
    user = caller(request)
    the_period = _period(period)
    the_unit = _unit(user, unit, the_period)
    _form(catalogue_for(the_period), form)
    try:
        with transaction.atomic():
            moved = transition(
                submission_for(the_unit, the_period, form),
                user,
                body.action,
                body.comment,
                channel=Channel.API,
            )
    except WorkflowError as error:
        raise ApiError(409, str(error)) from error
    except PermissionDenied as error:
        raise ApiError(403, str(error) or "Bạn không được thực hiện thao tác này.") from error
    return _submission(moved)


@router.get(
    FORM_PATH + "/history",
    response={200: list[ChangeOut], **errors(404, 422)},
    summary="Lịch sử thay đổi số liệu",
    tags=["Số liệu"],
)
def history(
    request: HttpRequest,
    period: str = PERIOD,
    unit: str = UNIT,
    form: int = FORM,
    code: str | None = Query(None, max_length=32, description="Chỉ một chỉ tiêu, ví dụ BM3-3.1.2"),
) -> list[ChangeOut]:
    """The audit trail of the form's cells, newest first (optionally one row)."""
    the_period = _period(period)
    the_unit = _unit(caller(request), unit, the_period)
    _form(catalogue_for(the_period), form)
    changes = ValueChange.objects.filter(
        submission__unit=the_unit, submission__period=the_period, submission__form=form
    ).select_related("user")
    if code:
        changes = changes.filter(code=code)
    return [
        ChangeOut(
            code=c.code,
            old_text=c.old_text,
            new_text=c.new_text,
            old_note=c.old_note,
            new_note=c.new_note,
            user=c.user.username if c.user is not None else None,
            at=c.at,
            channel=c.channel,
            request_id=c.request_id,
        )
        for c in changes
    ]


# --- a period across units ----------------------------------------------------------------------------


@router.get(
    "/periods/{period}/submissions",
    response={200: list[SubmissionOut], **errors(404)},
    summary="Tình trạng các Biểu mẫu trong kỳ",
    tags=["Duyệt"],
)
def submissions(request: HttpRequest, period: str = PERIOD) -> list[SubmissionOut]:
    """Every form of every unit the caller sees for the period (a form not started yet shows as draft)."""
    the_period = _period(period)
    catalogue = catalogue_for(the_period)
    visible = set(units_for(caller(request), Action.VIEW).values_list("pk", flat=True))
    stored = {
        (s.unit_id, s.form): s
        for s in Submission.objects.filter(period=the_period, unit_id__in=visible).select_related(
            "unit", "period"
        )
    }
    result = []
    forms_of_level: dict[str, list[int]] = {}
    for unit in reporting_units(the_period):
        if unit.pk not in visible:
            continue
        if unit.level not in forms_of_level:
            forms_of_level[unit.level] = [
                f.number
                for f in catalogue.forms
                if any(r.has_value for r in entry_rows(catalogue, unit, f.number))
            ]
        for form in forms_of_level[unit.level]:
            submission = stored.get((unit.pk, form)) or Submission(unit=unit, period=the_period, form=form)
            result.append(_submission(submission))
    return result


@router.get(
    "/periods/{period}/events",
    response={200: list[EventOut], **errors(404, 422)},
    summary="Các bước duyệt và ý kiến",
    tags=["Duyệt"],
)
def events(
    request: HttpRequest,
    period: str = PERIOD,
    unit: str | None = Query(None, max_length=64),
    form: int | None = Query(None, ge=1, le=7),
) -> list[EventOut]:
    """Workflow steps of the period with their comments, oldest first (optionally one unit and/or form)."""
    the_period = _period(period)
    found = WorkflowEvent.objects.filter(
        submission__period=the_period, submission__unit__in=units_for(caller(request), Action.VIEW)
    ).select_related("submission__unit", "user")
    if unit:
        found = found.filter(submission__unit=_unit(caller(request), unit, the_period))
    if form is not None:
        found = found.filter(submission__form=form)
    return [
        EventOut(
            unit=e.submission.unit.code,
            form=e.submission.form,
            action=e.action,
            from_status=cast(StatusName, e.from_status),
            to_status=cast(StatusName, e.to_status),
            comment=e.comment,
            user=e.user.username if e.user is not None else None,
            at=e.at,
            channel=e.channel,
        )
        for e in found.order_by("at", "id")
    ]


@router.get(
    "/periods/{period}/aggregate",
    response={200: dict[str, CellOut], **errors(403, 404, 422)},
    summary="Số liệu tổng hợp của tỉnh",
    tags=["Tổng hợp"],
)
def aggregate(
    request: HttpRequest,
    period: str = PERIOD,
    level: Level | None = LEVEL,
) -> dict[str, CellOut]:
    """The province's figures for the period (row code → cell), from every reporting unit's figures."""
    if not sees_province(caller(request)):
        raise ApiError(403, "Chỉ Sở Nội vụ, người xem và quản trị được xem số liệu tổng hợp của tỉnh.")
    total = province_aggregate(_period(period), level=level)
    return {code: CellOut.of(cell) for code, cell in total.items()}


@router.get(
    "/periods/{period}/indicators",
    response={200: list[IndicatorOut], **errors(403, 404)},
    summary="Các chỉ số chính của tỉnh (tỷ lệ đúng hạn, trực tuyến…)",
    tags=["Tổng hợp"],
)
def indicators(request: HttpRequest, period: str = PERIOD) -> list[IndicatorOut]:
    """The catalogue's named indicators over the province's figures: the same figures as the dashboard."""
    if not sees_province(caller(request)):
        raise ApiError(403, "Chỉ Sở Nội vụ, người xem và quản trị được xem số liệu tổng hợp của tỉnh.")
    the_period = _period(period)
    catalogue = catalogue_for(the_period)
    total = province_aggregate(the_period)
    result = []
    for indicator in catalogue.indicators.values():
        whole, levels = indicator_figures(catalogue, total, indicator.name)
        result.append(
            IndicatorOut(
                name=indicator.name,
                label=indicator.label,
                figure=FigureOut.of(whole),
                levels=[FigureOut.of(level) for level in levels],
            )
        )
    return result


@router.get(
    "/periods/{period}/findings",
    response={200: list[FindingOut], **errors(404)},
    summary="Kết quả kiểm tra số liệu",
    tags=["Tổng hợp"],
)
def findings(request: HttpRequest, period: str = PERIOD) -> list[FindingOut]:
    """Findings of the period: all units and the province total for reviewers, own units for reporters."""
    user = caller(request)
    the_period = _period(period)
    if sees_province(user):
        return [_finding(f.finding, f.unit) for f in period_findings(the_period)]
    visible = set(units_for(user, Action.VIEW).values_list("pk", flat=True))
    if not visible:
        return []
    return [
        _finding(f.finding, f.unit)
        for f in period_findings(the_period)
        if f.unit is not None and f.unit.pk in visible
    ]


# --- tokens -------------------------------------------------------------------------------------------


@router.post(
    "/tokens",
    auth=session_auth,
    response={201: TokenOut, **errors(400, 403, 422)},
    summary="Tạo khóa API cho người đang đăng nhập",
    tags=["Khóa API"],
)
def create_token(request: HttpRequest, body: TokenIn) -> Status[TokenOut]:
    """Create an API token for the logged-in user; the key is shown in this answer only."""
    request_id = str(getattr(request, "request_id", ""))
    key, token = new_token(caller(request), body.name.strip(), request_id=request_id)
    return Status(201, TokenOut(key=key, prefix=token.prefix, name=token.name, expires_at=token.expires_at))
