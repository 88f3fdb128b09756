"""Multi-object operations on a unit's PAR Index self-assessment: score it, move it through the workflow,
appraise it.

Every operation runs in one transaction and checks the assessment's version like a form's save: a save
started from an older page is refused, never merged. Every changed score writes a ScoreChange (old → new,
stage, reason, user, request id); every workflow step writes an AssessmentEvent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cchc.core.numbers import format_number
from cchc.core.par import CriteriaSet, Criterion, Method, State, judgement_problem
from cchc.web.org.access import Action, can, runs_province, units_for
from cchc.web.par.models import Assessment, AssessmentEvent, Score, ScoreChange
from cchc.web.par.scoring import Sheet, annual_period, criteria_set_of, sheet, year_evidence
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterKind
from cchc.web.reporting.models import Channel, Status
from cchc.web.reporting.services import (
    ACTION_LABELS,
    TRANSITIONS,
    SaveError,
    WorkflowError,
    advance,
    ensure_period,
    workflow_form,
)
from cchc.web.reports.unit_reports import UnitReportError, receive_evidence

__all__ = [
    "ACTION_LABELS",
    "TRANSITIONS",
    "AppraisalEntry",
    "ParConflictError",
    "ParSaveError",
    "ParWorkflowError",
    "SaveOutcome",
    "SelfEntry",
    "Upload",
    "allowed_actions",
    "appraise",
    "appraise_all",
    "points_text",
    "register_items",
    "return_event",
    "save_self_scores",
    "transition",
    "unfinished",
    "workflow_form",
]

MAX_NOTE = 2000
MAX_REASON = 2000
MAX_COMMENT = 2000

_REGISTER_MODELS: dict[str, type[PlanTask] | type[AssignedTask] | type[Feedback]] = {
    RegisterKind.PLAN.value: PlanTask,
    RegisterKind.ASSIGNED.value: AssignedTask,
    RegisterKind.FEEDBACK.value: Feedback,
}


class ParSaveError(SaveError):
    """A save refused; `problems` maps a criterion code ("" for the whole sheet) to Vietnamese text."""


class ParConflictError(ParSaveError):
    """Someone saved the assessment after the page was opened; nothing was written."""


class ParWorkflowError(WorkflowError):
    """A workflow step not allowed from the assessment's status, or lacking its comment."""


@dataclass(frozen=True)
class Upload:
    """An evidence file sent with a criterion: its name and bytes, kept through `receive_evidence`."""

    name: str
    data: bytes


@dataclass(frozen=True)
class SelfEntry:
    """What the unit gives for one judgement criterion.

    `points` None and `not_applicable` False: not scored yet. `evidence` are ids of the unit's evidence
    files already kept; `uploads` new files; `register` / `register_item` a register item of the unit.
    """

    code: str
    points: Decimal | None = None
    not_applicable: bool = False
    note: str = ""
    evidence: tuple[int, ...] = ()
    uploads: tuple[Upload, ...] = ()
    register: str = ""
    register_item: int | None = None


@dataclass(frozen=True)
class AppraisalEntry:
    """The council's score for one criterion: points, không áp dụng, or neither (no appraisal: the
    self-assessment stands), with its reason."""

    code: str
    points: Decimal | None = None
    not_applicable: bool = False
    reason: str = ""

    @property
    def set(self) -> bool:
        """Whether the entry sets an appraised score (rather than clearing it)."""
        return self.points is not None or self.not_applicable


@dataclass
class SaveOutcome:
    """What a save did: how many criteria changed and the assessment's version after it."""

    changed: int
    version: int
    codes: list[str] = field(default_factory=list)


# --- texts for the audit -----------------------------------------------------------------------------


def points_text(points: Decimal | None, not_applicable: bool) -> str:
    """A score as the audit and the page write it: "1,5 điểm", "không áp dụng", "" when unscored."""
    if not_applicable:
        return "không áp dụng"
    if points is None:
        return ""
    return f"{format_number(points, 2 if points != points.to_integral_value() else 0)} điểm"


def _self_text(score: Score | None, evidence_ids: Iterable[int] | None = None) -> str:
    if score is None:
        return ""
    text = points_text(score.self_points, score.self_not_applicable)
    ids = sorted(evidence_ids if evidence_ids is not None else (e.pk for e in score.evidence.all()))
    extra = []
    if ids:
        extra.append(f"{len(ids)} tệp kiểm chứng")
    if score.register and score.register_item:
        extra.append(f"sổ theo dõi «{RegisterKind(score.register).label}» mục {score.register_item}")
    joined = "; ".join([text, *extra]) if text else "; ".join(extra)
    return joined[:255]


