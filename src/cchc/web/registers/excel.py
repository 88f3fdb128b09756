"""A register as an Excel workbook: exported with XlsxWriter, imported back (all or nothing) with openpyxl.

The sheet has one header row and one line per item. Column "Mã số" is the item's number in the
system: blank for a new item, kept to change an item. Every line is bound to the same form as the page
(`forms.py`), so an import checks exactly what typing checks, and every problem names the line and the
column ("Dòng 7, cột F (Hạn xử lý): …"). User text is always written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

import xlsxwriter
from django.db.models import Field, QuerySet
from django.forms import ModelChoiceField, TypedChoiceField
from xlsxwriter.utility import xl_col_to_name

# The same package checks as the forms' upload (size, zip bomb, old .xls) and the same safe opening.
from cchc.documents.xlsx_form import XlsxFormError, open_workbook
from cchc.web.org.models import OrgUnit
from cchc.web.registers.forms import FORMS
from cchc.web.registers.kinds import Register
from cchc.web.registers.models import PlanTask
from cchc.web.registers.services import duplicate_problems

ID_HEADER = "Mã số"
STATUS_HEADER = "Tình trạng hôm nay"
CONFIRMED_HEADER = "Sở Nội vụ xác nhận"
MAX_LINES = 5000
MAX_COLUMNS = 60  # a register has about twenty fields
HEADER_SEARCH = 10  # lines searched for the header row
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def filename(register: Register) -> str:
    """The download's file name."""
    return f"so-theo-doi-{register.kind.value}.xlsx"


def write_register(register: Register, items: Sequence[Any], *, today: dt.date) -> bytes:
    """The items as an .xlsx file: a header line, then one line per item (dates as dates, text as text)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(register.label[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    date = workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    headers = [ID_HEADER] + [register.field_label(name) for name in register.fields] + [STATUS_HEADER]
    if register.model is PlanTask:
        headers.append(CONFIRMED_HEADER)
    for column, title in enumerate(headers):
        sheet.write_string(0, column, title, header)
        wide = any(word in title.lower() for word in ("nội dung", "kết quả", "ghi chú", "thủ tục"))
        sheet.set_column(column, column, 40 if wide else 16)
    sheet.freeze_panes(1, 1)
    for line, item in enumerate(items, start=1):
        sheet.write_number(line, 0, item.pk)
        for column, name in enumerate(register.fields, start=1):
            value = getattr(item, name)
            if value is None or value == "":
                sheet.write_blank(line, column, None)
            elif isinstance(value, dt.date):
                sheet.write_datetime(line, column, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int):
                sheet.write_number(line, column, value)
            elif isinstance(value, OrgUnit):
                # Name and code: the code is what the import reads back when names repeat.
                sheet.write_string(line, column, f"{value.name} ({value.code})", text)
            else:
                display = getattr(item, f"get_{name}_display", None)
                # write_string: text such as "=1+1" or "@x" stays text, whatever it starts with.
                sheet.write_string(line, column, str(display() if display else value), text)
        column = len(register.fields) + 1
        sheet.write_string(line, column, item.status_label_on(today), text)
        if register.model is PlanTask:
            confirmed = "Đã xác nhận" if item.confirmed_at else ("Chờ xác nhận" if item.completed_on else "")
            sheet.write_string(line, column + 1, confirmed, text)
    workbook.close()
    return buffer.getvalue()


def _stored_value(value: object) -> object:
    """A value as compared with the stored one: a unit by its id, "" and None alike."""
    if isinstance(value, OrgUnit):
        return value.pk
    return None if value == "" else value


def _stored(item: Any, name: str) -> object:
    """A stored field of an item, compared the same way (a unit by its id)."""
    return _stored_value(getattr(item, item._meta.get_field(name).attname))


def _cell_text(value: object) -> str:
    """A cell as the text a form field takes (dates day/month/year, whole numbers without ".0")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _choice(form_field: Any, text: str) -> str:
    """A choice typed as its label ("Chính phủ") or its value ("cp")."""
    if not text:
        return text
    for value, label in form_field.choices:
        if text.casefold() in (str(value).casefold(), str(label).casefold()):
            return str(value)
    return text


