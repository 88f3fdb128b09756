"""One unit's Biểu mẫu as an Excel workbook (.xlsx): written to be filled in offline, read back on upload.

The visible sheet ("Biểu mẫu N") looks like the paper form: a title block, the header STT | Chỉ tiêu thống
kê | Đơn vị tính | Số liệu | Ghi chú, one line per row. A hidden column F holds each line's row code, and
a very hidden sheet "cchc" (not offered by Excel's «Unhide») holds what the file is for (template, form,
unit, period) and the list of row codes, so an upload is matched by code, never by where a line sits.

Reading treats the file as hostile: the zip's declared sizes are checked before openpyxl opens it
(openpyxl parses with defusedxml, which is installed), at most a few thousand rows are read, every
problem is collected and reported in Vietnamese with the sheet and the cell, e.g.
"Trang «Biểu mẫu 3», ô D14 (mục 3.1.2): «nhiều» không phải là số.".
No Django here: the web layer calls these two functions.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cchc.core.catalogue import Catalogue, Kind, Row
from cchc.core.numbers import BLANK, Cell, CellKind, format_number, parse_cell, round_half_up, storage_problem
from cchc.untrusted.packages import PackageError, PackageLimits, check_package

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "XLSX_CONTENT_TYPE",
    "FormUpload",
    "XlsxFormError",
    "read_form",
    "read_upload",
    "sheet_name",
    "write_form",
]

# A filled form is a few kilobytes; these limits only stop abuse and accidents.
MAX_FILE_BYTES = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# zipfile never inflates a member past its declared size, so checking declared sizes stops a zip bomb.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 2000
# A form's sheets are read only as far as MAX_ROWS rows; their declared range is bounded all the same.
_PACKAGE = PackageLimits(
    kind="là tệp Excel (.xlsx)",
    max_members=500,
    max_unzipped_bytes=MAX_UNCOMPRESSED_BYTES,
    max_part_bytes=MAX_UNCOMPRESSED_BYTES,
    max_sheet_cells=10_000_000,
    # openpyxl loads these whole even read-only: a few bytes a style would cost it gigabytes.
    part_limits=(("xl/styles.xml", 1024 * 1024), ("xl/sharedStrings.xml", 5 * 1024 * 1024)),
)

META_SHEET = "cchc"
FORMAT_ID = "cchc-xlsx-form/1"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Layout of the visible sheet (0-based for XlsxWriter; messages use Excel's A1 names).
_HEADER_ROW = 4
_FIRST_DATA_ROW = _HEADER_ROW + 1
_COL_STT, _COL_NAME, _COL_UNIT, _COL_VALUE, _COL_NOTE, _COL_CODE = range(6)
_VALUE_LETTER, _NOTE_LETTER = "D", "E"
_WIDTHS = {_COL_STT: 7, _COL_NAME: 56, _COL_UNIT: 14, _COL_VALUE: 14, _COL_NOTE: 30}
_HEADERS = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
_COMPUTED_NOTE = "tự tính"
_FONT = "Times New Roman"
_LINE_HEIGHT = 16.5

# Keys of the hidden sheet "cchc" (column A → column B), then a table of row codes.
_META_KEYS = ("format", "template", "form", "unit", "unit_name", "period", "period_label", "version")
_ROWS_MARKER = "rows"


class XlsxFormError(ValueError):
    """An uploaded workbook that cannot be taken; `problems` lists every reason in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def sheet_name(form: int) -> str:
    """The visible sheet's name: "Biểu mẫu 3"."""
    return f"Biểu mẫu {form}"


def number_format(row: Row) -> str:
    """The Excel display format of a row's figure: Vietnamese separators, the row's decimals."""
    if row.kind is Kind.CODE:
        return "0"
    decimals = "." + "0" * row.decimals if row.decimals else ""
    # Excel shows the reader's own separators for these codes (242.037 and 96,60 on a Vietnamese system).
    return ("0" if row.kind is Kind.PERCENT else "#,##0") + decimals


def line_count(text: str, width: int) -> int:
    """How many lines `text` takes in a column of `width` (to set row heights)."""
    # Times New Roman 12 fits about 0.95 character per unit of column width; Excel does not size merged
    # or written rows reliably, so the height is set from an estimate.
    per_line = max(1, int(width * 0.95))
    return max(1, sum(math.ceil(max(1, len(part)) / per_line) for part in text.split("\n")))


