"""Changes to the registers (one transaction each, audited field by field) and the form rows they fill.

Pages, Excel imports and the demo loader go through these functions, so every path checks the same
permissions (`org.access`), writes the same audit records (`RegisterChange`: who, when, old → new,
channel, request id) and refreshes the same form rows (`reporting.sources.write_sourced_values`).
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

from cchc.core.catalogue import Catalogue, CatalogueError, per_catalogue, sourced_rows
from cchc.web.org.access import Action, units_for
from cchc.web.org.models import OrgUnit
from cchc.web.registers import counting
from cchc.web.registers.forms import AssignedTaskForm, FeedbackForm, PlanTaskForm
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange, RegisterKind
from cchc.web.reporting.models import Channel, ReportingPeriod, Submission, Value
from cchc.web.reporting.services import catalogue_for
from cchc.web.reporting.sources import write_sourced_values

__all__ = [
    "REGISTERS",
    "Register",
    "RegisterError",
    "WriteResult",
    "all_figures",
    "allowed_fields",
    "audit_records",
    "change_texts",
    "confirm_completion",
    "count_items",
    "counted_in",
    "delete_item",
    "due_items",
    "duplicate_problems",
    "fields_checker",
    "figures_for",
    "form_of",
    "item_fields",
    "item_rows",
    "items_behind",
    "items_for",
    "refresh_figures",
    "refresh_period",
    "refresh_unit",
    "register_levels",
    "register_rows",
    "return_completion",
    "rolled_up_units",
    "row_codes",
    "row_of_count",
    "save_items",
    "shown",
]


class RegisterError(Exception):
    """A register change that was refused; `problems` lists every reason in Vietnamese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Register:
    """One register: its model, the fields a user edits, the counts it gives (the catalogue's rows with
    `source = { register = <kind>, count = … }` hold them: `row_codes`) and their source label."""

    kind: RegisterKind
    model: type[Any]  # PlanTask, AssignedTask or Feedback: the register code is the same for each
    fields: tuple[str, ...]
    counts: tuple[str, ...]
    source: str

    @property
    def label(self) -> str:
        """The register's name in Vietnamese."""
        return self.kind.label

    def field_label(self, name: str) -> str:
        """A field's Vietnamese name, capitalised."""
        label = str(self.model._meta.get_field(name).verbose_name)
        return label[0].upper() + label[1:]


# The fields of each register are its form's: the page, every Excel line and the audit see the same.
REGISTERS: dict[str, Register] = {
    RegisterKind.PLAN: Register(
        RegisterKind.PLAN,
        PlanTask,
        tuple(PlanTaskForm.Meta.fields),
        counting.PLAN_COUNTS,
        "Sổ theo dõi Kế hoạch CCHC",
    ),
    RegisterKind.ASSIGNED: Register(
        RegisterKind.ASSIGNED,
        AssignedTask,
        tuple(AssignedTaskForm.Meta.fields),
        counting.ASSIGNED_COUNTS,
        "Sổ theo dõi nhiệm vụ Chính phủ giao",
    ),
    RegisterKind.FEEDBACK: Register(
        RegisterKind.FEEDBACK,
        Feedback,
        tuple(FeedbackForm.Meta.fields),
        counting.FEEDBACK_COUNTS,
        "Sổ theo dõi phản ánh, kiến nghị",
    ),
}


def register_of(item: models.Model) -> Register:
    """The register an item belongs to."""
    for register in REGISTERS.values():
        if isinstance(item, register.model):
            return register
    raise TypeError(type(item).__name__)


# The levels that report BM1 2 (have a CCHC plan counted in a form).
PLAN_LEVELS = ("tinh", "so", "huyen")
PROGRESS_FIELDS = frozenset({"completed_on", "evidence_number", "evidence_date", "note"})


def _tree() -> dict[int, OrgUnit]:
    return {u.pk: u for u in OrgUnit.objects.all()}


def _province_of(unit_id: int | None, by_pk: Mapping[int, OrgUnit]) -> int | None:
    """The province unit above (or at) a unit: the unit whose BM1 5 counts its assigned tasks."""
    current = by_pk.get(unit_id) if unit_id is not None else None
    while current is not None:
        if current.level == "tinh":
            return current.pk
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return None


def owner_id(
    register: Register, owner: int | None, unit: int | None, by_pk: Mapping[int, OrgUnit]
) -> int | None:
    """The unit that owns an item: the plan's unit (plan tasks), the province (assigned tasks), the
    handling unit (feedback)."""
    if register.kind == RegisterKind.PLAN:
        return owner if owner is not None else unit
    if register.kind == RegisterKind.ASSIGNED:
        return _province_of(unit, by_pk)
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
    by_pk = _tree()

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


