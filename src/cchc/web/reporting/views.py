"""Pages for units and reviewers: home, completeness, a unit's forms, data entry, workflow, history.

Every page of one unit's form loads it through `_load`, which asks `org.access` which units the user
may see; a unit the user may not see is a 404, never a hint that it exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue, Kind, Level, Row, Severity
from cchc.core.compare import change_words
from cchc.core.numbers import BLANK, Cell, CellKind, parse_cell, storage_problem
from cchc.core.validation import Finding
from cchc.web.middleware import is_htmx, request_id_of
from cchc.web.org.access import Action, can, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.compare import same_period_last_year, unit_before
from cchc.web.reporting.hooks import UNIT_REPORT_PENDING_RULE, sent_report, source_for, unit_check_findings
from cchc.web.reporting.models import (
    Channel,
    ReportingPeriod,
    Status,
    Submission,
    Value,
)
from cchc.web.reporting.prefill import prefill
from cchc.web.reporting.services import (
    TRANSITIONS,
    Approvable,
    ConflictError,
    SaveError,
    WorkflowError,
    allowed_actions,
    approve_clean,
    before_submit,
    catalogue_for,
    clean_forms,
    entry_rows,
    findings_by_code,
    input_codes,
    next_to_review,
    number_problem,
    on_time,
    period_notes,
    reporting_units,
    return_event,
    save_values,
    sourced_hint,
    submission_for,
    transition,
    unit_findings,
    unit_own_note,
    workflow_form,
)

FORMS = tuple(range(1, 8))

# The completeness page groups units the way Sở Nội vụ reads them: province, departments, districts, communes.
LEVEL_GROUPS = (
    (Level.TINH, "Cấp tỉnh"),
    (Level.SO, "Sở ban ngành"),
    (Level.HUYEN, "UBND cấp huyện"),
    (Level.XA, "UBND cấp xã"),
)

# A form counts as reported once the unit has sent it (a returned form has to be sent again).
REPORTED = frozenset({Status.SUBMITTED, Status.APPROVED})

# Carried by «Duyệt lần lượt» and the form it opens (to the workflow step): a decision there goes on to the
# next form of the queue; one taken on a form opened any other way goes back to the unit's page.
QUEUE = "hang-doi"

# The rule of a cell the save refused, listed with the typed figures' findings.
REFUSED = "not-saved"

DONE_MESSAGES = {
    "submit": "Đã gửi biểu mẫu cho Sở Nội vụ.",
    "return": "Đã trả lại biểu mẫu cho đơn vị.",
    "approve": "Đã duyệt biểu mẫu.",
    "reopen": "Đã mở lại biểu mẫu để đơn vị sửa.",
}
# A decision on a form opened outside the queue, said on the unit's page it goes back to.
DECIDED_MESSAGES = {
    "approve": "Đã duyệt Biểu mẫu {form} của {unit}.",
    "return": "Đã trả lại Biểu mẫu {form} cho {unit}.",
}


# --- loading, the one door of every page of a unit's form -------------------------------------------


def _load_period(period_code: str) -> ReportingPeriod:
    """The period with this code (404 when there is none)."""
    period = ReportingPeriod.objects.filter(code=period_code).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


def load_period_unit(
    request: HttpRequest, period_code: str, unit_code: str
) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and a unit the user may see that was in force at the end of the period's window."""
    period = _load_period(period_code)
    unit = units_for(request.user, Action.VIEW).active_on(period.window_end).filter(code=unit_code).first()
    if unit is None:
        raise Http404("Không có đơn vị này trong kỳ báo cáo, hoặc bạn không được xem đơn vị này.")
    return period, unit


