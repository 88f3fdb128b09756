"""Multi-object operations on the units' forms: save values, move through the workflow, aggregate.

Views, the API, Excel uploads and the demo loader all go through these functions, so every path
checks the same permissions, runs the same validation and writes the same audit records.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cchc.catalogues import default_schedule, load_catalogue, template_for
from cchc.core.aggregation import Contribution, aggregate, rows_for_level, with_computed
from cchc.core.catalogue import Aggregation, Catalogue, Kind, Level, Row, Severity
from cchc.core.notes import check_notes
from cchc.core.numbers import BLANK, Cell, CellKind, format_number, parse_cell, storage_problem
from cchc.core.periods import parse_period
from cchc.core.validation import BLOCKING_RULES, RATE_FOLLOWS, Finding, row_label, validate
from cchc.web.org.access import Action, can, units_for
from cchc.web.org.models import LEVEL_CHOICES, OrgUnit
from cchc.web.reporting.hooks import (
    UNIT_REPORT_PENDING_RULE,
    UNIT_REPORT_RULE,
    aggregate_findings,
    refresh_sources,
    source_for,
    unit_check_findings,
)
from cchc.web.reporting.models import (
    Channel,
    ReportingPeriod,
    Status,
    Submission,
    Value,
    WorkflowEvent,
    stored_cell,
)
from cchc.web.reporting.prefill import flow_findings
from cchc.web.reporting.stamps import figures_changed
from cchc.web.reporting.values import unit_cells, write_cells


class SaveError(Exception):
    """A save or upload that was refused; `problems` maps a row code ("" for the form) to Vietnamese text."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


class ConflictError(SaveError):
    """Someone else saved the form after it was opened; nothing was written."""


class WorkflowError(Exception):
    """A workflow step that is not allowed from the form's status, or lacks its comment."""


def catalogue_for(period: ReportingPeriod) -> Catalogue:
    """The catalogue of the period's template version."""
    return _catalogue(period.template)


# Loaded once per template: catalogues are immutable and the core caches its plans per catalogue object.
_catalogue = functools.cache(load_catalogue)


def ensure_period(code: str) -> ReportingPeriod:
    """The period with this code, created with its window and deadlines from schedule.toml and the
    template in force on its cut-off date."""
    period = parse_period(code)
    dates = default_schedule().dates(period)
    obj, _ = ReportingPeriod.objects.get_or_create(
        code=period.code,
        defaults={
            "template": template_for(dates.window_end),
            "window_start": dates.window_start,
            "window_end": dates.window_end,
            "unit_deadline": dates.unit_deadline,
            "deadline": dates.deadline,
        },
    )
    return obj


def province_unit(period: ReportingPeriod) -> OrgUnit | None:
    """The province's own unit (UBND tỉnh) in force at the end of the period's window."""
    return (
        OrgUnit.objects.active_on(period.window_end).filter(level=Level.TINH.value).order_by("order").first()
    )


def reporting_units(period: ReportingPeriod) -> list[OrgUnit]:
    """The units that report for the period: those in force on the last day of its window."""
    return list(OrgUnit.objects.active_on(period.window_end))


def entry_rows(catalogue: Catalogue, unit: OrgUnit, form: int) -> tuple[Row, ...]:
    """The rows of a form laid out for a unit: the rows of its level and the headings above them."""
    return rows_for_level(catalogue, form, unit.level_enum)


def input_codes(catalogue: Catalogue, unit: OrgUnit, form: int) -> set[str]:
    """The codes the unit types: its rows with a value and no formula."""
    return {row.code for row in entry_rows(catalogue, unit, form) if row.has_value and row.formula is None}


def submission_for(unit: OrgUnit, period: ReportingPeriod, form: int) -> Submission:
    """The unit's form for the period, created empty (draft) the first time it is asked for."""
    submission, _ = Submission.objects.get_or_create(unit=unit, period=period, form=form)
    return submission


def notes_of(submission: Submission) -> dict[str, str]:
    """The Ghi chú of each row of a submission."""
    return {code: note for code, note in submission.values.exclude(note="").values_list("code", "note")}