def _is_under(unit_id: int, ancestor_id: int, by_pk: Mapping[int, OrgUnit]) -> bool:
    """Whether a unit is `ancestor_id` or below it in the organisation tree."""
    current = by_pk.get(unit_id)
    while current is not None:
        if current.pk == ancestor_id:
            return True
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return False


def _under(ids: set[int], by_pk: Mapping[int, OrgUnit]) -> set[int]:
    """The units at or below any of `ids` in the organisation tree."""
    found = set()
    for pk, unit in by_pk.items():
        current: OrgUnit | None = unit
        while current is not None:
            if current.pk in ids:
                found.add(pk)
                break
            current = by_pk.get(current.parent_id) if current.parent_id else None
    return found


def unit_choices(user: Any, register: Register) -> QuerySet[OrgUnit]:
    """The responsible units the user may name: the units at or below the owners they edit (UBND tỉnh:
    every unit) for tasks, their editable units for feedback."""
    if register.kind == RegisterKind.FEEDBACK:
        return units_for(user, Action.EDIT)
    owners = set(owner_choices(user, register).values_list("pk", flat=True))
    return OrgUnit.objects.filter(pk__in=_under(owners, _tree()))


def items_for(user: Any, register: Register, action: Action = Action.VIEW) -> QuerySet[Any]:
    """The register's items of the units `user` may `action` (as owner or as responsible unit): the one
    scoped query for pages and files."""
    units = units_for(user, action)
    scope = models.Q(unit__in=units)
    if register.kind == RegisterKind.PLAN:
        scope |= models.Q(owner__in=units)
    elif register.kind == RegisterKind.ASSIGNED:
        by_pk = _tree()
        provinces = set(units.filter(level="tinh").values_list("pk", flat=True))
        if provinces:
            scope |= models.Q(unit__in=[pk for pk in by_pk if _province_of(pk, by_pk) in provinces])
    related = ("unit", "owner") if register.kind == RegisterKind.PLAN else ("unit",)
    return register.model._default_manager.filter(scope).select_related(*related)


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
    by_pk = _tree()

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
    by_pk = _tree()
    # The stored items, not the given ones: a bound form has already put the new values on the instance.
    stored = register.model._default_manager.in_bulk([item.pk for item, _ in rows if item is not None])

    def pk_of(value: Any) -> int | None:
        return value.pk if value is not None else None

    problems = []
    for index, (item, values) in enumerate(rows, start=1):
        new_unit = pk_of(values.get("unit"))
        new_owner = pk_of(values.get("owner"))
        owner_pk = owner_id(register, new_owner, new_unit, by_pk)
        if new_unit is not None and owner_pk is not None and not _is_under(new_unit, owner_pk, by_pk):
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


# --- the form rows ---------------------------------------------------------------------------------


@per_catalogue
def _register_rows(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Register kind → (row code → count name) of the rows each register fills in the catalogue."""
    rows: dict[str, dict[str, str]] = {kind: {} for kind in REGISTERS}
    for code, source in sourced_rows(catalogue, "register").items():
        register = REGISTERS.get(source.name)
        if register is None or source.count not in register.counts:
            known = ", ".join(register.counts) if register else ", ".join(REGISTERS)
            raise CatalogueError(
                f"Chỉ tiêu «{code}»: «source» của sổ theo dõi «{source.name}» đếm «{source.count}» "
                f"không có ({known})."
            )
        rows[register.kind][code] = source.count
    return rows


def register_rows(register: Register, catalogue: Catalogue) -> dict[str, str]:
    """Row code → count name of the rows the register fills in the catalogue, in printed order."""
    return _register_rows(catalogue)[register.kind]


def row_codes(register: Register, period: ReportingPeriod) -> tuple[str, ...]:
    """The rows the register fills in the period's catalogue."""
    return tuple(register_rows(register, catalogue_for(period)))


def row_of_count(register: Register, period: ReportingPeriod, count: str) -> str | None:
    """The row that holds one of the register's counts in the period's catalogue (None without one)."""
    return next(
        (code for code, name in register_rows(register, catalogue_for(period)).items() if name == count), None
    )


def register_levels(register: Register, period: ReportingPeriod) -> frozenset[str]:
    """The organisation levels that enter the register's rows in the period's catalogue."""
    catalogue = catalogue_for(period)
    codes = register_rows(register, catalogue)
    # A template without the rows (a later version) takes nothing from the register.
    row = catalogue.rows[next(iter(codes))] if codes else None
    return frozenset(level.value for level in row.levels) if row is not None else frozenset()


def _in_force(unit: OrgUnit, day: dt.date) -> bool:
    return unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)


def _target(
    unit: OrgUnit, by_pk: Mapping[int, OrgUnit], levels: frozenset[str], day: dt.date
) -> OrgUnit | None:
    """The unit whose form counts `unit`'s items: itself or the nearest superior that enters the rows."""
    current: OrgUnit | None = unit
    while current is not None:
        if current.level in levels and _in_force(current, day):
            return current
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return None