# --- lookups -------------------------------------------------------------------------------------------


def register_items(assessment: Assessment) -> list[tuple[str, int, str]]:
    """The unit's register items of the year a criterion may cite: (register, id, label)."""
    unit, year = assessment.unit, assessment.round.year
    items: list[tuple[str, int, str]] = []
    for task in PlanTask.objects.filter(unit=unit, year=year).order_by("id"):
        items.append((RegisterKind.PLAN.value, task.pk, f"Kế hoạch CCHC {year}: {task.title}"))
    for assigned in AssignedTask.objects.filter(unit=unit, assigned_on__year=year).order_by("id"):
        items.append(
            (RegisterKind.ASSIGNED.value, assigned.pk, f"{assigned.source_number}: {assigned.title}")
        )
    for feedback in Feedback.objects.filter(unit=unit, received_on__year=year).order_by("id"):
        items.append((RegisterKind.FEEDBACK.value, feedback.pk, f"PAKN: {feedback.subject}"))
    return [(kind, pk, label[:200]) for kind, pk, label in items]


def _register_item_exists(assessment: Assessment, register: str, item: int) -> bool:
    model = _REGISTER_MODELS.get(register)
    return model is not None and model.objects.filter(pk=item, unit=assessment.unit).exists()


def _criterion_label(criterion: Criterion) -> str:
    return f"Tiêu chí {criterion.code}"


# --- self-assessment ------------------------------------------------------------------------------------


def _check_self_entry(
    criteria_set: CriteriaSet, assessment: Assessment, entry: SelfEntry, own_evidence: set[int]
) -> str | None:
    """Why one entry cannot be kept (before its uploads are counted), or None."""
    criterion = criteria_set.criteria.get(entry.code)
    if criterion is None:
        return f"Tiêu chí «{entry.code}» không có trong bộ tiêu chí: tải lại trang rồi chấm lại."
    label = _criterion_label(criterion)
    if criterion.method is not Method.JUDGEMENT:
        return f"{label}: điểm tính từ số liệu ({criterion.method.label}), không chấm tay."
    if len(entry.note) > MAX_NOTE:
        return f"{label}: giải trình dài quá {format_number(MAX_NOTE)} ký tự; rút gọn lại."
    foreign = [pk for pk in entry.evidence if pk not in own_evidence]
    if foreign:
        year = assessment.round.year
        return (
            f"{label}: tệp kiểm chứng đã chọn không phải của đơn vị trong năm {year}; "
            "tải lại trang rồi chọn lại."
        )
    cites = bool(entry.register or entry.register_item)
    if cites and (
        entry.register_item is None
        or not _register_item_exists(assessment, entry.register, entry.register_item)
    ):
        return f"{label}: mục sổ theo dõi đã chọn không phải của đơn vị; chọn lại."
    return None


def save_self_scores(
    assessment: Assessment,
    user: Any,
    entries: Sequence[SelfEntry],
    version: int | None,
    *,
    channel: str = Channel.WEB,
    request_id: str = "",
) -> SaveOutcome:
    """Save the unit's own scores of judgement criteria, all or nothing.

    Each entry is checked by the set's rule (`core.par.judgement_problem`): points above 0 need evidence
    (a file of the unit, kept now or before, or a register item of the unit); "không áp dụng" needs the
    set's leave and a reason (the note). A computed criterion cannot be typed. Refused (ParSaveError,
    naming each criterion) nothing is written, uploads included; refused (ParConflictError) when the
    assessment changed since `version`.
    """
    if not can(user, Action.EDIT, assessment.unit):
        raise PermissionDenied("Bạn không có quyền chấm điểm cho đơn vị này.")
    criteria_set = criteria_set_of(assessment)
    own_evidence = set(year_evidence(assessment).values_list("pk", flat=True))
    problems: dict[str, str] = {}
    for entry in entries:
        problem = _check_self_entry(criteria_set, assessment, entry, own_evidence)
        if problem:
            problems[entry.code] = problem
    if problems:
        raise ParSaveError(problems)
    with transaction.atomic():
        locked = _locked(assessment, version)
        if not locked.editable:
            raise ParSaveError(
                {"": f"Bản tự đánh giá đang ở trạng thái «{locked.get_status_display()}», không sửa được."}
            )
        if not locked.round.is_open:
            raise ParSaveError({"": f"Đợt đánh giá năm {locked.round.year} đã đóng, không chấm điểm được."})
        period = annual_period(locked.round.year) or ensure_period(f"{locked.round.year}Y")
        existing = {s.code: s for s in locked.scores.prefetch_related("evidence")}
        changed: list[str] = []
        for entry in entries:
            criterion = criteria_set.criteria[entry.code]
            kept: list[int] = list(entry.evidence)
            for upload in entry.uploads:
                try:
                    kept.append(receive_evidence(locked.unit, period, user, upload.name, upload.data).pk)
                except UnitReportError as error:
                    problems[entry.code] = f"{_criterion_label(criterion)}: {error}"
            if entry.code in problems:
                continue
            points = None if entry.not_applicable else entry.points
            has_evidence = bool(kept) or entry.register_item is not None
            unscored = points is None and not entry.not_applicable
            problem = (
                None
                if unscored
                else judgement_problem(criterion, points, has_evidence=has_evidence, reason=entry.note)
            )
            if problem:
                problems[entry.code] = problem
                continue
            if _write_self(locked, existing.get(entry.code), entry, kept, user, channel, request_id):
                changed.append(entry.code)
        if problems:
            # Files kept for this save go with it: the transaction is rolled back.
            raise ParSaveError(problems)
        if changed:
            locked.version += 1
            locked.save(update_fields=["version", "updated_at"])
    assessment.refresh_from_db()
    return SaveOutcome(len(changed), assessment.version, changed)