class CellFormats:
    """XlsxWriter formats built once per combination of properties."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        base: dict[str, Any] = {"font_name": _FONT, "font_size": 12, "valign": "vcenter"}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(base)
        return self._cache[key]


def write_form(
    catalogue: Catalogue,
    form: int,
    rows: Iterable[Row],
    cells: Mapping[str, Cell],
    notes: Mapping[str, str],
    *,
    unit_name: str,
    unit_code: str,
    period_code: str,
    period_label: str,
    template_id: str,
    version: int | None = None,
    sourced: Mapping[str, str] | None = None,
) -> bytes:
    """The unit's form as an .xlsx laid out like the paper form; empty `cells`/`notes` give a blank one.

    `sourced` (code → the register or import it comes from) marks the rows filled automatically: locked
    and noted «tự động: Sổ theo dõi …», like the computed rows.

    `version` is the form's edit version the figures come from (None for a blank form): an upload of
    this file is refused once someone has saved the form after it was downloaded.
    """
    rows = tuple(rows)
    output = io.BytesIO()
    # Never turn text into formulas, numbers or links: a note "=HYPERLINK(…)" stays a note.
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    title = catalogue.form(form).title
    workbook.set_properties(
        {
            "title": f"{sheet_name(form)}: {title}",
            "subject": f"{unit_name} — {period_label}",
            "author": "cchc",
            "comments": "Mẫu Excel của hệ thống báo cáo CCHC; điền cột «Số liệu» và «Ghi chú» rồi tải lên.",
        }
    )
    formats = CellFormats(workbook)
    sheet = workbook.add_worksheet(sheet_name(form))
    positions = _write_sheet(
        sheet, formats, form, title, rows, cells, notes, unit_name, period_label, sourced or {}
    )
    meta = workbook.add_worksheet(META_SHEET)
    _write_meta(
        meta,
        {
            "format": FORMAT_ID,
            "template": template_id,
            "form": str(form),
            "unit": unit_code,
            "unit_name": unit_name,
            "period": period_code,
            "period_label": period_label,
            "version": "" if version is None else str(version),
        },
        positions,
    )
    workbook.close()
    return output.getvalue()


def _write_sheet(
    sheet: Worksheet,
    formats: CellFormats,
    form: int,
    title: str,
    rows: tuple[Row, ...],
    cells: Mapping[str, Cell],
    notes: Mapping[str, str],
    unit_name: str,
    period_label: str,
    sourced: Mapping[str, str],
) -> list[tuple[str, str, int]]:
    """Write the visible sheet; return (code, stt, Excel row number) of every line."""
    for column, width in _WIDTHS.items():
        sheet.set_column(column, column, width)
    sheet.set_column(_COL_CODE, _COL_CODE, 14, None, {"hidden": True})

    last_col = _COL_NOTE
    title_lines = (
        (unit_name.upper(), formats.get(bold=True, align="left")),
        (
            f"{sheet_name(form)}: {title}",
            formats.get(bold=True, align="center", font_size=13, text_wrap=True),
        ),
        (period_label, formats.get(italic=True, align="center")),
        (
            "Cột «Số liệu»: ghi số, «-» (không thực hiện, không áp dụng) hoặc để trống (chưa báo cáo); "
            "số 0 khác với «-» và ô trống. Dòng màu xám do hệ thống tự tính.",
            formats.get(italic=True, align="left", font_size=10, text_wrap=True),
        ),
    )
    for index, (text, fmt) in enumerate(title_lines):
        sheet.merge_range(index, 0, index, last_col, "", fmt)
        sheet.write_string(index, 0, text, fmt)
    total_width = sum(_WIDTHS.values())
    sheet.set_row(1, _LINE_HEIGHT * line_count(title_lines[1][0], total_width) + 4)
    sheet.set_row(3, 13.5 * line_count(title_lines[3][0], int(total_width * 1.2)) + 2)

    header = formats.get(bold=True, align="center", border=1, text_wrap=True, bg_color="#D9E1F2")
    for column, text in enumerate(_HEADERS):
        sheet.write_string(_HEADER_ROW, column, text, header)
    sheet.write_string(_HEADER_ROW, _COL_CODE, "Mã dòng", formats.get(font_size=9))

    positions: list[tuple[str, str, int]] = []
    for offset, row in enumerate(rows):
        line = _FIRST_DATA_ROW + offset
        positions.append((row.code, row.stt, line + 1))
        automatic = _COMPUTED_NOTE if row.formula is not None else None
        if automatic is None and row.code in sourced:
            automatic = f"tự động: {sourced[row.code]}"
        cell = cells.get(row.code, BLANK)
        _write_row(sheet, formats, line, row, cell, notes.get(row.code, ""), automatic)
    last_line = _FIRST_DATA_ROW + len(rows) - 1

    sheet.freeze_panes(_FIRST_DATA_ROW, 0)
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(_HEADER_ROW)
    sheet.print_area(0, 0, max(last_line, _HEADER_ROW), last_col)
    # Nghị định 30/2020: left 30 mm, right 15–20 mm, top and bottom 20–25 mm.
    sheet.set_margins(left=1.18, right=0.69, top=0.79, bottom=0.79)
    sheet.center_horizontally()
    sheet.set_footer("&CTrang &P/&N")
    # Unprotecting needs no password: protection only keeps computed rows and the layout from slips.
    sheet.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
    sheet.activate()
    return positions


def _write_row(
    sheet: Worksheet, formats: CellFormats, line: int, row: Row, cell: Cell, note: str, automatic: str | None
) -> None:
    """One line; `automatic` is the note of a row not typed («tự tính», «tự động: Sổ …»): locked, grey."""
    border = {"border": 1}
    heading = not row.has_value
    grey = {"bg_color": "#E7E6E6", "font_color": "#404040"} if automatic else {}
    bold = {"bold": True} if heading else {}
    sheet.write_string(line, _COL_STT, row.stt, formats.get(align="center", **border, **bold))
    sheet.write_string(line, _COL_NAME, row.name, formats.get(text_wrap=True, **border, **bold))
    sheet.write_string(line, _COL_UNIT, row.unit, formats.get(align="center", text_wrap=True, **border))
    sheet.write_string(line, _COL_CODE, row.code, formats.get(font_size=9))
    height = max(
        line_count(row.name, _WIDTHS[_COL_NAME]),
        line_count(row.unit, _WIDTHS[_COL_UNIT]),
        line_count(automatic or note, _WIDTHS[_COL_NOTE]),
    )
    sheet.set_row(line, _LINE_HEIGHT * height + 2)
    if heading:
        blank = formats.get(**border)
        sheet.write_blank(line, _COL_VALUE, None, blank)
        sheet.write_blank(line, _COL_NOTE, None, blank)
        return
    locked = {"locked": bool(automatic)}
    number = formats.get(num_format=number_format(row), align="right", **border, **grey, **locked)
    text = formats.get(align="right", **border, **grey, **locked)
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        sheet.write_number(line, _COL_VALUE, float(cell.number), number)
    elif cell.kind in (CellKind.DASH, CellKind.TEXT):
        sheet.write_string(line, _COL_VALUE, cell.text or "-", text)
    else:
        sheet.write_blank(line, _COL_VALUE, None, number)
    if automatic:
        sheet.write_string(
            line, _COL_NOTE, automatic, formats.get(italic=True, text_wrap=True, **border, **grey)
        )
        return
    note_format = formats.get(text_wrap=True, locked=False, **border)
    if note:
        sheet.write_string(line, _COL_NOTE, note, note_format)
    else:
        sheet.write_blank(line, _COL_NOTE, None, note_format)
    if row.kind is Kind.CODE:
        choices = "; ".join(f"{option.value} = {option.label}" for option in row.options)
        sheet.data_validation(
            line,
            _COL_VALUE,
            line,
            _COL_VALUE,
            {
                "validate": "list",
                "source": [str(option.value) for option in row.options] + ["-"],
                "input_title": "Chọn một mã",
                "input_message": choices[:255],
                "error_title": "Mã không hợp lệ",
                "error_message": f"Chỉ nhận: {choices}; hoặc «-»."[:255],
            },
        )


def _write_meta(sheet: Worksheet, meta: Mapping[str, str], positions: list[tuple[str, str, int]]) -> None:
    for index, key in enumerate(_META_KEYS):
        sheet.write_string(index, 0, key)
        sheet.write_string(index, 1, meta[key])
    start = len(_META_KEYS) + 1
    sheet.write_string(start, 0, _ROWS_MARKER)
    sheet.write_string(start, 1, "stt")
    sheet.write_string(start, 2, "excel_row")
    for offset, (code, stt, line) in enumerate(positions, 1):
        sheet.write_string(start + offset, 0, code)
        sheet.write_string(start + offset, 1, stt)
        sheet.write_number(start + offset, 2, line)
    sheet.protect("")
    # Very hidden: Excel's «Unhide» does not list it, so a user never meets the codes the upload needs.
    sheet.very_hidden()


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class FormUpload:
    """What an uploaded form holds: the typed cells read (code → (text, note)), where each row's figure
    is in the file (code → «Trang «Biểu mẫu 3», ô D14 (mục 3.1.2)»), and every cell that could not be read."""

    entries: dict[str, tuple[str, str]]
    cells: dict[str, str]
    problems: list[str]


def read_form(data: bytes, catalogue: Catalogue, form: int, **options: Any) -> dict[str, tuple[str, str]]:
    """The typed cells of an uploaded form (code → (text as the core reads it, note)); all or nothing.
    `options` are `read_upload`'s: unit_code, period_code, allowed_codes, template_id, current_version.

    Only `allowed_codes` (the rows the unit types) are returned; computed rows and headings are ignored.
    Raises XlsxFormError listing every problem: unreadable or oversized file, a file made for another
    template, form, unit or period, lines removed or reordered, or cells that are not acceptable values.
    """
    upload = read_upload(data, catalogue, form, **options)
    if upload.problems:
        raise XlsxFormError(upload.problems)
    return upload.entries


def read_upload(
    data: bytes,
    catalogue: Catalogue,
    form: int,
    *,
    unit_code: str,
    period_code: str,
    allowed_codes: Collection[str],
    template_id: str | None = None,
    current_version: int | None = None,
) -> FormUpload:
    """As `read_form`, with each row's cell and the cells' problems returned rather than raised, so the
    caller adds its own (a figure the rules refuse) and names them all at once; XlsxFormError still for a
    file that cannot be read as this form."""
    workbook = open_workbook(data)
    try:
        meta, listed = _read_meta(workbook)
        _check_identity(meta, form, unit_code, period_code, template_id or catalogue.id)
        _check_version(meta, current_version)
        name = sheet_name(form)
        if name not in workbook.sheetnames:
            raise XlsxFormError([f"Tệp Excel không còn trang «{name}» (trang đã bị đổi tên hoặc xoá)."])
        lines = _read_lines(workbook[name], name)
    finally:
        workbook.close()
    return _entries(catalogue, form, name, listed, lines, set(allowed_codes))


def _check_package(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise XlsxFormError(
            [f"Tệp quá lớn ({format_number(Decimal(len(data)) / 1024 / 1024, 1)} MB); tối đa 5 MB."]
        )
    if data.startswith(_OLE2_MAGIC):
        raise XlsxFormError(
            ["Tệp là Excel cũ (.xls) hoặc có đặt mật khẩu; hãy lưu lại dạng .xlsx không mật khẩu."]
        )
    try:
        check_package(data, "Tệp", _PACKAGE)
    except PackageError as error:
        raise XlsxFormError([str(error)]) from None


def open_workbook(data: bytes) -> Any:
    """An uploaded .xlsx opened read-only, after refusing what is too big, old, encrypted or a zip bomb."""
    _check_package(data)
    # Imported here so that writing a form does not load openpyxl.
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:
        # Anything a damaged or hostile package raises (bad zip, missing part, XML refused by defusedxml).
        raise XlsxFormError(["Tệp không phải là tệp Excel (.xlsx) hoặc đã bị hỏng."]) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_meta(workbook: Any) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    missing = XlsxFormError(
        [
            "Tệp Excel không phải mẫu tải từ hệ thống (thiếu trang ẩn «cchc» ghi biểu mẫu, đơn vị, kỳ "
            "báo cáo). Hãy tải mẫu Excel của biểu mẫu này, điền số liệu vào đó rồi tải lên."
        ]
    )
    if META_SHEET not in workbook.sheetnames:
        raise missing
    meta: dict[str, str] = {}
    listed: list[tuple[str, str, int]] = []
    in_rows = False
    for count, values in enumerate(
        workbook[META_SHEET].iter_rows(max_row=MAX_ROWS + 1, max_col=3, values_only=True), 1
    ):
        if count > MAX_ROWS:
            raise XlsxFormError([f"Trang «{META_SHEET}» có hơn {format_number(MAX_ROWS)} dòng."])
        key, value, extra = (_text(v) for v in (*values, None, None, None)[:3])
        if in_rows and key:
            try:
                listed.append((key, value, int(extra)))
            except ValueError:
                raise missing from None
        elif key == _ROWS_MARKER:
            in_rows = True
        elif key:
            meta[key] = value
    if meta.get("format") != FORMAT_ID or not in_rows:
        raise missing
    return meta, listed


def _check_version(meta: Mapping[str, str], current: int | None) -> None:
    """A filled file must come from the form as it is now, or it would undo a colleague's later save."""
    written = meta.get("version", "")
    if current is None or not written or written == str(current):
        return
    raise XlsxFormError(
        [
            "Biểu mẫu đã được lưu lại sau khi tệp Excel này được tải về, nên tải lên sẽ xoá mất các thay "
            "đổi sau đó. Hãy tải lại tệp Excel đã điền, nhập lại thay đổi của mình rồi tải lên."
        ]
    )


