"""Changes to the registers (one transaction each, audited field by field) and the form rows they fill.

Pages, Excel imports and the demo loader go through these functions, so every path checks the same
permissions (`org.access`), writes the same audit records (`RegisterChange`: who, when, old → new,
channel, request id) and refreshes the same form rows (`reporting.sources.write_sourced_values`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cchc.web.org.access import Action, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.registers import counting
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange, RegisterKind
from cchc.web.reporting.models import Channel, ReportingPeriod
from cchc.web.reporting.services import catalogue_for
from cchc.web.reporting.sources import write_sourced_values

__all__ = [
    "REGISTERS",
    "Register",
    "RegisterError",
    "WriteResult",
    "all_figures",
    "confirm_completion",
    "count_items",
    "delete_item",
    "due_items",
    "figures_for",
    "items_behind",
    "items_for",
    "refresh_figures",
    "return_completion",
    "rolled_up_units",
    "save_items",
]


class RegisterError(Exception):
    """A register change that was refused; `problems` lists every reason in Vietnamese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Register:
    """One register: its model, the fields a user edits, the form rows it fills and their source label."""

    kind: RegisterKind
    model: type[models.Model]
    fields: tuple[str, ...]
    codes: tuple[str, ...]
    source: str

    @property
    def label(self) -> str:
        """The register's name in Vietnamese."""
        return self.kind.label

    def field_label(self, name: str) -> str:
        """A field's Vietnamese name, capitalised."""
        label = str(self.model._meta.get_field(name).verbose_name)
        return label[0].upper() + label[1:]


REGISTERS: dict[str, Register] = {
    RegisterKind.PLAN: Register(
        RegisterKind.PLAN,
        PlanTask,
        (
            "year",
            "number",
            "title",
            "unit",
            "due_date",
            "due_quarter",
            "completed_on",
            "evidence_number",
            "evidence_date",
            "note",
        ),
        counting.PLAN_CODES,
        "Sổ theo dõi Kế hoạch CCHC",
    ),
    RegisterKind.ASSIGNED: Register(
        RegisterKind.ASSIGNED,
        AssignedTask,
        (
            "issuer",
            "source_number",
            "assigned_on",
            "title",
            "unit",
            "deadline",
            "completed_on",
            "evidence_number",
            "evidence_date",
            "note",
        ),
        counting.ASSIGNED_CODES,
        "Sổ theo dõi nhiệm vụ Chính phủ giao",
    ),
    RegisterKind.FEEDBACK: Register(
        RegisterKind.FEEDBACK,
        Feedback,
        ("received_on", "via", "subject", "procedure", "unit", "due_on", "handled_on", "result"),
        counting.FEEDBACK_CODES,
        "Sổ theo dõi phản ánh, kiến nghị",
    ),
}


def register_of(item: models.Model) -> Register:
    """The register an item belongs to."""
    for register in REGISTERS.values():
        if isinstance(item, register.model):
            return register
    raise TypeError(type(item).__name__)


def items_for(user: Any, register: Register, action: Action = Action.VIEW) -> QuerySet[Any]:
    """The register's items of the units `user` may `action`: the one scoped query for pages and files."""
    return register.model.objects.filter(unit__in=units_for(user, action)).select_related("unit")


ACTION_LABELS = {
    "create": "Thêm",
    "update": "Sửa",
    "delete": "Xóa",
    "confirm": "Xác nhận",
    "return": "Trả lại",
}
EXTRA_FIELDS = {"confirmed_at": "Xác nhận hoàn thành", "ly_do": "Lý do"}


def change_label(register: Register, change: RegisterChange) -> tuple[str, str]:
    """A change's action and field in Vietnamese."""
    name = EXTRA_FIELDS.get(change.field) or (register.field_label(change.field) if change.field else "")
    return ACTION_LABELS.get(change.action, change.action), name


# --- audited writes --------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """A field value as the audit stores it."""
    if value is None:
        return ""
    if isinstance(value, OrgUnit):
        return value.code
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass
class WriteResult:
    """What a register write did: items created and changed, and the form rows left unchanged (why)."""

    created: int = 0
    changed: int = 0
    skipped: list[str] = field(default_factory=list)


def _audit(
    register: Register,
    item: Any,
    action: str,
    changes: Iterable[tuple[str, str, str]],
    *,
    user: Any,
    channel: str,
    request_id: str,
) -> list[RegisterChange]:
    who = user if getattr(user, "is_authenticated", False) else None
    return [
        RegisterChange(
            register=register.kind,
            item_id=item.pk,
            action=action,
            field=name,
            old_text=old[:1000],
            new_text=new[:1000],
            unit=item.unit,
            user=who,
            channel=channel,
            request_id=request_id,
        )
        for name, old, new in changes
    ]


