"""How long `cchc check` takes on a report: the bundled sample as text and as a Word document.

Prints the median of several runs of each stage and, as a baseline measured in the same process,
the time to merely read the file, so the ratio shows what the checking itself costs.
Run: uv run python benchmarks/check_report.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cchc.catalogues import load_catalogue
from cchc.checker import check_file
from cchc.cli import sample_report
from cchc.documents.docx_reader import read_docx
from cchc.documents.text_reader import read_text
from docx_builder import build_docx

RUNS = 15


def median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    sample = sample_report()
    with tempfile.TemporaryDirectory() as folder:
        word = Path(folder) / "sample.docx"
        build_docx(read_text(sample), word)
        check_file(sample)  # warm the catalogue cache, as a long-running process would be
        rows = [
            ("load catalogue (bnv-581)", median_ms(lambda: load_catalogue("bnv-581")), None),
            ("read text report", median_ms(lambda: read_text(sample)), None),
            (
                "check text report",
                median_ms(lambda: check_file(sample)),
                median_ms(lambda: read_text(sample)),
            ),
            ("read DOCX report", median_ms(lambda: read_docx(word)), None),
            ("check DOCX report", median_ms(lambda: check_file(word)), median_ms(lambda: read_docx(word))),
        ]
    print(f"median of {RUNS} runs")
    for name, ms, baseline in rows:
        ratio = f"  ({ms / baseline:.1f}x reading alone)" if baseline else ""
        print(f"{name:28s} {ms:8.1f} ms{ratio}")


if __name__ == "__main__":
    main()