def counted_in(
    register: Register,
    item: Any,
    period: ReportingPeriod,
    by_pk: Mapping[int, OrgUnit],
    levels: frozenset[str],
) -> OrgUnit | None:
    """The unit whose form counts the item in the period: the plan's owner when it enters BM1 (a
    commune's plan is in no form), else the item's unit or the nearest superior entering the rows."""
    if register.kind == RegisterKind.PLAN:
        owner = by_pk.get(item.owner_id or item.unit_id)
        ok = owner is not None and owner.level in levels and _in_force(owner, period.window_end)
        return owner if ok else None
    return _target(by_pk[item.unit_id], by_pk, levels, period.window_end)


def item_rows(register: Register, item: Any, period: ReportingPeriod) -> frozenset[str]:
    """The rows an item counts in for the period (the one predicate behind figures and lists)."""
    start, end = period.window_start, period.window_end
    if register.kind == RegisterKind.PLAN:
        counts = counting.plan_rows(item.year, item.completed_on, period.period.year, end)
    elif register.kind == RegisterKind.ASSIGNED:
        counts = counting.assigned_rows(item.assigned_on, item.deadline, item.completed_on, start, end)
    else:
        counts = counting.feedback_rows(item.received_on, item.handled_on, start, end)
    return frozenset(
        code for code, count in register_rows(register, catalogue_for(period)).items() if count in counts
    )


def _started(register: Register, item: Any, period: ReportingPeriod) -> bool:
    """Whether the register was in use for the item's unit by the period (an item of the plan's year,
    an item assigned or received by the cut-off): earlier periods keep their typed figures."""
    if register.kind == RegisterKind.PLAN:
        return bool(item.year == period.period.year)
    day = item.assigned_on if register.kind == RegisterKind.ASSIGNED else item.received_on
    return bool(day <= period.window_end)


def count_items(register: Register, items: Iterable[Any], period: ReportingPeriod) -> dict[str, int]:
    """The register's row figures over `items` for the period (whatever their units)."""
    figures = dict.fromkeys(row_codes(register, period), 0)
    for item in items:
        for code in item_rows(register, item, period):
            figures[code] += 1
    return figures


def rolled_up_units(register: Register, period: ReportingPeriod, unit: OrgUnit) -> list[int]:
    """The units whose items the register counts in `unit`'s figures for the period (ids)."""
    by_pk = _tree()
    if register.kind == RegisterKind.PLAN:
        return [unit.pk]
    levels = register_levels(register, period)
    day = period.window_end
    return [
        pk
        for pk, candidate in by_pk.items()
        if (target := _target(candidate, by_pk, levels, day)) is not None and target.pk == unit.pk
    ]


def counted_items(
    register: Register, period: ReportingPeriod, unit: OrgUnit, items: QuerySet[Any]
) -> QuerySet[Any]:
    """Of `items`, those that may count in `unit`'s figures of the period (by owner or by roll-up)."""
    if register.kind == RegisterKind.PLAN:
        if unit.level not in register_levels(register, period):
            return items.none()
        return items.filter(owner=unit)
    return items.filter(unit_id__in=rolled_up_units(register, period, unit))


def figures_for(register: Register, period: ReportingPeriod, unit: OrgUnit) -> dict[str, int]:
    """The register's row figures of `unit` for the period (its own items and those rolled up to it)."""
    return count_items(
        register, counted_items(register, period, unit, register.model._default_manager.all()), period
    )


def _grouped(register: Register, period: ReportingPeriod, only: set[int] | None) -> dict[int, list[Any]]:
    """The items counted in each unit's figures of the period (unit id → items), for the units the
    register fills: those it holds an item of that had started by the period (see `_started`)."""
    by_pk = _tree()
    levels = register_levels(register, period)
    grouped: dict[int, list[Any]] = {}
    items = register.model._default_manager.all()
    if only is not None and register.kind == RegisterKind.PLAN:
        items = items.filter(models.Q(owner_id__in=only) | models.Q(owner__isnull=True, unit_id__in=only))
    elif only is not None:
        day = period.window_end
        members = [
            pk for pk, unit in by_pk.items() if (t := _target(unit, by_pk, levels, day)) and t.pk in only
        ]
        items = items.filter(unit_id__in=members)
    for item in items:
        target = counted_in(register, item, period, by_pk, levels)
        if target is None or (only is not None and target.pk not in only):
            continue
        if _started(register, item, period):
            grouped.setdefault(target.pk, []).append(item)
    return grouped


def all_figures(
    register: Register, period: ReportingPeriod, only: set[int] | None = None
) -> dict[int, dict[str, int]]:
    """The figures of every unit the register fills in the period (unit id → code → figure), in one pass;
    `only` restricts the result to some units."""
    return {
        pk: count_items(register, items, period) for pk, items in _grouped(register, period, only).items()
    }