def save_items(
    register: Register,
    rows: Sequence[tuple[Any | None, Mapping[str, Any]]],
    user: Any,
    *,
    channel: str = Channel.WEB,
    request_id: str = "",
) -> WriteResult:
    """Create (item None) or change items from cleaned field values, all or nothing, each field audited.

    The user must be allowed to edit the unit of every item before and after the change. A completed
    plan task whose completion changes loses its confirmation. The form rows of the affected units are
    refreshed for every open period afterwards, in the same transaction.
    """
    editable = set(units_for(user, Action.EDIT).values_list("pk", flat=True))
    # The stored unit, not the item's: a bound form has already put the new unit on the instance.
    stored = dict(
        register.model.objects.filter(pk__in=[item.pk for item, _ in rows if item is not None]).values_list(
            "pk", "unit_id"
        )
    )
    problems = []
    for index, (item, values) in enumerate(rows, start=1):
        new_unit = values.get("unit")
        units = [new_unit.pk if new_unit is not None else None]
        units += [stored.get(item.pk)] if item is not None else []
        if any(unit is None or unit not in editable for unit in units):
            problems.append(f"Mục thứ {index}: bạn không có quyền nhập sổ theo dõi cho đơn vị này.")
    if problems:
        raise PermissionDenied(" ".join(problems))
    result = WriteResult()
    touched: set[int] = set()
    with transaction.atomic():
        audit: list[RegisterChange] = []
        # New items in one insert; the items to change locked in one query.
        created = register.model.objects.bulk_create(
            [register.model(**values) for item, values in rows if item is None], batch_size=500
        )
        for item in created:
            changes = [(n, "", _shown(getattr(item, n))) for n in register.fields if _shown(getattr(item, n))]
            audit += _audit(
                register, item, "create", changes, user=user, channel=channel, request_id=request_id
            )
            touched.add(item.unit_id)
        result.created = len(created)
        locked_items = register.model.objects.select_for_update().in_bulk(list(stored))
        updated = []
        for item, values in rows:
            if item is None:
                continue
            locked = locked_items[item.pk]
            if locked.unit_id not in editable:  # moved to another unit since the check above
                raise PermissionDenied("Bạn không có quyền nhập sổ theo dõi cho đơn vị này.")
            touched.add(locked.unit_id)
            changes = []
            for name in register.fields:
                if name not in values:
                    continue
                old, new = _shown(getattr(locked, name)), _shown(values[name])
                if old != new:
                    changes.append((name, old, new))
                    setattr(locked, name, values[name])
            completion = {"completed_on", "evidence_number", "evidence_date"}
            if (
                isinstance(locked, PlanTask)
                and locked.confirmed_at
                and completion & {n for n, _, _ in changes}
            ):
                changes.append(("confirmed_at", _shown(timezone.localtime(locked.confirmed_at).date()), ""))
                locked.confirmed_at, locked.confirmed_by = None, None
            if not changes:
                continue
            updated.append(locked)
            touched.add(locked.unit_id)
            audit += _audit(
                register, locked, "update", changes, user=user, channel=channel, request_id=request_id
            )
        if updated:
            names = [
                *register.fields,
                *(("confirmed_at", "confirmed_by") if register.model is PlanTask else ()),
            ]
            register.model.objects.bulk_update(updated, names, batch_size=500)
        result.changed = len(updated)
        RegisterChange.objects.bulk_create(audit, batch_size=1000)
        result.skipped = refresh_figures(
            register, OrgUnit.objects.filter(pk__in=touched), user=user, request_id=request_id
        )
    return result


def delete_item(
    register: Register, item: Any, user: Any, *, channel: str = Channel.WEB, request_id: str = ""
) -> WriteResult:
    """Delete an item entered by mistake; the audit keeps every field it had, and the rows are refreshed."""
    with transaction.atomic():
        locked = register.model.objects.select_for_update().get(pk=item.pk)
        if not units_for(user, Action.EDIT).filter(pk=locked.unit_id).exists():
            raise PermissionDenied("Bạn không có quyền xóa mục của đơn vị này.")
        changes = [(n, _shown(getattr(locked, n)), "") for n in register.fields if _shown(getattr(locked, n))]
        records = _audit(
            register, locked, "delete", changes, user=user, channel=channel, request_id=request_id
        )
        unit = locked.unit
        locked.delete()
        RegisterChange.objects.bulk_create(records)
        skipped = refresh_figures(register, [unit], user=user, request_id=request_id)
    return WriteResult(changed=1, skipped=skipped)


