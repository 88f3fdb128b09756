"""Walks of the organisation tree, over every unit read once (`unit_tree`): who is above or below whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from cchc.web.org.models import OrgUnit

__all__ = ["in_force", "is_under", "province_of", "unit_tree", "units_under"]


def unit_tree() -> dict[int, OrgUnit]:
    """Every unit by id, read once for a walk up or down the tree."""
    return {u.pk: u for u in OrgUnit.objects.all()}


def province_of(unit_id: int | None, by_pk: Mapping[int, OrgUnit]) -> int | None:
    """The province unit above (or at) a unit: the unit whose BM1 5 counts its assigned tasks."""
    current = by_pk.get(unit_id) if unit_id is not None else None
    while current is not None:
        if current.level == "tinh":
            return current.pk
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return None


def is_under(unit_id: int, ancestor_id: int, by_pk: Mapping[int, OrgUnit]) -> bool:
    """Whether a unit is `ancestor_id` or below it in the organisation tree."""
    current = by_pk.get(unit_id)
    while current is not None:
        if current.pk == ancestor_id:
            return True
        current = by_pk.get(current.parent_id) if current.parent_id else None
    return False


def units_under(ids: set[int], by_pk: Mapping[int, OrgUnit]) -> set[int]:
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


def in_force(unit: OrgUnit, day: dt.date) -> bool:
    """Whether the unit exists on `day` (between its valid-from and valid-to dates)."""
    return unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)