def _check_identity(meta: Mapping[str, str], form: int, unit: str, period: str, template: str) -> None:
    problems = []
    if meta.get("template") != template:
        problems.append(
            f"Tệp Excel được tạo theo mẫu biểu «{meta.get('template', '')}», "
            f"còn kỳ này dùng mẫu biểu «{template}»."
        )
    if meta.get("form") != str(form):
        problems.append(
            f"Tệp Excel là Biểu mẫu {meta.get('form', '?')}, không phải Biểu mẫu {form} đang nhập."
        )
    if meta.get("unit") != unit:
        problems.append(
            f"Tệp Excel là của đơn vị «{meta.get('unit_name', '')}» (mã {meta.get('unit', '')}), "
            f"không phải của đơn vị đang nhập (mã {unit})."
        )
    if meta.get("period") != period:
        problems.append(
            f"Tệp Excel là của kỳ «{meta.get('period_label', '')}» ({meta.get('period', '')}), "
            f"không phải kỳ {period} đang nhập."
        )
    if problems:
        raise XlsxFormError(problems)


def _read_lines(sheet: Any, name: str) -> dict[int, tuple[object, ...]]:
    """The visible sheet's lines by Excel row number (columns A–F), refusing an oversized sheet."""
    lines: dict[int, tuple[object, ...]] = {}
    # Read-only rows come in order and missing rows are yielded empty, so counting gives the row number;
    # max_row stops the parser right after the limit whatever the file declares.
    rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=_COL_CODE + 1, values_only=True)
    for number, values in enumerate(rows, 1):
        if number > MAX_ROWS:
            raise XlsxFormError(
                [f"Trang «{name}» có hơn {format_number(MAX_ROWS)} dòng; mẫu của hệ thống ít hơn nhiều."]
            )
        padded = (tuple(values) + (None,) * (_COL_CODE + 1))[: _COL_CODE + 1]
        if any(value is not None for value in padded):
            lines[number] = padded
    return lines