def confirm_completion(
    task: PlanTask, user: Any, *, channel: str = Channel.WEB, request_id: str = ""
) -> PlanTask:
    """The reviewer confirms that a completed plan task is done (xác nhận hoàn thành)."""
    if not units_for(user, Action.REVIEW).filter(pk=task.unit_id).exists():
        raise PermissionDenied("Bạn không có quyền xác nhận nhiệm vụ của đơn vị này.")
    with transaction.atomic():
        locked = PlanTask.objects.select_for_update().get(pk=task.pk)
        if locked.completed_on is None:
            raise RegisterError(["Nhiệm vụ chưa có ngày hoàn thành, chưa xác nhận được."])
        if locked.confirmed_at is not None:
            return locked
        locked.confirmed_at, locked.confirmed_by = timezone.now(), user
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
        register = REGISTERS[RegisterKind.PLAN]
        now = _shown(timezone.localtime(locked.confirmed_at).date())
        change = [("confirmed_at", "", now)]
        RegisterChange.objects.bulk_create(
            _audit(register, locked, "confirm", change, user=user, channel=channel, request_id=request_id)
        )
    return locked


def return_completion(
    task: PlanTask, user: Any, comment: str, *, channel: str = Channel.WEB, request_id: str = ""
) -> WriteResult:
    """The reviewer does not accept a completion: the completion date is cleared, with the reason."""
    if not units_for(user, Action.REVIEW).filter(pk=task.unit_id).exists():
        raise PermissionDenied("Bạn không có quyền xác nhận nhiệm vụ của đơn vị này.")
    comment = comment.strip()
    if not comment:
        raise RegisterError(["Trả lại kết quả hoàn thành cần ghi lý do."])
    register = REGISTERS[RegisterKind.PLAN]
    with transaction.atomic():
        locked = PlanTask.objects.select_for_update().get(pk=task.pk)
        if locked.completed_on is None:
            raise RegisterError(["Nhiệm vụ chưa có ngày hoàn thành, không có gì để trả lại."])
        changes = [("completed_on", _shown(locked.completed_on), ""), ("ly_do", "", comment)]
        if locked.confirmed_at is not None:
            changes.append(("confirmed_at", _shown(timezone.localtime(locked.confirmed_at).date()), ""))
        locked.completed_on, locked.confirmed_at, locked.confirmed_by = None, None, None
        locked.save(update_fields=["completed_on", "confirmed_at", "confirmed_by"])
        RegisterChange.objects.bulk_create(
            _audit(register, locked, "return", changes, user=user, channel=channel, request_id=request_id)
        )
        skipped = refresh_figures(register, [locked.unit], user=user, request_id=request_id)
    return WriteResult(changed=1, skipped=skipped)


# --- the form rows ---------------------------------------------------------------------------------


def _levels(register: Register, period: ReportingPeriod) -> frozenset[str]:
    """The organisation levels that enter the register's rows in the period's catalogue."""
    row = catalogue_for(period).rows.get(register.codes[0])
    # A template without the row (a later version) takes nothing from the register.
    return frozenset(level.value for level in row.levels) if row is not None else frozenset()


def _target(
    unit: OrgUnit, by_pk: Mapping[int, OrgUnit], levels: frozenset[str], day: dt.date
) -> OrgUnit | None:
    """The unit whose form counts `unit`'s items: itself or the nearest superior that enters the rows."""
    current: OrgUnit | None = unit
    while current is not None:
        in_force = current.valid_from <= day and (current.valid_to is None or day <= current.valid_to)
        if current.level in levels and in_force:
            return current
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return None


def rolled_up_units(register: Register, period: ReportingPeriod, unit: OrgUnit) -> list[int]:
    """The units whose items the register counts in `unit`'s figures for the period (ids)."""
    by_pk = {u.pk: u for u in OrgUnit.objects.all()}
    levels = _levels(register, period)
    day = period.window_end
    return [
        pk
        for pk, candidate in by_pk.items()
        if (target := _target(candidate, by_pk, levels, day)) is not None and target.pk == unit.pk
    ]


def count_items(register: Register, items: Iterable[Any], period: ReportingPeriod) -> dict[str, int]:
    """The register's row figures over `items` for the period (whatever their units)."""
    start, end = period.window_start, period.window_end
    if register.kind == RegisterKind.PLAN:
        pairs = ((t.year, t.completed_on) for t in items)
        return counting.count_plan(pairs, period.period.year, end).figures()
    if register.kind == RegisterKind.ASSIGNED:
        triples = ((t.assigned_on, t.deadline, t.completed_on) for t in items)
        return counting.count_assigned(triples, start, end).figures()
    triples = ((f.received_on, f.due_on, f.handled_on) for f in items)
    return counting.count_feedback(triples, start, end).figures()


def figures_for(register: Register, period: ReportingPeriod, unit: OrgUnit) -> dict[str, int]:
    """The register's row figures of `unit` for the period (its own items and those rolled up to it)."""
    items = register.model.objects.filter(unit_id__in=rolled_up_units(register, period, unit))
    return count_items(register, items, period)


