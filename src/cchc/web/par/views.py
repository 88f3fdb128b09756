"""Pages of the PAR Index self-assessment: a unit's sheet (scoring table, evidence, workflow, appraisal,
history) and the reviewers' queue of the year's assessments.

Every page of one unit loads it through `_load`, which asks `org.access` which units the user may see;
a unit the user may not see is a 404, never a hint that it exists.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from cchc.catalogues import load_catalogue
from cchc.core.catalogue import Catalogue, Level
from cchc.core.numbers import format_number
from cchc.core.par import Area, Criterion, Heading, Method, State
from cchc.web.middleware import request_id_of
from cchc.web.org.access import Action, can, runs_province, sees_province, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.par.forms import appraisal_entries, record_ids, self_entries
from cchc.web.par.models import Assessment, ParRound
from cchc.web.par.scoring import Line, Sheet, annual_period, sheet, sheets, year_evidence
from cchc.web.par.services import (
    ParConflictError,
    ParSaveError,
    ParWorkflowError,
    allowed_actions,
    appraise_all,
    before_submit,
    next_to_appraise,
    points_text,
    register_items,
    return_event,
    save_self_scores,
    transition,
    workflow_form,
)
from cchc.web.registers.models import RegisterKind
from cchc.web.reporting.models import Channel, ReportingPeriod, Status
from cchc.web.reporting.views import CONFIRMED, confirm_send
from cchc.web.reports.models import UnitEvidence

DONE_MESSAGES = {
    "submit": "Đã gửi bản tự đánh giá cho Sở Nội vụ.",
    "return": "Đã trả lại bản tự đánh giá cho đơn vị.",
    "approve": "Đã duyệt bản tự đánh giá.",
    "reopen": "Đã mở lại bản tự đánh giá để đơn vị sửa.",
}

# The queue lists what waits for the council first.
STATUS_ORDER = (Status.SUBMITTED, Status.RETURNED, Status.DRAFT, Status.APPROVED)
LEVEL_GROUPS = ((Level.SO, "Sở, ban, ngành"), (Level.XA, "UBND cấp xã"))


# --- loading ---------------------------------------------------------------------------------------------


def _round(year: int) -> ParRound:
    found = ParRound.objects.filter(year=year).first()
    if found is None:
        raise Http404("Chưa mở đợt đánh giá Chỉ số CCHC năm này.")
    return found


def _load(request: HttpRequest, year: int, unit_code: str) -> Assessment:
    """The unit's assessment of the year, when the user may see the unit (404 otherwise)."""
    round_ = _round(year)
    unit = units_for(request.user, Action.VIEW).filter(code=unit_code).first()
    assessment = (
        Assessment.objects.filter(round=round_, unit=unit).select_related("round", "unit").first()
        if unit is not None
        else None
    )
    if assessment is None:
        raise Http404("Không có bản tự đánh giá của đơn vị này, hoặc bạn không được xem đơn vị này.")
    return assessment


def _may_edit(request: HttpRequest, assessment: Assessment) -> bool:
    return (
        assessment.editable and assessment.round.is_open and can(request.user, Action.EDIT, assessment.unit)
    )


def _may_appraise(request: HttpRequest, assessment: Assessment) -> bool:
    return (
        assessment.status == Status.SUBMITTED
        and runs_province(request.user)
        and can(request.user, Action.REVIEW, assessment.unit)
    )


@functools.cache
def _catalogue(template: str) -> Catalogue:
    return load_catalogue(template)


# --- view models -----------------------------------------------------------------------------------------