def _load(
    request: HttpRequest, period_code: str, unit_code: str, form: int
) -> tuple[ReportingPeriod, OrgUnit, Submission, bool]:
    """The period, unit, the unit's form (unsaved when never written) and whether the user may edit it.

    Http404 when the period does not exist, the form is not 1–7, or the unit is not one the user may
    see (or did not exist at the end of the period's window).
    """
    if form not in FORMS:
        raise Http404("Không có biểu mẫu này.")
    period, unit = load_period_unit(request, period_code, unit_code)
    # Reading a form must not write: the row is created by the first save or workflow step.
    submission = Submission.objects.filter(unit=unit, period=period, form=form).first() or Submission(
        unit=unit, period=period, form=form
    )
    can_edit = submission.editable and can(request.user, Action.EDIT, unit)
    return period, unit, submission, can_edit


_APPLICABLE: dict[tuple[str, str, Level], frozenset[int]] = {}


def _applicable_forms(catalogue: Catalogue, level: Level) -> frozenset[int]:
    """The forms in which a unit of `level` has at least one row with a figure."""
    key = (catalogue.id, catalogue.version, level)
    if key not in _APPLICABLE:
        unit = OrgUnit(level=level.value)
        _APPLICABLE[key] = frozenset(
            form for form in FORMS if any(row.has_value for row in entry_rows(catalogue, unit, form))
        )
    return _APPLICABLE[key]


# --- view models ----------------------------------------------------------------------------------


@dataclass
class FormCell:
    """One unit's form in a list or table: status, when it was sent, whether on time, its address."""

    form: int
    title: str
    url: str
    applicable: bool
    submission: Submission | None = None
    on_time: bool | None = None
    errors: int = 0
    warnings: int = 0
    report_errors: int = 0

    @property
    def status(self) -> str:
        """The status code, "" when the unit has not written anything yet."""
        return self.submission.status if self.submission else ""

    @property
    def status_label(self) -> str:
        """The status in Vietnamese."""
        return self.submission.get_status_display() if self.submission else "Chưa nhập"

    @property
    def reported(self) -> bool:
        """Whether the unit has sent this form."""
        return self.status in REPORTED


def form_cells(
    catalogue: Catalogue,
    period: ReportingPeriod,
    unit: OrgUnit,
    submissions: dict[int, Submission],
) -> list[FormCell]:
    """The 7 forms of a unit for a period, from its submissions by form number."""
    applicable = _applicable_forms(catalogue, unit.level_enum)
    cells = []
    for form in FORMS:
        submission = submissions.get(form)
        cells.append(
            FormCell(
                form=form,
                title=catalogue.form(form).title,
                url=reverse("entry", args=[period.code, unit.code, form]),
                applicable=form in applicable,
                submission=submission,
                on_time=on_time(submission) if submission else None,
            )
        )
    return cells


@dataclass
class EntryRow:
    """One line of the entry page: the catalogue row, what its cells show, its problems and findings."""

    row: Row
    value: str = ""
    note: str = ""
    computed: str = ""
    problem: str = ""
    current: str | None = None
    findings: list[Finding] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    history_url: str = ""
    source: str = ""
    source_url: str | None = None
    earlier: str = ""  # where a longer period's figure stands in its earlier parts ("Quý I: 120; …")
    before: str = (
        ""  # cùng kỳ: the figure of the same period last year and the change ("120; kỳ này tăng 5 …")
    )
    prefilled: bool = False
    source_hint: str = ""  # who corrects a sourced figure, and where
    province_only: str = ""  # a unit's figure the province's does not add in (aggregate = "province")

    @property
    def is_heading(self) -> bool:
        """A heading line: bold, no figure."""
        return not self.row.has_value

    @property
    def is_computed(self) -> bool:
        """A line computed from others by the core; never typed."""
        return self.row.formula is not None

    @property
    def is_code(self) -> bool:
        """A line that takes one of a list of codes, each shown by its meaning («Có», «Không»)."""
        return self.row.kind is Kind.CODE

    @property
    def is_input(self) -> bool:
        """A line the unit types."""
        return self.row.has_value and self.row.formula is None

    @property
    def label(self) -> str:
        """How the row is named to a screen reader."""
        return f"Mục {self.row.stt}: {self.row.name}" if self.row.stt else self.row.name

    @property
    def shown(self) -> str:
        """The value as read-only text (a code with its meaning)."""
        for value, label in self.options:
            if value and value == self.value:
                return label
        return self.value