def _entries(
    catalogue: Catalogue,
    form: int,
    name: str,
    listed: list[tuple[str, str, int]],
    lines: Mapping[int, tuple[object, ...]],
    allowed: set[str],
) -> FormUpload:
    problems: list[str] = []
    where_is: dict[str, int] = {}
    for number, values in lines.items():
        code = _text(values[_COL_CODE])
        if not code:
            continue
        if code in where_is:
            problems.append(
                f"Trang «{name}»: mã dòng {code} có ở cả dòng {where_is[code]} và dòng {number} "
                "(dòng bị chép thêm?). Hãy xoá dòng thừa hoặc tải lại mẫu."
            )
        else:
            where_is[code] = number
    entries: dict[str, tuple[str, str]] = {}
    cells: dict[str, str] = {}
    listed_codes = {code for code, _, _ in listed}
    for code in sorted(allowed - listed_codes, key=_order(catalogue)):
        row = catalogue.rows.get(code)
        stt = row.stt if row else code
        problems.append(
            f"Trang «{name}»: thiếu dòng mục {stt} (tệp được tạo trước khi biểu mẫu thay đổi?). "
            "Hãy tải lại mẫu Excel."
        )
    for code, _, _ in listed:
        row = catalogue.rows.get(code)
        if row is None or row.form != form:
            problems.append(
                f"Trang «{name}»: mã dòng {code} không có trong Biểu mẫu {form} của mẫu biểu này."
            )
            continue
        line = where_is.get(code)
        if line is not None and row.has_value:
            cells[code] = f"Trang «{name}», ô {_VALUE_LETTER}{line} (mục {row.stt})"
        if code not in allowed:
            continue  # a heading or a computed row: whatever was typed there is not taken
        if line is None:
            problems.append(
                f"Trang «{name}»: không tìm thấy dòng mục {row.stt} (dòng đã bị xoá hoặc mất mã ở cột F ẩn). "
                "Hãy tải lại mẫu Excel."
            )
            continue
        values = lines[line]
        if _text(values[_COL_STT]) != row.stt:
            problems.append(
                f"Trang «{name}», dòng {line}: STT «{_text(values[_COL_STT])}» không khớp mục {row.stt} "
                "ghi ở cột mã; các dòng đã bị sắp xếp lại hoặc chép đè. Hãy tải lại mẫu Excel."
            )
            continue
        where = cells[code]
        raw, problem = _value_text(row, values[_COL_VALUE], where)
        note, note_problem = _note_text(values[_COL_NOTE], f"Trang «{name}», ô {_NOTE_LETTER}{line}")
        problems.extend(p for p in (problem, note_problem) if p)
        if not problem and not note_problem:
            entries[code] = (raw, note)
    return FormUpload(entries, cells, problems)