def points(value: Decimal | None) -> str:
    """Points the Vietnamese way without trailing zeros ("1,5", "3")."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_number(value.quantize(Decimal(1)))
    return format_number(value.normalize())


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "−") + points(abs(value))


@dataclass
class Figure:
    """A figure a computed criterion reads: its row, value and the form page where it is entered."""

    code: str
    name: str
    value: str
    url: str | None


@dataclass
class EvidenceFile:
    """An evidence file of the unit, with its download address and whether the criterion cites it."""

    pk: int
    name: str
    url: str
    chosen: bool = False


@dataclass
class SheetRow:
    """One line of the scoring table: an area (with subtotals), a heading, or a scored criterion."""

    kind: str  # "area", "heading", "criterion"
    code: str
    name: str
    max_points: str
    line: Line | None = None
    criterion: Criterion | None = None
    self_total: str = ""
    final_total: str = ""
    max_applicable: str = ""
    self_shown: str = ""
    appraised_shown: str = ""
    difference: str = ""
    reason: str = ""
    note: str = ""
    figures: list[Figure] = field(default_factory=list)
    explanation: str = ""
    state: str = ""
    files: list[EvidenceFile] = field(default_factory=list)
    register_label: str = ""
    register_url: str = ""
    # the inputs (typed back after a refused save)
    points_value: str = ""
    not_applicable: bool = False
    register_value: str = ""
    appraised_value: str = ""
    appraised_not_applicable: bool = False
    reason_value: str = ""
    problem: str = ""

    @property
    def computed(self) -> bool:
        """A criterion cchc scores from figures or the survey: shown locked."""
        return self.criterion is not None and self.criterion.method.computed

    @property
    def any_chosen(self) -> bool:
        """Whether the criterion cites one of the unit's files (the picker opens)."""
        return any(f.chosen for f in self.files)

    @property
    def may_not_apply(self) -> bool:
        """Whether the unit may declare the criterion «không áp dụng»."""
        return self.criterion is not None and self.criterion.may_not_apply


def _figures(
    line: Line, catalogue: Catalogue | None, period: ReportingPeriod | None, unit: OrgUnit
) -> list[Figure]:
    if line.computed is None:
        return []
    shown = []
    for code, cell in line.computed.inputs:
        row = catalogue.rows.get(code) if catalogue is not None else None
        url = reverse("entry", args=[period.code, unit.code, row.form]) if row and period else None
        value = "chưa nhập" if cell is None or cell.kind.value == "blank" else (cell.text or "-")
        if cell is not None and cell.number is not None:
            value = format_number(cell.number)
        shown.append(Figure(code, row.name if row else code, value, url))
    return shown


def _state(line: Line) -> str:
    if line.computed is None:
        return ""
    if line.computed.state is State.NOT_APPLICABLE:
        return "không áp dụng"
    if line.computed.state is State.MISSING:
        return "chưa có số liệu" if line.criterion.method is not Method.SURVEY else "chưa có kết quả điều tra"
    return ""


def _register_url(kind: str, pk: int | None) -> str:
    return reverse("register-item", args=[kind, pk]) if kind and pk else ""