def _code_options(row: Row, current: str) -> list[tuple[str, str]]:
    """The choices of a coded row: blank, "-", each code; a stored value outside the list is kept."""
    options = [("", ""), ("-", "-")] + [(str(o.value), o.label) for o in row.options]
    if current not in {value for value, _ in options}:
        options.append((current, current))
    return options


def _typed_entries(post: QueryDict) -> dict[str, tuple[str, str | None]]:
    """The cells of a posted entry form: code → (typed text, note or None when no note was posted)."""
    entries: dict[str, tuple[str, str | None]] = {}
    for key in post:
        if key.startswith("v-"):
            code = key[2:]
            entries[code] = (post.get(key, ""), post.get(f"n-{code}"))
    return entries


def _with_typed(
    catalogue: Catalogue,
    unit: OrgUnit,
    form: int,
    stored: dict[str, Cell],
    typed: dict[str, tuple[str, str | None]],
) -> dict[str, Cell]:
    """The stored cells with the typed ones of the form's input rows put over them (for computing).

    A number the storage cannot hold is left out: it would never be saved, so nothing is computed from it.
    """
    cells = dict(stored)
    allowed = input_codes(catalogue, unit, form)
    for code, (raw, _) in typed.items():
        if code in allowed and len(raw.strip()) <= 255:
            cell = parse_cell(raw)[0]
            if cell.number is None or storage_problem(cell.number) is None:
                cells[code] = cell
    return cells


def _typed_problems(
    catalogue: Catalogue, unit: OrgUnit, form: int, typed: dict[str, tuple[str, str | None]]
) -> dict[str, str]:
    """The typed numbers of the form's input rows that could not be saved, by row code (for the preview)."""
    problems: dict[str, str] = {}
    allowed = input_codes(catalogue, unit, form)
    for code, (raw, _) in typed.items():
        if code not in allowed:
            continue
        problem = number_problem(catalogue.rows[code], parse_cell(raw[:256])[0])
        if problem:
            problems[code] = problem
    return problems


def _draft_findings(
    catalogue: Catalogue,
    unit: OrgUnit,
    period: ReportingPeriod,
    form: int,
    stored: dict[str, Cell],
    typed: dict[str, tuple[str, str | None]],
) -> list[Finding]:
    """The findings of the figures and notes being typed (nothing saved), by the rules a save checks."""
    notes = period_notes(period, unit).get(unit.pk, {})
    allowed = input_codes(catalogue, unit, form)
    for code, (_, note) in typed.items():
        if code in allowed and note is not None:
            notes[code] = note[:1000]
    cells = _with_typed(catalogue, unit, form, stored, typed)
    return unit_findings(catalogue, unit, period, cells, notes)


def _findings_context(findings: list[Finding], form: int) -> dict[str, object]:
    """The form's findings for the page: the list, the count of each severity, and those beside a row."""
    # The unit's own report, still being read again against these figures, concerns every form.
    own = [f for f in findings if f.form == form or f.rule == UNIT_REPORT_PENDING_RULE]
    severities = Counter(f.severity.value for f in own)
    return {
        "findings": own,
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
        "beside": findings_by_code(own, form),
    }


def _stored(unit: OrgUnit, period: ReportingPeriod) -> tuple[dict[str, Cell], dict[int, dict[str, Value]]]:
    """The unit's cells of the period (all forms, for formulas across forms) and its values by form."""
    cells: dict[str, Cell] = {}
    by_form: dict[int, dict[str, Value]] = {}
    for value in Value.objects.filter(submission__unit=unit, submission__period=period).select_related(
        "submission"
    ):
        cells[value.code] = value.cell
        by_form.setdefault(value.submission.form, {})[value.code] = value
    return cells, by_form