def _order(catalogue: Catalogue) -> Any:
    positions = {code: index for index, code in enumerate(catalogue.rows)}
    return lambda code: positions.get(code, len(positions))


def _value_text(row: Row, value: object, where: str) -> tuple[str, str | None]:
    """The cell as text the core parses, or a problem naming the cell."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return "", f"{where}: «{'TRUE' if value else 'FALSE'}» không phải là số."
    if isinstance(value, dt.datetime | dt.date | dt.time):
        shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
        return "", (
            f"{where}: «{shown}» là ngày tháng, không phải là số (Excel tự đổi số gõ có dấu «/» thành "
            "ngày; hãy gõ lại số)."
        )
    if isinstance(value, int | float | Decimal):
        number = _excel_number(row, value)
        if number is None:
            return "", f"{where}: giá trị «{value}» không phải là số hợp lệ."
        return format_number(number), _range_problem(row, number, format_number(number), where)
    raw = str(value)
    if len(raw.strip()) > 255:
        return raw, f"{where}: nội dung dài quá 255 ký tự."
    cell, _ = parse_cell(raw)
    if cell.kind is CellKind.TEXT and row.kind is not Kind.TEXT:
        return raw, f"{where}: «{cell.text}» không phải là số (ghi số, «-» hoặc để trống)."
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        return raw, _range_problem(row, cell.number, cell.text, where)
    return raw, None


def _excel_number(row: Row, value: int | float | Decimal) -> Decimal | None:
    """A number from a numeric cell without binary noise: 96.60000000000001 → 96.6, 1250.0 → 1250."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        # Excel keeps 15 significant digits; anything beyond is the float's noise.
        number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if row.decimals:
        number = round_half_up(number, row.decimals)
    # A fraction in a whole-number row is left as typed, so the core names it instead of rounding it away.
    number = number.normalize()
    if number == number.to_integral_value():
        # Exact for any size (quantize in the default context fails beyond 28 digits).
        return Decimal(int(number)) if number.adjusted() < 4000 else number
    return number


