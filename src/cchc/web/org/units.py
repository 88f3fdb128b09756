"""The organisation tree as data a province keeps: exported and imported whole, all or nothing.

An import creates the units it does not know and updates those it does (by code); a unit the file does
not name is left as it is (units are never deleted: figures refer to them). Every line is checked before
anything is written, and every problem is reported with its line and column:
- a code, name, level, date or mark that cannot be read;
- a parent or predecessor that is neither in the file nor in the database, or the unit itself;
- a tree that loops (a unit under itself), or a level under the wrong one (a department under a district);
- validity that does not fit: a unit outside its parent's dates, a predecessor still in force when its
  successor starts, or a unit's dates (or level) changed so that figures it already reported would fall
  outside them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from cchc.core.catalogue import Level
from cchc.core.periods import parse_day
from cchc.web.org.excel import COLUMNS
from cchc.web.org.models import LEVEL_CHOICES, Confidence, OrgUnit

__all__ = ["ImportResult", "UnitsImportError", "export_rows", "import_units", "in_tree_order"]

_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LEVELS = {
    **{value: value for value, _ in LEVEL_CHOICES},
    **{label.casefold(): value for value, label in LEVEL_CHOICES},
}
_MARKS = {
    **{value: value for value in Confidence.values},
    **{label.casefold(): value for value, label in Confidence.choices},
    **{label.split(",")[0].casefold(): value for value, label in Confidence.choices},  # "Suy luận"
}
_PARENT_LEVELS = {
    Level.TINH.value: (),
    Level.SO.value: (Level.TINH.value,),
    Level.HUYEN.value: (Level.TINH.value,),
    Level.XA.value: (Level.TINH.value, Level.HUYEN.value),
}
_START = dt.date(2000, 1, 1)  # a unit's valid_from when the file leaves it blank


class UnitsImportError(ValueError):
    """An import refused whole; `problems` names each line and column in Vietnamese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass
class ImportResult:
    """What an import did."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Unit:
    """A unit as it will be: the stored one with the file's line applied."""

    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    predecessors: tuple[str, ...]
    order: int
    confidence: str
    note: str
    line: int | None = None  # the file's line, None for a stored unit the file does not name

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _shown(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _stored() -> dict[str, _Unit]:
    units = OrgUnit.objects.select_related("parent").prefetch_related("predecessors")
    return {
        unit.code: _Unit(
            unit.code,
            unit.name,
            unit.short_name,
            unit.level,
            unit.parent.code if unit.parent else None,
            unit.valid_from,
            unit.valid_to,
            tuple(sorted(p.code for p in unit.predecessors.all())),
            unit.order,
            unit.confidence,
            unit.note,
        )
        for unit in units
    }


def _apply_line(
    number: int, cells: Mapping[str, str], before: _Unit | None, position: int, problems: list[str]
) -> _Unit | None:
    """The unit a line describes (the stored one's values where the file has no such column)."""
    where = f"Dòng {number}"

    def bad(name: str, text: str) -> None:
        problems.append(f"{where}, cột «{COLUMNS[name]}»: {text}")

    code = cells["code"]
    if not _CODE.fullmatch(code) or len(code) > 64:
        bad("code", f"mã «{code}» chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (vd. xa-cac-son).")
        return None
    name = " ".join(cells["name"].split())
    if not name or len(name) > 255:
        bad("name", "cần tên đơn vị (tối đa 255 ký tự).")
    level = _LEVELS.get(cells["level"].casefold(), "")
    if not level:
        labels = ", ".join(label for _, label in LEVEL_CHOICES)
        bad("level", f"cấp «{cells['level']}» không hợp lệ (tinh, so, huyen, xa hoặc {labels}).")

    def value(key: str, default: object) -> object:
        return cells.get(key, default)

    def date_of(key: str, default: dt.date | None) -> dt.date | None:
        text = value(key, None)
        if text is None:
            return default
        if not text:
            return None
        try:
            return parse_day(str(text))
        except ValueError:
            bad(key, f"ngày «{text}» không đọc được (dạng dd/mm/yyyy).")
            return default

    valid_from = date_of("valid_from", before.valid_from if before else _START) or _START
    valid_to = date_of("valid_to", before.valid_to if before else None)
    if valid_to is not None and valid_to < valid_from:
        bad("valid_to", f"ngày {_shown(valid_to)} trước ngày bắt đầu hiệu lực {_shown(valid_from)}.")
    order_text = str(value("order", ""))
    order = before.order if before else position
    if order_text:
        if order_text.isdigit():
            order = int(order_text)
        else:
            bad("order", f"thứ tự «{order_text}» phải là số nguyên không âm.")
    mark_text = str(value("confidence", before.confidence if before else ""))
    mark = _MARKS.get(mark_text.casefold()) if mark_text else ""
    if mark is None:
        bad("confidence", f"«{mark_text}» không phải {', '.join(label for _, label in Confidence.choices)}.")
    predecessors = before.predecessors if before else ()
    if "predecessors" in cells:
        predecessors = tuple(
            sorted({p.strip() for p in re.split(r"[;,\n]", cells["predecessors"]) if p.strip()})
        )
    parent = before.parent if before else None
    if "parent" in cells:
        parent = cells["parent"] or None
    return _Unit(
        code,
        name,
        str(value("short_name", before.short_name if before else "")),
        level,
        parent,
        valid_from,
        valid_to,
        predecessors,
        order,
        mark or "",
        str(value("note", before.note if before else "")),
        number,
    )


def _loop(code: str, units: Mapping[str, _Unit]) -> list[str] | None:
    """The codes of a loop through `code`'s parents, None if it reaches the top."""
    seen: list[str] = []
    current: str | None = code
    while current is not None and current in units:
        if current in seen:
            return [*seen[seen.index(current) :], current]
        seen.append(current)
        current = units[current].parent
    return None


def _check_tree(units: Mapping[str, _Unit], problems: list[str], unread: set[int]) -> None:
    """The file's units against the whole tree; a line whose cells could not be read is not checked again."""
    for unit in units.values():
        if unit.line is None or unit.line in unread:
            continue
        where = f"Dòng {unit.line}"
        if unit.parent is not None:
            parent = units.get(unit.parent)
            if unit.parent == unit.code:
                problems.append(
                    f"{where}, cột «{COLUMNS['parent']}»: đơn vị không thể là cấp trên của chính nó."
                )
            elif parent is None:
                problems.append(f"{where}, cột «{COLUMNS['parent']}»: không có đơn vị mã «{unit.parent}».")
            else:
                if unit.level and parent.level and parent.level not in _PARENT_LEVELS[unit.level]:
                    problems.append(
                        f"{where}, cột «{COLUMNS['parent']}»: «{parent.name}» ({_label(parent.level)}) "
                        f"không thể là cấp trên của một đơn vị «{_label(unit.level)}»."
                    )
                if parent.valid_from > unit.valid_from or (
                    parent.valid_to is not None and (unit.valid_to is None or unit.valid_to > parent.valid_to)
                ):
                    problems.append(
                        f"{where}, cột «{COLUMNS['valid_from']}»: hiệu lực {_span(unit)} nằm ngoài hiệu lực "
                        f"của đơn vị cấp trên «{parent.name}» ({_span(parent)})."
                    )
        elif unit.level and unit.level != Level.TINH.value:
            problems.append(
                f"{where}, cột «{COLUMNS['parent']}»: đơn vị {_label(unit.level)} cần đơn vị cấp trên."
            )
        loop = _loop(unit.code, units) if unit.parent != unit.code else None
        if loop:
            problems.append(
                f"{where}, cột «{COLUMNS['parent']}»: cây đơn vị tạo vòng lặp ({' → '.join(loop)})."
            )
        for code in unit.predecessors:
            before = units.get(code)
            if code == unit.code:
                problems.append(
                    f"{where}, cột «{COLUMNS['predecessors']}»: đơn vị không thể là tiền thân của chính nó."
                )
            elif before is None:
                problems.append(f"{where}, cột «{COLUMNS['predecessors']}»: không có đơn vị mã «{code}».")
            elif before.valid_to is None or before.valid_to >= unit.valid_from:
                problems.append(
                    f"{where}, cột «{COLUMNS['predecessors']}»: đơn vị tiền thân «{before.name}» còn "
                    f"hiệu lực ({_span(before)}) khi «{unit.name}» bắt đầu ({_shown(unit.valid_from)}); "
                    "tiền thân phải hết hiệu lực trước đó."
                )


def _label(level: str) -> str:
    return dict(LEVEL_CHOICES).get(level, level)


def _span(unit: _Unit) -> str:
    return f"từ {_shown(unit.valid_from)}" + (f" đến {_shown(unit.valid_to)}" if unit.valid_to else "")


def _check_reported(units: Mapping[str, _Unit], stored: Mapping[str, _Unit], problems: list[str]) -> None:
    """A unit keeps the level and dates of the periods it has reported figures for."""
    changed = [
        u
        for u in units.values()
        if u.line is not None
        and u.code in stored
        and (u.level, u.valid_from, u.valid_to)
        != (stored[u.code].level, stored[u.code].valid_from, stored[u.code].valid_to)
    ]
    if not changed:
        return
    # Through the forms' relation to the units: the organisation does not import the forms above it.
    reported = (
        OrgUnit.objects.filter(code__in=[u.code for u in changed], submissions__values__isnull=False)
        .values_list("code", "submissions__period__code", "submissions__period__window_end")
        .distinct()
    )
    for code, period, day in sorted(reported):
        unit = units[code]
        if unit.level != stored[code].level:
            problems.append(
                f"Dòng {unit.line}, cột «{COLUMNS['level']}»: «{unit.name}» đã có số liệu kỳ {period}; "
                "không đổi được cấp."
            )
        elif not unit.in_force(day):
            problems.append(
                f"Dòng {unit.line}, cột «{COLUMNS['valid_to']}»: «{unit.name}» đã có số liệu kỳ {period} "
                f"(chốt ngày {_shown(day)}), ngoài hiệu lực mới ({_span(unit)})."
            )


def import_units(lines: Sequence[tuple[int, Mapping[str, str]]]) -> ImportResult:
    """Create and update the units of a file's lines (line number, field → text), all or nothing."""
    with transaction.atomic():
        stored = _stored()
        units = dict(stored)
        problems: list[str] = []
        unread: set[int] = set()
        first_line: dict[str, int] = {}
        for position, (number, cells) in enumerate(lines):
            code = cells.get("code", "")
            if code in first_line:
                problems.append(
                    f"Dòng {number}, cột «{COLUMNS['code']}»: mã «{code}» đã có ở dòng {first_line[code]}."
                )
                continue
            found = len(problems)
            unit = _apply_line(number, cells, stored.get(code), len(stored) + position, problems)
            if len(problems) > found:
                unread.add(number)
            if unit is not None:
                first_line[code] = number
                units[code] = unit
        _check_tree(units, problems, unread)
        _check_reported(units, stored, problems)
        if problems:
            raise UnitsImportError(sorted(problems, key=_line_of))
        return _write(units, stored)


def _line_of(problem: str) -> int:
    match = re.match(r"Dòng (\d+)", problem)
    return int(match.group(1)) if match else 0


def _write(units: Mapping[str, _Unit], stored: Mapping[str, _Unit]) -> ImportResult:
    result = ImportResult()
    touched = [u for u in units.values() if u.line is not None]
    objects = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=[u.code for u in touched])}
    for unit in touched:
        if unit.code in stored and _same(stored[unit.code], unit):
            result.unchanged += 1
            continue
        obj = objects.get(unit.code) or OrgUnit(code=unit.code)
        obj.name, obj.short_name, obj.level = unit.name, unit.short_name, unit.level
        obj.valid_from, obj.valid_to, obj.order = unit.valid_from, unit.valid_to, unit.order
        obj.confidence, obj.note = unit.confidence, unit.note
        obj.parent = None  # set below, once every unit exists
        (result.changed if unit.code in stored else result.created).append(unit.code)
        obj.save()
        objects[unit.code] = obj
    written = set(result.created) | set(result.changed)
    named = {
        *written,
        *(u.parent for u in touched if u.parent),
        *(p for u in touched for p in u.predecessors),
    }
    by_code = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=named)}
    for code in written:
        unit, obj = units[code], by_code[code]
        obj.parent = by_code[unit.parent] if unit.parent else None
        obj.save(update_fields=["parent"])
        obj.predecessors.set([by_code[p] for p in unit.predecessors])
    return result


def _same(before: _Unit, after: _Unit) -> bool:
    return {**before.__dict__, "line": None} == {**after.__dict__, "line": None}


def in_tree_order(units: Iterable[OrgUnit]) -> list[tuple[OrgUnit, int]]:
    """Units depth first from the top (each level by order, then name), with their depth."""
    chosen = list(units)
    codes = {unit.pk for unit in chosen}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in chosen:
        parent = unit.parent_id if unit.parent_id in codes else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: (u.order, u.name, u.code)):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def export_rows(on: dt.date | None = None) -> list[dict[str, str]]:
    """Every unit (or those in force on `on`) as a file's lines, in tree order."""
    units = OrgUnit.objects.select_related("parent").prefetch_related("predecessors")
    if on is not None:
        units = units.active_on(on)
    return [
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "level": unit.get_level_display(),
            "parent": unit.parent.code if unit.parent else "",
            "valid_from": _shown(unit.valid_from),
            "valid_to": _shown(unit.valid_to),
            "predecessors": "; ".join(sorted(p.code for p in unit.predecessors.all())),
            "order": str(unit.order),
            "confidence": unit.get_confidence_display() if unit.confidence else "",
            "note": unit.note,
        }
        for unit, _ in in_tree_order(units)
    ]