def _entry_context(
    request: HttpRequest,
    period: ReportingPeriod,
    unit: OrgUnit,
    submission: Submission,
    can_edit: bool,
    form: int,
    *,
    typed: dict[str, tuple[str, str | None]] | None = None,
    problems: dict[str, str] | None = None,
    version: int | None = None,
    conflict: bool = False,
) -> dict[str, object]:
    """Everything the entry page shows; `typed` and `problems` come back from a refused save."""
    catalogue = catalogue_for(period)
    stored, by_form = _stored(unit, period)
    values = by_form.get(form, {})
    problems = problems or {}
    computed = with_computed(
        catalogue, _with_typed(catalogue, unit, form, stored, typed or {}), level=unit.level_enum
    )
    # After a refused save the page shows the typed figures: their findings, never the saved ones'.
    draft = typed is not None
    shown_rows = entry_rows(catalogue, unit, form)
    if draft:
        findings = _draft_findings(catalogue, unit, period, form, stored, typed or {})
        # A cell the save refused is one error of the list, said once under its row and counted once:
        # most («abc») already are one.
        said = {finding.message for finding in findings}
        rows_shown = {row.code for row in shown_rows}
        findings += [
            Finding(REFUSED, Severity.ERROR, text, form=form, codes=(code,))
            for code, text in problems.items()
            if code in rows_shown and text not in said
        ]
    else:
        # With what the unit's own report says against these figures, beside the rows before a send.
        findings = unit_findings(catalogue, unit, period, stored)
        findings += unit_check_findings(period, unit).get(unit.pk, [])
    checked = _findings_context(findings, form)
    beside: dict[str, list[Finding]] = checked["beside"]  # type: ignore[assignment]
    rows: list[EntryRow] = []
    earlier = prefill(catalogue, unit, period, shown_rows)
    # A form never saved starts from what the earlier periods of its window hold; the unit confirms it.
    fresh = typed is None and not submission.version and can_edit
    previous = same_period_last_year(period)
    before, whose = unit_before(catalogue, unit, previous) if previous else ({}, "")
    for row in shown_rows:
        value = values.get(row.code)
        line = EntryRow(row, value=value.text if value else "", note=value.note if value else "")
        if line.is_computed:
            cell = computed.get(row.code)
            line.computed = cell.text if cell is not None else ""
        elif line.is_input:
            line.history_url = reverse("cell-history", args=[period.code, unit.code, form, row.code])
            if value is not None and value.source:
                line.source = value.source
                line.source_url = source_for(unit, period, row.code)[0]
                line.source_hint = sourced_hint(unit, period, value.source, row.code, request.user)
            elif typed is not None and row.code in typed:
                raw, note = typed[row.code]
                if conflict and raw.strip() != line.value:
                    line.current = line.value
                line.value, line.note = raw, (note if note is not None else line.note)
            elif fresh and value is None and row.code in earlier and earlier[row.code].text:
                line.value, line.prefilled = earlier[row.code].text, True
            if row.code in earlier and not line.source:
                line.earlier = earlier[row.code].hint_for(parse_cell(line.value)[0])
        if line.is_code:
            line.options = _code_options(row, line.value)
        then = before.get(row.code, BLANK)
        if then.kind is not CellKind.BLANK:
            now = computed.get(row.code, BLANK) if line.is_computed else parse_cell(line.value)[0]
            # Said in words beside the figure: "500; kỳ này tăng 100 (20,00%)", "0; kỳ này không thay đổi".
            moved = change_words(row.kind, row.decimals, now, then)
            # A code row's figure by its meaning («Có»), as the form reads it.
            line.before = (row.option_label(then.number) or then.text) + (
                f"; kỳ này {moved}" if moved else ""
            )
        if unit.level != Level.TINH.value:
            line.province_only = unit_own_note(row)
        line.problem = problems.get(row.code, "")
        line.findings = beside.get(row.code, [])
        rows.append(line)
    shown = {line.row.code for line in rows}
    args = [period.code, unit.code, form]
    download, upload = reverse("excel-download", args=args), reverse("excel-upload", args=args)
    events = list(submission.events.select_related("user")[:10]) if submission.pk else []
    step = reverse("transition", args=args) + (f"?{QUEUE}=1" if request.GET.get(QUEUE) else "")
    workflow = workflow_form(allowed_actions(submission, request.user))
    return {
        "period": period,
        "unit": unit,
        "form": form,
        "form_title": catalogue.form(form).title,
        "submission": submission,
        "can_edit": can_edit,
        "rows": rows,
        "has_figures": any(line.row.has_value for line in rows),
        "version": submission.version if version is None else version,
        "form_problems": [text for code, text in problems.items() if code == "" or code not in shown],
        "problem_count": len(problems),
        **checked,
        "draft": draft,
        "returned": return_event(submission),
        "has_sourced": any(line.source for line in rows),
        "actions": workflow.actions,
        "action_url": step,
        "comment_label": workflow.comment_label,
        "events": events,
        "excel_download": download,
        "excel_upload": upload,
        "conflict": conflict,
        "prefilled": any(line.prefilled for line in rows),
        "previous": previous,
        "previous_whose": whose,
    }


