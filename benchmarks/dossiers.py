"""Dossier analytics at scale: every output of a period for all units, the engine against pandas.

Generates (and caches) 1M and 10M dossiers with `cchc dossiers generate` (50M with --with-50m), then in
the same run, each in its own subprocess so that its peak memory is its own:
  engine  cchc.dossiers.compute (DuckDB through the Ibis definitions): the one-stop table by field and
          level, every unit, every reporting unit, every procedure, the BM7 procedure counts, the checks;
  pandas  a straightforward pandas implementation of the same metrics (read, merge the calendar,
          classify with numpy, group by; only the columns it needs), checked against the engine's
          whole one-stop table (every level × field row, 15 counts), units and procedures.
Prints wall time (first run and median of the others), the ratio pandas / engine and peak RSS.
Issue 5's goals at 10M on a 2-core machine: engine ≤ 3 s, ≥ 10× pandas, ≤ 1.5 GB.

Run:  uv run python benchmarks/dossiers.py [--rows 1000000 10000000] [--with-50m] [--runs 3]
      [--data-dir DIR] [--no-pandas]
pandas is skipped above 10M rows (it would need ~20 GB of memory at 50M).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PERIOD = "2023Q1"
SEED = 1
PANDAS_LIMIT = 10_000_000
# Bump when the generator changes, so that cached files are made again.
GENERATOR_VERSION = 2
# The columns the metrics read (pandas reads only these, as the engine does).
NEEDED = [
    "procedure_code",
    "field",
    "unit_code",
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
]


# The one-stop table's counts compared between the engine and pandas, row by row (level × field).
COMPARED = (
    "received",
    "carried_over",
    "received_online",
    "received_direct_post",
    "resolved",
    "early",
    "on_time",
    "late",
    "in_progress",
    "within_time",
    "overdue",
    "returned_withdrawn",
    "online_service_received",
    "online_service_received_online",
    "late_working_days",
)


def _one_stop_key(level: object, field: object) -> str:
    return f"{level or 'Tổng cộng'} | {field or '—'}"


def _engine(path: str, period: str, runs: int) -> dict[str, object]:
    from cchc.dossiers import compute

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        results = compute(path, period)
        times.append(time.perf_counter() - start)
    total = results.one_stop[-1]
    return {
        "times": times,
        "received": total["received"],
        "units": len(results.units),
        "procedures": len(results.procedures),
        "identity_errors": len(results.identity_errors),
        "one_stop": {
            _one_stop_key(row["level"], row["field"]): [int(row[name]) for name in COMPARED]
            for row in results.one_stop
        },
    }


def _pandas(path: str, period: str, runs: int) -> dict[str, object]:
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
        online_service = df["online_level"].fillna("khong") != "khong"
        classes = {
            "received": pd.Series(True, index=df.index),
            "carried_over": intake == "carried_over",
            "received_online": intake == "online",
            "received_direct_post": intake.isin(["direct", "post"]),
            "resolved": outcome.isin(["early", "on_time", "late"]),
            "resolved_on_time": outcome.isin(["early", "on_time"]),
            "early": outcome == "early",
            "on_time": outcome == "on_time",
            "late": outcome == "late",
            "in_progress": outcome.isin(["within_time", "overdue"]),
            "within_time": outcome == "within_time",
            "overdue": outcome == "overdue",
            "returned_withdrawn": outcome == "returned_withdrawn",
            "online_service_received": online_service & (intake != "carried_over"),
            "online_service_received_online": online_service & (intake == "online"),
        }
        for name, mask in classes.items():
            df[name] = mask.astype("int64")
        df["working_days_late"] = np.where(
            outcome == "late",
            df["closed_ord"] - df["due_ord"],
            np.where(outcome == "overdue", end_ord - df["due_ord"], 0),
        )
        df["resolution_working_days"] = np.where(
            classes["resolved"], df["closed_ord"] - df["received_ord"], 0
        )
        df["late_working_days"] = df["working_days_late"]
        counts = [*classes, "late_working_days", "resolution_working_days"]
        df["field"] = df["field"].fillna("Chưa phân loại")
        df["report_unit"] = np.where(
            (df["level"] == "xa") & df["parent_code"].notna(), df["parent_code"], df["unit_code"]
        )
        by_field = df.groupby(["level", "field"])[counts].sum()
        by_level = df.groupby("level")[counts].sum()
        total = df[counts].sum()
        units = df.groupby(["unit_code", "level"])[counts].sum()
        report_units = df.groupby(["report_unit", "level"])[counts].sum()
        procedures = df.groupby(["procedure_code", "level"])[counts].sum()
        procedures["average_working_days"] = procedures["resolution_working_days"] / procedures["resolved"]
        offer = df.groupby("procedure_code").agg(
            level=("online_level", "first"), fee=("fee", "max"), paid=("paid_online", "max")
        )
        times.append(time.perf_counter() - start)
    del report_units, offer
    one_stop: dict[str, list[int]] = {}
    for level in sorted(by_level.index, key=lambda name: {"tinh": 0, "huyen": 1, "xa": 2}.get(name, 9)):
        for (row_level, field), row in by_field.loc[[level]].iterrows():
            one_stop[_one_stop_key(row_level, field)] = [int(row[name]) for name in COMPARED]
        one_stop[_one_stop_key(level, None)] = [int(by_level.loc[level, name]) for name in COMPARED]
    one_stop[_one_stop_key(None, None)] = [int(total[name]) for name in COMPARED]
    return {
        "times": times,
        "received": int(total["received"]),
        "units": len(units),
        "procedures": len(procedures),
        "one_stop": one_stop,
    }


def _child(kind: str, path: str, period: str, runs: int) -> None:
    result = (_engine if kind == "engine" else _pandas)(path, period, runs)
    # ru_maxrss is in KiB on Linux.
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _run_child(kind: str, path: Path, runs: int) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _dataset(rows: int, folder: Path) -> tuple[Path, float | None]:
    from cchc.dossiers import generate

    path = folder / f"dossiers-{rows}-seed{SEED}-v{GENERATOR_VERSION}.parquet"
    if path.exists():
        return path, None
    start = time.perf_counter()
    generate(rows, path, seed=SEED)
    return path, time.perf_counter() - start


def _summary(times: list[float]) -> str:
    warm = times[1:] or times
    return f"first {times[0]:6.2f} s, warm median {statistics.median(warm):6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--with-50m", action="store_true", help="also 50 million rows (engine only)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "cchc-benchmarks")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], PERIOD, args.runs)
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    sizes = [*args.rows, *([50_000_000] if args.with_50m else [])]
    print(f"Period {PERIOD}, {os.cpu_count()} CPUs, data in {args.data_dir}")
    for rows in sizes:
        path, generated = _dataset(rows, args.data_dir)
        size_mb = path.stat().st_size / 1e6
        made = f"generated in {generated:.1f} s" if generated is not None else "cached"
        print(f"\n{rows:>12,} dossiers ({size_mb:.0f} MB Parquet, {made})")
        engine = _run_child("engine", path, args.runs)
        print(
            f"  engine  {_summary(engine['times'])}  peak RSS {engine['peak_rss_mb']:7.0f} MB"  # type: ignore[arg-type]
            f"  ({engine['received']:,} dossiers in the window, {engine['units']} units,"
            f" {engine['procedures']} procedures, {engine['identity_errors']} identity errors)"
        )
        if args.no_pandas or rows > PANDAS_LIMIT:
            print("  pandas  skipped")
            continue
        baseline = _run_child("pandas", path, args.runs)
        same = engine["one_stop"] == baseline["one_stop"] and all(
            engine[key] == baseline[key] for key in ("units", "procedures")
        )
        rows_compared = len(engine["one_stop"])  # type: ignore[arg-type]
        engine_median = statistics.median(engine["times"][1:] or engine["times"])  # type: ignore[index]
        pandas_median = statistics.median(baseline["times"][1:] or baseline["times"])  # type: ignore[index]
        print(
            f"  pandas  {_summary(baseline['times'])}  peak RSS {baseline['peak_rss_mb']:7.0f} MB"  # type: ignore[arg-type]
            f"  (same one-stop table, {rows_compared} rows × {len(COMPARED)} counts, units, procedures:"
            f" {'yes' if same else 'NO'})"
        )
        print(f"  ratio   pandas / engine = {pandas_median / engine_median:.1f}×")


if __name__ == "__main__":
    main()