def _rows(
    current: Sheet,
    files: list[UnitEvidence],
    registers: dict[str, str],
    typed: dict[str, dict[str, object]],
    problems: dict[str, str],
) -> list[SheetRow]:
    assessment = current.assessment
    unit = assessment.unit
    period = annual_period(assessment.round.year)
    catalogue = _catalogue(current.criteria_set.catalogue)
    rows: list[SheetRow] = []
    area: Area
    for area in current.criteria_set.areas:
        self_area = current.self_totals.area(area.code)
        final_area = current.final_totals.area(area.code)
        rows.append(
            SheetRow(
                "area",
                area.code,
                area.name,
                points(area.max_points),
                self_total=format_number(self_area.points, 2),
                final_total=format_number(final_area.points, 2),
                max_applicable=points(final_area.max_applicable),
            )
        )
        for item in area.items:
            if isinstance(item, Heading):
                rows.append(SheetRow("heading", item.code, item.name, points(item.max_points)))
                continue
            line = current.line(item.code)
            score = line.score
            cited = {e.pk for e in score.evidence.all()} if score else set()
            row = SheetRow(
                "criterion",
                item.code,
                item.name,
                points(item.max_points),
                line=line,
                criterion=item,
                self_shown=points_text(line.self_points, line.self_not_applicable),
                appraised_shown=(
                    points_text(score.appraised_points, score.appraised_not_applicable)
                    if score and score.appraised
                    else ""
                ),
                difference=_signed(line.difference),
                reason=score.appraisal_reason if score else "",
                note=score.self_note if score else "",
                figures=_figures(line, catalogue, period, unit),
                explanation=line.computed.explanation if line.computed else "",
                state=_state(line),
            )
            if score is not None and score.register and score.register_item:
                key = f"{score.register}:{score.register_item}"
                row.register_value = key
                row.register_label = registers.get(
                    key, f"{RegisterKind(score.register).label} mục {score.register_item}"
                )
                row.register_url = _register_url(score.register, score.register_item)
            row.points_value = points(score.self_points) if score else ""
            row.not_applicable = bool(score and score.self_not_applicable)
            row.appraised_value = points(score.appraised_points) if score else ""
            row.appraised_not_applicable = bool(score and score.appraised_not_applicable)
            row.reason_value = row.reason
            chosen = cited
            if item.code in typed:
                back = typed[item.code]
                row.points_value = str(back.get("points", row.points_value))
                row.not_applicable = bool(back.get("na", row.not_applicable))
                row.note = str(back.get("note", row.note))
                row.register_value = str(back.get("register", row.register_value))
                row.appraised_value = str(back.get("appraised", row.appraised_value))
                row.appraised_not_applicable = bool(back.get("ana", row.appraised_not_applicable))
                row.reason_value = str(back.get("reason", row.reason_value))
                picked = back.get("evidence")
                if isinstance(picked, list):
                    chosen = set(picked)
            row.files = [
                EvidenceFile(
                    f.pk,
                    f.name,
                    reverse("unit-evidence-file", args=[f.period.code, unit.code, f.pk]),
                    f.pk in chosen,
                )
                for f in files
            ]
            row.problem = problems.get(item.code, "")
            rows.append(row)
    return rows


def _typed(request: HttpRequest, codes: list[str]) -> dict[str, dict[str, object]]:
    """What was posted per criterion, to show it back after a refused save."""
    post = request.POST
    typed: dict[str, dict[str, object]] = {}
    for code in codes:
        back: dict[str, object] = {}
        if f"p-{code}" in post or f"na-{code}" in post:
            back.update(
                points=post.get(f"p-{code}", ""),
                na=post.get(f"na-{code}") == "1",
                note=post.get(f"n-{code}", ""),
                register=post.get(f"r-{code}", ""),
                evidence=list(record_ids(post.getlist(f"e-{code}"))),
            )
        if f"a-{code}" in post or f"ana-{code}" in post:
            back.update(
                appraised=post.get(f"a-{code}", ""),
                ana=post.get(f"ana-{code}") == "1",
                reason=post.get(f"ar-{code}", ""),
            )
        if back:
            typed[code] = back
    return typed