# --- pages ----------------------------------------------------------------------------------------


# The period page's filters of units (?loc=): the key, its label; "" is every unit.
PERIOD_FILTERS = {
    "": "Tất cả",
    "chua-gui": "Còn biểu chưa gửi",
    "cho-duyet": "Có biểu chờ duyệt",
    "tra-lai": "Có biểu bị trả lại",
    "da-duyet": "Đã duyệt đủ",
}


def _unit_kinds(cells: list[FormCell]) -> set[str]:
    """Which of the period page's filters a unit's applicable forms match."""
    kinds = set()
    if any(not cell.reported for cell in cells):
        kinds.add("chua-gui")
    if any(cell.status == Status.SUBMITTED for cell in cells):
        kinds.add("cho-duyet")
    if any(cell.status == Status.RETURNED for cell in cells):
        kinds.add("tra-lai")
    if cells and all(cell.status == Status.APPROVED for cell in cells):
        kinds.add("da-duyet")
    return kinds


@login_required
@require_safe
def period_page(request: HttpRequest, period: str) -> HttpResponse:
    """Completeness of a period: every reporting unit × 7 forms, on time or late, who has not reported."""
    if not sees_province(request.user):
        raise PermissionDenied("Trang này dành cho Sở Nội vụ và người xem toàn tỉnh.")
    reporting_period = get_object_or_404(ReportingPeriod, code=period)
    catalogue = catalogue_for(reporting_period)
    units = reporting_units(reporting_period)
    by_unit: dict[int, dict[int, Submission]] = {}
    # One query for every submission of the period; each carries the period for the deadline check.
    approved = [0, 0]
    for submission in Submission.objects.filter(period=reporting_period).select_related("period"):
        by_unit.setdefault(submission.unit_id, {})[submission.form] = submission
        approved[0] += submission.status == Status.APPROVED
        approved[1] += 1
    wanted = request.GET.get("loc", "")
    if wanted not in PERIOD_FILTERS:
        wanted = ""
    groups = []
    missing_by_form: Counter[int] = Counter()
    matching: Counter[str] = Counter()
    not_reported = []
    for level, label in LEVEL_GROUPS:
        lines = []
        for unit in (u for u in units if u.level == level.value):
            cells = form_cells(catalogue, reporting_period, unit, by_unit.get(unit.pk, {}))
            missing = [cell.form for cell in cells if cell.applicable and not cell.reported]
            missing_by_form.update(missing)
            if missing:
                not_reported.append((unit, missing))
            kinds = _unit_kinds([cell for cell in cells if cell.applicable])
            matching.update(kinds)
            if not wanted or wanted in kinds:
                lines.append((unit, cells))
        if lines:
            groups.append((label, lines))
    filters = [
        (key, name, matching[key] if key else len(units), key == wanted)
        for key, name in PERIOD_FILTERS.items()
    ]
    return render(
        request,
        "reporting/period.html",
        {
            "period": reporting_period,
            "forms": [(form, catalogue.form(form).title, missing_by_form[form]) for form in FORMS],
            "groups": groups,
            "filters": filters,
            "not_reported": not_reported,
            "unit_count": len(units),
            # (approved, all) forms, for the report block: counted from the rows already read.
            "approved": tuple(approved),
        },
    )