def cumulative_findings(
    catalogue: Catalogue, unit: OrgUnit, period: ReportingPeriod, cells: Mapping[str, Cell]
) -> list[Finding]:
    """A lũy kế row can only grow within a year: compare with the unit's latest earlier period."""
    current = period.period
    earlier = [
        p for p in ReportingPeriod.objects.filter(code__startswith=str(current.year)) if p.period < current
    ]
    if not earlier:
        return []
    previous = max(earlier, key=lambda p: p.period)
    before = unit_cells(unit, previous)
    since = previous.label[0].lower() + previous.label[1:]  # "quý I năm 2023": keep the Roman numeral
    findings = []
    for code, cell in cells.items():
        row = catalogue.rows.get(code)
        old = before.get(code, BLANK)
        if row is None or not row.cumulative or cell.number is None or old.number is None:
            continue
        if cell.number < old.number:
            findings.append(
                Finding(
                    "cumulative-decrease",
                    Severity.WARNING,
                    f"{row_label(row)} ghi {format_number(cell.number)}, nhỏ hơn {format_number(old.number)} "
                    f"đã báo cáo {since}: số lũy kế không thể giảm, kiểm tra lại.",
                    row.form,
                    (code,),
                    expected=old.number,
                    actual=cell.number,
                )
            )
    return findings


