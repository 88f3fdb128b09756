"""A register as an Excel workbook: exported with XlsxWriter, imported back (all or nothing) with openpyxl.

The sheet has one header row and one line per item. Column "Mã số" is the item's number in the
system: blank for a new item, kept to change an item. Every line is bound to the same form as the page
(`forms.py`), so an import checks exactly what typing checks, and every problem names the line and the
column ("Dòng 7, cột F (Hạn xử lý): …"). User text is always written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.forms import ModelChoiceField, TypedChoiceField
from xlsxwriter.utility import xl_col_to_name

# The same package checks as the forms' upload (size, zip bomb, old .xls) and the same safe opening.
from cchc.documents.xlsx_form import XlsxFormError, open_workbook
from cchc.web.org.models import OrgUnit
from cchc.web.registers.forms import FORMS
from cchc.web.registers.models import PlanTask
from cchc.web.registers.services import Register

ID_HEADER = "Mã số"
STATUS_HEADER = "Tình trạng hôm nay"
CONFIRMED_HEADER = "Sở Nội vụ xác nhận"
MAX_LINES = 5000
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
                sheet.write_string(line, column, value.name, text)
            else:
                display = getattr(item, f"get_{name}_display", None)
                # write_string: text such as "=1+1" or "@x" stays text, whatever it starts with.
                sheet.write_string(line, column, str(display() if display else value), text)
        column = len(register.fields) + 1
        sheet.write_string(line, column, item.status_on(today).value, text)
        if register.model is PlanTask:
            confirmed = "Đã xác nhận" if item.confirmed_at else ("Chờ xác nhận" if item.completed_on else "")
            sheet.write_string(line, column + 1, confirmed, text)
    workbook.close()
    return buffer.getvalue()


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


def _unit(units: QuerySet[OrgUnit], text: str) -> str | None:
    """A unit typed as its name, short name or code, among `units` (its id), None when none matches."""
    wanted = text.casefold()
    for unit in units:
        if wanted in (unit.name.casefold(), unit.code.casefold(), unit.short_name.casefold()):
            return str(unit.pk)
    return None


def read_register(
    register: Register,
    data: bytes,
    *,
    units: QuerySet[OrgUnit],
    editable_items: QuerySet[Any],
    today: dt.date,
) -> list[tuple[Any | None, dict[str, Any]]]:
    """The file's lines as (item or None, cleaned values), or RegisterImportError listing every problem.

    `units` are the units the user may edit, `editable_items` the items the user may change: a line
    naming any other item or unit is refused the same way as one naming nothing.
    """
    workbook = open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True, max_row=MAX_LINES + 2))
    finally:
        workbook.close()
    if not lines:
        raise XlsxFormError(["Tệp không có dòng tiêu đề."])
    if len(lines) > MAX_LINES + 1:
        raise XlsxFormError([f"Tệp có quá {MAX_LINES} dòng; hãy chia thành nhiều tệp."])
    titles = [_cell_text(value).casefold() for value in lines[0]]
    wanted = {ID_HEADER: ID_HEADER} | {register.field_label(name): name for name in register.fields}
    columns: dict[str, int] = {}
    missing = []
    for title, name in wanted.items():
        if title.casefold() in titles:
            columns[name] = titles.index(title.casefold())
        else:
            missing.append(f"Thiếu cột «{title}» ở dòng tiêu đề (dòng 1).")
    if missing:
        raise XlsxFormError(missing)
    headers = {name: title for title, name in wanted.items()}
    form_class = FORMS[register.kind]
    units = units.order_by()
    unit_list = list(units)
    known_units = {str(unit.pk): unit for unit in unit_list}
    form = form_class(units=units, today=today)  # its fields tell how to read each column
    known = {item.pk: item for item in editable_items}
    problems: list[str] = []
    rows: list[tuple[Any | None, dict[str, Any]]] = []
    seen: dict[int, int] = {}

    def where(line: int, name: str) -> str:
        return f"Dòng {line}, cột {xl_col_to_name(columns[name])} ({headers[name]})"

    for line, cells in enumerate(lines[1:], start=2):
        texts = {name: _cell_text(cells[i] if i < len(cells) else None) for name, i in columns.items()}
        if not any(texts.values()):
            continue
        item = None
        if texts[ID_HEADER]:
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
        for name in register.fields:
            text = texts[name]
            form_field = form.fields[name]
            if isinstance(form_field, ModelChoiceField):
                found = _unit(unit_list, text) if text else ""
                if found is None:
                    problems.append(
                        f"{where(line, name)}: không có đơn vị «{text}» trong các đơn vị "
                        "bạn được nhập sổ theo dõi."
                    )
                    found = ""
                text = found
            elif isinstance(form_field, TypedChoiceField) or getattr(form_field, "choices", None):
                text = _choice(form_field, text)
            elif name == "due_quarter" and text.upper().removeprefix("QUÝ ").strip() in _ROMAN:
                text = str(_ROMAN[text.upper().removeprefix("QUÝ ").strip()])
            bound[name] = text
        checked = form_class(bound, instance=item, units=units, today=today, known_units=known_units)
        if not checked.is_valid():
            for name, errors in checked.errors.items():
                for error in errors:
                    if name in columns:
                        problems.append(f"{where(line, name)}: {error}")
                    else:
                        problems.append(f"Dòng {line}: {error}")
            continue
        rows.append((item, {name: checked.cleaned_data[name] for name in register.fields}))
    if problems:
        raise XlsxFormError(problems)
    if not rows:
        raise XlsxFormError(["Tệp không có dòng nào để nhập (dưới dòng tiêu đề)."])
    return rows
