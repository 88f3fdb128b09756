"""The unit picker of the «Người dùng» pages ("chọn đơn vị phụ trách"): every unit as a checkbox, grouped by
level, those in force first and those that ended marked with the day they ended.

static/cchc/units.js adds a filter box, the count of chosen units and the chosen ones as chips; without it
the picker is plain checkboxes sent as the same field, and the form validates them the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms

from cchc.core.catalogue import Level
from cchc.web.org.models import OrgUnit

# The picker's groups, in the order Sở Nội vụ looks for a unit: the province and its bodies, today's communes,
# then the districts that ended with the two-level local government.
LEVEL_GROUPS: tuple[tuple[str, tuple[Level, ...]], ...] = (
    ("Cấp tỉnh", (Level.TINH, Level.SO)),
    ("Cấp xã", (Level.XA,)),
    ("Cấp huyện", (Level.HUYEN,)),
)

Choices = list[tuple[str, list[tuple[str, str]]]]


def day_text(day: dt.date) -> str:
    """A day as the pages write it: 30/06/2025."""
    return f"{day:%d/%m/%Y}"


def ended_units(units: Iterable[OrgUnit], today: dt.date) -> dict[str, dt.date]:
    """The code of each unit that ended before `today` and its last day."""
    return {unit.code: unit.valid_to for unit in units if unit.valid_to is not None and unit.valid_to < today}


def grouped_choices(units: Iterable[OrgUnit], ended: dict[str, dt.date]) -> Choices:
    """The units as choices grouped by level: in force first, then those that ended; a group of ended units
    only says so in its name ("Cấp huyện (đến 30/06/2025)")."""
    units = list(units)
    groups: Choices = []
    for label, levels in LEVEL_GROUPS:
        members = sorted(
            (unit for unit in units if unit.level in levels),
            key=lambda unit: (unit.code in ended, levels.index(Level(unit.level)), unit.order, unit.name),
        )
        if not members:
            continue
        if all(unit.code in ended for unit in members):
            label = f"{label} (đến {day_text(max(ended[unit.code] for unit in members))})"
        groups.append((label, [(unit.code, unit.name) for unit in members]))
    return groups


class UnitPicker(forms.CheckboxSelectMultiple):
    """Checkboxes by level with the ended units marked (org/unit_picker.html)."""

    template_name = "org/unit_picker.html"
    option_template_name = "org/unit_option.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.ended: dict[str, dt.date] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One checkbox, with the day its unit ended (empty for a unit in force)."""
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        ended = self.ended.get(str(option["value"]))
        option["ended"] = day_text(ended) if ended else ""
        return option

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Django's context, plus each level's units in force and ended apart, and the chosen units."""
        context: dict[str, Any] = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["levels"] = [
            {
                "label": label,
                "count": len(options),
                "current": [option for option in options if not option["ended"]],
                "ended": [option for option in options if option["ended"]],
            }
            for label, options, _ in widget["optgroups"]
        ]
        widget["chosen"] = [
            option for _, options, _ in widget["optgroups"] for option in options if option["selected"]
        ]
        return context


def unit_field_choices(field: Any, today: dt.date) -> None:
    """Give a units field of a form its grouped choices and its picker the ended units, as of `today`."""
    units = list(OrgUnit.objects.order_by("order", "name"))
    field.widget.ended = ended_units(units, today)
    field.choices = grouped_choices(units, field.widget.ended)
