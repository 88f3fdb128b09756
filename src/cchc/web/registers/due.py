"""What is overdue or due soon in the registers, for a user's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cchc.web.org.access import Action, units_for
from cchc.web.registers.kinds import REGISTERS, Register
from cchc.web.registers.models import RegisterKind
from cchc.web.registers.services import items_for

__all__ = ["DUE_SOON_DAYS", "DueItem", "due_items"]


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