def _locked(assessment: Assessment, version: int | None) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("round", "unit").get(pk=assessment.pk)
    if version is not None and version != locked.version:
        raise ParConflictError(
            {
                "": "Bản tự đánh giá vừa được người khác lưu sau khi bạn mở trang. Điểm của bạn chưa được "
                "lưu: hãy mở lại trang để xem điểm mới, rồi chấm lại."
            }
        )
    return locked


def _write_self(
    assessment: Assessment,
    score: Score | None,
    entry: SelfEntry,
    evidence: list[int],
    user: Any,
    channel: str,
    request_id: str,
) -> bool:
    """Write one criterion's own score when anything changed; record old → new. Whether it changed."""
    old_text = _self_text(score)
    old_state = (
        (
            score.self_points,
            score.self_not_applicable,
            score.self_note,
            sorted(e.pk for e in score.evidence.all()),
            score.register,
            score.register_item,
        )
        if score is not None
        else (None, False, "", [], "", None)
    )
    points = None if entry.not_applicable else entry.points
    register = entry.register if entry.register_item is not None else ""
    new_state = (
        points,
        entry.not_applicable,
        entry.note,
        sorted(set(evidence)),
        register,
        entry.register_item,
    )
    if old_state == new_state:
        return False
    if score is None:
        score = Score(assessment=assessment, code=entry.code)
    score.self_points = points
    score.self_not_applicable = entry.not_applicable
    score.self_note = entry.note
    score.register = register
    score.register_item = entry.register_item
    score.save()
    score.evidence.set(sorted(set(evidence)))
    ScoreChange.objects.create(
        assessment=assessment,
        code=entry.code,
        stage="self",
        old_text=old_text,
        new_text=_self_text(score, evidence),
        reason=entry.note[:MAX_NOTE],
        user=_who(user),
        channel=channel,
        request_id=request_id,
    )
    return True


