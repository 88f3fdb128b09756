"""The dossiers behind a figure: listed, counted and exported (CSV, XLSX), streamed by the engine.

Filters name a class of dossiers (metrics.CLASSES, PROCEDURE_CLASSES) within a unit, reporting unit,
level, field or procedure; `figure_*` take a form figure of one reporting unit instead.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from cchc.core.catalogue import Catalogue
from cchc.core.periods import Period, Schedule
from cchc.dossiers.backends import Source, connect, dossier_table
from cchc.dossiers.engine import (
    DEFAULT_PROVINCE,
    calendar_expr,
    catalogue_or_default,
    cut_off_window,
    merged_communes,
    province_figures,
    unit_figures,
)
from cchc.dossiers.metrics import CLASSES, PROCEDURE_CLASSES, Predicate, classify
from cchc.dossiers.results import DRILL_COLUMNS, DRILL_LABELS
from cchc.dossiers.workdays import WorkingCalendar

__all__ = [
    "count_behind",
    "dossiers_behind",
    "export_behind",
    "figure_count",
    "figure_dossiers",
    "figure_export",
    "figure_filters",
]

# An XLSX sheet has 1.048.576 rows, one of them the header.
XLSX_MAX_ROWS = 1_048_575


def _behind(
    source: Source,
    period: Period | str,
    *,
    klass: str = "received",
    unit: str | None = None,
    report_unit: str | None = None,
    level: str | None = None,
    field: str | None = None,
    procedure: str | None = None,
    con: Any = None,
    calendar: WorkingCalendar | None = None,
    schedule: Schedule | None = None,
    window: tuple[date, date] | None = None,
    province: str | None = None,
) -> tuple[Any, ir.Table]:
    """The connection and the (unordered) expression of the dossiers behind one figure."""
    predicates: dict[str, Predicate] = {**CLASSES, **PROCEDURE_CLASSES}
    if klass not in predicates:
        raise ValueError(f"Không có nhóm hồ sơ «{klass}» (các nhóm: {', '.join(predicates)}).")
    con = con if con is not None else connect()
    _, start, end = cut_off_window(period, schedule, window)
    dossiers = dossier_table(con, source, until=end, province=province)
    t = classify(dossiers, calendar_expr(con, calendar), start, end)
    t = t.filter(predicates[klass](t))
    if unit is not None:
        t = t.filter(t.unit_code == unit)
    if report_unit is not None:
        if merged_communes(end):
            t = t.filter(t.unit_code == report_unit)
        else:
            from_parent = (t.level == "xa") & t.parent_code.notnull()
            t = t.filter(from_parent.ifelse(t.parent_code, t.unit_code) == report_unit)
    if level is not None:
        t = t.filter(t.level == level)
    if field is not None:
        t = t.filter(t.field == field)
    if procedure is not None:
        t = t.filter(t.procedure_code == procedure)
    return con, t.select(*DRILL_COLUMNS)


def dossiers_behind(
    source: Source, period: Period | str, *, limit: int | None = None, **filters: Any
) -> pa.Table:
    """The dossiers behind one figure: a class (see metrics.CLASSES) within unit, level, field, procedure.

    Filters: klass, unit, report_unit, level, field, procedure (and con, calendar, schedule, window,
    province). The most late first; `limit` keeps the first rows (use count_behind for the number,
    export_behind for all).
    """
    con, t = _behind(source, period, **filters)
    t = t.order_by([ibis.desc("working_days_late"), "dossier_id"])
    if limit is not None:
        t = t.limit(limit)
    return con.to_pyarrow(t)


def count_behind(source: Source, period: Period | str, **filters: Any) -> int:
    """How many dossiers are behind one figure (same filters as dossiers_behind), counted in the engine."""
    con, t = _behind(source, period, **filters)
    return int(con.execute(t.count()))


def _export_columns(t: ir.Table) -> ir.Table:
    """Vietnamese headers, dates as dd/mm/yyyy, and text that a spreadsheet would take for a formula
    (starting with = + - @, tab or carriage return) prefixed with an apostrophe."""
    columns: dict[str, ir.Value] = {}
    for name in DRILL_COLUMNS:
        value: ir.Value = t[name]
        if value.type().is_string():
            text = t[name]
            risky = text.substr(0, 1).isin(("=", "+", "-", "@", "\t", "\r"))
            value = risky.ifelse("'" + text, text)
        elif name == "due_day":
            value = t[name].strftime("%d/%m/%Y")
        elif name in ("received_at", "resolved_at"):
            value = t[name].strftime("%d/%m/%Y %H:%M")
        columns[DRILL_LABELS[name]] = value
    return t.select(**columns)


def export_behind(
    source: Source,
    period: Period | str,
    out: str | Path,
    fmt: str = "csv",
    *,
    limit: int | None = None,
    **filters: Any,
) -> int:
    """Write every dossier behind a figure to `out` as CSV or XLSX, streamed; returns how many.

    CSV: UTF-8 with a BOM (Excel reads the accents), dates dd/mm/yyyy, text a spreadsheet would run as a
    formula (= + - @ first) prefixed with an apostrophe; written by DuckDB's COPY (other engines: in
    batches). XLSX: refused above 1.048.575 dossiers (a sheet's limit), written in constant memory, text
    always as text. Most late first, like dossiers_behind.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"Không xuất được định dạng «{fmt}» (csv hoặc xlsx).")
    con, t = _behind(source, period, **filters)
    target = Path(out)
    if fmt == "xlsx":
        ordered = t.order_by([ibis.desc("working_days_late"), "dossier_id"])
        if limit is not None:
            ordered = ordered.limit(limit)
        total = int(con.execute(ordered.count()))
        if total > XLSX_MAX_ROWS:
            shown, most = (f"{n:,}".replace(",", ".") for n in (total, XLSX_MAX_ROWS))
            raise ValueError(
                f"Có {shown} hồ sơ, quá {most} dòng của một trang Excel: hãy xuất CSV hoặc lọc thêm "
                "(đơn vị, cấp, lĩnh vực, thủ tục)."
            )
        return _write_xlsx(con, ordered, target)
    # Ordered in the same SELECT as the columns it writes, so that COPY keeps the order.
    exported = _export_columns(t)
    exported = exported.order_by([ibis.desc(DRILL_LABELS["working_days_late"]), DRILL_LABELS["dossier_id"]])
    if limit is not None:
        exported = exported.limit(limit)
    return _write_csv(con, exported, target)