def _lock_submissions(units: Iterable[int], period: ReportingPeriod, form: int) -> None:
    """Lock the forms about to be written before anything is counted, so that two saves at once count
    one after the other (the second sees the first's items)."""
    ids = list(units)
    existing = set(
        Submission.objects.filter(unit_id__in=ids, period=period, form=form).values_list("unit_id", flat=True)
    )
    Submission.objects.bulk_create(
        [Submission(unit_id=pk, period=period, form=form) for pk in ids if pk not in existing],
        ignore_conflicts=True,
    )
    list(
        Submission.objects.select_for_update()
        .filter(unit_id__in=ids, period=period, form=form)
        .order_by("pk")
    )


def refresh_figures(
    register: Register,
    units: Iterable[OrgUnit] | None,
    *,
    user: Any = None,
    periods: Iterable[ReportingPeriod] | None = None,
    request_id: str = "",
    exact: bool = False,
) -> list[str]:
    """Write the register's rows of the forms that count `units`' items (None: every unit), for the
    open periods (or `periods`); with `exact`, only the forms of `units` themselves.

    A form whose unit has no item in the register any more is handed back to typing (its sourced
    figures are released; typed ones are never touched). Returns the Vietnamese messages of forms
    left unchanged because they are already sent or approved.
    """
    by_pk = _tree()
    skipped: list[str] = []
    chosen = list(periods) if periods is not None else list(ReportingPeriod.objects.filter(is_open=True))
    given = None if units is None else [by_pk[unit.pk] for unit in units]
    for period in chosen:
        form = form_of(register, period)
        if form is None:
            continue  # the period's template has no row this register fills
        levels = register_levels(register, period)
        day = period.window_end
        targets: set[int] | None = None
        if given is not None:
            if register.kind == RegisterKind.PLAN or exact:
                targets = {u.pk for u in given if u.level in levels and _in_force(u, day)}
            else:
                targets = {t.pk for u in given if (t := _target(u, by_pk, levels, day)) is not None}
            if not targets:
                continue
        with transaction.atomic():
            sourced = set(
                Value.objects.filter(
                    submission__period=period, code__in=row_codes(register, period), source=register.source
                ).values_list("submission__unit_id", flat=True)
            )
            if targets is not None:
                sourced &= targets
            # Lock first, then count (see `_lock_submissions`).
            to_write = set(_grouped(register, period, targets)) | sourced
            if not to_write:
                continue
            _lock_submissions(sorted(to_write), period, form)
            figures = all_figures(register, period, to_write)
            codes = row_codes(register, period)
            for pk in sorted(to_write, key=lambda pk: (by_pk[pk].order, by_pk[pk].name, pk)):
                values: dict[str, int | None] = dict(figures.get(pk) or dict.fromkeys(codes))
                result = write_sourced_values(
                    by_pk[pk],
                    period,
                    values,
                    source=register.source,
                    channel=Channel.REGISTER,
                    user=user,
                    request_id=request_id,
                )
                skipped += result.skipped
    return skipped


def form_of(register: Register, period: ReportingPeriod) -> int | None:
    """The form number the register's rows belong to in the period's catalogue (None: it has none)."""
    codes = row_codes(register, period)
    return catalogue_for(period).rows[codes[0]].form if codes else None


def refresh_unit(
    unit: OrgUnit, period: ReportingPeriod, *, user: Any = None, request_id: str = ""
) -> list[str]:
    """Every register's figures in `unit`'s forms for the period, recomputed and written."""
    skipped: list[str] = []
    for register in REGISTERS.values():
        skipped += refresh_figures(
            register, [unit], user=user, periods=[period], request_id=request_id, exact=True
        )
    return skipped


def refresh_period(period: ReportingPeriod, *, user: Any = None, request_id: str = "") -> list[str]:
    """Every register's figures in every unit's forms for the period (a period opened, a province-wide
    recompute)."""
    skipped: list[str] = []
    for register in REGISTERS.values():
        skipped += refresh_figures(register, None, user=user, periods=[period], request_id=request_id)
    return skipped


# --- what is behind a figure, what is due ----------------------------------------------------------


def items_behind(register: Register, items: Iterable[Any], period: ReportingPeriod, code: str) -> list[Any]:
    """The items a row's figure counts for the period (the drill-down of a cell; any row when no code)."""
    chosen = []
    for item in items:
        rows = item_rows(register, item, period)
        if rows and (not code or code in rows):
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
            if deadline is None or deadline > horizon:
                continue
            found.append(DueItem(register, item, deadline, today))
    return sorted(found, key=lambda due: (due.deadline, due.register.kind, due.item.pk))