def _who(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


# --- workflow -------------------------------------------------------------------------------------------


def allowed_actions(assessment: Assessment, user: Any) -> list[str]:
    """The workflow steps `user` may take on the assessment now (none once the year is published)."""
    if assessment.round.published_at is not None:
        return []
    return [
        action
        for action, (permission, sources, _, _) in TRANSITIONS.items()
        if assessment.status in sources and can(user, permission, assessment.unit)
    ]


def unfinished(current: Sheet) -> list[str]:
    """Why each judgement criterion still stops a submit: unscored, or its score no longer stands
    (its evidence gone), in the set's order."""
    problems = []
    for line in current.lines:
        criterion = line.criterion
        if criterion.method is not Method.JUDGEMENT:
            continue
        score = line.score
        if not line.scored or score is None:
            problems.append(f"Tiêu chí {criterion.code} ({criterion.name}): chưa chấm điểm.")
            continue
        points = None if score.self_not_applicable else score.self_points
        has_evidence = bool(list(score.evidence.all())) or score.register_item is not None
        problem = judgement_problem(criterion, points, has_evidence=has_evidence, reason=score.self_note)
        if problem:
            problems.append(problem)
    return problems


def _refuse(assessment: Assessment, action: str, sources: tuple[str, ...]) -> None:
    """ParWorkflowError when the step cannot be taken now: the year published, the status, and for a send
    the round closed or a judgement criterion unfinished."""
    if assessment.round.published_at is not None:
        # The published ranking stands as the decision announced it.
        raise ParWorkflowError(
            f"Chỉ số CCHC năm {assessment.round.year} đã công bố; không thay đổi được bản tự đánh giá."
        )
    if assessment.status not in sources:
        raise ParWorkflowError(
            f"Không thể «{ACTION_LABELS[action].lower()}» bản tự đánh giá đang ở trạng thái "
            f"«{assessment.get_status_display()}»."
        )
    if action == "submit":
        if not assessment.round.is_open:
            raise ParWorkflowError(f"Đợt đánh giá năm {assessment.round.year} đã đóng, không gửi được.")
        problems = unfinished(sheet(assessment))
        if problems:
            listed = " ".join(problems[:10])
            more = f" (và {len(problems) - 10} tiêu chí khác)" if len(problems) > 10 else ""
            raise ParWorkflowError(f"Chưa gửi được: còn {len(problems)} tiêu chí cần sửa. {listed}{more}")


def before_submit(assessment: Assessment, user: Any) -> list[tuple[str, str]]:
    """What the sender is told before the self-assessment goes to Sở Nội vụ: each criterion computed from
    figures not entered yet (0 points until they are), as (criterion code, message). Nothing is written.

    PermissionDenied and ParWorkflowError as the send itself would raise them now.
    """
    permission, sources, _, _ = TRANSITIONS["submit"]
    if not can(user, permission, assessment.unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")
    _refuse(assessment, "submit", sources)
    return [
        (
            line.criterion.code,
            f"Tiêu chí {line.criterion.code} ({line.criterion.name}): {line.computed.explanation}",
        )
        for line in sheet(assessment).lines
        if line.computed is not None
        and line.computed.state is State.MISSING
        and line.criterion.method is not Method.SURVEY
    ]


def transition(
    assessment: Assessment, user: Any, action: str, comment: str = "", *, channel: str = Channel.WEB
) -> Assessment:
    """Move the assessment one step (submit, return, approve, reopen) and record the event.

    Submitting is refused while a judgement criterion is unscored or its score does not stand (the
    message lists which); returning and reopening need a comment.
    """
    if action not in TRANSITIONS:
        raise ParWorkflowError(f"Thao tác «{action}» không hợp lệ.")
    permission, sources, target, needs_comment = TRANSITIONS[action]
    if not can(user, permission, assessment.unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")
    comment = comment.strip()
    if needs_comment and not comment:
        raise ParWorkflowError(f"Thao tác «{ACTION_LABELS[action]}» cần ghi lý do.")
    if len(comment) > MAX_COMMENT:
        raise ParWorkflowError(f"Ý kiến dài quá {format_number(MAX_COMMENT)} ký tự; rút gọn lại rồi gửi.")
    with transaction.atomic():
        locked = _locked(assessment, None)
        _refuse(locked, action, sources)
        previous = advance(locked, action, target)
        # A step changes what the page may do: a page opened before it cannot save over it.
        locked.version += 1
        locked.save(update_fields=["status", "submitted_at", "approved_at", "version", "updated_at"])
        AssessmentEvent.objects.create(
            assessment=locked,
            action=action,
            from_status=previous,
            to_status=target,
            comment=comment,
            user=_who(user),
            channel=channel,
        )
    assessment.refresh_from_db()
    return assessment


def next_to_appraise(user: Any, year: int) -> Assessment | None:
    """The next self-assessment of the year sent and waiting for `user`'s decision (the oldest sent)."""
    return (
        Assessment.objects.filter(
            round__year=year, status=Status.SUBMITTED, unit__in=units_for(user, Action.REVIEW)
        )
        .select_related("unit")
        .order_by("submitted_at", "pk")
        .first()
    )


def return_event(assessment: Assessment) -> AssessmentEvent | None:
    """The council's latest return (or reopening) of an assessment now returned, with its comment."""
    if assessment.status != Status.RETURNED:
        return None
    return assessment.events.filter(to_status=Status.RETURNED).select_related("user").first()


# --- appraisal ------------------------------------------------------------------------------------------


def _appraisal_problem(
    criterion: Criterion, entry: AppraisalEntry, self_text: str, differs: bool
) -> str | None:
    label = _criterion_label(criterion)
    if len(entry.reason) > MAX_REASON:
        return f"{label}: lý do dài quá {format_number(MAX_REASON)} ký tự; rút gọn lại."
    if not entry.set:
        return None
    if entry.not_applicable:
        if criterion.method is Method.JUDGEMENT and not criterion.may_not_apply:
            upto = format_number(criterion.max_points, 2)
            return f"{label}: bộ tiêu chí không cho phép «không áp dụng»; hãy chấm điểm từ 0 đến {upto}."
    else:
        # Evidence is the unit's duty; the council's points are only bounded by the criterion.
        problem = judgement_problem(criterion, entry.points, has_evidence=True)
        if problem:
            return problem
    if differs and not entry.reason.strip():
        shown = points_text(entry.points, entry.not_applicable)
        return f"{label}: điểm thẩm định {shown} khác điểm tự chấm ({self_text or 'chưa chấm'}); ghi lý do."
    return None


def appraise_all(
    assessment: Assessment,
    user: Any,
    entries: Sequence[AppraisalEntry],
    version: int | None,
    *,
    channel: str = Channel.WEB,
    request_id: str = "",
) -> SaveOutcome:
    """Set (or clear) the council's scores of several criteria, all or nothing.

    Only Sở Nội vụ's reviewers appraise, on a sent assessment; computed criteria too (the council may
    correct them). A score that differs from the self-assessment needs a reason. Refused
    (ParSaveError, naming each criterion) nothing is written.
    """
    if not (runs_province(user) and can(user, Action.REVIEW, assessment.unit)):
        raise PermissionDenied("Chỉ Sở Nội vụ thẩm định điểm Chỉ số CCHC.")
    with transaction.atomic():
        locked = _locked(assessment, version)
        if locked.status != Status.SUBMITTED:
            raise ParSaveError(
                {
                    "": "Chỉ thẩm định bản tự đánh giá đơn vị đã gửi; bản này đang ở trạng thái "
                    f"«{locked.get_status_display()}»."
                }
            )
        current = sheet(locked)
        criteria = current.criteria_set.criteria
        problems: dict[str, str] = {}
        changes: list[tuple[AppraisalEntry, Score | None, str]] = []
        for entry in entries:
            criterion = criteria.get(entry.code)
            if criterion is None:
                problems[entry.code] = f"Tiêu chí «{entry.code}» không có trong bộ tiêu chí: tải lại trang."
                continue
            line = current.line(entry.code)
            self_text = points_text(line.self_points, line.self_not_applicable)
            differs = entry.set and (
                entry.not_applicable != line.self_not_applicable
                or (not entry.not_applicable and entry.points != line.self_points)
            )
            problem = _appraisal_problem(criterion, entry, self_text, differs)
            if problem:
                problems[entry.code] = problem
                continue
            score = line.score
            old = (score.appraised_points, score.appraised_not_applicable) if score else (None, False)
            new = (None if entry.not_applicable else entry.points, entry.not_applicable)
            old_reason = score.appraisal_reason if score else ""
            if old == new and (not entry.set or old_reason == entry.reason.strip()):
                continue
            changes.append((entry, score, self_text))
        if problems:
            raise ParSaveError(problems)
        now = timezone.now()
        for entry, score, self_text in changes:
            if score is None:
                score = Score(assessment=locked, code=entry.code)
            old_text = (
                points_text(score.appraised_points, score.appraised_not_applicable) if score.appraised else ""
            )
            score.appraised_points = None if entry.not_applicable else entry.points
            score.appraised_not_applicable = entry.not_applicable
            score.appraisal_reason = entry.reason.strip() if entry.set else ""
            score.appraised_by = _who(user) if entry.set else None
            score.appraised_at = now if entry.set else None
            score.save()
            new_text = points_text(entry.points, entry.not_applicable)
            ScoreChange.objects.create(
                assessment=locked,
                code=entry.code,
                stage="appraise",
                old_text=old_text or f"(tự chấm: {self_text or 'chưa chấm'})",
                new_text=new_text or "bỏ điểm thẩm định",
                reason=entry.reason.strip(),
                user=_who(user),
                channel=channel,
                request_id=request_id,
            )
        if changes:
            locked.version += 1
            locked.save(update_fields=["version", "updated_at"])
    assessment.refresh_from_db()
    return SaveOutcome(len(changes), assessment.version, [entry.code for entry, _, _ in changes])


def appraise(
    assessment: Assessment,
    user: Any,
    code: str,
    points: Decimal | None,
    reason: str = "",
    *,
    not_applicable: bool = False,
    version: int | None = None,
    channel: str = Channel.WEB,
    request_id: str = "",
) -> SaveOutcome:
    """Set the council's score of one criterion (`points`, or `not_applicable`), with its reason."""
    entry = AppraisalEntry(code, None if not_applicable else points, not_applicable, reason)
    return appraise_all(assessment, user, [entry], version, channel=channel, request_id=request_id)
