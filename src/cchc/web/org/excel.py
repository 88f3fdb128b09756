"""The unit tree as a file a province keeps: read from and written to Excel (.xlsx) or CSV.

Each line is one unit under the columns of `COLUMNS` (Vietnamese headers, in any order; only Mã, Tên and
Cấp are required). Reading returns each line's cells as text (dates from Excel as dd/mm/yyyy) with its
line number; what the cells mean is checked by `org.units`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import xlsxwriter

from cchc.documents.xlsx_form import XlsxFormError, open_workbook

__all__ = ["COLUMNS", "REQUIRED", "UnitsFileError", "read_units_file", "write_units_csv", "write_units_xlsx"]

# field → header, in the order a file is written.
COLUMNS: Mapping[str, str] = {
    "code": "Mã",
    "name": "Tên",
    "short_name": "Tên ngắn",
    "level": "Cấp",
    "parent": "Mã đơn vị cấp trên",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "predecessors": "Mã đơn vị tiền thân",
    "order": "Thứ tự",
    "confidence": "Độ tin cậy",
    "note": "Ghi chú",
}
REQUIRED = ("code", "name", "level")
MAX_LINES = 20_000
SHEET = "Đơn vị"


class UnitsFileError(ValueError):
    """A units file that cannot be read at all; `problems` says why in Vietnamese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(lines: Iterable[Sequence[object]]) -> list[tuple[int, dict[str, str]]]:
    """Header line → each later non-empty line as (line number, field → text)."""
    rows = iter(lines)
    header = next(rows, None)
    if header is None:
        raise UnitsFileError(["Tệp trống: dòng đầu phải là tên các cột (Mã, Tên, Cấp, …)."])
    by_header = {text.casefold(): name for name, text in COLUMNS.items()}
    fields: list[str | None] = []
    for index, value in enumerate(header, 1):
        text = _cell(value)
        name = by_header.get(text.casefold())
        if text and name is None:
            raise UnitsFileError(
                [f"Dòng 1, cột {index}: không có cột «{text}» (các cột: {', '.join(COLUMNS.values())})."]
            )
        if name is not None and name in fields:
            raise UnitsFileError([f"Dòng 1, cột {index}: cột «{text}» có hai lần."])
        fields.append(name)
    missing = [COLUMNS[name] for name in REQUIRED if name not in fields]
    if missing:
        raise UnitsFileError([f"Dòng 1: thiếu cột {', '.join(f'«{m}»' for m in missing)}."])
    table: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, 2):
        cells = {name: _cell(value) for name, value in zip(fields, values, strict=False) if name is not None}
        if not any(cells.values()):
            continue
        if len(table) >= MAX_LINES:
            raise UnitsFileError([f"Tệp có hơn {MAX_LINES:,} đơn vị; hãy chia nhỏ.".replace(",", ".")])
        table.append((number, {name: cells.get(name, "") for name in fields if name is not None}))
    return table


def read_units_file(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The lines of an uploaded units file (.xlsx, or .csv in UTF-8), never trusted: an .xlsx is opened
    only after `open_workbook`'s package checks."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = open_workbook(data)
        except XlsxFormError as error:
            raise UnitsFileError(error.problems) from None
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        return _table(sheet.iter_rows(values_only=True))
    if not filename.lower().endswith((".csv", ".txt")):
        raise UnitsFileError([f"Tệp «{filename}» không phải .xlsx hay .csv."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnitsFileError(
            [f"Tệp CSV không phải UTF-8 (byte thứ {error.start + 1}); hãy lưu lại dạng «CSV UTF-8»."]
        ) from None
    if "\0" in text:
        raise UnitsFileError(["Tệp CSV chứa ký tự NUL: không phải tệp văn bản."])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or nothing to tell: the header line says what is missing
    try:
        return _table(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise UnitsFileError(
            [f"Tệp CSV không đọc được ({error}); hãy lưu lại từ Excel dạng «CSV UTF-8»."]
        ) from None


def write_units_csv(rows: Iterable[Mapping[str, str]]) -> bytes:
    """The units as CSV in UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow([row.get(name, "") for name in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_units_xlsx(rows: Iterable[Mapping[str, str]], *, title: str) -> bytes:
    """The units as an Excel workbook: one sheet, a header line and one line a unit."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(SHEET)
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#e8eef7"})
    text = workbook.add_format({"num_format": "@", "valign": "top"})
    widths = {
        "code": 28,
        "name": 48,
        "short_name": 20,
        "level": 16,
        "parent": 24,
        "predecessors": 40,
        "note": 60,
    }
    for column, (name, header) in enumerate(COLUMNS.items()):
        sheet.write_string(0, column, header, bold)
        sheet.set_column(column, column, widths.get(name, 14), text)
    count = 0
    for count, row in enumerate(rows, 1):
        for column, name in enumerate(COLUMNS):
            sheet.write_string(count, column, row.get(name, ""), text)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    workbook.set_properties({"title": title})
    workbook.close()
    return buffer.getvalue()