@login_required
def unit_page(request: HttpRequest, period: str, unit: str) -> HttpResponse:
    """A unit's 7 forms for a period with their status and how many findings each has."""
    reporting_period, org_unit = load_period_unit(request, period, unit)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    catalogue = catalogue_for(reporting_period)
    submissions = {
        s.form: s
        for s in Submission.objects.filter(unit=org_unit, period=reporting_period).select_related("period")
    }
    cells = form_cells(catalogue, reporting_period, org_unit, submissions)
    findings = unit_findings(catalogue, org_unit, reporting_period)
    in_report = unit_check_findings(reporting_period, org_unit).get(org_unit.pk, [])
    for cell in cells:
        cell.errors = sum(1 for f in findings if f.form == cell.form and f.severity.value == "error")
        cell.warnings = sum(1 for f in findings if f.form == cell.form and f.severity.value == "warning")
        cell.report_errors = sum(1 for f in in_report if f.form == cell.form and f.severity.value == "error")
    context = {
        "period": reporting_period,
        "unit": org_unit,
        "cells": cells,
        "report_errors": [f for f in in_report if f.severity.value == "error"],
        "report_pending": [f.message for f in in_report if f.rule == UNIT_REPORT_PENDING_RULE],
        "may_review": can(request.user, Action.REVIEW, org_unit),
    }
    return render(request, "reporting/unit.html", context)


@login_required
def entry(request: HttpRequest, period: str, unit: str, form: int) -> HttpResponse:
    """The data entry page of one form, laid out like the paper Biểu mẫu; POST saves it (all or nothing)."""
    reporting_period, org_unit, submission, can_edit = _load(request, period, unit, form)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        context = _entry_context(request, reporting_period, org_unit, submission, can_edit, form)
        return render(request, "reporting/entry.html", context)
    if not can(request.user, Action.EDIT, org_unit):
        raise PermissionDenied("Bạn không có quyền nhập số liệu cho đơn vị này.")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponseBadRequest("Thiếu phiên bản của biểu mẫu: hãy mở lại trang.")
    typed = _typed_entries(request.POST)
    try:
        result = save_values(
            submission,
            request.user,
            typed,
            expected_version=version,
            channel=Channel.WEB,
            request_id=request_id_of(request),
        )
    except SaveError as error:
        context = _entry_context(
            request,
            reporting_period,
            org_unit,
            submission,
            # The user may edit the unit (checked above): keep the inputs even on a form that got locked
            # meanwhile, so nothing typed is lost.
            True,
            form,
            typed=typed,
            problems=error.problems,
            version=version,
            conflict=isinstance(error, ConflictError),
        )
        return render(request, "reporting/entry.html", context, status=422)
    if result.changed:
        messages.success(request, f"Đã lưu {result.changed} thay đổi.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")
    return redirect("entry", reporting_period.code, org_unit.code, form)


@login_required
def entry_preview(request: HttpRequest, period: str, unit: str, form: int) -> HttpResponse:
    """The computed rows recomputed by the core from the typed values, as out-of-band htmx swaps."""
    reporting_period, org_unit, _, _ = _load(request, period, unit, form)
    # The method is checked after the access check so that another unit's address is a 404 either way.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    catalogue = catalogue_for(reporting_period)
    stored, _ = _stored(org_unit, reporting_period)
    typed = _typed_entries(request.POST)
    computed = with_computed(
        catalogue, _with_typed(catalogue, org_unit, form, stored, typed), level=org_unit.level_enum
    )
    cells = [
        (row.code, computed[row.code].text if row.code in computed else "")
        for row in entry_rows(catalogue, org_unit, form)
        if row.formula is not None
    ]
    problems = list(_typed_problems(catalogue, org_unit, form, typed).values())
    checked = _findings_context(
        _draft_findings(catalogue, org_unit, reporting_period, form, stored, typed), form
    )
    # Every row's findings are sent, an empty list too: a finding the typing resolved disappears.
    found: dict[str, list[Finding]] = checked["beside"]  # type: ignore[assignment]
    beside = [
        (row.code, found.get(row.code, [])) for row in entry_rows(catalogue, org_unit, form) if row.has_value
    ]
    context = {"cells": cells, "problems": problems, **checked, "beside": beside}
    return render(request, "reporting/_computed.html", context)


