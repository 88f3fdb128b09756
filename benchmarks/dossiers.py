"""Dossier figures at scale, side by side in one run: the whole command against its practical limit.

For each size (default 1M, 10M and 100M dossiers, generated in chunks by `cchc dossiers generate` and
cached) it measures, every one in its own process so that its time and peak memory are its own:
  command  `cchc dossiers compute --period 2023Q1 FILE --out FILE.json`, the whole process a user waits
           for: first with an empty cache (it compiles the query and builds the calendar table), then
           warm; and warm again without compiled bytecode (no .pyc anywhere: PYTHONPYCACHEPREFIX at an
           empty folder and PYTHONDONTWRITEBYTECODE, as on a machine that installed without
           UV_COMPILE_BYTECODE and never writes bytecode);
  bare     the practical limit: a process that imports DuckDB and runs one query that only scans the
           17 columns the metrics read and groups them at the same grain (no calendar, no classes),
           each column read by ANY_VALUE (see _bare), run just after each warm command so that the
           pair shares the machine's pace (their ratio is the median of the pairs'); its in-process
           query time too, and that of the lighter query of COUNTs of earlier runs, which DuckDB
           answers reading 8 columns;
  engine   cchc.dossiers.compute inside one process (fresh DuckDB connection each run), whose outputs
           pandas is checked against;
  pandas   a straightforward pandas implementation of the same outputs (up to 10M: it needs ~6 GB
           there), checked against the engine's, a difference failing the run;
  spark    `cchc dossiers compute --engine spark` on Spark local[*] (CCHC_SPARK_MASTER), whole process,
           its JSON compared byte for byte with DuckDB's (skipped with --no-spark or without PySpark).
Then the start-up of `cchc` commands, with and without compiled bytecode. Prints medians, the ratios
measured in this run and each process's peak resident memory (for the Spark command: its largest
process, the driver's JVM included).

Issue 18's goals on a 2-core machine: 2M ≤ 1 s and 10M ≤ 2 s for the whole command, within 1.5× of the
bare scan from 10M up, ≥ 10× pandas, 100M ≤ 30 s; start-up of any command ≤ 0.3 s.

Run:  uv run python benchmarks/dossiers.py [--rows 1000000 10000000 100000000] [--runs 3]
      [--data-dir DIR] [--no-pandas] [--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

PERIOD = "2023Q1"
SEED = 1
PANDAS_LIMIT = 10_000_000
SPARK_LIMIT = 100_000_000
# Bump when the generator changes, so that cached files are made again.
GENERATOR_VERSION = 3
# The columns the metrics read (pandas reads only these, as the engine does).
NEEDED = [
    "procedure_code",
    "procedure_name",
    "field",
    "unit_code",
    "unit_name",
    "parent_code",
    "level",
    "channel",
    "online_level",
    "received_at",
    "due_at",
    "time_limit_days",
    "resolved_at",
    "status",
    "fee",
    "paid_online",
    "digitised",
]
# The engine's counts (metrics.COUNTS), computed by pandas too and compared on every output row.
COMPARED = (
    "received",
    "carried_over",
    "received_in_window",
    "received_online",
    "received_direct_post",
    "received_post",
    "resolved",
    "resolved_on_time",
    "early",
    "on_time",
    "late",
    "in_progress",
    "within_time",
    "overdue",
    "returned_withdrawn",
    "online_service_received",
    "online_service_received_online",
    "digitised_in_window",
    "paid_online",
    "resolution_working_days",
    "resolution_calendar_days",
    "late_working_days",
)
# The rates of rates.RATES: (numerator counts, denominator counts).
RATES = {
    "bnv_on_time_rate": (["resolved_on_time"], ["resolved"]),
    "qd766_progress_rate": (["resolved_on_time"], ["resolved"]),
    "qd766_early_rate": (["early"], ["resolved"]),
    "qd766_digitisation_rate": (["digitised_in_window"], ["received_in_window"]),
    "overdue_inclusive_on_time_rate": (["resolved_on_time"], ["resolved", "overdue"]),
    "within_time_rate": (["within_time"], ["in_progress"]),
    "online_receipt_rate": (["online_service_received_online"], ["online_service_received"]),
}
LEVELS = {"tinh": 0, "huyen": 1, "xa": 2}


def _key(*parts: object) -> str:
    return " | ".join("—" if part is None else str(part) for part in parts)


def _engine(path: str, period: str, runs: int) -> dict[str, object]:
    from cchc.dossiers import compute

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        results = compute(path, period)
        times.append(time.perf_counter() - start)
    return {
        "times": times,
        "received": results.one_stop[-1]["received"],
        "identity_errors": len(results.identity_errors),
        "outputs": {
            "one_stop": {
                _key(row["level"], row["field"]): [int(row[n]) for n in COMPARED] for row in results.one_stop
            },
            "units": {
                _key(row["unit_code"], row["level"], row["unit_name"]): [int(row[n]) for n in COMPARED]
                for row in results.units
            },
            "report_units": {
                _key(row["report_unit"], row["level"]): [int(row[n]) for n in COMPARED]
                for row in results.report_units
            },
            "procedures": {
                _key(row["procedure_code"], row["level"], row["procedure_name"]): [
                    row["resolved"],
                    *(
                        -1 if row[f"average_{kind}_days"] is None else float(row[f"average_{kind}_days"])
                        for kind in ("working", "calendar")
                    ),
                ]
                for row in results.procedures
            },
            "bm7": {code: value for code, value in results.province.items() if code.startswith("BM7")},
        },
    }


def _pandas(path: str, period: str, runs: int) -> dict[str, object]:
    """The same outputs as cchc.dossiers.compute, written the way a pandas user would."""
    import numpy as np
    import pandas as pd

    from cchc.catalogues import default_schedule
    from cchc.core.periods import parse_period
    from cchc.dossiers.workdays import default_calendar_table

    dates = default_schedule().dates(parse_period(period))
    first, last = pd.Timestamp(dates.window_start), pd.Timestamp(dates.window_end)
    calendar = default_calendar_table().to_pandas()
    calendar["day"] = pd.to_datetime(calendar["day"])
    calendar["on_or_after"] = pd.to_datetime(calendar["on_or_after"])

    def rates(table: pd.DataFrame) -> pd.DataFrame:
        for name, (above, below) in RATES.items():
            numerator, denominator = table[above].sum(axis=1), table[below].sum(axis=1)
            rate = (numerator * 100 / denominator.where(denominator > 0)).round(2)
            table[name] = rate
        return table

    def identity_errors(table: pd.DataFrame) -> int:
        t = table
        broken = (
            (t["received"] != t["carried_over"] + t["received_online"] + t["received_direct_post"])
            | (t["resolved"] != t["early"] + t["on_time"] + t["late"])
            | (t["in_progress"] != t["within_time"] + t["overdue"])
            | (t["received"] != t["resolved"] + t["in_progress"] + t["returned_withdrawn"])
        )
        return int(broken.sum())

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        df = pd.read_parquet(path, columns=NEEDED)
        df["received_day"] = df["received_at"].dt.normalize()
        df["closed_day"] = df["resolved_at"].dt.normalize()
        df = df[(df["received_day"] <= last) & (df["closed_day"].isna() | (df["closed_day"] >= first))].copy()
        ordinal = calendar[["day", "ordinal"]]
        df = df.merge(ordinal.rename(columns={"day": "received_day", "ordinal": "received_ord"}), how="left")
        df["target_ord"] = df["received_ord"] + df["time_limit_days"]
        working = calendar[calendar["working"]].rename(
            columns={"day": "computed_due", "ordinal": "target_ord"}
        )
        df = df.merge(working[["computed_due", "target_ord"]], how="left", on="target_ord")
        # A 0-day limit is due the day of receipt; a promised day off moves to the next working day.
        computed = df["computed_due"].where(df["computed_due"] >= df["received_day"], df["received_day"])
        df["stated_due"] = df["due_at"].dt.normalize().fillna(computed)
        moved = calendar.rename(columns={"day": "stated_due", "on_or_after": "due_day"})
        moved["due_ord"] = moved["ordinal"] + (~moved["working"]).astype("int32")
        df = df.merge(moved[["stated_due", "due_day", "due_ord"]], how="left")
        df = df.merge(ordinal.rename(columns={"day": "closed_day", "ordinal": "closed_ord"}), how="left")
        end_ord = int(calendar.loc[calendar["day"] == last, "ordinal"].iloc[0])
        done = df["closed_day"].notna() & (df["closed_day"] <= last)
        df["outcome"] = np.select(
            [
                done & df["status"].isin(["tra_lai", "rut"]),
                done & (df["closed_day"] < df["due_day"]),
                done & (df["closed_day"] == df["due_day"]),
                done,
                df["due_day"] < last,
            ],
            ["returned_withdrawn", "early", "on_time", "late", "overdue"],
            "within_time",
        )
        df["intake"] = np.select(
            [df["received_day"] < first, df["channel"] == "truc_tuyen", df["channel"] == "truc_tiep"],
            ["carried_over", "online", "direct"],
            "post",
        )
        outcome, intake = df["outcome"], df["intake"]
        df["online_level"] = df["online_level"].fillna("khong")
        online_service = df["online_level"] != "khong"
        in_window = intake != "carried_over"
        resolved = outcome.isin(["early", "on_time", "late"])
        classes = {
            "received": pd.Series(True, index=df.index),
            "carried_over": ~in_window,
            "received_in_window": in_window,
            "received_online": intake == "online",
            "received_direct_post": intake.isin(["direct", "post"]),
            "received_post": intake == "post",
            "resolved": resolved,
            "resolved_on_time": outcome.isin(["early", "on_time"]),
            "early": outcome == "early",
            "on_time": outcome == "on_time",
            "late": outcome == "late",
            "in_progress": outcome.isin(["within_time", "overdue"]),
            "within_time": outcome == "within_time",
            "overdue": outcome == "overdue",
            "returned_withdrawn": outcome == "returned_withdrawn",
            "online_service_received": online_service & in_window,
            "online_service_received_online": online_service & (intake == "online"),
            "digitised_in_window": in_window & df["digitised"].fillna(False).astype(bool),
            "paid_online": df["paid_online"].fillna(False).astype(bool),
        }
        for name, mask in classes.items():
            df[name] = mask.astype("int64")
        df["late_working_days"] = np.where(
            outcome == "late",
            df["closed_ord"] - df["due_ord"],
            np.where(outcome == "overdue", end_ord - df["due_ord"], 0),
        )
        df["resolution_working_days"] = np.where(resolved, df["closed_ord"] - df["received_ord"], 0)
        df["resolution_calendar_days"] = np.where(
            resolved, (df["closed_day"] - df["received_day"]).dt.days, 0
        )
        counts = list(COMPARED)
        df["field"] = df["field"].fillna("Chưa phân loại")
        df["report_unit"] = np.where(
            (df["level"] == "xa") & df["parent_code"].notna(), df["parent_code"], df["unit_code"]
        )
        by_field = rates(df.groupby(["level", "field"])[counts].sum())
        by_level = rates(df.groupby("level")[counts].sum())
        total = rates(df[counts].sum().to_frame().T)
        units = df.groupby(["unit_code", "level"]).agg(
            unit_name=("unit_name", "first"), **{name: (name, "sum") for name in counts}
        )
        units = rates(units)
        report_units = df.groupby(["report_unit", "level"])[counts].sum()
        procedures = df.groupby(["procedure_code", "level"]).agg(
            procedure_name=("procedure_name", "first"), **{name: (name, "sum") for name in counts}
        )
        procedures = rates(procedures)
        for kind in ("working", "calendar"):
            average = procedures[f"resolution_{kind}_days"] / procedures["resolved"].where(
                procedures["resolved"] > 0
            )
            procedures[f"average_{kind}_days"] = average.round(2)
        errors = sum(identity_errors(table) for table in (by_field, by_level, total, units))
        # BM7 6.4, 6.5, 6.8: procedures offered partly / fully online, used online, charging a fee,
        # paid online.
        partly = df["online_level"].isin(["mot_phan", "muc_3"])
        fully = df["online_level"].isin(["toan_trinh", "muc_4"])
        online = intake == "online"
        flags = (
            pd.DataFrame(
                {
                    "procedure_code": df["procedure_code"],
                    "partly": partly,
                    "partly_used": partly & online,
                    "fully": fully,
                    "fully_used": fully & online,
                    "fee": df["fee"].fillna(0) > 0,
                    "paid": classes["paid_online"],
                }
            )
            .groupby("procedure_code")
            .any()
        )
        bm7 = {
            "BM7-6.4.2": int(flags["partly"].sum()),
            "BM7-6.4.3": int(flags["partly_used"].sum()),
            "BM7-6.5.2": int(flags["fully"].sum()),
            "BM7-6.5.3": int(flags["fully_used"].sum()),
            "BM7-6.8.1": int(flags["fee"].sum()),
            "BM7-6.8.2": int((flags["fee"] & flags["paid"]).sum()),
        }
        times.append(time.perf_counter() - start)
    order = sorted(by_level.index, key=lambda name: LEVELS.get(name, 9))
    one_stop: dict[str, list[int]] = {}
    for level in order:
        for (row_level, field), row in by_field.loc[[level]].iterrows():
            one_stop[_key(row_level, field)] = [int(row[name]) for name in COMPARED]
        one_stop[_key(level, None)] = [int(by_level.loc[level, name]) for name in COMPARED]
    one_stop[_key(None, None)] = [int(total[name].iloc[0]) for name in COMPARED]

    return {
        "times": times,
        "received": int(total["received"].iloc[0]),
        "identity_errors": errors,
        "outputs": {
            "one_stop": one_stop,
            "units": {
                _key(code, level, row["unit_name"]): [int(row[n]) for n in COMPARED]
                for (code, level), row in units.iterrows()
            },
            "report_units": {
                _key(code, level): [int(row[n]) for n in COMPARED]
                for (code, level), row in report_units.iterrows()
            },
            "procedures": {
                _key(code, level, row["procedure_name"]): [
                    int(row["resolved"]),
                    *(
                        -1 if pd.isna(row[f"average_{kind}_days"]) else row[f"average_{kind}_days"]
                        for kind in ("working", "calendar")
                    ),
                ]
                for (code, level), row in procedures.iterrows()
            },
            "bm7": bm7,
        },
    }


def _child(kind: str, path: str, period: str, runs: int) -> None:
    result = {"engine": _engine, "pandas": _pandas, "bare": _bare}[kind](path, period, runs)
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


def _bare(path: str, period: str, runs: int) -> dict[str, object]:
    """One DuckDB query that scans the columns the metrics read and groups them at the engine's grain.

    Every other column is read by ANY_VALUE, the cheapest aggregate DuckDB cannot answer without reading
    it: a COUNT of a column whose statistics show no nulls is answered from them, so that a query of
    COUNTs reads only 8 of the 17 columns (EXPLAIN ANALYZE shows its scan's projections). That lighter
    query is measured too ("group only"), for comparison with earlier runs.
    """
    import duckdb

    from cchc.catalogues import default_schedule
    from cchc.core.periods import parse_period

    dates = default_schedule().dates(parse_period(period))
    grain = "level, unit_code, parent_code, field, procedure_code, online_level"
    others = [name for name in NEEDED if name not in grain.split(", ")]

    def query(aggregate: str) -> str:
        touched = ", ".join(f"{aggregate}({name})" for name in others)
        return (
            f"SELECT {grain}, count(*), {touched} FROM read_parquet('{path}')"
            f" WHERE received_at < DATE '{dates.window_end}' + 1"
            f" AND (resolved_at IS NULL OR resolved_at >= DATE '{dates.window_start}') GROUP BY {grain}"
        )

    found: dict[str, object] = {}
    for name, aggregate in (("times", "any_value"), ("group_only_times", "count")):
        times, cpu = [], []
        for _ in range(runs):
            start, used = time.perf_counter(), _cpu_seconds()
            with duckdb.connect() as con:
                groups = len(con.sql(query(aggregate)).fetchall())
            times.append(time.perf_counter() - start)
            cpu.append(_cpu_seconds() - used)
        found[name] = times
        found[name.replace("times", "cpu")] = cpu
    return {**found, "groups": groups}


def _cpu_seconds() -> float:
    """The processor time this process has used (user and system, all its threads)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started.

    VmHWM belongs to the process image: ru_maxrss would also count the parent's peak, which Linux
    carries across the exec of a subprocess.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")  # not Linux


def _run_child(kind: str, path: Path, runs: int) -> dict[str, object]:
    """A measuring child, and its whole-process wall time."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    # The whole process of one run: start-up, imports and the first run (the later runs taken off).
    times: list[float] = result["times"]  # type: ignore[assignment]
    later: list[float] = result.get("group_only_times", [])  # type: ignore[assignment]
    result["process_seconds"] = time.perf_counter() - start - sum(times[1:]) - sum(later)
    return result


def _cchc() -> str:
    return str(Path(sys.executable).with_name("cchc"))


def _process(
    command: Sequence[str], env: dict[str, str], *, tree: bool = False
) -> tuple[float, float, float]:
    """Wall time, peak resident memory (MB) and processor time (user and system) of one whole command:
    its largest process, or with `tree` the largest sum over the process and all its descendants
    (sampled: Spark's JVM). On a machine shared with other work the processor time moves less than
    the wall time."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    peak = [0.0]
    sampler = threading.Thread(target=_sample_tree, args=(process, peak), daemon=True)
    if tree:
        sampler.start()
    stderr = process.stderr.read().decode() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return wall, max(usage.ru_maxrss / 1024, peak[0]), usage.ru_utime + usage.ru_stime


def _sample_tree(process: subprocess.Popen[bytes], peak: list[float]) -> None:
    while process.returncode is None and Path(f"/proc/{process.pid}").exists():
        parents: dict[int, int] = {}
        resident: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(entry.name)] = int(fields[1])
                    resident[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
                except (OSError, IndexError, ValueError):
                    continue
        tree = {process.pid}
        for _ in range(4):  # the driver, its JVM and the JVM's children
            tree |= {pid for pid, parent in parents.items() if parent in tree}
        peak[0] = max(peak[0], sum(resident.get(pid, 0.0) for pid in tree))
        time.sleep(0.2)


def _no_bytecode(folder: Path) -> dict[str, str]:
    """No .pyc read or written: every import compiled from source on every run."""
    return {"PYTHONPYCACHEPREFIX": str(folder / "no-pyc"), "PYTHONDONTWRITEBYTECODE": "1"}


def _command_runs(path: Path, out: Path, runs: int, folder: Path) -> dict[str, object]:
    command = [_cchc(), "dossiers", "compute", "--period", PERIOD, str(path), "--out", str(out)]
    cache = folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"CCHC_CACHE_DIR": str(cache)}
    cold = _process(command, env)
    # Each warm run is paired with a whole bare process run just after it: this machine's pace drifts
    # over minutes (shared cores), and a pair shares it, so their ratio moves far less than either.
    warm, bare = [], []
    for _ in range(runs):
        warm.append(_process(command, env))
        bare.append(float(_run_child("bare", path, 1)["process_seconds"]))  # type: ignore[arg-type]
    plain = [_process(command, {**env, **_no_bytecode(folder)}) for _ in range(runs)]
    return {
        "cold": cold[0],
        "warm": statistics.median(run[0] for run in warm),
        "bare_process": statistics.median(bare),
        "ratios": [run[0] / seconds for run, seconds in zip(warm, bare, strict=True)],
        "warm_cpu": statistics.median(run[2] for run in warm),
        "no_bytecode": statistics.median(run[0] for run in plain),
        "peak_rss_mb": max(run[1] for run in warm),
    }


def _dataset(rows: int, folder: Path) -> tuple[Path, float | None]:
    path = folder / f"dossiers-{rows}-seed{SEED}-v{GENERATOR_VERSION}.parquet"
    if path.exists():
        return path, None
    # Generated by the command, in chunks of a million rows: 100M in well under 4 GB.
    wall, peak, _ = _process(
        [_cchc(), "dossiers", "generate", "--rows", str(rows), "--seed", str(SEED), "--out", str(path)], {}
    )
    print(f"  (generated in {wall:.0f} s, peak RSS {peak:.0f} MB)")
    return path, wall


def _same(ours: object, theirs: object) -> bool:
    """Equal outputs; averages (floats) to 0,01, their last digit (pandas rounds half to even)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(_same(ours[key], theirs[key]) for key in ours)
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
    if isinstance(ours, float) or isinstance(theirs, float):
        return abs(float(ours) - float(theirs)) < 0.0101  # type: ignore[arg-type]
    return ours == theirs


def _median(times: object) -> float:
    values = list(times)  # type: ignore[call-overload]
    return statistics.median(values[1:] or values)


def _own_bytecode() -> bool:
    """Whether cchc's own modules have compiled bytecode: uv compiles what it installs, and cchc is
    installed editable, so only `python -m compileall -q src` gives them some (README)."""
    import importlib.util

    spec = importlib.util.find_spec("cchc.dossiers.engine")
    origin = spec.origin if spec is not None else None
    return origin is not None and Path(importlib.util.cache_from_source(origin)).is_file()


def _spark_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


def _startup(folder: Path, runs: int) -> None:
    print("\nStart-up (whole process, median of", runs, "runs):")
    for args in (["--help"], ["dossiers", "compute", "--help"], ["report", "--help"], ["check", "--help"]):
        command = [_cchc(), *args]
        with_pyc = statistics.median(_process(command, {})[0] for _ in range(runs))
        without = statistics.median(_process(command, _no_bytecode(folder))[0] for _ in range(runs))
        print(f"  cchc {' '.join(args):24s} {with_pyc:5.2f} s compiled bytecode, {without:5.2f} s without")


def _size(rows: int, args: argparse.Namespace, folder: Path) -> None:
    print(f"\n{rows:>12,} dossiers (load average {os.getloadavg()[0]:.1f})")
    path, _ = _dataset(rows, args.data_dir)
    print(f"  ({path.stat().st_size / 1e6:.0f} MB Parquet)")
    duck_json = folder / f"duckdb-{rows}.json"
    command = _command_runs(path, duck_json, args.runs, folder)
    bare = _run_child("bare", path, args.runs)
    engine = _run_child("engine", path, args.runs)
    outputs = engine["outputs"]
    print(
        f"  command  warm {command['warm']:6.2f} s, empty cache {command['cold']:6.2f} s,"
        f" without compiled bytecode {command['no_bytecode']:6.2f} s,"
        f" peak RSS {command['peak_rss_mb']:6.0f} MB"
        f"  ({engine['received']:,} dossiers in the window, {len(outputs['units'])} units,"  # type: ignore[index]
        f" {len(outputs['procedures'])} procedures, {engine['identity_errors']} identity errors)"  # type: ignore[index]
    )
    print(
        f"  bare     process {command['bare_process']:6.2f} s, query {_median(bare['times']):6.2f} s,"
        f" peak RSS {bare['peak_rss_mb']:6.0f} MB ({bare['groups']:,} groups; 17 columns read;"
        f" group only, 8 columns read: query {_median(bare['group_only_times']):6.2f} s)"
    )
    print(
        f"  engine   in process {_median(engine['times']):6.2f} s (first {engine['times'][0]:.2f} s),"  # type: ignore[index]
        f" peak RSS {engine['peak_rss_mb']:6.0f} MB"
    )
    warm = float(command["warm"])  # type: ignore[arg-type]
    ratios: list[float] = command["ratios"]  # type: ignore[assignment]
    print(
        f"  ratio    command / bare process = {statistics.median(ratios):.2f}×"
        f" (median of {len(ratios)} pairs: {', '.join(f'{ratio:.2f}' for ratio in ratios)}),"
        f" command / bare query = {warm / _median(bare['times']):.2f}×,"
        f" command / group-only query = {warm / _median(bare['group_only_times']):.2f}×"
    )
    cpu, bare_cpu = float(command["warm_cpu"]), _median(bare["cpu"])  # type: ignore[arg-type]
    print(
        f"  cpu      command {cpu:6.2f} s, bare query {bare_cpu:6.2f} s,"
        f" group-only query {_median(bare['group_only_cpu']):6.2f} s (user + system):"
        f" command / bare query = {cpu / bare_cpu:.2f}× (load average {os.getloadavg()[0]:.1f})"
    )
    if args.no_pandas or rows > PANDAS_LIMIT:
        print("  pandas   skipped")
    else:
        baseline = _run_child("pandas", path, args.runs)
        differ = [name for name in outputs if not _same(outputs[name], baseline["outputs"][name])]  # type: ignore[index]
        sizes_of = ", ".join(f"{name} {len(value)}" for name, value in outputs.items())  # type: ignore[union-attr]
        print(
            f"  pandas   in process {_median(baseline['times']):6.2f} s,"
            f" process {baseline['process_seconds']:6.2f} s,"
            f" peak RSS {baseline['peak_rss_mb']:6.0f} MB  (same outputs, rows × {len(COMPARED)} counts:"
            f" {sizes_of}: {'yes' if not differ else 'NO, ' + ', '.join(differ)})"
        )
        print(
            f"  ratio    pandas / engine ="
            f" {_median(baseline['times']) / _median(engine['times']):.1f}× in process,"
            f" pandas process / command = {float(baseline['process_seconds']) / warm:.1f}×"  # type: ignore[arg-type]
        )
        if differ:
            sys.exit(f"The engine and pandas differ on {', '.join(differ)}.")
    if args.no_spark or rows > SPARK_LIMIT or not _spark_available():
        print("  spark    skipped")
        return
    spark_json = folder / f"spark-{rows}.json"
    spark = [_cchc(), "dossiers", "compute", "--engine", "spark", "--period", PERIOD, str(path)]
    wall, peak, _ = _process([*spark, "--out", str(spark_json)], {"CCHC_SPARK_MASTER": "local[*]"}, tree=True)
    same = spark_json.read_bytes() == duck_json.read_bytes()
    print(
        f"  spark    process {wall:6.2f} s (local[*]), peak RSS {peak:6.0f} MB (driver and JVM),"
        f" same JSON as DuckDB: {'yes' if same else 'NO'}"
    )
    print(f"  ratio    spark / command = {wall / warm:.1f}×")
    if not same:
        sys.exit("Spark and DuckDB differ.")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "cchc-benchmarks")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], PERIOD, args.runs)
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    print(f"Period {PERIOD}, {os.cpu_count()} CPUs, data in {args.data_dir}")
    if not _own_bytecode():
        print("cchc's own modules have no compiled bytecode: run `uv run python -m compileall -q src` first")
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as scratch:
        folder = Path(scratch)
        os.environ["CCHC_CACHE_DIR"] = str(folder / "cache")  # the children's cache, emptied per size
        for rows in args.rows:
            _size(rows, args, folder)
        _startup(folder, max(args.runs, 5))


if __name__ == "__main__":
    main()
