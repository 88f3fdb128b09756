"""Importing a one-stop export saved as Excel: read in the confined worker, against reading in process.

A province's one-stop system often exports .xlsx. Since the import reads a spreadsheet in a worker
process (python -m cchc.untrusted.worker, under CPU and memory limits) and hands DuckDB a Parquet file,
this prints the whole import's time that way next to a baseline measured in the same run: the same
sheet read in this process (calamine straight into Arrow, as before). Generates --rows dossiers with the
generator, writes them as an .xlsx with XlsxWriter, then times each path (median of --runs).

Run:  uv run python benchmarks/dossier_xlsx_import.py [--rows 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pyarrow.parquet as pq
import xlsxwriter

from cchc.dossiers import importer
from cchc.dossiers.generator import generate


def _median_s(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _as_xlsx(parquet: Path, out: Path) -> None:
    table = pq.read_table(parquet)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, table.column_names)
    columns = [column.to_pylist() for column in table.columns]
    for row in range(table.num_rows):
        sheet.write_row(row + 1, 0, ["" if c[row] is None else str(c[row]) for c in columns])
    workbook.close()


def _in_process(path: Path, headers: set[str], out: Path) -> None:
    """The baseline: the sheet read here, without the package check or the worker."""
    pq.write_table(importer._read_xlsx(path, headers), out)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-xlsx-") as folder:
        work = Path(folder)
        generate(args.rows, work / "ho-so.parquet", seed=1)
        _as_xlsx(work / "ho-so.parquet", work / "ho-so.xlsx")
        size = (work / "ho-so.xlsx").stat().st_size / 1024 / 1024
        out = work / "ket-qua.parquet"
        confined = _median_s(lambda: importer.import_files([work / "ho-so.xlsx"], out), args.runs)
        with mock.patch.object(importer, "_xlsx_parquet", _in_process):
            here = _median_s(lambda: importer.import_files([work / "ho-so.xlsx"], out), args.runs)
    print(f"{args.rows} dossiers, {size:.1f} MB .xlsx, median of {args.runs} runs of the whole import")
    print(f"{'read in this process (baseline)':34s} {here:7.2f} s")
    print(f"{'read in the confined worker':34s} {confined:7.2f} s  ({confined / here:.2f}x the baseline)")


if __name__ == "__main__":
    main()