def unit_findings(
    catalogue: Catalogue,
    unit: OrgUnit,
    period: ReportingPeriod,
    cells: Mapping[str, Cell] | None = None,
    notes: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The core's findings on the unit's figures (computed rows filled in) and its notes (Ghi chú), the
    rules the period's findings page runs on the unit, plus the checks against the earlier periods of
    the year (a lũy kế row that fell, a flow below what its parts counted)."""
    stored = unit_cells(unit, period) if cells is None else dict(cells)
    if notes is None:
        notes = period_notes(period, unit).get(unit.pk, {})
    full = with_computed(catalogue, stored)
    window = (period.window_start, period.window_end)
    return (
        validate(catalogue, full)
        + check_notes(catalogue, full, notes, period.period, window)
        + cumulative_findings(catalogue, unit, period, stored)
        + flow_findings(catalogue, unit, period, stored)
    )


# Beside a computed rate whose two numbers contradict each other: the error is theirs, shown on them.
RATE_FOLLOWS_NOTE = "Tỷ lệ tự tính từ hai số bên dưới, đang mâu thuẫn: sửa hai số đó, tỷ lệ sẽ tự tính lại."


def findings_by_code(findings: Iterable[Finding], form: int) -> dict[str, list[Finding]]:
    """The findings of one form grouped under the row they are shown beside (their first code); a rate
    that is wrong only because of its two numbers gets a note (not a second error) pointing at them."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.form == form and finding.codes:
            grouped[finding.codes[0]].append(finding)
            if finding.rule in RATE_FOLLOWS:
                note = replace(finding, severity=Severity.INFO, message=RATE_FOLLOWS_NOTE)
                grouped[finding.codes[-1]].append(note)
        elif finding.form == form:
            grouped[""].append(finding)
    return grouped


@dataclass
class SaveResult:
    """What a save did: how many cells changed, the new version, and the findings after it."""

    changed: int
    version: int
    findings: list[Finding] = field(default_factory=list)


def number_problem(row: Row, cell: Cell) -> str | None:
    """Why a typed number cannot be kept (too many digits for the storage), naming the row; else None."""
    if cell.number is None:
        return None
    problem = storage_problem(cell.number)
    return f"{row_label(row)}: «{shown_text(cell.text)}» {problem}." if problem else None


def shown_text(text: str, limit: int = 60) -> str:
    """What was typed, cut short for a message (a 5.000-digit number is not repeated in full)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_entries(
    catalogue: Catalogue, allowed: set[str], entries: Mapping[str, tuple[str, str | None]]
) -> dict[str, tuple[Cell, str | None]]:
    problems: dict[str, str] = {}
    parsed: dict[str, tuple[Cell, str | None]] = {}
    for code, (raw, note) in entries.items():
        row = catalogue.rows.get(code)
        if row is None or code not in allowed:
            problems[code] = (
                f"{row_label(row)}: dòng tự tính, không nhập số."
                if row is not None and row.formula is not None
                else "Có số liệu gửi cho một dòng không nhập được ở biểu mẫu này: tải lại trang rồi nhập lại."
            )
            continue
        if note is not None and len(note) > 1000:
            problems[code] = f"{row_label(row)}: ghi chú dài quá 1.000 ký tự; rút gọn lại."
            continue
        # Checked before parsing: reading a megabyte of digits is work the save never needs.
        if len((raw or "").strip()) > 255:
            problems[code] = f"{row_label(row)}: nội dung dài quá 255 ký tự; rút gọn lại."
            continue
        cell, _ = parse_cell(raw or "")
        problem = number_problem(row, cell)
        if problem:
            problems[code] = problem
            continue
        if cell.kind is CellKind.TEXT and row.kind is not Kind.TEXT:
            problems[code] = f"{row_label(row)}: «{cell.text}» không phải là số; ghi số, «-» hoặc để trống."
            continue
        parsed[code] = (cell, note)
    cells = {code: cell for code, (cell, _) in parsed.items()}
    for finding in validate(catalogue, cells):
        code = finding.codes[0] if finding.codes else ""
        if finding.rule in BLOCKING_RULES and code in cells and code not in problems:
            problems[code] = finding.message
    if problems:
        raise SaveError(problems)
    return parsed


def save_values(
    submission: Submission,
    user: Any,
    entries: Mapping[str, tuple[str, str | None]],
    *,
    channel: str = Channel.WEB,
    expected_version: int | None = None,
    request_id: str = "",
) -> SaveResult:
    """Save typed cells (code → (text, note or None to keep the note)) of one form, all or nothing.

    `submission` may be unsaved (a form never written): it is created in the save's transaction.

    Refuses (SaveError) a cell that is not a number, a negative count, a percent outside 0–100 or a
    code not in the row's list, naming the row; refuses (ConflictError) a save started from an older
    version. Every changed cell gets an audit record. Returns the findings after the save.
    """
    if not can(user, Action.EDIT, submission.unit):
        raise PermissionDenied("Bạn không có quyền nhập số liệu cho đơn vị này.")
    catalogue = catalogue_for(submission.period)
    allowed = input_codes(catalogue, submission.unit, submission.form)
    parsed = _parse_entries(catalogue, allowed, entries)
    with transaction.atomic():
        if submission.pk is None:
            # A form never written is created here, so a refused save leaves no empty row behind.
            submission, _ = Submission.objects.get_or_create(
                unit=submission.unit, period=submission.period, form=submission.form
            )
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not locked.editable:
            raise SaveError(
                {"": f"Biểu mẫu đang ở trạng thái «{locked.get_status_display()}», không sửa được."}
            )
        if expected_version is not None and expected_version != locked.version:
            raise ConflictError(
                {
                    "": "Biểu mẫu vừa được người khác lưu sau khi bạn mở. Số liệu của bạn chưa được lưu: "
                    "hãy mở lại biểu mẫu để xem số liệu mới, rồi nhập lại thay đổi của mình."
                }
            )
        existing = {value.code: value for value in locked.values.all()}
        _refuse_sourced(catalogue, locked, existing, parsed, user)
        changed = write_cells(locked, existing, parsed, user=user, channel=channel, request_id=request_id)
    submission.refresh_from_db()
    findings = unit_findings(catalogue, submission.unit, submission.period)
    return SaveResult(changed, submission.version, findings)


def province_only_note(row: Row) -> str:
    """For a row whose province figure is the province unit's own (catalogue «aggregate = "province"»,
    e.g. the number of plan tasks) and which other levels fill too, the sentence saying their figures are
    not added in; "" for any other row."""
    if row.aggregation is not Aggregation.PROVINCE:
        return ""
    labels = dict(LEVEL_CHOICES)
    others = [labels[level.value] for level in Level if level is not Level.TINH and level in row.levels]
    if not others:
        return ""
    # "Sở, ban, ngành" reads "sở, ban, ngành" inside a sentence; "UBND cấp xã" keeps its capitals.
    named = " và ".join(label if label[1].isupper() else label[0].lower() + label[1:] for label in others)
    return f"Số toàn tỉnh là số của UBND tỉnh, không cộng số của {named}."


def unit_own_note(row: Row) -> str:
    """province_only_note as a unit's form says it (a unit other than UBND tỉnh): what the unit writes
    there, and, for a row UBND tỉnh takes from a register, why the unit's tasks listed in it are not
    counted again here."""
    note = province_only_note(row)
    if not note:
        return ""
    registered = row.source is not None and row.source.system == "register"
    return f"Ghi theo riêng đơn vị mình. {note}" + (
        " Nhiệm vụ của đơn vị trong Sổ theo dõi là nhiệm vụ của tỉnh giao, đã tính vào số của UBND tỉnh."
        if registered
        else ""
    )


def sourced_hint(unit: OrgUnit, period: ReportingPeriod, source: str, code: str, user: Any = None) -> str:
    """Who corrects a figure taken from `source` and where, for the entry page and a refused upload,
    worded for the reader (`user`): the fix to the one who makes it, who makes it to the others."""
    _, corrector = source_for(unit, period, code, user)
    if corrector:
        return f"{corrector} (trang «{source}»)."
    return f"Muốn sửa: sửa ở «{source}»."


def _refuse_sourced(
    catalogue: Catalogue,
    submission: Submission,
    existing: Mapping[str, Value],
    parsed: dict[str, tuple[Cell, str | None]],
    user: Any,
) -> None:
    """Refuse a typed change to a figure that comes from a register or from dossiers (`sourced_changes`)."""
    problems = sourced_changes(catalogue, submission, existing, parsed, user)
    if problems:
        raise SaveError(problems)


def sourced_changes(
    catalogue: Catalogue,
    submission: Submission,
    existing: Mapping[str, Value],
    parsed: dict[str, tuple[Cell, str | None]],
    user: Any,
) -> dict[str, str]:
    """Why each typed change to a figure that comes from a register or from dossiers is refused (code →
    message naming the source and who corrects it, worded for `user`).

    A blank cell for such a row (a blank Excel template, a page that does not post the row), or its own
    figure, is not a change: it is dropped from `parsed`, so the source's figure stays.
    """
    problems: dict[str, str] = {}
    for code in list(parsed):
        value = existing.get(code)
        if value is None or not value.source:
            continue
        cell, _ = parsed[code]
        if (
            cell.kind is CellKind.BLANK
            or cell == value.cell
            or (cell.number is not None and cell.number == value.cell.number)
        ):
            del parsed[code]
            continue
        problems[code] = (
            f"{row_label(catalogue.rows[code])}: số liệu lấy tự động từ «{value.source}», không sửa ở "
            f"biểu mẫu được. {sourced_hint(submission.unit, submission.period, value.source, code, user)}"
        )
    return problems


# action → (permission, statuses it starts from, status it leads to, comment required)
TRANSITIONS: dict[str, tuple[Action, tuple[str, ...], str, bool]] = {
    "submit": (Action.EDIT, (Status.DRAFT, Status.RETURNED), Status.SUBMITTED, False),
    "return": (Action.REVIEW, (Status.SUBMITTED,), Status.RETURNED, True),
    "approve": (Action.REVIEW, (Status.SUBMITTED,), Status.APPROVED, False),
    "reopen": (Action.REVIEW, (Status.APPROVED,), Status.RETURNED, True),
}

ACTION_LABELS = {"submit": "Gửi", "return": "Trả lại", "approve": "Duyệt", "reopen": "Mở lại"}


@dataclass(frozen=True)
class WorkflowForm:
    """The «Gửi và duyệt» controls a user gets: the buttons (action, label, comment required) and the
    comment box's label, worded for those buttons (a reporter who can only send gets an optional note)."""

    actions: list[tuple[str, str, bool]]
    comment_label: str


