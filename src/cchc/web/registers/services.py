"""Changes to the registers (one transaction each, audited field by field) and who may make them.

Pages, Excel imports and the demo loader go through these functions, so every path checks the same
permissions (`org.access`), writes the same audit records (`RegisterChange`: who, when, old → new,
channel, request id) and refreshes the same form rows (`registers.figures.refresh_figures`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cchc.web.org.access import Action, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.org.tree import is_under, province_of, unit_tree, units_under
from cchc.web.registers.figures import refresh_figures
from cchc.web.registers.kinds import (
    PLAN_LEVELS,
    PROGRESS_FIELDS,
    REGISTERS,
    Register,
    RegisterError,
    register_of,
)
from cchc.web.registers.models import PlanTask, RegisterChange, RegisterKind
from cchc.web.reporting.models import Channel

__all__ = [
    "WriteResult",
    "allowed_fields",
    "audit_records",
    "change_label",
    "change_texts",
    "confirm_completion",
    "delete_item",
    "duplicate_problems",
    "fields_checker",
    "item_fields",
    "items_for",
    "may_review",
    "owner_choices",
    "owner_id",
    "return_completion",
    "save_items",
    "shown",
    "unit_choices",
]


def owner_id(
    register: Register, owner: int | None, unit: int | None, by_pk: Mapping[int, OrgUnit]
) -> int | None:
    """The unit that owns an item: the plan's unit (plan tasks), the province (assigned tasks), the
    handling unit (feedback)."""
    if register.kind == RegisterKind.PLAN:
        return owner if owner is not None else unit
    if register.kind == RegisterKind.ASSIGNED:
        return province_of(unit, by_pk)
    return unit


def allowed_fields(
    register: Register, owner: int | None, unit: int | None, editable: set[int]
) -> frozenset[str]:
    """The one access rule for changing an item, given the ids of the units the user may edit.

    Whoever may edit the owner (the unit whose plan it is; UBND tỉnh for the tasks the Government
    assigns; the handling unit of a feedback) may change every field, whatever the responsible unit;
    the responsible unit of a task may report its progress (completion, evidence, note); nobody else
    changes anything.
    """
    if owner is not None and owner in editable:
        return frozenset(register.fields)
    if register.kind != RegisterKind.FEEDBACK and unit is not None and unit in editable:
        return PROGRESS_FIELDS
    return frozenset()


def fields_checker(user: Any) -> Callable[[Any], frozenset[str]]:
    """`item_fields` for many items of one user, with the user's units and the tree read once."""
    editable = set(units_for(user, Action.EDIT).values_list("pk", flat=True))
    by_pk = unit_tree()

    def check(item: Any) -> frozenset[str]:
        register = register_of(item)
        owner = owner_id(register, getattr(item, "owner_id", None), item.unit_id, by_pk)
        return allowed_fields(register, owner, item.unit_id, editable)

    return check


def item_fields(user: Any, item: Any) -> frozenset[str]:
    """The fields `user` may change on a stored item (see `allowed_fields`)."""
    return fields_checker(user)(item)


def owner_choices(user: Any, register: Register) -> QuerySet[OrgUnit]:
    """The owners the user may add items for: their editable units with a plan (plan tasks), their
    editable province unit (assigned tasks), their editable units (feedback)."""
    units = units_for(user, Action.EDIT)
    if register.kind == RegisterKind.PLAN:
        return units.filter(level__in=PLAN_LEVELS)
    if register.kind == RegisterKind.ASSIGNED:
        return units.filter(level="tinh")
    return units


def unit_choices(user: Any, register: Register) -> QuerySet[OrgUnit]:
    """The responsible units the user may name: the units at or below the owners they edit (UBND tỉnh:
    every unit) for tasks, their editable units for feedback."""
    if register.kind == RegisterKind.FEEDBACK:
        return units_for(user, Action.EDIT)
    owners = set(owner_choices(user, register).values_list("pk", flat=True))
    return OrgUnit.objects.filter(pk__in=units_under(owners, unit_tree()))


def items_for(user: Any, register: Register, action: Action = Action.VIEW) -> QuerySet[Any]:
    """The register's items of the units `user` may `action` (as owner or as responsible unit): the one
    scoped query for pages and files."""
    units = units_for(user, action)
    scope = models.Q(unit__in=units)
    if register.kind == RegisterKind.PLAN:
        scope |= models.Q(owner__in=units)
    elif register.kind == RegisterKind.ASSIGNED:
        by_pk = unit_tree()
        provinces = set(units.filter(level="tinh").values_list("pk", flat=True))
        if provinces:
            scope |= models.Q(unit__in=[pk for pk in by_pk if province_of(pk, by_pk) in provinces])
    related = ("unit", "owner") if register.kind == RegisterKind.PLAN else ("unit",)
    items: QuerySet[Any] = register.model._default_manager.filter(scope).select_related(*related)
    return items


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


