"""How long writing the report of one province-quarter takes: DOCX (with its two charts) + XLSX.

Also the DOCX from a province's uploaded template, which is filled in a confined worker process.
Prints the median of several runs of each stage after one warm-up run (the first chart rendering
starts vl-convert's engine, as a long-running web process would have done already), and as baselines
measured in the same process: reading the values file, and the XLSX writer alone.
Then the web path on the demo database (Thanh Hóa: 47 units, five quarters, in a temporary SQLite
file): reading the province aggregate, notes, texts and trend from the database, then DOCX + XLSX.
Target: DOCX + XLSX under 2 s.
Run: uv run python benchmarks/report.py [--no-web]
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cchc.catalogues import default_catalogue
from cchc.documents.writer import read_values_file, write_docx, write_xlsx
from cchc.documents.writer.template import TEMPLATE_PATH

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = 7
VALUES = Path(__file__).resolve().parents[1] / "tests" / "documents" / "writer" / "thanh-hoa-2023q1.json"


def median_ms(action: Callable[[], object]) -> float:
    """The median wall time of `action` over RUNS runs, in milliseconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Measure and print."""
    catalogue = default_catalogue()
    report = read_values_file(VALUES, catalogue)

    def both() -> None:
        write_docx(report, io.BytesIO())
        write_xlsx(report, io.BytesIO())

    both()  # warm-up: template, fonts, vl-convert's engine
    load = median_ms(lambda: read_values_file(VALUES, catalogue))
    xlsx = median_ms(lambda: write_xlsx(report, io.BytesIO()))
    docx_plain = median_ms(lambda: write_docx(report, io.BytesIO(), charts=False))
    docx = median_ms(lambda: write_docx(report, io.BytesIO()))
    # A province's own template is filled in a confined worker process (a fresh interpreter each time).
    uploaded = median_ms(lambda: write_docx(report, io.BytesIO(), template=TEMPLATE_PATH))
    total = median_ms(both)
    print(f"median of {RUNS} runs (Thanh Hóa, {report.period.label})")
    print(f"{'read values file':34s} {load:8.1f} ms")
    print(f"{'XLSX (Biểu mẫu 1–7)':34s} {xlsx:8.1f} ms  ({xlsx / load:.1f}x reading the values)")
    print(f"{'DOCX without charts':34s} {docx_plain:8.1f} ms  ({docx_plain / xlsx:.1f}x the XLSX)")
    print(f"{'DOCX with 2 charts':34s} {docx:8.1f} ms  ({docx / xlsx:.1f}x the XLSX)")
    print(f"{'DOCX, province template (worker)':34s} {uploaded:8.1f} ms  ({uploaded / docx:.2f}x in-process)")
    print(f"{'DOCX + XLSX':34s} {total:8.1f} ms  (target < 2000 ms: {'met' if total < 2000 else 'NOT met'})")
    if "--no-web" not in sys.argv:
        web(total)


def web(file_total: float) -> None:
    """The download's path: read the demo province-quarter from the database, then DOCX + XLSX."""
    from _web import django_setup

    with tempfile.TemporaryDirectory(prefix="cchc-bench-report-") as folder:
        django_setup(Path(folder), "")
        from cchc.web.demo.load import load_demo
        from cchc.web.reporting.models import ReportingPeriod
        from cchc.web.reports.services import report_data

        load_demo()
        period = ReportingPeriod.objects.get(code="2023Q1")

        def download() -> None:
            report = report_data(period)
            write_docx(report, io.BytesIO())
            write_xlsx(report, io.BytesIO())

        download()  # warm-up
        read = median_ms(lambda: report_data(period))
        total = median_ms(download)
    print(f"{'web: read the database':34s} {read:8.1f} ms  (demo: 47 units, 5 quarters, SQLite)")
    print(
        f"{'web: read + DOCX + XLSX':34s} {total:8.1f} ms  ({total / file_total:.1f}x the values-file path; "
        f"target < 2000 ms: {'met' if total < 2000 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
