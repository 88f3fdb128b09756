"""Compute every dossier output for a period on an Ibis backend (DuckDB by default).

The dossiers stay in the engine: DuckDB streams the Parquet files, Python only receives the small
grouped results. The same functions run on PySpark when given a PySpark Ibis connection. The dossiers
behind a figure, and their export, are in drill.py.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from cchc.catalogues import default_catalogue, default_schedule
from cchc.core.catalogue import Catalogue, CatalogueError, per_catalogue, sourced_rows
from cchc.core.numbers import round_half_up
from cchc.core.periods import Period, Schedule, parse_period
from cchc.dossiers.backends import Source, connect, connect_spark, dossier_table
from cchc.dossiers.metrics import (
    CLASSES,
    COUNTS,
    FULLY_ONLINE,
    PARTLY_ONLINE,
    PROCEDURE_CLASSES,
    classify,
    fine_counts,
)
from cchc.dossiers.rates import rates_of
from cchc.dossiers.results import LEVEL_NAMES, DossierResults
from cchc.dossiers.workdays import WorkingCalendar, calendar_table, default_calendar, default_calendar_table

__all__ = [
    "REORGANISATION",
    "DossierResults",
    "compute",
    "connect",
    "connect_spark",
    "dossier_table",
    "identity_errors",
    "province_figures",
    "unit_figures",
]

LEVEL_ORDER = {"tinh": 0, "huyen": 1, "xa": 2}
DEFAULT_PROVINCE = "ubnd-tinh"
# The reorganisation of local government (1/7/2025): districts end, communes report for themselves.
# A period whose window ends on or after this day counts a commune's dossiers for the commune.
REORGANISATION = date(2025, 7, 1)

# Which dossiers each form figure counts is catalogue data: the rows' «source» (docs/catalogue.md).
# Commune-level (xa) dossiers count for their district (parent_code) when the export gives one, until
# the reorganisation (REORGANISATION): from then on for the commune itself.


@per_catalogue
def unit_figures(catalogue: Catalogue) -> Mapping[str, tuple[str, str | None]]:
    """Row code → (dossier class, procedure level or None for every level) of the rows counted for
    each reporting unit; a CatalogueError naming the row when its class is unknown."""
    return MappingProxyType(
        {
            code: (_known(code, source.name, CLASSES), source.level)
            for code, source in sourced_rows(catalogue, "dossiers").items()
            if not source.province
        }
    )


@per_catalogue
def province_figures(catalogue: Catalogue) -> Mapping[str, str]:
    """Row code → procedure class of the rows counted once, for the province (BM7 6.4, 6.5, 6.8)."""
    return MappingProxyType(
        {
            code: _known(code, source.name, PROCEDURE_CLASSES)
            for code, source in sourced_rows(catalogue, "dossiers").items()
            if source.province
        }
    )


def _known(code: str, name: str, classes: Mapping[str, Any]) -> str:
    if name not in classes:
        raise CatalogueError(
            f"Chỉ tiêu «{code}»: «source» đếm loại hồ sơ «{name}» không có; các loại: {', '.join(classes)}."
        )
    return name


def catalogue_or_default(catalogue: Catalogue | None) -> Catalogue:
    return catalogue if catalogue is not None else default_catalogue()


def merged_communes(window_end: date) -> bool:
    """Whether communes report for themselves (no districts): windows ending on or after 1/7/2025."""
    return window_end >= REORGANISATION


def cut_off_window(
    period: Period | str, schedule: Schedule | None, window: tuple[date, date] | None = None
) -> tuple[Period, date, date]:
    """The period and its cut-off window: `window` when given (the web's stored period), else the
    schedule's (schedule.toml by default)."""
    period = parse_period(period) if isinstance(period, str) else period
    if window is not None:
        return period, window[0], window[1]
    dates = (schedule or default_schedule()).dates(period)
    return period, dates.window_start, dates.window_end


# Calendar tables built for calendars other than the shipped one, by the calendar object's identity
# (the object is kept with its table, so the identity stays its own).
_CALENDAR_TABLES: dict[int, tuple[WorkingCalendar, pa.Table]] = {}
_CALENDAR_LOCK = threading.Lock()


def calendar_expr(calendar: WorkingCalendar | None) -> ir.Table:
    if calendar is None or calendar is default_calendar():
        return ibis.memtable(default_calendar_table())
    with _CALENDAR_LOCK:  # imports and page requests run in threads
        entry = _CALENDAR_TABLES.get(id(calendar))
        if entry is None or entry[0] is not calendar:
            entry = (calendar, calendar_table(calendar))
            if len(_CALENDAR_TABLES) >= 16:
                _CALENDAR_TABLES.pop(next(iter(_CALENDAR_TABLES)))
            _CALENDAR_TABLES[id(calendar)] = entry
    return ibis.memtable(entry[1])


def _sum_by(fine: pa.Table, keys: tuple[str, ...], *, name: str | None = None) -> list[dict[str, Any]]:
    """Sum every count of the fine table by some of its keys, keeping a name column if asked.

    A sum of counts is never null: every group holds at least one row of the fine table.
    """
    aggregations = [(count, "sum") for count in COUNTS] + ([(name, "max")] if name else [])
    grouped = fine.group_by(list(keys)).aggregate(aggregations)
    grouped = grouped.rename_columns(
        [column.removesuffix("_sum").removesuffix("_max") for column in grouped.column_names]
    )
    return sorted(
        grouped.to_pylist(),
        key=lambda row: tuple((LEVEL_ORDER.get(row[k], 9) if k == "level" else row[k] or "") for k in keys),
    )


def _offer(fine: pa.Table) -> dict[str, int]:
    """Procedure classes (PROCEDURE_CLASSES) counted over the procedures seen in the dossiers.

    partly / fully online: procedures whose dossiers say they are offered partly / fully online (một
    phần or mức 3 / toàn trình or mức 4), "_used" those of them with a dossier received online in the
    window; fee_procedure: procedures charging a fee, fee_paid_online those with a fee paid online.
    """
    partly = pc.is_in(fine["online_level"], pa.array(PARTLY_ONLINE))
    fully = pc.is_in(fine["online_level"], pa.array(FULLY_ONLINE))
    used = pc.greater(fine["received_online"], 0)
    flags = pa.table(
        {
            "procedure_code": fine["procedure_code"],
            "partly_online_procedure": partly,
            "partly_online_procedure_used": pc.and_(partly, used),
            "fully_online_procedure": fully,
            "fully_online_procedure_used": pc.and_(fully, used),
            "fee_procedure": pc.greater(fine["charges_fee"], 0),
            "paid_online": pc.greater(fine["paid_online"], 0),
        }
    )
    per_procedure = flags.group_by("procedure_code").aggregate([(c, "any") for c in flags.column_names[1:]])
    offer = {name: pc.sum(per_procedure[f"{name}_any"]).as_py() or 0 for name in flags.column_names[1:6]}
    fee_paid = pc.and_(per_procedure["fee_procedure_any"], per_procedure["paid_online_any"])
    return {**offer, "fee_paid_online": pc.sum(fee_paid).as_py() or 0}


def identity_errors(where: str, counts: Mapping[str, int]) -> list[str]:
    """The one-stop table's identities that one row of counts breaks, in Vietnamese."""
    c = counts
    checks = (
        (
            c["received"] == c["carried_over"] + c["received_online"] + c["received_direct_post"],
            f"tiếp nhận {c['received']} ≠ tồn kỳ trước {c['carried_over']} + trực tuyến "
            f"{c['received_online']} + trực tiếp, bưu chính {c['received_direct_post']}",
        ),
        (
            c["resolved"] == c["early"] + c["on_time"] + c["late"],
            f"đã giải quyết {c['resolved']} ≠ trước hạn {c['early']} + đúng hạn {c['on_time']} "
            f"+ quá hạn {c['late']}",
        ),
        (
            c["in_progress"] == c["within_time"] + c["overdue"],
            f"đang giải quyết {c['in_progress']} ≠ trong hạn {c['within_time']} + quá hạn {c['overdue']}",
        ),
        (
            c["received"] == c["resolved"] + c["in_progress"] + c["returned_withdrawn"],
            f"tiếp nhận {c['received']} ≠ đã giải quyết {c['resolved']} + đang giải quyết "
            f"{c['in_progress']} + trả lại, rút {c['returned_withdrawn']}",
        ),
    )
    return [f"{where}: {message}." for holds, message in checks if not holds]


def _with_rates(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, **rates_of(row)}


def _average(total: int, count: int) -> Decimal | None:
    return round_half_up(Decimal(total) / Decimal(count), 2) if count else None


def compute(
    source: Source,
    period: Period | str,
    *,
    con: Any = None,
    calendar: WorkingCalendar | None = None,
    schedule: Schedule | None = None,
    province_code: str = DEFAULT_PROVINCE,
    catalogue: Catalogue | None = None,
    window: tuple[date, date] | None = None,
) -> DossierResults:
    """Every output of a period: BM3 3.1–3.3, BM7 6.4–6.8, the one-stop table, procedures, checks.

    Which rows the dossiers fill, and how, is the catalogue's (the shipped one by default)."""
    catalogue = catalogue_or_default(catalogue)
    con = con if con is not None else connect()
    period, start, end = cut_off_window(period, schedule, window)
    classified = classify(dossier_table(con, source), calendar_expr(calendar), start, end)
    # The one pass over the dossiers. The outputs are sums of its counts over some of its keys: summed
    # here in Arrow (a few thousand rows), which costs milliseconds on any backend.
    fine = con.to_pyarrow(fine_counts(classified))
    by_field = _sum_by(fine, ("level", "field"))
    by_level = _sum_by(fine, ("level",))
    total = {name: int(pc.sum(fine[name]).as_py() or 0) for name in COUNTS}
    units = _sum_by(fine, ("unit_code", "level"), name="unit_name")
    merged = merged_communes(end)
    # Before the reorganisation a commune reports through its district (parent_code) when given.
    from_parent = pc.and_(pc.equal(fine["level"], "xa"), pc.is_valid(fine["parent_code"]))
    report_unit = (
        fine["unit_code"] if merged else pc.if_else(from_parent, fine["parent_code"], fine["unit_code"])
    )
    reporting = fine.append_column("report_unit", report_unit)
    report_units = _sum_by(reporting, ("report_unit", "level"))
    procedures = _sum_by(fine, ("procedure_code", "level"), name="procedure_name")
    counted = _offer(fine)
    offer = {code: counted[name] for code, name in province_figures(catalogue).items()}

    one_stop: list[dict[str, Any]] = []
    errors: list[str] = []
    level_rows = {row["level"]: row for row in by_level}
    for level in sorted(level_rows, key=lambda name: LEVEL_ORDER.get(name, 9)):
        for row in sorted((r for r in by_field if r["level"] == level), key=lambda r: r["field"]):
            one_stop.append(_with_rates(row))
            errors += identity_errors(f"{LEVEL_NAMES.get(level, level)}, lĩnh vực «{row['field']}»", row)
        one_stop.append(_with_rates({**level_rows[level], "field": None}))
        errors += identity_errors(LEVEL_NAMES.get(level, level), level_rows[level])
    one_stop.append(_with_rates({**total, "level": None, "field": None}))
    errors += identity_errors("Tổng cộng", total)

    for row in units:
        errors += identity_errors(f"Đơn vị «{row['unit_code']}»", row)
    form_values = _form_values(report_units, offer, province_code, unit_figures(catalogue))
    notices: list[str] = []
    districts = level_rows.get("huyen")
    if merged and districts is not None and districts["received"]:
        count = f"{districts['received']:,}".replace(",", ".")
        notices.append(
            f"Kỳ {period.code} kết thúc sau ngày {REORGANISATION:%d/%m/%Y} (không còn cấp huyện) "
            f"nhưng tệp có {count} hồ sơ cấp huyện: hãy kiểm tra cấp giải quyết của chúng."
        )
    procedure_rows = [
        {
            "procedure_code": row["procedure_code"],
            "procedure_name": row["procedure_name"],
            "level": row["level"],
            "resolved": row["resolved"],
            "average_working_days": _average(row["resolution_working_days"], row["resolved"]),
            "average_calendar_days": _average(row["resolution_calendar_days"], row["resolved"]),
            **rates_of(row),
        }
        for row in sorted(procedures, key=lambda r: (LEVEL_ORDER.get(r["level"], 9), r["procedure_code"]))
    ]
    return DossierResults(
        period=period.code,
        window_start=start,
        window_end=end,
        one_stop=one_stop,
        units=[_with_rates(row) for row in units],
        report_units=report_units,
        procedures=procedure_rows,
        province={**_with_rates(total), **{code: int(value or 0) for code, value in offer.items()}},
        form_values=form_values,
        identity_errors=errors,
        notices=notices,
    )


def _form_values(
    report_units: list[dict[str, Any]],
    offer: Mapping[str, Any],
    province_code: str,
    figures: Mapping[str, tuple[str, str | None]],
) -> dict[str, dict[str, int]]:
    """Row code → figure per reporting unit; the province's 6.7 is the forms' sum of its units'."""
    values: dict[str, dict[str, int]] = {}
    for row in report_units:
        unit = values.setdefault(row["report_unit"], {})
        for code, (klass, level) in figures.items():
            if level is None or level == row["level"]:
                unit[code] = unit.get(code, 0) + int(row[klass])
    # BM7 6.4, 6.5 and 6.8 count procedures across the province: they belong to the province unit.
    province = values.setdefault(province_code, {})
    province.update({code: int(value or 0) for code, value in offer.items()})
    return values