def _units(units: Sequence[OrgUnit], text: str) -> list[OrgUnit]:
    """The units typed as `text`: the one with that code, else those with that name or short name."""
    wanted = text.casefold()
    if wanted.endswith(")") and "(" in wanted:  # "Sở Tư pháp (so-tu-phap)", as the export writes it
        wanted = wanted.rsplit("(", 1)[1].removesuffix(")").strip()
    by_code = [unit for unit in units if unit.code.casefold() == wanted]
    if by_code:
        return by_code
    return [unit for unit in units if wanted in (unit.name.casefold(), unit.short_name.casefold())]


def _field_text(item: Any, name: str) -> str:
    """A stored field as an import cell would give it (a unit by its id, a date day/month/year)."""
    value = getattr(item, item._meta.get_field(name).attname)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def read_register(
    register: Register,
    data: bytes,
    *,
    units: QuerySet[OrgUnit],
    editable_items: QuerySet[Any],
    today: dt.date,
    owners: QuerySet[OrgUnit] | None = None,
    allowed: Callable[[Any], frozenset[str]] | None = None,
) -> list[tuple[Any | None, dict[str, Any]]]:
    """The file's lines as (item or None, cleaned values), or RegisterImportError listing every problem.

    `units` are the responsible units the user may name, `owners` the plans' owners, `editable_items`
    the items the user may change and `allowed(item)` the fields they may change on it: a line naming
    any other item or unit, or changing another field, is refused the same way as one naming nothing.
    A line repeating an item already in the register (or another line) is refused too.
    """
    owners = owners if owners is not None else units
    workbook = open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        # Bounded both ways: a cell far to the right must not make every line 16.384 cells long.
        lines = list(sheet.iter_rows(values_only=True, max_row=MAX_LINES + 2, max_col=MAX_COLUMNS))
    finally:
        workbook.close()
    if not lines:
        raise XlsxFormError(["Tệp không có dòng tiêu đề."])
    if len(lines) > MAX_LINES + 1:
        raise XlsxFormError([f"Tệp có quá {MAX_LINES} dòng; hãy chia thành nhiều tệp."])
    form_class = FORMS[register.kind]
    wanted = {ID_HEADER: ID_HEADER} | {register.field_label(name): name for name in register.fields}
    probe = form_class(units=units, today=today)
    required = {
        title
        for title, name in wanted.items()
        if name != ID_HEADER
        and probe.fields[name].required
        and not _model_field(register, name).has_default()
    }
    # The header is the first of the top lines holding every required title (a title line may be above).
    found = [
        (sum(title.casefold() in texts for title in required), index)
        for index, texts in enumerate(
            [[_cell_text(value).casefold() for value in line] for line in lines[:HEADER_SEARCH]]
        )
    ]
    _, header_index = max(found, key=lambda pair: (pair[0], -pair[1]))
    titles = [_cell_text(value).casefold() for value in lines[header_index]]
    columns: dict[str, int] = {}
    missing = []
    for title, name in wanted.items():
        if title.casefold() in titles:
            columns[name] = titles.index(title.casefold())
        elif title in required:
            missing.append(f"Thiếu cột «{title}» ở dòng tiêu đề (dòng {header_index + 1}).")
    if missing:
        raise XlsxFormError(missing)
    headers = {name: title for title, name in wanted.items()}
    units = units.order_by()
    owners = owners.order_by()
    unit_list = list(units)
    owner_list = list(owners)
    known_units = {str(unit.pk): unit for unit in unit_list}
    known_owners = {str(unit.pk): unit for unit in owner_list}
    form = form_class(units=units, owners=owners, today=today)  # its fields tell how to read each column
    lines_of: list[int] = []
    known = {item.pk: item for item in editable_items}
    problems: list[str] = []
    rows: list[tuple[Any | None, dict[str, Any]]] = []
    seen: dict[int, int] = {}

    def where(line: int, name: str) -> str:
        return f"Dòng {line}, cột {xl_col_to_name(columns[name])} ({headers[name]})"

    for line, cells in enumerate(lines[header_index + 1 :], start=header_index + 2):
        texts = {name: _cell_text(cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if not any(texts.values()):
            continue
        item = None
        if texts.get(ID_HEADER):
            try:
                number = int(texts[ID_HEADER])
            except ValueError:
                number = -1
            item = known.get(number)
            if item is None:
                problems.append(
                    f"{where(line, ID_HEADER)}: không có mục số «{texts[ID_HEADER]}» trong sổ của các đơn vị "
                    "bạn được nhập; để trống ô này khi thêm mục mới."
                )
                continue
            if number in seen:
                problems.append(f"{where(line, ID_HEADER)}: mục số {number} đã có ở dòng {seen[number]}.")
                continue
            seen[number] = line
        bound: dict[str, str] = {}
        unit_problem = False
        for name in register.fields:
            form_field = form.fields[name]
            if name not in columns:
                # An optional column left out: an item keeps what it has, a new item its default.
                default = _model_field(register, name).get_default()
                bound[name] = _field_text(item, name) if item is not None else str(default or "")
                continue
            text = texts[name]
            if isinstance(form_field, ModelChoiceField):
                choices = owner_list if name == "owner" else unit_list
                matches = _units(choices, text) if text else []
                if text and len(matches) != 1:
                    unit_problem = True
                    if matches:
                        codes = ", ".join(unit.code for unit in matches)
                        problems.append(
                            f"{where(line, name)}: tên «{text}» khớp nhiều đơn vị ({codes}); "
                            "hãy ghi mã đơn vị."
                        )
                    else:
                        problems.append(
                            f"{where(line, name)}: không có đơn vị «{text}» trong các đơn vị "
                            "bạn được nhập sổ theo dõi."
                        )
                text = str(matches[0].pk) if len(matches) == 1 else ""
            elif isinstance(form_field, TypedChoiceField) or getattr(form_field, "choices", None):
                text = _choice(form_field, text)
            elif name == "due_quarter" and text.upper().removeprefix("QUÝ ").strip() in _ROMAN:
                text = str(_ROMAN[text.upper().removeprefix("QUÝ ").strip()])
            bound[name] = text
        if unit_problem:
            continue
        checked = form_class(
            bound,
            instance=item,
            units=units,
            owners=owners,
            today=today,
            known_units=known_units,
            known_owners=known_owners,
        )
        before = {name: _stored(item, name) for name in register.fields} if item is not None else {}
        if not checked.is_valid():
            for name, errors in checked.errors.items():
                for error in errors:
                    if name in columns:
                        problems.append(f"{where(line, name)}: {error}")
                    else:
                        problems.append(f"Dòng {line}: {error}")
            continue
        values = {name: checked.cleaned_data[name] for name in register.fields}
        if item is not None and allowed is not None:
            permitted = allowed(item)
            refused = [
                n for n in register.fields if n not in permitted and _stored_value(values[n]) != before[n]
            ]
            for name in refused:
                problems.append(
                    f"{where(line, name)}: bạn chỉ được cập nhật tiến độ (ngày hoàn thành, văn bản kết quả, "
                    "ghi chú) của mục này; hãy giữ nguyên ô này."
                )
            if refused:
                continue
        rows.append((item, values))
        lines_of.append(line)
    problems += duplicate_problems(register, rows, [f"Dòng {line}" for line in lines_of])
    if problems:
        raise XlsxFormError(problems)
    if not rows:
        raise XlsxFormError(["Tệp không có dòng nào để nhập (dưới dòng tiêu đề)."])
    return rows


def _model_field(register: Register, name: str) -> Field[Any, Any]:
    """A concrete field of the register's model (the register's fields are never reverse relations)."""
    field = register.model._meta.get_field(name)
    assert isinstance(field, Field), name
    return field