def _context(
    request: HttpRequest,
    assessment: Assessment,
    *,
    typed: dict[str, dict[str, object]] | None = None,
    problems: dict[str, str] | None = None,
    version: int | None = None,
    conflict: bool = False,
) -> dict[str, object]:
    """Everything the sheet page shows; `typed` and `problems` come back from a refused save."""
    current = sheet(assessment)
    problems = problems or {}
    year = assessment.round.year
    files = list(year_evidence(assessment).select_related("period").order_by("uploaded_at", "id"))
    items = register_items(assessment)
    registers = {f"{kind}:{pk}": label for kind, pk, label in items}
    rows = _rows(current, files, registers, typed or {}, problems)
    shown = {row.code for row in rows if row.kind == "criterion"}
    workflow = workflow_form(allowed_actions(assessment, request.user))
    final, own = current.final_totals, current.self_totals
    return {
        "assessment": assessment,
        "unit": assessment.unit,
        "round": assessment.round,
        "criteria_set": current.criteria_set,
        "rows": rows,
        "can_edit": _may_edit(request, assessment),
        "may_appraise": _may_appraise(request, assessment),
        "version": assessment.version if version is None else version,
        "totals": {
            "self_points": format_number(own.points, 2),
            "final_points": format_number(final.points, 2),
            "max_applicable": points(final.max_applicable),
            "self_index": format_number(own.index, 2),
            "index": format_number(final.index, 2),
            "appraised": any(line.appraised for line in current.lines),
        },
        "register_choices": [(f"{kind}:{pk}", label) for kind, pk, label in items],
        "problems": problems,
        "sheet_problems": [text for code, text in problems.items() if code == "" or code not in shown],
        "conflict": conflict,
        "returned": return_event(assessment),
        "actions": workflow.actions,
        "comment_label": workflow.comment_label,
        "events": list(assessment.events.select_related("user")[:20]),
        "changes": list(assessment.changes.select_related("user")[:100]),
        "period": annual_period(year),
    }


# --- pages -----------------------------------------------------------------------------------------------