def change_texts(register: Register, change: RegisterChange, names: Mapping[str, str]) -> tuple[str, str]:
    """A change's old and new values as people read them: units by name, choices by label, "Quý IV"."""
    field_ = None
    if change.field in register.fields:
        field_ = register.model._meta.get_field(change.field)

    def readable(text: str) -> str:
        if not text or field_ is None:
            return text
        if isinstance(field_, models.ForeignKey):
            return names.get(text, text)
        if field_.choices:
            return str(dict(field_.choices).get(text, text))
        if change.field == "due_quarter" and text in ("1", "2", "3", "4"):
            return f"Quý {['I', 'II', 'III', 'IV'][int(text) - 1]}"
        return text

    return readable(change.old_text), readable(change.new_text)


# --- audited writes --------------------------------------------------------------------------------


def shown(value: object) -> str:
    """A field value as the audit stores it (a unit by its code, a date day/month/year)."""
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


def audit_records(
    register: Register,
    item: Any,
    action: str,
    changes: Iterable[tuple[str, str, str]],
    *,
    user: Any,
    channel: str,
    request_id: str,
) -> list[RegisterChange]:
    """One audit record per changed field of an item: (field, old, new) as `shown` writes them."""
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


def _key(register: Register, values: Mapping[str, Any], owner: int | None) -> tuple[Any, ...] | None:
    """What makes an item a duplicate: (year, owner, number or title) of a plan task, (document, title)
    of an assigned task; feedback may repeat."""
    if register.kind == RegisterKind.PLAN:
        number = str(values.get("number") or "").strip().casefold()
        label = ("so", number) if number else ("ten", str(values.get("title") or "").strip().casefold())
        return (values.get("year"), owner, *label)
    if register.kind == RegisterKind.ASSIGNED:
        return (
            str(values.get("source_number") or "").strip().casefold(),
            str(values.get("title") or "").strip().casefold(),
        )
    return None


def duplicate_problems(
    register: Register, rows: Sequence[tuple[Any | None, Mapping[str, Any]]], labels: Sequence[str]
) -> list[str]:
    """Items that would repeat one already in the register or another row (each named by its label)."""
    if register.kind == RegisterKind.FEEDBACK:
        return []
    by_pk = unit_tree()

    def key_of(values: Mapping[str, Any], pk: int | None = None) -> tuple[Any, ...] | None:
        owner = values.get("owner")
        unit = values.get("unit")
        owner_pk = owner if isinstance(owner, int) or owner is None else owner.pk
        unit_pk = unit if isinstance(unit, int) or unit is None else unit.pk
        return _key(register, values, owner_id(register, owner_pk, unit_pk, by_pk))

    changing = {item.pk for item, _ in rows if item is not None}
    existing: dict[tuple[Any, ...], str] = {}
    for stored in register.model._default_manager.exclude(pk__in=changing):
        key = key_of({name: _raw(stored, name) for name in register.fields})
        if key is not None:
            existing[key] = f"mục số {stored.pk}"
    problems = []
    for (_, values), label in zip(rows, labels, strict=True):
        key = key_of(values)
        if key is None:
            continue
        if key in existing:
            what = "nhiệm vụ cùng năm, cùng kế hoạch và cùng số thứ tự (hoặc nội dung)"
            if register.kind == RegisterKind.ASSIGNED:
                what = "nhiệm vụ cùng văn bản giao và cùng nội dung"
            problems.append(f"{label}: trùng {what} với {existing[key]}; không thêm lần hai.")
        else:
            existing[key] = label.lower()
    return problems


