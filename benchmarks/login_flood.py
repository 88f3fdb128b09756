"""A logged-in user's page while anonymous clients flood the login form with wrong passwords.

The attack this answers: 16 parallel bad logins made every other user's pages 180× slower (password
hashing took every core and every server thread). Starts the real server (`cchc demo`, waitress) on a
free port in a temporary data folder, logs the viewer in, then times the home page: alone, and while
--flooders threads post wrong passwords as fast as they are answered (each for its own account, so
the per-account locks do not stop them early; the per-address lock and the bound on concurrent
password checks do). Prints the medians, p95s and their ratio, and how the flood was answered.

Run:  uv run python benchmarks/login_flood.py [--flooders 16] [--requests 60]
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _web import demo_login, demo_server, page_times


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flooders", type=int, default=16)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-flood-") as folder, demo_server(folder) as base:
        viewer, status = demo_login(base, "xem")
        assert status == 302, status
        page_times(viewer, f"{base}/", 5)  # warm-up
        alone = page_times(viewer, f"{base}/", args.requests)
        stop = threading.Event()
        answers: collections.Counter[str] = collections.Counter()

        def flood(number: int) -> None:
            while not stop.is_set():
                try:
                    answers[str(demo_login(base, f"khong-co-{number}", "sai-mat-khau")[1])] += 1
                except requests.RequestException as error:
                    answers[type(error).__name__] += 1

        threads = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(args.flooders)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        flooded = page_times(viewer, f"{base}/", args.requests)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    print(f"home page of a logged-in user, {args.requests} requests each, {args.flooders} flooders")
    for name, values in (("alone", alone), ("during the flood", flooded)):
        print(f"{name:18s} median {statistics.median(values):7.1f} ms   p95 {_p95(values):7.1f} ms")
    ratio = statistics.median(flooded) / statistics.median(alone)
    print(f"ratio (median during / alone): {ratio:.1f}x   (before the fix: 180x)")
    print("flood answered:", dict(sorted(answers.items())))


if __name__ == "__main__":
    main()
