"""The PAR Index pages and files as Sở Nội vụ and a unit wait for them, on the real demo server.

Starts `cchc demo` (waitress) on a free loopback port, logs in as the reviewer thamdinh and the reporter
sotuphap, and times warm GETs (median of --runs) of the year's results page (both rankings, 181 units),
its Word appendix, Excel and JSON downloads, the queue of self-assessments, one unit's sheet, and the
whole `cchc par --year 2025 --format docx` command; each against the home page measured in the same run
(the ratio says what the PAR page costs beyond any page of the app).

Run:  uv run python benchmarks/par_index.py [--runs 5] [--data DIR]
      (DIR: a folder where `cchc demo --no-serve` already loaded the demo)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import demo_login, demo_server, page_times

YEAR = 2025
REVIEWER_PAGES = {
    "trang chủ (mốc so sánh)": "/",
    "kết quả năm 2025": f"/chi-so-cchc/{YEAR}/",
    "phụ lục Word": f"/chi-so-cchc/{YEAR}/ket-qua.docx",
    "bảng Excel": f"/chi-so-cchc/{YEAR}/ket-qua.xlsx",
    "dữ liệu JSON": f"/chi-so-cchc/{YEAR}/ket-qua.json",
    "danh sách tự đánh giá": f"/chi-so-cchc/{YEAR}/tu-danh-gia/",
    "bảng điểm Sở Xây dựng": f"/chi-so-cchc/{YEAR}/don-vi/so-xay-dung/",
}
REPORTER_PAGES = {
    "trang chủ (mốc so sánh)": "/",
    "bảng điểm năm 2026 của Sở Tư pháp": "/chi-so-cchc/2026/don-vi/so-tu-phap/",
}


def _command_ms(folder: str, runs: int) -> float:
    """The whole `cchc par --year 2025 --format docx` process, median wall milliseconds."""
    cchc = str(Path(sys.executable).with_name("cchc"))
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [cchc, "par", "--year", str(YEAR), "--format", "docx", "--out", f"{out}/phu-luc.docx"],
                env={**os.environ, "CCHC_DATA_DIR": folder},
                check=True,
                capture_output=True,
            )
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", help="a folder with the demo already loaded")
    args = parser.parse_args()
    folder = args.data or tempfile.mkdtemp(prefix="cchc-par-bench-")
    with demo_server(folder) as base:
        for login, pages in (("thamdinh", REVIEWER_PAGES), ("sotuphap", REPORTER_PAGES)):
            session, status = demo_login(base, login)
            assert status == 302, f"login {login}: {status}"
            print(f"{login}: median of {args.runs} warm requests")
            baseline = None
            for label, path in pages.items():
                page_times(session, base + path, 1)  # the first request warms the server's caches
                median = statistics.median(page_times(session, base + path, args.runs))
                baseline = baseline or median
                print(f"  {label:38s} {median:8.1f} ms   ×{median / baseline:5.1f} trang chủ")
    command = _command_ms(folder, max(1, args.runs // 2))
    print(f"cchc par --year {YEAR} --format docx (whole process): {command:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