def save_items(
    register: Register,
    rows: Sequence[tuple[Any | None, Mapping[str, Any]]],
    user: Any,
    *,
    channel: str = Channel.WEB,
    request_id: str = "",
) -> WriteResult:
    """Create (item None) or change items from cleaned field values, all or nothing, each field audited.

    Each change must be allowed by `allowed_fields` both for the item as stored and as it will be; a
    duplicate is refused (RegisterError). A completed plan task whose completion changes loses its
    confirmation. The form rows the changed items count in are refreshed for every open period
    afterwards, in the same transaction.
    """
    editable = set(units_for(user, Action.EDIT).values_list("pk", flat=True))
    by_pk = unit_tree()
    # The stored items, not the given ones: a bound form has already put the new values on the instance.
    stored = register.model._default_manager.in_bulk([item.pk for item, _ in rows if item is not None])

    def pk_of(value: Any) -> int | None:
        return value.pk if value is not None else None

    problems = []
    for index, (item, values) in enumerate(rows, start=1):
        new_unit = pk_of(values.get("unit"))
        new_owner = pk_of(values.get("owner"))
        owner_pk = owner_id(register, new_owner, new_unit, by_pk)
        if new_unit is not None and owner_pk is not None and not is_under(new_unit, owner_pk, by_pk):
            problems.append(f"Mục thứ {index}: đơn vị chủ trì không thuộc đơn vị có kế hoạch.")
            continue
        if item is None:
            allowed = allowed_fields(
                register, owner_id(register, new_owner, new_unit, by_pk), new_unit, editable
            )
            ok = allowed == frozenset(register.fields)
        else:
            old = stored.get(item.pk)
            if old is None:
                problems.append(f"Mục thứ {index}: không còn mục số {item.pk}.")
                continue
            old_unit = old.unit_id
            old_owner = owner_id(register, getattr(old, "owner_id", None), old_unit, by_pk)
            allowed = allowed_fields(register, old_owner, old_unit, editable)
            changed = {
                name for name in register.fields if name in values and _raw(old, name) != _pk(values[name])
            }
            ok = changed <= allowed
            if "owner" in changed or "unit" in changed:
                ok = ok and allowed_fields(
                    register, owner_id(register, new_owner, new_unit, by_pk), new_unit, editable
                ) == frozenset(register.fields)
        if not ok:
            problems.append(f"Mục thứ {index}: bạn không có quyền nhập sổ theo dõi cho mục hoặc đơn vị này.")
    if problems:
        raise PermissionDenied(" ".join(problems))
    duplicates = duplicate_problems(register, rows, [f"Mục thứ {i}" for i in range(1, len(rows) + 1)])
    if duplicates:
        raise RegisterError(duplicates)
    result = WriteResult()
    touched: set[int] = set()
    related = ("unit", "owner") if register.kind == RegisterKind.PLAN else ("unit",)
    with transaction.atomic():
        audit: list[RegisterChange] = []
        # New items in one insert; the items to change locked (with their units) in one query.
        created = register.model._default_manager.bulk_create(
            [_new(register, values) for item, values in rows if item is None], batch_size=500
        )
        for item in created:
            changes = [(n, "", shown(getattr(item, n))) for n in register.fields if shown(getattr(item, n))]
            audit += audit_records(
                register, item, "create", changes, user=user, channel=channel, request_id=request_id
            )
            touched.add(_owner_pk(register, item))
        result.created = len(created)
        locked_items = (
            register.model._default_manager.select_for_update(of=("self",))
            .select_related(*related)
            .in_bulk(list(stored))
        )
        updated = []
        for item, values in rows:
            if item is None:
                continue
            locked = locked_items[item.pk]
            before = _owner_pk(register, locked)
            changes = []
            for name in register.fields:
                if name not in values:
                    continue
                old, new = shown(getattr(locked, name)), shown(values[name])
                if old != new:
                    changes.append((name, old, new))
                    setattr(locked, name, values[name])
            completion = {"completed_on", "evidence_number", "evidence_date"}
            if (
                isinstance(locked, PlanTask)
                and locked.confirmed_at
                and completion & {n for n, _, _ in changes}
            ):
                changes.append(("confirmed_at", shown(timezone.localtime(locked.confirmed_at).date()), ""))
                locked.confirmed_at, locked.confirmed_by = None, None
            if not changes:
                continue
            updated.append(locked)
            touched |= {before, _owner_pk(register, locked)}
            audit += audit_records(
                register, locked, "update", changes, user=user, channel=channel, request_id=request_id
            )
        if updated:
            names = [
                *register.fields,
                *(("confirmed_at", "confirmed_by") if register.model is PlanTask else ()),
            ]
            register.model._default_manager.bulk_update(updated, names, batch_size=500)
        result.changed = len(updated)
        RegisterChange.objects.bulk_create(audit, batch_size=1000)
        if touched:
            result.skipped = refresh_figures(
                register, OrgUnit.objects.filter(pk__in=touched), user=user, request_id=request_id
            )
    return result