@login_required
def assessment_page(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    """A unit's sheet laid out like the scoring table; POST saves the unit's own scores (all or nothing)."""
    assessment = _load(request, year, unit)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        return render(request, "par/assessment.html", _context(request, assessment))
    if not can(request.user, Action.EDIT, assessment.unit):
        raise PermissionDenied("Bạn không có quyền chấm điểm cho đơn vị này.")
    criteria_set = sheet(assessment).criteria_set
    entries, problems = self_entries(criteria_set, request.POST, request.FILES)
    return _save(request, assessment, entries, problems, save_self_scores, "Đã lưu điểm {} tiêu chí.")


def _save(
    request: HttpRequest,
    assessment: Assessment,
    entries: Sequence[Any],
    problems: dict[str, str],
    service: Callable[..., Any],
    done: str,
    *,
    own: bool = True,
) -> HttpResponse:
    """Save the posted entries through `service` (all or nothing, from the page's version), then back to
    the sheet; a refused save shows the page again with what was typed and every problem."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponseBadRequest("Thiếu phiên bản của bản tự đánh giá: hãy mở lại trang.")
    conflict = False
    if not problems:
        try:
            outcome = service(
                assessment,
                request.user,
                entries,
                version,
                channel=Channel.WEB,
                request_id=request_id_of(request),
            )
        except ParSaveError as error:
            problems, conflict = error.problems, isinstance(error, ParConflictError)
        else:
            if outcome.changed:
                messages.success(request, done.format(outcome.changed))
            else:
                messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect("par-assessment", assessment.round.year, assessment.unit.code)
    typed = _typed(request, list(sheet(assessment).criteria_set.criteria))
    context = _context(
        request, assessment, typed=typed, problems=problems, version=version, conflict=conflict
    )
    if own:
        context["can_edit"] = True  # keep the unit's inputs, so nothing typed is lost
    return render(request, "par/assessment.html", context, status=422)


@login_required
def assessment_appraise(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    """The council's scores of the sheet's criteria (points or không áp dụng, with reasons), all or
    nothing."""
    assessment = _load(request, year, unit)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (runs_province(request.user) and can(request.user, Action.REVIEW, assessment.unit)):
        raise PermissionDenied("Chỉ Sở Nội vụ thẩm định điểm Chỉ số CCHC.")
    criteria_set = sheet(assessment).criteria_set
    entries, problems = appraisal_entries(criteria_set, request.POST)
    return _save(
        request, assessment, entries, problems, appraise_all, "Đã lưu điểm thẩm định {} tiêu chí.", own=False
    )


def _confirm_submit(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """Asked before the self-assessment goes to Sở Nội vụ, as before a form's send: what sending means and
    the criteria still without figures; a send that would be refused now goes back with the reason."""
    back = reverse("par-assessment", args=[assessment.round.year, assessment.unit.code])

    def asked() -> dict[str, object]:
        left = before_submit(assessment, request.user)
        return {
            "title": f"Gửi bản tự đánh giá Chỉ số CCHC năm {assessment.round.year} của "
            f"{assessment.unit.name} cho Sở Nội vụ?",
            "what": "Sau khi gửi, đơn vị không sửa được điểm tự chấm cho đến khi Sở Nội vụ trả lại.",
            "warnings": [("warning", message, f"{back}#tc-{code}") for code, message in left],
        }

    return confirm_send(request, back, asked)


@login_required
def assessment_transition(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    """One workflow step (gửi, trả lại, duyệt, mở lại) with its comment, then back to the sheet."""
    assessment = _load(request, year, unit)
    if request.method in ("GET", "HEAD"):
        # As a form's step: reached without a post (after logging in again), the sheet.
        return redirect("par-assessment", assessment.round.year, assessment.unit.code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    if action == "submit" and not request.POST.get(CONFIRMED):
        return _confirm_submit(request, assessment)
    try:
        transition(assessment, request.user, action, request.POST.get("comment", ""), channel=Channel.WEB)
    except ParWorkflowError as error:
        messages.error(request, str(error))
        return redirect("par-assessment", year, unit)
    if action not in ("approve", "return"):
        messages.success(request, DONE_MESSAGES[action])
        return redirect("par-assessment", year, unit)
    # As with the forms: straight on to the next sent assessment, or back to the queue when none is left.
    following = next_to_appraise(request.user, year)
    if following is None:
        messages.success(request, f"{DONE_MESSAGES[action]} Không còn bản tự đánh giá nào chờ thẩm định.")
        return redirect("par-queue", year)
    messages.success(request, f"{DONE_MESSAGES[action]} Tiếp theo: {following.unit.name}.")
    return redirect("par-assessment", year, following.unit.code)


@dataclass
class QueueLine:
    """One unit in the queue: its assessment, sheet totals and address."""

    assessment: Assessment
    url: str
    self_points: str
    final_points: str
    index: str
    final_shown: bool  # appraised, or approved as it stands


@login_required
def queue(request: HttpRequest, year: int) -> HttpResponse:
    """The year's self-assessments by status, departments and communes apart, with counts."""
    if not sees_province(request.user):
        raise PermissionDenied("Trang này dành cho Sở Nội vụ và người xem toàn tỉnh.")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    round_ = _round(year)
    wanted = request.GET.get("trang-thai", "")
    order = {status.value: index for index, status in enumerate(STATUS_ORDER)}
    groups = []
    for level, label in LEVEL_GROUPS:
        assessments = list(
            Assessment.objects.filter(round=round_, unit__level=level.value).select_related("unit", "round")
        )
        counts = Counter(a.status for a in assessments)
        shown = [a for a in assessments if not wanted or a.status == wanted]
        lines = []
        for current in sheets(round_, shown):
            a = current.assessment
            lines.append(
                QueueLine(
                    a,
                    reverse("par-assessment", args=[year, a.unit.code]),
                    format_number(current.self_totals.points, 2),
                    format_number(current.final_totals.points, 2),
                    format_number(current.final_totals.index, 2),
                    a.status == Status.APPROVED or any(line.appraised for line in current.lines),
                )
            )
        lines.sort(
            key=lambda q: (order.get(q.assessment.status, 9), q.assessment.unit.order, q.assessment.unit.name)
        )
        groups.append(
            {
                "label": label,
                "level": level.value,
                "total": len(assessments),
                "counts": [(s.value, s.label, counts[s.value]) for s in STATUS_ORDER],
                "lines": lines,
            }
        )
    context = {
        "round": round_,
        "groups": groups,
        "wanted": wanted,
        "statuses": [(s.value, s.label) for s in STATUS_ORDER],
    }
    return render(request, "par/queue.html", context)