def _write_csv(con: Any, t: ir.Table, target: Path) -> int:
    partial = target.with_name(f".{target.name}.partial")
    try:
        if getattr(con, "name", "") == "duckdb":
            # DuckDB's COPY streams the rows to the file; the count is a second, cheap query.
            con.to_csv(t, partial, header=True)
            rows = int(con.execute(t.count()))
        else:
            # The other engine's record batches written by DuckDB's COPY too: the same file either way.
            import duckdb

            with duckdb.connect() as local:
                local.register("dossiers", _batches(con, t))
                path = str(partial).replace("'", "''")
                (rows,) = local.execute(f"COPY dossiers TO '{path}' (HEADER)").fetchone() or (0,)
        # The BOM first, then the engine's file copied in blocks.
        with target.open("wb") as out, partial.open("rb") as body:
            out.write(b"\xef\xbb\xbf")
            shutil.copyfileobj(body, out, 1 << 20)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def _batches(con: Any, t: ir.Table) -> Any:
    """The rows of `t` as a stream of Arrow record batches."""
    if getattr(con, "name", "") == "duckdb":
        # Ibis 12's DuckDB batch reader calls a cursor method DuckDB 2 no longer has: read the relation.
        con._run_pre_execute_hooks(t)  # registers the calendar table
        return con.con.sql(con.compile(t)).to_arrow_reader(65_536)
    return con.to_pyarrow_batches(t)


def _write_xlsx(con: Any, t: ir.Table, target: Path) -> int:
    from cchc.dossiers.outputs import write_drill_sheet

    return write_drill_sheet(_batches(con, t), target)


def figure_filters(
    code: str, unit: str, *, province_code: str = DEFAULT_PROVINCE, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """The filters of dossiers_behind for one form figure of one reporting unit; ValueError if none."""
    catalogue = catalogue_or_default(catalogue)
    province = province_figures(catalogue)
    if code in province:
        if unit != province_code:
            raise ValueError(f"Chỉ tiêu «{code}» chỉ có ở đơn vị cấp tỉnh («{province_code}»).")
        return {"klass": province[code]}
    figures = unit_figures(catalogue)
    if code not in figures:
        raise ValueError(f"Chỉ tiêu «{code}» không được tính từ hồ sơ.")
    klass, level = figures[code]
    return {"klass": klass, "report_unit": unit, "level": level}


def figure_dossiers(source: Source, period: Period | str, unit: str, code: str, **options: Any) -> pa.Table:
    """The dossiers behind one form figure of one reporting unit (e.g. BM3-3.2.2 of a district)."""
    return dossiers_behind(source, period, **_figure_filters(code, unit, options), **options)


def figure_count(source: Source, period: Period | str, unit: str, code: str, **options: Any) -> int:
    """How many dossiers are behind one form figure of one reporting unit."""
    return count_behind(source, period, **_figure_filters(code, unit, options), **options)


def figure_export(
    source: Source,
    period: Period | str,
    unit: str,
    code: str,
    out: str | Path,
    fmt: str = "csv",
    **options: Any,
) -> int:
    """Write the dossiers behind one form figure of one reporting unit to CSV or XLSX (export_behind)."""
    filters = _figure_filters(code, unit, options)
    return export_behind(source, period, out, fmt, **filters, **options)


def _figure_filters(code: str, unit: str, options: dict[str, Any]) -> dict[str, Any]:
    """figure_filters with `province_code` and `catalogue` taken out of a figure_… call's options."""
    province = options.pop("province_code", DEFAULT_PROVINCE)
    return figure_filters(code, unit, province_code=province, catalogue=options.pop("catalogue", None))