def workflow_form(actions: Iterable[str]) -> WorkflowForm:
    """The controls for the allowed `actions` of a form or a self-assessment."""
    buttons = [
        (action, "Gửi Sở Nội vụ" if action == "submit" else ACTION_LABELS[action], TRANSITIONS[action][3])
        for action in actions
    ]
    needed = [ACTION_LABELS[action].lower() for action, _, needs_comment in buttons if needs_comment]
    if needed:
        label = f"Ý kiến (bắt buộc khi {' hoặc '.join(needed)})"
    elif [action for action, _, _ in buttons] == ["submit"]:
        label = "Ghi chú gửi kèm cho Sở Nội vụ (không bắt buộc)"
    else:
        label = "Ý kiến (không bắt buộc)"
    return WorkflowForm(buttons, label)


def allowed_actions(submission: Submission, user: Any) -> list[str]:
    """The workflow steps `user` may take on the submission now."""
    return [
        action
        for action, (permission, sources, _, _) in TRANSITIONS.items()
        if submission.status in sources and can(user, permission, submission.unit)
    ]


def advance(record: Any, action: str, target: str) -> str:
    """Set a form's or a self-assessment's status to `target` with the time of the step (sent, approved;
    a reopening clears the approval); the status it had."""
    now = timezone.now()
    previous: str = record.status
    record.status = target
    if action == "submit":
        record.submitted_at = now
    if action == "approve":
        record.approved_at = now
    if action == "reopen":
        record.approved_at = None
    return previous