def all_figures(register: Register, period: ReportingPeriod) -> dict[int, dict[str, int]]:
    """Every unit's row figures for the period in one pass (unit id → code → figure), units with items."""
    by_pk = {u.pk: u for u in OrgUnit.objects.all()}
    levels = _levels(register, period)
    grouped: dict[int, list[Any]] = {}
    for item in register.model.objects.all():
        target = _target(by_pk[item.unit_id], by_pk, levels, period.window_end)
        if target is not None:
            grouped.setdefault(target.pk, []).append(item)
    return {pk: count_items(register, items, period) for pk, items in grouped.items()}


def refresh_figures(
    register: Register,
    units: Iterable[OrgUnit],
    *,
    user: Any = None,
    periods: Iterable[ReportingPeriod] | None = None,
    request_id: str = "",
) -> list[str]:
    """Write the register's rows of the forms that count `units`' items, for the open periods.

    Returns the Vietnamese messages of forms left unchanged because they are already sent or approved.
    """
    by_pk = {u.pk: u for u in OrgUnit.objects.all()}
    skipped: list[str] = []
    chosen = list(periods) if periods is not None else list(ReportingPeriod.objects.filter(is_open=True))
    for period in chosen:
        levels = _levels(register, period)
        day = period.window_end
        targets = {target.pk for unit in units if (target := _target(by_pk[unit.pk], by_pk, levels, day))}
        if not targets:
            continue
        members: dict[int, list[int]] = {}
        for pk, unit in by_pk.items():
            target = _target(unit, by_pk, levels, day)
            if target is not None and target.pk in targets:
                members.setdefault(target.pk, []).append(pk)
        for target_pk in sorted(targets, key=lambda pk: (by_pk[pk].order, by_pk[pk].name)):
            items = register.model.objects.filter(unit_id__in=members[target_pk])
            result = write_sourced_values(
                by_pk[target_pk],
                period,
                count_items(register, items, period),
                source=register.source,
                channel=Channel.REGISTER,
                user=user,
                request_id=request_id,
            )
            skipped += result.skipped
    return skipped


# --- what is behind a figure, what is due ----------------------------------------------------------


def items_behind(register: Register, items: Iterable[Any], period: ReportingPeriod, code: str) -> list[Any]:
    """The items a row's figure counts for the period (the drill-down of a cell)."""
    start, end, year = period.window_start, period.window_end, period.period.year
    chosen = []
    for item in items:
        if register.kind == RegisterKind.PLAN:
            if item.year != year:
                continue
            if code == "BM1-2.2" and not (item.completed_on is not None and item.completed_on <= end):
                continue
        elif register.kind == RegisterKind.ASSIGNED:
            if not counting.assigned_in_window(item.assigned_on, item.completed_on, start, end):
                continue
            status = item.status_on(end)
            wanted = {
                "BM1-5.2": counting.TaskStatus.DONE_ON_TIME,
                "BM1-5.3": counting.TaskStatus.DONE_LATE,
                "BM1-5.4": counting.TaskStatus.OVERDUE,
            }.get(code)
            if wanted is not None and status is not wanted:
                continue
        else:
            if not counting.feedback_in_window(item.received_on, start, end):
                continue
            if code == "BM3-3.4.2" and not (item.handled_on is not None and item.handled_on <= end):
                continue
        chosen.append(item)
    return chosen


@dataclass(frozen=True)
class DueItem:
    """An item of a unit that is overdue or due soon, for the unit's home page."""

    register: Register
    item: Any
    deadline: dt.date
    today: dt.date

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed."""
        return self.deadline < self.today

    @property
    def days(self) -> int:
        """Days since the deadline passed."""
        return (self.today - self.deadline).days

    @property
    def days_left(self) -> int:
        """Days until the deadline."""
        return (self.deadline - self.today).days


DUE_SOON_DAYS = 30


def due_items(user: Any, *, today: dt.date | None = None) -> list[DueItem]:
    """The not-done items of the user's own units that are overdue or due within 30 days, soonest first."""
    today = today or timezone.localdate()
    mine = units_for(user, Action.VIEW).filter(assignments__user=user)
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    found: list[DueItem] = []
    open_ = {RegisterKind.PLAN: "completed_on", RegisterKind.ASSIGNED: "completed_on"}
    for register in REGISTERS.values():
        done_field = open_.get(register.kind, "handled_on")
        for item in items_for(user, register).filter(unit__in=mine, **{f"{done_field}__isnull": True}):
            deadline = item.deadline
            if item.status_on(today).done or deadline is None or deadline > horizon:
                continue
            found.append(DueItem(register, item, deadline, today))
    return sorted(found, key=lambda due: (due.deadline, due.register.kind, due.item.pk))