# The field of a send's confirmation page: without it a «Gửi» only asks (templates/confirm_send.html).
CONFIRMED = "xac-nhan"


def confirm_send(request: HttpRequest, back: str, asked: Callable[[], dict[str, object]]) -> HttpResponse:
    """A send's confirmation page (templates/confirm_send.html): the title, consequence and warnings that
    `asked` gives, the note typed (posted again, hidden), the way back to `back`. When `asked` raises the
    send's own refusal (WorkflowError), back to the page with it: there is nothing to confirm."""
    try:
        context = asked()
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back)
    context.update(
        comment=request.POST.get("comment", ""), action_url=request.path, back=back, confirmed=CONFIRMED
    )
    return render(request, "confirm_send.html", context)


def _confirm_submit(
    request: HttpRequest, period: ReportingPeriod, unit: OrgUnit, submission: Submission
) -> HttpResponse:
    """Asked before a form goes to Sở Nội vụ: what sending means, the warnings left, whether the unit's
    Word report is in; a send that would be refused now goes back to the form with the reason."""
    back = reverse("entry", args=[period.code, unit.code, submission.form])

    def asked() -> dict[str, object]:
        findings = before_submit(submission, request.user)
        return {
            "title": f"Gửi Biểu mẫu {submission.form} của {unit.name} ({period.label}) cho Sở Nội vụ?",
            "what": "Sau khi gửi, đơn vị không sửa được biểu mẫu này cho đến khi Sở Nội vụ trả lại.",
            "warnings": [
                (f.severity.value, f.message, f"{back}#row-{f.codes[0]}" if f.codes else "") for f in findings
            ],
            "report": sent_report(unit, period),
            "report_url": reverse("unit-report", args=[period.code, unit.code]),
        }

    return confirm_send(request, back, asked)


@login_required
def entry_transition(request: HttpRequest, period: str, unit: str, form: int) -> HttpResponse:
    """One workflow step (gửi, trả lại, duyệt, mở lại) with its comment, then back to the form; a decision
    goes on to the queue's next form when the form was opened from the queue, else to the unit's page."""
    reporting_period, org_unit, submission, _ = _load(request, period, unit, form)
    if request.method in ("GET", "HEAD"):
        # Reached by the address bar or after logging in again (a send whose session had expired): the
        # form, where the step can be taken again, rather than a bare «405».
        return redirect("entry", reporting_period.code, org_unit.code, form)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    if action == "submit" and not request.POST.get(CONFIRMED):
        return _confirm_submit(request, reporting_period, org_unit, submission)
    if action in TRANSITIONS:
        # Refuse before the form's row is created, so that a refused step writes nothing at all.
        if not can(request.user, TRANSITIONS[action][0], org_unit):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")
        if submission.pk is None:
            submission = submission_for(org_unit, reporting_period, form)
    queued = request.GET.get(QUEUE) == "1"
    tail = f"?{QUEUE}=1" if queued else ""
    try:
        transition(submission, request.user, action, request.POST.get("comment", ""), channel=Channel.WEB)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(reverse("entry", args=[reporting_period.code, org_unit.code, form]) + tail)
    if action not in ("approve", "return"):
        messages.success(request, DONE_MESSAGES[action])
        return redirect("entry", reporting_period.code, org_unit.code, form)
    if not queued:
        messages.success(request, DECIDED_MESSAGES[action].format(form=form, unit=org_unit.name))
        return redirect("unit-period", reporting_period.code, org_unit.code)
    # The reviewer's day: straight on to the next form waiting in the queue, or back to it when done.
    following = next_to_review(request.user, submission)
    if following is None:
        messages.success(request, f"{DONE_MESSAGES[action]} Không còn biểu mẫu nào chờ duyệt.")
        return redirect("home")
    messages.success(
        request,
        f"{DONE_MESSAGES[action]} Tiếp theo: {following.unit.name}, Biểu mẫu {following.form} "
        f"({following.period.label}).",
    )
    args = [following.period.code, following.unit.code, following.form]
    return redirect(reverse("entry", args=args) + tail)