def _range_problem(row: Row, number: Decimal, shown: str, where: str) -> str | None:
    too_long = storage_problem(number)
    if too_long:
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        return f"{where}: «{shown}» {too_long}."
    if row.kind in (Kind.COUNT, Kind.MONEY, Kind.PERCENT) and number < 0:
        return f"{where}: «{shown}» là số âm; số liệu không thể âm."
    if row.kind is Kind.PERCENT and number > 100:
        return f"{where}: tỷ lệ «{shown}» vượt quá 100%."
    if row.kind is Kind.COUNT and number != number.to_integral_value():
        return f"{where}: «{shown}» là số đếm, phải là số nguyên."
    if row.kind is Kind.CODE and number not in row.option_values:
        allowed = "; ".join(f"{option.value} = {option.label}" for option in row.options)
        return f"{where}: mã «{shown}» không có trong danh sách ({allowed})."
    return None


def _note_text(value: object, where: str) -> tuple[str, str | None]:
    if value is None:
        return "", None
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y"), None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, float):
        # Kept as typed, without grouping: a note "2023" is a year, not "2.023".
        return f"{value:.15g}".replace(".", ","), None
    if isinstance(value, int | Decimal):
        return str(value).replace(".", ","), None
    text = str(value).strip()
    if len(text) > 1000:
        return "", f"{where}: ghi chú dài {format_number(len(text))} ký tự, tối đa 1.000."
    return text, None
