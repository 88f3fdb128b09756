"""The form rows the registers fill: which rows each register's counts go to, which items count in which
unit's form for a period, and the refresh that writes them (through `reporting.sources`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet

from cchc.core.catalogue import Catalogue, CatalogueError, per_catalogue, sourced_rows
from cchc.web.org.models import OrgUnit
from cchc.web.org.tree import in_force, unit_tree
from cchc.web.registers import counting
from cchc.web.registers.kinds import REGISTERS, Register
from cchc.web.registers.models import RegisterKind
from cchc.web.reporting.models import Channel, ReportingPeriod, Submission, Value
from cchc.web.reporting.services import catalogue_for
from cchc.web.reporting.sources import write_sourced_values

__all__ = [
    "all_figures",
    "count_items",
    "counted_in",
    "counted_items",
    "figures_for",
    "form_of",
    "item_rows",
    "items_behind",
    "refresh_figures",
    "refresh_period",
    "refresh_unit",
    "register_levels",
    "register_rows",
    "rolled_up_units",
    "row_codes",
    "row_of_count",
]


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


def rows_label(codes: Iterable[str]) -> str:
    """Where rows are printed, form by form: ("BM1-2.1", "BM1-2.2", "BM3-3.4") → "Biểu mẫu 1, mục 2.1,
    2.2; Biểu mẫu 3, mục 3.4"."""
    by_form: dict[str, list[str]] = {}
    for code in codes:
        form, _, item = code.partition("-")
        by_form.setdefault(form.removeprefix("BM"), []).append(item)
    return "; ".join(f"Biểu mẫu {form}, mục {', '.join(items)}" for form, items in by_form.items())


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


def _target(
    unit: OrgUnit, by_pk: Mapping[int, OrgUnit], levels: frozenset[str], day: dt.date
) -> OrgUnit | None:
    """The unit whose form counts `unit`'s items: itself or the nearest superior that enters the rows."""
    current: OrgUnit | None = unit
    while current is not None:
        if current.level in levels and in_force(current, day):
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
        ok = owner is not None and owner.level in levels and in_force(owner, period.window_end)
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
    by_pk = unit_tree()
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
    by_pk = unit_tree()
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
    by_pk = unit_tree()
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
                targets = {u.pk for u in given if u.level in levels and in_force(u, day)}
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
