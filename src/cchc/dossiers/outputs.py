"""Write dossier results as JSON, CSV or XLSX (the one-stop table in the Biểu 06/VPCP/KSTT layout)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.dossiers.rates import RATES
from cchc.dossiers.results import DRILL_LABELS, LEVEL_NAMES, DossierResults

if TYPE_CHECKING:  # only the dossiers behind a figure come as Arrow: the results are Python values
    import pyarrow as pa

__all__ = [
    "ONE_STOP_COLUMNS",
    "drill_csv",
    "drill_xlsx",
    "to_csv",
    "to_json",
    "to_xlsx",
    "write_drill_sheet",
]

# Biểu 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP): received, resolved, in progress, plus returned/withdrawn.
ONE_STOP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("received", "Số hồ sơ nhận giải quyết - Tổng số"),
    ("received_online", "Trong kỳ - Trực tuyến"),
    ("received_direct_post", "Trong kỳ - Trực tiếp, dịch vụ bưu chính"),
    ("carried_over", "Từ kỳ trước chuyển sang"),
    ("resolved", "Số hồ sơ đã giải quyết - Tổng số"),
    ("early", "Trước hạn"),
    ("on_time", "Đúng hạn"),
    ("late", "Quá hạn"),
    ("in_progress", "Số hồ sơ đang giải quyết - Tổng số"),
    ("within_time", "Trong hạn"),
    ("overdue", "Quá hạn"),
    ("returned_withdrawn", "Trả lại, rút hồ sơ"),
)
UNIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Đơn vị"),
    ("level", "Cấp"),
    *ONE_STOP_COLUMNS,
    *((name, rate.label) for name, rate in RATES.items()),
)
PROCEDURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("procedure_code", "Mã thủ tục"),
    ("procedure_name", "Tên thủ tục"),
    ("level", "Cấp"),
    ("resolved", "Số hồ sơ đã giải quyết"),
    ("average_working_days", "Thời gian giải quyết trung bình (ngày làm việc)"),
    ("average_calendar_days", "Thời gian giải quyết trung bình (ngày)"),
    ("bnv_on_time_rate", RATES["bnv_on_time_rate"].label),
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def to_json(results: DossierResults) -> str:
    """Every output as JSON (rates as decimal strings, e.g. "96.60")."""
    payload = {
        "period": results.period,
        "window": [results.window_start.isoformat(), results.window_end.isoformat()],
        "rates": {name: rate.label for name, rate in RATES.items()},
        "province": results.province,
        "one_stop": results.one_stop,
        "units": results.units,
        "procedures": results.procedures,
        "form_values": results.form_values,
        "identity_errors": results.identity_errors,
        "notices": results.notices,
    }
    return _rows_per_line(_plain(payload))


def _rows_per_line(payload: dict[str, Any]) -> str:
    """JSON with one key per line and, in a list, one item per line: about as readable as indented JSON
    and written by json's C encoder, which json gives up for pure Python as soon as an indent is asked."""

    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(value: Any) -> str:
        if isinstance(value, list) and value:
            return "[\n" + ",\n".join(f"    {dumped(item)}" for item in value) + "\n  ]"
        if isinstance(value, dict) and value:
            items = (f"    {dumped(key)}: {dumped(item)}" for key, item in value.items())
            return "{\n" + ",\n".join(items) + "\n  }"
        return dumped(value)

    return "{\n" + ",\n".join(f"  {dumped(key)}: {block(value)}" for key, value in payload.items()) + "\n}"


def _one_stop_label(row: dict[str, Any]) -> tuple[str, str]:
    if row["level"] is None:
        return "", "Tổng cộng"
    level = LEVEL_NAMES.get(row["level"], row["level"])
    return (level, f"Cộng {level.lower()}") if row["field"] is None else (level, row["field"])


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> list[list[Any]]:
    return [[row.get(key) for key, _ in columns] for row in rows]


def to_csv(results: DossierResults, table: str = "one-stop") -> str:
    """One table as CSV (UTF-8 with BOM so Excel shows the accents): one-stop, units or procedures."""
    out = io.StringIO()
    writer = csv.writer(out)
    if table == "one-stop":
        writer.writerow(["Cấp", "Lĩnh vực", *(label for _, label in ONE_STOP_COLUMNS)])
        for row in results.one_stop:
            writer.writerow([*_one_stop_label(row), *(row[key] for key, _ in ONE_STOP_COLUMNS)])
    elif table == "units":
        writer.writerow([label for _, label in UNIT_COLUMNS])
        writer.writerows(_table(results.units, UNIT_COLUMNS))
    elif table == "procedures":
        writer.writerow([label for _, label in PROCEDURE_COLUMNS])
        writer.writerows(_table(results.procedures, PROCEDURE_COLUMNS))
    else:
        raise ValueError(f"Không có bảng «{table}» (one-stop, units, procedures).")
    return "\ufeff" + out.getvalue()


