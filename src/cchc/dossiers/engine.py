"""Compute every dossier output for a period on an Ibis backend (DuckDB by default).

The dossiers stay in the engine: DuckDB streams the Parquet files, Python only receives the small
grouped results. The same functions run on PySpark when given a PySpark Ibis connection. The dossiers
behind a figure, and their export, are in drill.py.

On DuckDB in process (no `con` given) the one query's SQL, which Ibis compiles from the definitions of
metrics.py, is kept on disk (cache.py) by the definitions, the window and the input's schema: a
command then runs it without importing Ibis at all, which costs more than the query on a few million
dossiers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import duckdb

from cchc.catalogues import catalogue_in_force, default_catalogue, default_schedule
from cchc.core.catalogue import Catalogue, CatalogueError, per_catalogue, sourced_rows
from cchc.core.numbers import round_half_up
from cchc.core.periods import Period, Schedule, parse_period
from cchc.dossiers import metrics
from cchc.dossiers.backends import Source, connect, connect_spark, dossier_table, dossiers_view, source_paths
from cchc.dossiers.cache import cache_file, keep
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
from cchc.dossiers.workdays import (
    WorkingCalendar,
    calendar_file,
    calendar_table,
    default_calendar,
    default_calendar_table,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

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


def _calendar_table(calendar: WorkingCalendar | None) -> pa.Table:
    """The calendar table of a calendar (the shipped one when none is given), built once per process."""
    if calendar is None or calendar is default_calendar():
        return default_calendar_table()
    with _CALENDAR_LOCK:  # imports and page requests run in threads
        entry = _CALENDAR_TABLES.get(id(calendar))
        if entry is None or entry[0] is not calendar:
            entry = (calendar, calendar_table(calendar))
            if len(_CALENDAR_TABLES) >= 16:
                _CALENDAR_TABLES.pop(next(iter(_CALENDAR_TABLES)))
            _CALENDAR_TABLES[id(calendar)] = entry
    return entry[1]


def calendar_expr(con: Any, calendar: WorkingCalendar | None) -> ir.Table:
    """The calendar table (the shipped calendar's when none is given) as a table on `con`."""
    import ibis

    table = _calendar_table(calendar)
    if con.name == "duckdb":
        # Registered as it is: an Ibis memtable would import pyarrow.dataset and with it pandas.
        name = ibis.util.gen_name("cchc_calendar")
        con.con.register(name, table)
        return con.table(name)
    return ibis.memtable(table)


@contextlib.contextmanager
def _fine(
    con: Any,
    source: Source,
    calendar: WorkingCalendar | None,
    start: date,
    end: date,
    province: str | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one pass over the dossiers (metrics.fine_counts) as the table `fine` of a DuckDB connection
    in process, where the roll-ups run: made there on DuckDB in process, copied there from any other
    engine (a few thousand rows)."""
    paths = source_paths(source)
    with duckdb.connect() as local:
        local.execute("SET enable_progress_bar = false")
        if con is None and paths is not None:
            dossiers_view(local, paths, "cchc_dossiers", until=end, province=province)
            local.execute(f"CREATE TEMP TABLE fine AS {_fine_sql(local, calendar, start, end)}")
        else:
            con = con if con is not None else connect()
            dossiers = dossier_table(con, source, until=end, province=province)
            classified = classify(dossiers, calendar_expr(con, calendar), start, end)
            local.register("fine", con.to_pyarrow(fine_counts(classified)))
        yield local


def _fine_sql(
    local: duckdb.DuckDBPyConnection, calendar: WorkingCalendar | None, start: date, end: date
) -> str:
    """fine_counts' SQL over the view `cchc_dossiers` of `local` (the calendar made a table there too),
    kept on disk."""
    _calendar_on(local, calendar)
    schemas = [
        repr(local.execute(f"DESCRIBE {name}").fetchall()) for name in ("cchc_dossiers", "cchc_calendar")
    ]
    parts: list[bytes | str] = [
        Path(metrics.__file__).read_bytes(),
        duckdb.__version__,
        *schemas,
        f"{start}/{end}",
    ]
    kept = cache_file("fine-counts", parts, ".sql")
    if kept is not None and kept.is_file():
        return kept.read_text(encoding="utf-8")
    import ibis

    con = ibis.duckdb.from_connection(local)
    query = fine_counts(classify(con.table("cchc_dossiers"), con.table("cchc_calendar"), start, end))
    sql = str(con.compile(query))
    keep(kept, lambda path: path.write_text(sql, encoding="utf-8"))
    return sql


def _calendar_on(local: duckdb.DuckDBPyConnection, calendar: WorkingCalendar | None) -> None:
    """The calendar table as the table `cchc_calendar` of `local`: read by DuckDB from the disk cache
    (pyarrow not imported at all), or registered from Arrow when there is no cache folder."""
    kept = calendar_file(calendar if calendar is not None else default_calendar())
    if kept is None:
        local.register("cchc_calendar", _calendar_table(calendar))
    else:
        local.execute("CREATE TEMP TABLE cchc_calendar AS SELECT * FROM read_parquet(?)", [str(kept)])


def _query(local: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Rows of a query over the fine table (`fine`), run by DuckDB in process whatever the engine.

    A few thousand rows: milliseconds. (Arrow's own group_by would import pyarrow.dataset, and pandas
    with it, on every command.)
    """
    cursor = local.execute(sql)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# The sums of the fine table's counts the outputs need: by these keys, keeping the name column given.
ROLL_UPS: Mapping[str, tuple[tuple[str, ...], str | None]] = MappingProxyType(
    {
        "by_field": (("level", "field"), None),
        "by_level": (("level",), None),
        "total": ((), None),
        "units": (("unit_code", "level"), "unit_name"),
        "report_units": (("report_unit", "level"), None),
        "procedures": (("procedure_code", "level"), "procedure_name"),
    }
)


def _roll_ups(local: duckdb.DuckDBPyConnection, report_unit: str) -> dict[str, list[dict[str, Any]]]:
    """Every roll-up (ROLL_UPS) of the fine table in one query of grouping sets, each sorted by its keys
    (levels in their order); `report_unit` is the SQL of the reporting unit of a fine row. "total" is
    one row, zeros when there are no dossiers."""
    keys = list(dict.fromkeys(key for group, _ in ROLL_UPS.values() for key in group))
    sums = [f'COALESCE(CAST(SUM("{count}") AS BIGINT), 0) AS "{count}"' for count in COUNTS]
    names = [f'MAX("{name}") AS "{name}"' for _, name in ROLL_UPS.values() if name]
    sets = ", ".join(f"({_quoted(group)})" for group, _ in ROLL_UPS.values())
    rows = _query(
        local,
        f"SELECT GROUPING({_quoted(keys)}) AS _set, {_quoted(keys)}, {', '.join([*sums, *names])}"
        f" FROM (SELECT *, {report_unit} AS report_unit FROM fine) GROUP BY GROUPING SETS ({sets})",
    )
    # GROUPING gives a bit per key, the last key's lowest, set when the key is not one of the row's set.
    by_set = {
        sum(1 << (len(keys) - 1 - index) for index, key in enumerate(keys) if key not in group): name
        for name, (group, _) in ROLL_UPS.items()
    }
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in ROLL_UPS}
    for row in rows:
        name = by_set[row["_set"]]
        group, named = ROLL_UPS[name]
        found[name].append({key: row[key] for key in [*group, *COUNTS, *([named] if named else [])]})
    for name, (group, _) in ROLL_UPS.items():
        found[name].sort(key=partial(_order, group))
    return found


def _quoted(keys: Iterable[str]) -> str:
    return ", ".join(f'"{key}"' for key in keys)


def _order(keys: tuple[str, ...], row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A roll-up row's place: by its keys, levels in their order (tỉnh, huyện, xã)."""
    return tuple(LEVEL_ORDER.get(row[key], 9) if key == "level" else row[key] or "" for key in keys)


def _offer(local: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Procedure classes (PROCEDURE_CLASSES) counted over the procedures seen in the dossiers.

    partly / fully online: procedures whose dossiers say they are offered partly / fully online (một
    phần or mức 3 / toàn trình or mức 4), "_used" those of them with a dossier received online in the
    window; fee_procedure: procedures charging a fee, fee_paid_online those with a fee paid online.
    """
    partly, fully = (
        f"online_level IN ({', '.join(map(repr, levels))})" for levels in (PARTLY_ONLINE, FULLY_ONLINE)
    )
    used = "received_online > 0"
    flags = {
        "partly_online_procedure": partly,
        "partly_online_procedure_used": f"{partly} AND {used}",
        "fully_online_procedure": fully,
        "fully_online_procedure_used": f"{fully} AND {used}",
        "fee_procedure": "charges_fee > 0",
        "paid_online": "paid_online > 0",
    }
    per_procedure = ", ".join(f"bool_or({test}) AS {flag}" for flag, test in flags.items())
    counted = [f"count_if({flag}) AS {flag}" for flag in list(flags)[:5]]
    (offer,) = _query(
        local,
        f"SELECT {', '.join(counted)}, count_if(fee_procedure AND paid_online) AS fee_paid_online"
        f" FROM (SELECT {per_procedure} FROM fine GROUP BY procedure_code)",
    )
    return {flag: int(value or 0) for flag, value in offer.items()}


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
    province: str | None = None,
) -> DossierResults:
    """Every output of a period: BM3 3.1–3.3, BM7 6.4–6.8, the one-stop table, procedures, checks.

    Which rows the dossiers fill, and how, is the catalogue's: by default the shipped template in force
    on the period's cut-off date (after 1/7/2025 the two-level one: no district rows). Partitioned
    folders are read for the window only, and for `province` (their province= partition) when given."""
    period, start, end = cut_off_window(period, schedule, window)
    catalogue = catalogue if catalogue is not None else catalogue_in_force(end)
    # The one pass over the dossiers. The outputs are sums of its counts over some of its keys: summed
    # in process (a few thousand rows), which costs milliseconds whatever the engine.
    merged = merged_communes(end)
    # Before the reorganisation a commune reports through its district (parent_code) when given.
    report_unit = (
        "unit_code"
        if merged
        else "CASE WHEN level = 'xa' AND parent_code IS NOT NULL THEN parent_code ELSE unit_code END"
    )
    with _fine(con, source, calendar, start, end, province) as fine:
        rolled = _roll_ups(fine, report_unit)
        counted = _offer(fine)
    by_field, by_level, units, report_units, procedures = (
        rolled[name] for name in ("by_field", "by_level", "units", "report_units", "procedures")
    )
    (total,) = rolled["total"]
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
