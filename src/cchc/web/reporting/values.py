"""Reading a unit's stored cells, and writing cells into a locked submission with an audit record each:
the one place figures are stored.

Typed figures (`services.save_values`) and figures from a source (`sources.write_sourced_values`) both
end here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cchc.core.numbers import Cell, CellKind
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod, Submission, Value, ValueChange
from cchc.web.reporting.stamps import figures_changed


def unit_cells(unit: OrgUnit, period: ReportingPeriod) -> dict[str, Cell]:
    """Every stored cell of the unit in the period, all forms (code → cell)."""
    return {
        value.code: value.cell
        for value in Value.objects.filter(submission__unit=unit, submission__period=period)
    }


def write_cells(
    locked: Submission,
    existing: Mapping[str, Value],
    parsed: Mapping[str, tuple[Cell, str | None]],
    *,
    user: Any,
    channel: str,
    request_id: str = "",
    source: str | None = None,
) -> int:
    """Write parsed cells into a locked submission with an audit record each; bump its version and
    the period's figures version (`stamps`).

    `source` is None for typed figures; otherwise the label of the register or import they come from
    (stored on the value, "" to release the row back to typing). Returns how many cells changed.
    """
    changes: list[ValueChange] = []
    # Written in bulk: one update_or_create per cell is a savepoint and two queries each.
    created: list[Value] = []
    updated: list[Value] = []
    deleted: list[int] = []
    for code, (cell, note) in parsed.items():
        value = existing.get(code)
        old_text, old_note = (value.text, value.note) if value else ("", "")
        new_note = old_note if note is None else note.strip()
        new_text = cell.text if cell.kind is not CellKind.BLANK else ""
        new_source = (value.source if value else "") if source is None else source
        content_changed = (old_text, old_note) != (new_text, new_note) or (
            value is not None and value.kind != cell.kind
        )
        if not content_changed and (value is None or value.source == new_source):
            continue
        if cell.kind is CellKind.BLANK and not new_note:
            if value is None:
                continue
            deleted.append(value.pk)
        elif value is None:
            created.append(
                Value(
                    submission=locked,
                    code=code,
                    kind=cell.kind.value,
                    number=cell.number,
                    text=new_text,
                    note=new_note,
                    source=new_source,
                )
            )
        else:
            value.kind, value.number, value.text, value.note, value.source = (
                cell.kind.value,
                cell.number,
                new_text,
                new_note,
                new_source,
            )
            updated.append(value)
        if content_changed:
            changes.append(
                ValueChange(
                    submission=locked,
                    code=code,
                    old_text=old_text,
                    new_text=new_text,
                    old_note=old_note,
                    new_note=new_note,
                    user=user if getattr(user, "is_authenticated", False) else None,
                    channel=channel,
                    request_id=request_id,
                )
            )
    if deleted:
        Value.objects.filter(pk__in=deleted).delete()
    if updated:
        Value.objects.bulk_update(updated, ["kind", "number", "text", "note", "source"])
    if created:
        Value.objects.bulk_create(created)
    if changes or updated or created or deleted:
        ValueChange.objects.bulk_create(changes)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        figures_changed([locked.period_id])
    return len(changes)