def _refuse_from(submission: Submission, action: str, sources: tuple[str, ...]) -> None:
    """WorkflowError when the form's status is not one the step starts from."""
    if submission.status not in sources:
        state = submission.get_status_display()
        raise WorkflowError(
            f"Không thể «{ACTION_LABELS[action].lower()}» biểu mẫu đang ở trạng thái «{state}»."
        )


def _own_findings(submission: Submission) -> list[Finding]:
    """The findings of the form's own rows on the unit's stored figures."""
    catalogue = catalogue_for(submission.period)
    return [
        f for f in unit_findings(catalogue, submission.unit, submission.period) if f.form == submission.form
    ]


def _refuse_errors(findings: list[Finding]) -> None:
    """WorkflowError naming the first error when the form's own rows have one: a send is refused."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise WorkflowError(f"Chưa gửi được: biểu mẫu còn {len(errors)} lỗi. {errors[0].message}")


def before_submit(submission: Submission, user: Any) -> list[Finding]:
    """What the sender is told before the form goes to Sở Nội vụ: the warnings still in its own rows and
    what the unit's own report says against them. Nothing is written.

    PermissionDenied and WorkflowError as the send itself would raise them now (status, an error).
    """
    permission, sources, _, _ = TRANSITIONS["submit"]
    if not can(user, permission, submission.unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")
    _refuse_from(submission, "submit", sources)
    own = _own_findings(submission)
    _refuse_errors(own)
    from_report = unit_check_findings(submission.period, submission.unit).get(submission.unit.pk, [])
    return [
        f
        for f in own + [f for f in from_report if f.form == submission.form]
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


def transition(
    submission: Submission, user: Any, action: str, comment: str = "", *, channel: str = Channel.WEB
) -> Submission:
    """Move the submission one workflow step (submit, return, approve, reopen) and record the event.

    Submitting is refused while the form has errors (findings of severity error) in its own rows.
    Figures from registers (reporting.hooks) are refreshed before a submit and after a return.
    """
    if action not in TRANSITIONS:
        raise WorkflowError(f"Thao tác «{action}» không hợp lệ.")
    permission, sources, target, needs_comment = TRANSITIONS[action]
    if not can(user, permission, submission.unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")
    comment = comment.strip()
    if needs_comment and not comment:
        raise WorkflowError(f"Thao tác «{ACTION_LABELS[action]}» cần ghi lý do.")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        _refuse_from(locked, action, sources)
        if action == "submit":
            # Figures from registers are brought up to date first, so what is submitted is current.
            refresh_sources(locked.unit, locked.period, user=user)
            # Checked under the lock, so no save can slip an error in between the check and the step.
            _refuse_errors(_own_findings(locked))
        previous = advance(locked, action, target)
        locked.save(update_fields=["status", "submitted_at", "approved_at", "updated_at"])
        # The progress cards count sent and approved forms: the period's figures changed.
        figures_changed([locked.period_id])
        if target == Status.RETURNED:
            # The form is editable again: figures its sources changed meanwhile are written now.
            refresh_sources(locked.unit, locked.period, user=user)
        WorkflowEvent.objects.create(
            submission=locked,
            action=action,
            from_status=previous,
            to_status=target,
            comment=comment,
            user=user if getattr(user, "is_authenticated", False) else None,
            channel=channel,
        )
    return locked


def on_time(submission: Submission) -> bool | None:
    """Whether the form was submitted by the unit deadline (None while not submitted)."""
    if submission.submitted_at is None:
        return None
    day = timezone.localtime(submission.submitted_at).date()
    return day <= submission.period.unit_deadline


def contributions(
    period: ReportingPeriod,
    *,
    level: Level | None = None,
    statuses: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> dict[int, tuple[OrgUnit, dict[str, Cell]]]:
    """Every reporting unit's stored cells for the period in one query (unit id → (unit, cells)),
    only those of `codes` when given."""
    units = {unit.pk: unit for unit in reporting_units(period) if level is None or unit.level_enum is level}
    rows = Value.objects.filter(submission__period=period, submission__unit_id__in=list(units))
    if statuses is not None:
        rows = rows.filter(submission__status__in=list(statuses))
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    result: dict[int, tuple[OrgUnit, dict[str, Cell]]] = {pk: (unit, {}) for pk, unit in units.items()}
    # Raw rows: Django's per-row converters (on SQLite, float → Decimal for every number) were most of
    # the loading time. Cells are immutable, so one Cell serves every unit that stored the same cell.
    columns = rows.values_list("submission__unit_id", "code", "kind", "number", "text")
    try:
        sql, params = columns.query.sql_with_params()
    except EmptyResultSet:  # no unit, or no status asked for
        return result
    known: dict[tuple[str, object, str], Cell] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, code, kind, number, text in cursor:
            key = (kind, number, text)
            cell = known.get(key)
            if cell is None:
                cell = known[key] = stored_cell(kind, _stored_number(number), text)
            result[unit_id][1][code] = cell
    return result


# As Django's SQLite converter of a DecimalField: the REAL to 15 significant digits, then 6 places.
_FROM_FLOAT = Context(prec=15).create_decimal_from_float
_PLACES = Decimal(1).scaleb(-Value._meta.get_field("number").decimal_places)


def _stored_number(raw: Decimal | float | int | None) -> Decimal | None:
    """The number column as Django would give it (SQLite returns a float or an int, PostgreSQL a Decimal)."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    return _FROM_FLOAT(raw).quantize(_PLACES)