def reviews_any(user: object) -> bool:
    """Whether the user reviews the forms of at least one unit."""
    return units_for(user, Action.REVIEW).exists()


def _by_unit(items: list[Approvable]) -> list[tuple[OrgUnit, list[Approvable]]]:
    """The listed forms grouped by unit, in the list's order (`clean_forms` sorts them by unit)."""
    return [(unit, list(group)) for unit, group in groupby(items, key=lambda item: item.submission.unit)]


@login_required
def bulk_approve(request: HttpRequest, period: str, unit: str | None = None) -> HttpResponse:
    """Approve a period's (or one unit's) clean forms — sent, without error — after one confirmation
    page that lists what will be approved and what is left out and why."""
    if unit is None:
        reporting_period, org_unit = _load_period(period), None
    else:
        reporting_period, org_unit = load_period_unit(request, period, unit)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not (can(request.user, Action.REVIEW, org_unit) if org_unit else reviews_any(request.user)):
        raise PermissionDenied("Bạn không có quyền duyệt biểu mẫu của đơn vị này.")
    back = (
        reverse("unit-period", args=[reporting_period.code, org_unit.code])
        if org_unit is not None
        else reverse("period", args=[reporting_period.code])
    )
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("bieu") if pk.isdigit()]
        approved, left = approve_clean(request.user, reporting_period, chosen, org_unit)
        if approved:
            messages.success(request, f"Đã duyệt {len(approved)} biểu mẫu.")
        else:
            messages.info(request, "Không có biểu mẫu nào được duyệt.")
        if left:
            messages.warning(
                request, f"{len(left)} biểu mẫu không duyệt được vì đã thay đổi sau khi mở trang xác nhận."
            )
        return redirect(back)
    listed = clean_forms(request.user, reporting_period, org_unit)
    ready = [item for item in listed if not item.reason]
    with_errors = [item for item in listed if item.reason and item.submission.status == Status.SUBMITTED]
    not_sent = [item for item in listed if item.submission.status != Status.SUBMITTED]
    context = {
        "period": reporting_period,
        "unit": org_unit,
        "ready": [item.submission for item in ready],
        # Each list by unit, so that 213 forms read as 40 units: (unit, its forms) in the units' order.
        "ready_units": _by_unit(ready),
        "with_errors": _by_unit(with_errors),
        "with_errors_count": len(with_errors),
        "not_sent": _by_unit(not_sent),
        "not_sent_count": len(not_sent),
        "back": back,
    }
    return render(request, "reporting/bulk_approve.html", context)


@login_required
def cell_history(request: HttpRequest, period: str, unit: str, form: int, code: str) -> HttpResponse:
    """Every change of one cell: when, who, old → new, the note, and through which channel."""
    reporting_period, org_unit, submission, _ = _load(request, period, unit, form)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    catalogue = catalogue_for(reporting_period)
    rows = {row.code: row for row in entry_rows(catalogue, org_unit, form) if row.has_value}
    row = rows.get(code)
    if row is None:
        raise Http404("Biểu mẫu này không có chỉ tiêu đó.")
    changes = list(submission.changes.filter(code=code).select_related("user")) if submission.pk else []
    template = "reporting/_history.html" if is_htmx(request) else "reporting/history.html"
    context = {
        "period": reporting_period,
        "unit": org_unit,
        "form": form,
        "row": row,
        "changes": changes,
        "entry_url": reverse("entry", args=[reporting_period.code, org_unit.code, form]),
    }
    return render(request, template, context)
