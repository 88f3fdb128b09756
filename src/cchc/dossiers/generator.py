"""A generator of realistic dossier files for tests and benchmarks (cchc dossiers generate).

Thanh Hóa's units (the web demo's codes), a procedure list across three levels, a channel mix that moves
online over time, seasonal load with the pre-Tết rush and the Tết gap, and a long tail of lateness.
Everything is drawn with numpy in chunks and streamed to DuckDB's Parquet writer: no Python loop per
dossier.
Same rows, seed and dates → the same file.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.dossiers.lunar import tet_day
from cchc.dossiers.schema import SCHEMA
from cchc.dossiers.workdays import WorkingCalendar, default_calendar

__all__ = ["COMMUNES_PER_DISTRICT", "generate", "procedure_list"]

UNITS_FILE = Path(__file__).parents[1] / "web" / "demo" / "thanh-hoa.toml"
PROCEDURES_FILE = Path(__file__).parent / "procedures.toml"
# Thanh Hóa had 559 communes in 27 districts before 1/7/2025; the demo does not name them, so the
# generator makes ~20 numbered communes per district (codes "<district>-xa-01" …).
COMMUNES_PER_DISTRICT = 20
CHUNK = 1_000_000
LEVEL_SHARE = {"tinh": 0.15, "huyen": 0.25, "xa": 0.60}
# A province publishes ~1.900 procedures: ~1.450 provincial, ~230 district, ~120 commune ones. The 31 of
# procedures.toml are the busy ones; the others are numbered variants of them with a long tail of load.
PROCEDURES_PER_LEVEL = {"tinh": 1450, "huyen": 230, "xa": 120}
# Share of each level's dossiers that go to the variants (the real busy procedures keep the rest).
VARIANT_SHARE = 0.3
# Share of dossiers exported without a promised date: the engine computes it from the time limit.
NO_DUE_DATE_SHARE = 0.10
DEFAULT_START = date(2022, 7, 1)
DEFAULT_END = date(2023, 12, 31)


@dataclass(frozen=True)
class _Units:
    departments: dict[str, str]
    districts: list[tuple[str, str]]
    communes: list[tuple[str, str, str]]  # code, name, district code


def _units() -> _Units:
    raw = tomllib.loads(UNITS_FILE.read_text(encoding="utf-8"))["unit"]
    departments = {u["code"]: u["name"] for u in raw if u["level"] == "so"}
    districts = [(u["code"], u["name"]) for u in raw if u["level"] == "huyen"]
    communes = [
        (f"{code}-xa-{i:02d}", f"Xã {i:02d} ({name.removeprefix('UBND ')})", code)
        for code, name in districts
        for i in range(1, COMMUNES_PER_DISTRICT + 1)
    ]
    return _Units(departments, districts, communes)


def procedure_list() -> list[dict[str, Any]]:
    """The generator's procedures: procedures.toml plus numbered variants, ~1.800 across three levels.

    Variant k of a procedure is "<name> (trường hợp k)", code "<code>.<k>", with its own time limit,
    online level and fee drawn from a fixed seed (the province's list does not change with the data's
    seed), and a Zipf share of its level's VARIANT_SHARE of dossiers.
    """
    base = tomllib.loads(PROCEDURES_FILE.read_text(encoding="utf-8"))["procedure"]
    rng = np.random.default_rng(20230101)
    result: list[dict[str, Any]] = []
    for level, target in PROCEDURES_PER_LEVEL.items():
        own = [p for p in base if (p["unit"] if p["unit"] in ("huyen", "xa") else "tinh") == level]
        busy = sum(float(p["weight"]) for p in own)
        variants = target - len(own)
        # Zipf weights over all the level's variants, scaled to VARIANT_SHARE of the level's load.
        tail = 1.0 / np.arange(1, variants + 1) ** 1.1
        tail *= busy * VARIANT_SHARE / (1 - VARIANT_SHARE) / tail.sum()
        result += [{**p, "weight": float(p["weight"])} for p in own]
        for k in range(variants):
            p = own[k % len(own)]
            number = k // len(own) + 1
            days = int(p["days"])
            result.append(
                {
                    **p,
                    "code": f"{p['code']}.{number:03d}",
                    "name": f"{p['name']} (trường hợp {number})",
                    "days": max(days + int(rng.integers(-days // 2, days + 1)), 1) if days else 0,
                    "online": str(rng.choice(["toan_trinh", "mot_phan", "khong"], p=[0.35, 0.45, 0.2])),
                    "fee": int(p["fee"]) if rng.random() < 0.6 else 0,
                    "weight": float(tail[k]),
                }
            )
    return result


def _day_weights(days: list[date], working: np.ndarray) -> np.ndarray:
    """Relative load per day: weekdays, a trickle of online filings on days off, the Tết season."""
    weights = np.where(working, 1.0, 0.06)
    months = np.array([day.month for day in days])
    weights *= np.where(np.isin(months, (11, 12)), 1.15, 1.0)  # year-end push
    first = days[0]
    for year in range(days[0].year, days[-1].year + 2):
        tet = tet_day(year)
        rush = (tet - timedelta(days=25) - first).days, (tet - timedelta(days=3) - first).days
        lull = (tet + timedelta(days=5) - first).days, (tet + timedelta(days=15) - first).days
        weights[max(rush[0], 0) : max(rush[1], 0)] *= 1.45
        weights[max(lull[0], 0) : max(lull[1], 0)] *= 0.55
    normalised: np.ndarray = weights / weights.sum()
    return normalised


def generate(
    rows: int,
    out: str | Path,
    *,
    seed: int = 0,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    calendar: WorkingCalendar | None = None,
    partitioned: bool = False,
    province: str = "thanh-hoa",
) -> Path:
    """Write `rows` dossiers received between `start` and `end` (the export date) to a Parquet file.

    `partitioned`: a folder instead, in the hive layout by month of receipt and province
    (year=2023/month=1/province=thanh-hoa/…), as a national data lake keeps dossiers.
    """
    calendar = calendar or default_calendar()
    rng = np.random.default_rng(seed)
    units = _units()
    procedures = procedure_list()

    # Day arrays from a little before `start` to well after `end`, for due and resolution dates.
    span_first, span_last = start - timedelta(days=10), end + timedelta(days=400)
    days = [span_first + timedelta(days=i) for i in range((span_last - span_first).days + 1)]
    working = np.array([calendar.is_working(day) for day in days])
    ordinal = np.cumsum(working)
    working_index = np.flatnonzero(working)  # ordinal k (1-based) → day index working_index[k-1]
    epoch = np.datetime64(span_first, "s")
    first, last = (start - span_first).days, (end - span_first).days
    receive_days = np.arange(first, last + 1)
    receive_p = _day_weights(days[first : last + 1], working[first : last + 1])

    levels = np.array([p["unit"] if p["unit"] in ("huyen", "xa") else "tinh" for p in procedures])
    weight = np.array([float(p["weight"]) for p in procedures])
    for level, share in LEVEL_SHARE.items():
        mask = levels == level
        weight[mask] = weight[mask] / weight[mask].sum() * share
    weight /= weight.sum()
    limit = np.array([int(p["days"]) for p in procedures], dtype=np.int64)
    fee = np.array([int(p["fee"]) for p in procedures], dtype=np.int64)
    offered_online = np.array([p["online"] != "khong" for p in procedures])

    unit_codes = [*units.departments, *(c for c, _ in units.districts), *(c for c, _, _ in units.communes)]
    unit_names = [
        *units.departments.values(),
        *(n for _, n in units.districts),
        *(n for _, n, _ in units.communes),
    ]
    unit_parent = [None] * (len(units.departments) + len(units.districts)) + [d for _, _, d in units.communes]
    department_index = {code: i for i, code in enumerate(units.departments)}
    district_base = len(units.departments)
    commune_base = district_base + len(units.districts)
    proc_unit = np.array([department_index.get(p["unit"], -1) for p in procedures])
    district_index = {code: i for i, (code, _) in enumerate(units.districts)}
    parent_of_unit = np.array([-1 if code is None else district_index[code] for code in unit_parent])
    # Units differ in size: a district seat handles several times a mountain district's load.
    district_p = rng.pareto(2.5, len(units.districts)) + 1
    district_p /= district_p.sum()
    commune_p = rng.pareto(2.5, len(units.communes)) + 1
    commune_p /= commune_p.sum()

    dictionaries = {
        "procedure_code": pa.array([p["code"] for p in procedures]),
        "procedure_name": pa.array([p["name"] for p in procedures]),
        "field": pa.array([p["field"] for p in procedures]),
        "online_level": pa.array([p["online"] for p in procedures]),
        "level": pa.array(levels.tolist()),
        "unit_code": pa.array(unit_codes),
        "unit_name": pa.array(unit_names),
        "parent_code": pa.array([code for code, _ in units.districts]),
        "channel": pa.array(["truc_tuyen", "truc_tiep", "buu_chinh"]),
        "status": pa.array(["dang_xu_ly", "da_giai_quyet", "tra_lai", "rut", "tam_dung"]),
    }
    # Exports list dossiers in order of receipt: draw how many arrive each day, then hand the days out
    # in order, chunk by chunk (this also lets engines skip row groups by their receipt dates).
    per_day = rng.multinomial(rows, receive_p)
    # The receipt day of dossier i: drawn per chunk, so that 100 million need no 800 MB array.
    received_before = np.cumsum(per_day)

    def arrivals(offset: int) -> np.ndarray:
        numbers = np.arange(offset, min(offset + CHUNK, rows))
        return receive_days[np.searchsorted(received_before, numbers, side="right")]

    inputs = _ChunkInputs(
        receive_days=receive_days,
        weight=weight,
        levels=levels,
        limit=limit,
        fee=fee,
        offered_online=offered_online,
        proc_unit=proc_unit,
        district_base=district_base,
        commune_base=commune_base,
        district_p=district_p,
        commune_p=commune_p,
        working=working,
        ordinal=ordinal,
        working_index=working_index,
        epoch=epoch,
        export_day=last,
        dictionaries=dictionaries,
        parent_of_unit=parent_of_unit,
    )
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    if partitioned:
        if target.exists():
            raise ValueError(f"«{target}» đã có: hãy chọn một thư mục mới cho dữ liệu phân vùng.")
        shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted run
    batches = (
        batch
        for offset in range(0, rows, CHUNK)
        for batch in _chunk(rng, arrivals(offset), offset, seed, inputs).to_batches()
    )
    # Written by DuckDB, as the importer writes its files: the same Parquet layout (Snappy, DuckDB's row
    # groups and encodings), read as fast as an imported export. Rows keep their order.
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        # The batches come from this one Python thread: more writer threads only buffer more of them
        # (100 million dossiers took over 5 GB with two), and the file is the same byte for byte.
        con.execute("SET threads = 1")
        con.register("generated", pa.RecordBatchReader.from_batches(_FILE_SCHEMA, batches))
        path = str(partial).replace("'", "''")
        if partitioned:
            name = province.replace("'", "''")
            con.execute(
                "COPY (SELECT *, year(received_at) AS year, month(received_at) AS month,"
                f" '{name}' AS province FROM generated) TO '{path}'"
                " (FORMAT parquet, PARTITION_BY (year, month, province))"
            )
        else:
            con.execute(f"COPY generated TO '{path}' (FORMAT parquet)")
    partial.replace(target)
    return target


@dataclass(frozen=True)
class _ChunkInputs:
    """What every chunk draws from: the days, the procedures, the units and their dictionaries."""

    receive_days: np.ndarray
    weight: np.ndarray
    levels: np.ndarray
    limit: np.ndarray
    fee: np.ndarray
    offered_online: np.ndarray
    proc_unit: np.ndarray
    district_base: int
    commune_base: int
    district_p: np.ndarray
    commune_p: np.ndarray
    working: np.ndarray
    ordinal: np.ndarray
    working_index: np.ndarray
    epoch: np.datetime64
    export_day: int
    dictionaries: dict[str, pa.Array]
    parent_of_unit: np.ndarray


def _dictionary(indices: np.ndarray, values: pa.Array) -> pa.Array:
    # Written dictionary-encoded as Parquet strings would be anyway; no 10M-string column in memory.
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32(), mask=indices < 0), values)


# The chunks' schema: the coded text columns as dictionaries. DuckDB writes them as the plain string
# columns of SCHEMA.
_FILE_SCHEMA = pa.schema(
    [
        pa.field(f.name, pa.dictionary(pa.int32(), pa.string()), f.nullable)
        if f.type == pa.string() and f.name != "dossier_id"
        else f
        for f in SCHEMA
    ]
)


def _timestamps(
    epoch: np.datetime64, day: np.ndarray, seconds: np.ndarray, valid: np.ndarray | None
) -> pa.Array:
    values = epoch + (day * 86400 + seconds).astype("timedelta64[s]")
    return pa.array(values, pa.timestamp("s"), mask=None if valid is None else ~valid)


def _chunk(
    rng: np.random.Generator, received: np.ndarray, offset: int, seed: int, inputs: _ChunkInputs
) -> pa.Table:
    c = inputs
    n = len(received)
    procedure = rng.choice(len(c.weight), n, p=c.weight)
    level = c.levels[procedure]
    unit = np.where(
        level == "tinh",
        c.proc_unit[procedure],
        np.where(
            level == "huyen",
            c.district_base + rng.choice(len(c.district_p), n, p=c.district_p),
            c.commune_base + rng.choice(len(c.commune_p), n, p=c.commune_p),
        ),
    )
    # Online share grows over the span (35% → 60% of procedures offered online); days off are online only.
    progress = (received - c.receive_days[0]) / max(len(c.receive_days) - 1, 1)
    online = c.offered_online[procedure] & ((rng.random(n) < 0.35 + 0.25 * progress) | ~c.working[received])
    channel = np.where(online, 0, np.where(rng.random(n) < 0.04, 2, 1))
    received_seconds = rng.integers(7 * 3600 + 1800, 17 * 3600, n)

    limit = c.limit[procedure]
    received_ord = c.ordinal[received]
    # A limit of 0 received on a day off is due the next working day (ordinals count up to a day).
    due_ord = received_ord + limit + ((limit == 0) & ~c.working[received])
    due_day = c.working_index[np.minimum(due_ord, len(c.working_index)) - 1]
    # Most dossiers finish early or on the day; 7% late with a long (Pareto) tail of working days.
    share = rng.beta(2.0, 1.6, n)
    resolved_ord = received_ord + np.ceil(share * limit).astype(np.int64)
    resolved_ord = np.maximum(resolved_ord, received_ord + (limit > 1))
    late = rng.random(n) < 0.07
    extra = np.ceil(rng.pareto(1.3, n) * 2 + 1).astype(np.int64)
    resolved_ord = np.where(late, due_ord + np.minimum(extra, 250), resolved_ord)
    ended = rng.random(n)
    returned = ended < 0.015
    withdrawn = (ended >= 0.015) & (ended < 0.022)
    resolved_ord = np.where(returned | withdrawn, received_ord + rng.integers(0, 3, n), resolved_ord)
    resolved_ord = np.clip(resolved_ord, 1, len(c.working_index))
    resolved_day = np.maximum(c.working_index[resolved_ord - 1], received)
    open_ = resolved_day > c.export_day
    status = np.where(
        open_,
        np.where(rng.random(n) < 0.03, 4, 0),
        np.where(returned, 2, np.where(withdrawn, 3, 1)),
    )
    resolved_seconds = rng.integers(8 * 3600, 17 * 3600, n)
    resolved_seconds = np.where(
        resolved_day == received, np.maximum(resolved_seconds, received_seconds), resolved_seconds
    )
    returned_day = resolved_day + rng.integers(0, 4, n)
    delivered = (status == 1) & (returned_day <= c.export_day)

    fee = c.fee[procedure]
    paid_online = (fee > 0) & online & (rng.random(n) < 0.6)
    ids = pc.binary_join_element_wise(
        f"TH{seed}-", pc.utf8_lpad(pc.cast(pa.array(np.arange(offset, offset + n)), pa.string()), 10, "0"), ""
    )
    d = c.dictionaries
    columns = {
        "dossier_id": ids,
        "procedure_code": _dictionary(procedure, d["procedure_code"]),
        "procedure_name": _dictionary(procedure, d["procedure_name"]),
        "field": _dictionary(procedure, d["field"]),
        "unit_code": _dictionary(unit, d["unit_code"]),
        "unit_name": _dictionary(unit, d["unit_name"]),
        "parent_code": _dictionary(c.parent_of_unit[unit], d["parent_code"]),
        "level": _dictionary(procedure, d["level"]),
        "channel": _dictionary(channel, d["channel"]),
        "online_level": _dictionary(procedure, d["online_level"]),
        "received_at": _timestamps(c.epoch, received, received_seconds, None),
        "due_at": _timestamps(c.epoch, due_day, np.full(n, 17 * 3600), rng.random(n) >= NO_DUE_DATE_SHARE),
        "time_limit_days": pa.array(limit.astype(np.int32)),
        "resolved_at": _timestamps(c.epoch, resolved_day, resolved_seconds, ~open_),
        "returned_at": _timestamps(c.epoch, returned_day, resolved_seconds, delivered),
        "status": _dictionary(status, d["status"]),
        "fee": pa.array(fee),
        "paid_online": pa.array(paid_online),
        "digitised": pa.array(rng.random(n) < 0.8),
    }
    return pa.table(columns, schema=_FILE_SCHEMA)