def province_aggregate(
    period: ReportingPeriod,
    *,
    level: Level | None = None,
    statuses: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> dict[str, Cell]:
    """The province's figures for the period from its units' figures (optionally one level's units,
    only the rows of `codes` — with every row their formulas read — when given)."""
    catalogue = catalogue_for(period)
    parts = contributions(period, level=level, statuses=statuses, codes=codes)
    return aggregate(catalogue, [Contribution(unit.level_enum, cells) for unit, cells in parts.values()])


@dataclass(frozen=True)
class UnitFinding:
    """A finding with the unit it belongs to (None for the province aggregate)."""

    unit: OrgUnit | None
    finding: Finding


def period_notes(period: ReportingPeriod, unit: OrgUnit | None = None) -> dict[int, dict[str, str]]:
    """Every unit's (or one unit's) notes (Ghi chú) for the period in one query: unit id → code → note."""
    notes: dict[int, dict[str, str]] = defaultdict(dict)
    rows = Value.objects.filter(submission__period=period).exclude(note="")
    if unit is not None:
        rows = rows.filter(submission__unit=unit)
    for unit_id, code, note in rows.values_list("submission__unit_id", "code", "note"):
        notes[unit_id][code] = note
    return notes


def period_findings(period: ReportingPeriod) -> list[UnitFinding]:
    """Every finding of the period: each unit's figures and notes, then the province aggregate.

    The aggregate is checked with the province unit's notes, the ones its report prints, by the same
    rules `cchc check` runs on that report; the province unit's notes are shown there, once.
    """
    catalogue = catalogue_for(period)
    parts = contributions(period)
    notes = period_notes(period)
    window = (period.window_start, period.window_end)
    province = province_unit(period)
    province_notes = notes.pop(province.pk, {}) if province else {}

    def checked(cells: dict[str, Cell], own_notes: Mapping[str, str]) -> list[Finding]:
        return validate(catalogue, cells) + check_notes(catalogue, cells, own_notes, period.period, window)

    sent = unit_check_findings(period)
    found: list[UnitFinding] = []
    for unit, cells in parts.values():
        if cells or unit.pk in notes:
            found.extend(
                UnitFinding(unit, f) for f in checked(with_computed(catalogue, cells), notes.get(unit.pk, {}))
            )
        found.extend(UnitFinding(unit, f) for f in sent.get(unit.pk, ()))
    total = aggregate(catalogue, [Contribution(unit.level_enum, cells) for unit, cells in parts.values()])
    found.extend(
        UnitFinding(None, f) for f in checked(total, province_notes) + aggregate_findings(period, total)
    )
    return found


# --- the reviewer's day: the queue, the next form, bulk approval -------------------------------------


def review_queue(user: Any) -> QuerySet[Submission]:
    """The forms sent and waiting for `user`'s decision in the open periods: the newest period first (an
    old period left open must not hide the one being collected), in a period the oldest sent first."""
    units = units_for(user, Action.REVIEW)
    return (
        Submission.objects.filter(period__is_open=True, status=Status.SUBMITTED, unit__in=units)
        .select_related("unit", "period")
        .order_by("-period__window_end", "period__code", "submitted_at", "pk")
    )


def next_to_review(user: Any, decided: Submission | None = None) -> Submission | None:
    """The next form in `user`'s review queue, or None when nothing waits: after deciding `decided`, the
    next one of the same period, then the queue's first (the newest period's)."""
    queue = review_queue(user)
    if decided is not None:
        same = queue.filter(period_id=decided.period_id).first()
        if same is not None:
            return same
    return queue.first()


@dataclass(frozen=True)
class Approvable:
    """A sent form and, when it cannot be approved in bulk, why (Vietnamese); "" when it can."""

    submission: Submission
    reason: str = ""


def clean_forms(user: Any, period: ReportingPeriod, unit: OrgUnit | None = None) -> list[Approvable]:
    """The forms `user` may approve in the period (or one unit's), each with why it is left out of a
    bulk approval: it is approved only when it is sent and its own rows have no error finding.

    Drafts and returned forms are listed too (not sent yet); approved forms are not listed.
    """
    catalogue = catalogue_for(period)
    units = units_for(user, Action.REVIEW)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    forms = (
        Submission.objects.filter(period=period, unit__in=units)
        .exclude(status=Status.APPROVED)
        .select_related("unit", "period")
        .order_by("unit__order", "unit__name", "form")
    )
    cells = {pk: found for pk, (_, found) in contributions(period).items()}
    notes = period_notes(period)
    sent = unit_check_findings(period, unit)
    errors_by_unit: dict[int, list[Finding]] = {}
    listed = []
    for submission in forms:
        if submission.status != Status.SUBMITTED:
            listed.append(Approvable(submission, f"chưa gửi ({submission.get_status_display().lower()})"))
            continue
        if submission.unit_id not in errors_by_unit:
            found = unit_findings(
                catalogue,
                submission.unit,
                period,
                cells.get(submission.unit_id, {}),
                notes.get(submission.unit_id, {}),
            )
            found += sent.get(submission.unit_id, [])
            errors_by_unit[submission.unit_id] = [f for f in found if f.severity is Severity.ERROR]
        pending = [f for f in sent.get(submission.unit_id, []) if f.rule == UNIT_REPORT_PENDING_RULE]
        # A finding of the unit's own report about no one form keeps every form of the unit out.
        errors = [
            f
            for f in errors_by_unit[submission.unit_id]
            if f.form == submission.form or (f.form is None and f.rule == UNIT_REPORT_RULE)
        ]
        if pending:
            # Its result against these figures is not known yet: approved once it is, if it is clean.
            reason = pending[0].message
        else:
            reason = f"còn {len(errors)} lỗi: {errors[0].message}" if errors else ""
        listed.append(Approvable(submission, reason))
    return listed


def approve_clean(
    user: Any, period: ReportingPeriod, chosen: Iterable[int], unit: OrgUnit | None = None
) -> tuple[list[Submission], list[Approvable]]:
    """Approve, in one transaction, the forms among `chosen` (ids shown on the confirmation page) that
    are still sent and clean now; each approval is a workflow event like a single one.

    Returns the approved forms and the chosen ones left out (with why), re-checked at the moment of
    approval: a form returned, reopened or saved with an error since the page was shown stays as it is.
    """
    wanted = set(chosen)
    approved: list[Submission] = []
    left: list[Approvable] = []
    with transaction.atomic():
        for item in clean_forms(user, period, unit):
            if item.submission.pk not in wanted:
                continue
            if item.reason:
                left.append(item)
                continue
            approved.append(transition(item.submission, user, "approve", channel=Channel.WEB))
    return approved, left


def return_event(submission: Submission) -> WorkflowEvent | None:
    """The reviewer's latest return (or reopening) of a form now returned to its unit, with its comment."""
    if submission.pk is None or submission.status != Status.RETURNED:
        return None
    return (
        submission.events.filter(to_status=Status.RETURNED)
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )


def return_events(submissions: Iterable[Submission]) -> dict[int, WorkflowEvent]:
    """The latest return of each returned form among `submissions`, in one query (submission id → event)."""
    returned = [s.pk for s in submissions if s.status == Status.RETURNED]
    latest: dict[int, WorkflowEvent] = {}
    events = WorkflowEvent.objects.filter(submission_id__in=returned, to_status=Status.RETURNED)
    for event in events.select_related("user").order_by("at", "id"):
        latest[event.submission_id] = event
    return latest