def _pk(value: Any) -> Any:
    """A value as compared with a stored one: a unit by its id, "" and None alike."""
    if isinstance(value, models.Model):
        return value.pk
    return None if value == "" else value


def _raw(item: Any, name: str) -> Any:
    """A stored field without fetching related rows (a unit as its id)."""
    field_ = item._meta.get_field(name)
    return _pk(getattr(item, field_.attname))


def _new(register: Register, values: Mapping[str, Any]) -> Any:
    """A new item; a plan task without an owner belongs to its responsible unit's plan."""
    item = register.model(**values)
    if register.kind == RegisterKind.PLAN and item.owner_id is None:
        item.owner_id = item.unit_id
    return item


def _owner_pk(register: Register, item: Any) -> int:
    """The unit whose figures an item may change: its plan's owner, else its own unit (rolled up later)."""
    if register.kind == RegisterKind.PLAN:
        return int(item.owner_id or item.unit_id)
    return int(item.unit_id)


def delete_item(
    register: Register, item: Any, user: Any, *, channel: str = Channel.WEB, request_id: str = ""
) -> WriteResult:
    """Delete an item entered by mistake; the audit keeps every field it had, and the rows are refreshed."""
    with transaction.atomic():
        locked = register.model._default_manager.select_for_update().get(pk=item.pk)
        if item_fields(user, locked) != frozenset(register.fields):
            raise PermissionDenied("Bạn không có quyền xóa mục này.")
        changes = [(n, shown(getattr(locked, n)), "") for n in register.fields if shown(getattr(locked, n))]
        records = audit_records(
            register, locked, "delete", changes, user=user, channel=channel, request_id=request_id
        )
        owner = OrgUnit.objects.get(pk=_owner_pk(register, locked))
        locked.delete()
        RegisterChange.objects.bulk_create(records)
        skipped = refresh_figures(register, [owner], user=user, request_id=request_id)
    return WriteResult(changed=1, skipped=skipped)


def may_review(user: Any, task: PlanTask) -> bool:
    """Whether the user reviews the task's plan (owner) or its responsible unit (may confirm it)."""
    ids = {task.unit_id, task.owner_id or task.unit_id}
    return units_for(user, Action.REVIEW).filter(pk__in=ids).exists()


def confirm_completion(
    task: PlanTask, user: Any, *, channel: str = Channel.WEB, request_id: str = ""
) -> PlanTask:
    """The reviewer confirms that a completed plan task is done (xác nhận hoàn thành)."""
    if not may_review(user, task):
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
        now = shown(timezone.localtime(locked.confirmed_at).date())
        change = [("confirmed_at", "", now)]
        RegisterChange.objects.bulk_create(
            audit_records(
                register, locked, "confirm", change, user=user, channel=channel, request_id=request_id
            )
        )
    return locked


def return_completion(
    task: PlanTask, user: Any, comment: str, *, channel: str = Channel.WEB, request_id: str = ""
) -> WriteResult:
    """The reviewer does not accept a completion: the completion date is cleared, with the reason."""
    if not may_review(user, task):
        raise PermissionDenied("Bạn không có quyền xác nhận nhiệm vụ của đơn vị này.")
    comment = comment.strip()
    if not comment:
        raise RegisterError(["Trả lại kết quả hoàn thành cần ghi lý do."])
    register = REGISTERS[RegisterKind.PLAN]
    with transaction.atomic():
        locked = PlanTask.objects.select_for_update().get(pk=task.pk)
        if locked.completed_on is None:
            raise RegisterError(["Nhiệm vụ chưa có ngày hoàn thành, không có gì để trả lại."])
        changes = [("completed_on", shown(locked.completed_on), ""), ("ly_do", "", comment)]
        if locked.confirmed_at is not None:
            changes.append(("confirmed_at", shown(timezone.localtime(locked.confirmed_at).date()), ""))
        locked.completed_on, locked.confirmed_at, locked.confirmed_by = None, None, None
        locked.save(update_fields=["completed_on", "confirmed_at", "confirmed_by"])
        RegisterChange.objects.bulk_create(
            audit_records(
                register, locked, "return", changes, user=user, channel=channel, request_id=request_id
            )
        )
        owner = OrgUnit.objects.get(pk=_owner_pk(register, locked))
        skipped = refresh_figures(register, [owner], user=user, request_id=request_id)
    return WriteResult(changed=1, skipped=skipped)