def _write_value(sheet: Any, row: int, column: int, value: Any, formats: dict[str, Any]) -> None:
    if value is None:
        sheet.write_blank(row, column, None, formats["cell"])
    elif isinstance(value, Decimal):
        sheet.write_number(row, column, float(value), formats["rate"])
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, formats["count"])
    elif isinstance(value, datetime | date):
        sheet.write_string(
            row,
            column,
            value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime) else "%d/%m/%Y"),
            formats["cell"],
        )
    else:
        # User text is never a formula: write_string keeps "=…" as text.
        sheet.write_string(row, column, str(value), formats["cell"])


def _sheet(
    workbook: Any, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], formats: dict[str, Any]
) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    for column, text in enumerate(header):
        sheet.write_string(0, column, text, formats["header"])
        sheet.set_column(column, column, 28 if column < 2 else 14)
    sheet.freeze_panes(1, 0)
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            _write_value(sheet, index, column, value, formats)


def _formats(workbook: Any) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    return {
        "header": workbook.add_format({**base, "bold": True, "text_wrap": True, "align": "center"}),
        "cell": workbook.add_format(base),
        "count": workbook.add_format({**base, "num_format": "#,##0"}),
        "rate": workbook.add_format({**base, "num_format": "0.00"}),
    }


def to_xlsx(results: DossierResults) -> bytes:
    """A workbook: the one-stop table, units, procedures, the forms' figures and the rate names."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    formats = _formats(workbook)
    _sheet(
        workbook,
        "Biểu 06 KSTT",
        ["Cấp", "Lĩnh vực", *(label for _, label in ONE_STOP_COLUMNS)],
        ([*_one_stop_label(row), *(row[key] for key, _ in ONE_STOP_COLUMNS)] for row in results.one_stop),
        formats,
    )
    _sheet(
        workbook, "Đơn vị", [label for _, label in UNIT_COLUMNS], _table(results.units, UNIT_COLUMNS), formats
    )
    _sheet(
        workbook,
        "Thủ tục",
        [label for _, label in PROCEDURE_COLUMNS],
        _table(results.procedures, PROCEDURE_COLUMNS),
        formats,
    )
    _sheet(
        workbook,
        "Chỉ tiêu biểu mẫu",
        ["Mã đơn vị", "Chỉ tiêu", "Số liệu"],
        (
            [unit, code, value]
            for unit, values in sorted(results.form_values.items())
            for code, value in sorted(values.items())
        ),
        formats,
    )
    _sheet(
        workbook, "Tỷ lệ", ["Tên", "Ý nghĩa"], ([name, rate.label] for name, rate in RATES.items()), formats
    )
    workbook.close()
    return buffer.getvalue()


def drill_csv(table: pa.Table) -> str:
    """The dossiers behind a figure as CSV with Vietnamese headers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([DRILL_LABELS.get(name, name) for name in table.column_names])
    for row in table.to_pylist():
        writer.writerow([_plain(value) if value is not None else "" for value in row.values()])
    return "\ufeff" + out.getvalue()


def drill_xlsx(table: pa.Table) -> bytes:
    """The dossiers behind a figure as an XLSX sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    formats = _formats(workbook)
    _sheet(
        workbook,
        "Hồ sơ",
        [DRILL_LABELS.get(name, name) for name in table.column_names],
        ([*row.values()] for row in table.to_pylist()),
        formats,
    )
    workbook.close()
    return buffer.getvalue()


def write_drill_sheet(batches: Iterable[pa.RecordBatch], out: Path) -> int:
    """Dossiers (record batches of the drill-down columns) into one XLSX sheet in constant memory."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False})
    formats = _formats(workbook)
    sheet = workbook.add_worksheet("Hồ sơ")
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    rows = 0
    header_written = False
    for batch in batches:
        if not header_written:
            for column, name in enumerate(batch.schema.names):
                sheet.write_string(0, column, DRILL_LABELS.get(name, name), formats["header"])
                sheet.set_column(column, column, 28 if column < 2 else 14)
            header_written = True
        for values in batch.to_pylist():
            rows += 1
            for column, value in enumerate(values.values()):
                _write_value(sheet, rows, column, value, formats)
    workbook.close()
    return rows
