"""Figures that come from another source (a register, one-stop dossiers) written into the units' forms.

Such a figure is stored like a typed one, so aggregation, checks, Excel and the report see it, but its
`Value.source` names where it came from: the entry page shows it read-only with that name, and a typed
change to it is refused (`save_values`). Each source registers its drill-down links and its refresher
in `hooks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from cchc.core.numbers import Cell, CellKind, format_number
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod, Submission
from cchc.web.reporting.services import catalogue_for, input_codes
from cchc.web.reporting.values import write_cells

SourcedFigure = Decimal | int | str | None


@dataclass
class SourcedResult:
    """What a sourced write did: cells changed, and why some forms were left as they were."""

    changed: int = 0
    skipped: list[str] = field(default_factory=list)


def _cell(code: str, figure: SourcedFigure) -> Cell:
    if figure is None:
        return Cell(CellKind.BLANK, None, "")
    if figure == "-":
        return Cell(CellKind.DASH, None, "-")
    if isinstance(figure, str):
        raise ValueError(f"{code}: a sourced figure is a number, '-' or None, not {figure!r}")
    number = Decimal(figure)
    return Cell(CellKind.NUMBER, number, format_number(number))


def _unchanged(submission: Submission, parsed: Mapping[str, tuple[Cell, str | None]]) -> bool:
    """Whether the stored figures already are what the source would write."""
    stored = {value.code: value for value in submission.values.filter(code__in=parsed)}
    for code, (cell, _) in parsed.items():
        value = stored.get(code)
        now = (value.kind, value.text) if value is not None else (CellKind.BLANK.value, "")
        if now != (cell.kind.value, cell.text):
            return False
    return True


def write_sourced_values(
    unit: OrgUnit,
    period: ReportingPeriod,
    values: Mapping[str, SourcedFigure],
    *,
    source: str,
    channel: str,
    user: Any = None,
    request_id: str = "",
) -> SourcedResult:
    """Write figures computed from `source` (code → number, "-", or None to release the row) into
    the unit's forms of the period, in one transaction, each changed cell audited under `channel`.

    The caller has already checked that the user may change the source. A form that is submitted or
    approved is left unchanged and named in `skipped`, so a reviewer never sees figures move under
    them. A code outside the unit's input rows is a programming error (ValueError).
    """
    catalogue = catalogue_for(period)
    by_form: dict[int, dict[str, tuple[Cell, str | None]]] = {}
    for code, figure in values.items():
        row = catalogue.rows.get(code)
        if row is None or code not in input_codes(catalogue, unit, row.form):
            raise ValueError(f"{code} is not an input row of {unit.code} ({unit.level})")
        by_form.setdefault(row.form, {})[code] = (_cell(code, figure), None)
    result = SourcedResult()
    with transaction.atomic():
        for form, parsed in sorted(by_form.items()):
            submission, _ = Submission.objects.get_or_create(unit=unit, period=period, form=form)
            locked = Submission.objects.select_for_update().get(pk=submission.pk)
            if not locked.editable:
                if _unchanged(locked, parsed):
                    continue
                result.skipped.append(
                    f"{unit.name}, Biểu mẫu {form} ({period.label}) đang ở trạng thái "
                    f"«{locked.get_status_display()}»: số liệu từ «{source}» chưa được cập nhật."
                )
                continue
            existing = {value.code: value for value in locked.values.filter(code__in=parsed)}
            released = {code for code, (cell, _) in parsed.items() if cell.kind is CellKind.BLANK}
            if released:
                # Releasing a row hands it back to typing: drop the figure only where the source owns it.
                parsed = {
                    code: entry
                    for code, entry in parsed.items()
                    if code not in released or (code in existing and existing[code].source)
                }
            result.changed += write_cells(
                locked, existing, parsed, user=user, channel=channel, request_id=request_id, source=source
            )
    return result
