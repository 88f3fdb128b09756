"""The dashboard's first load as the reviewer sees it: right after the server starts, and warm.

Starts the real demo server (`cchc demo`, waitress) on a free loopback port, logs in as the reviewer
thamdinh, and times, against the home page measured in the same run:
- the first answer of the home page, of the dashboard (/tong-quan/) and of the chart library
  (/static-js/vega.js) after the server started, then the median of warm GETs of the pages;
- in the system Chromium, the time from navigation to a drawn page (loaded, and the SVG of every chart
  in the first screen of 1366 × 900 px in place: what the reviewer waits for), with an empty browser
  cache right after a server start, then warm; the home page's load is the baseline; and the time until
  every chart is drawn (the long per-unit chart below the first screen comes after it).
The server's own times of the first pages are the browser's (request start to last byte), so the first
dashboard after a start is the one a reviewer opens, chart library included.
The dashboard keeps its computed figures in the database until a figure changes (dashboard.kept), and
the server computes them again in the background as soon as a change commits. The dashboard is timed
- warm (its figures read back);
- after a save: Sở Tư pháp's reporter saves Biểu mẫu 3 of the newest period with a changed figure and
  gets the saved form back, and the reviewer opens the dashboard at once (as fast as one person who
  saves and then opens «Tổng quan» can) — the page must show the saved figure;
- the moment a save answered: the same, the dashboard opened as soon as the save's POST answered, before
  the saved form is loaded (the worst case: the figures are still being computed again);
- cold, the old path: its kept figures dropped, so the request computes them itself, as every request
  after a save did before the background refresh;
in the same warm server and browser, and the ratios to warm and to the old path printed. Each round drops
the kept figures before the server starts; the server computes the newest period's while it starts
(dashboard.kept.prepare_dashboard), so the first dashboard after a start says whether they were ready in
time.
The server is restarted for each of --runs rounds; medians over the rounds are printed with the ratios.

Run:  uv run python benchmarks/dashboard_load.py [--runs 3] [--data DIR]
      (DIR: a folder where `cchc demo --no-serve` already loaded the demo; without it the first start
      loads the demo into a new folder, which on a busy machine can outlast the server's start-up wait)
"""

from __future__ import annotations

import argparse
import html
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import demo_login, demo_server, django_setup, page_times

CHROMIUM = "/usr/bin/chromium"
DASHBOARD = "/tong-quan/"
HOME = "/"
BUNDLE = "/static-js/vega.js"
WARM = 5
# The form a reporter saves (Sở Tư pháp's Biểu mẫu 3 of the demo's newest period) and the figure changed.
ENTRY = "/ky/2026Y/don-vi/so-tu-phap/bieu/3/"
CHANGED = "v-BM3-3.1.2"


CHARTS = "[...document.querySelectorAll('[data-chart]')]"
ON_SCREEN = "e => { const b = e.getBoundingClientRect(); return b.top < innerHeight && b.bottom > 0; }"
SCREEN_DRAWN = f"{CHARTS}.filter({ON_SCREEN}).every(e => e.querySelector('svg'))"
ALL_DRAWN = f"{CHARTS}.every(e => e.querySelector('svg'))"


def _browser_ms(page: Any, url: str) -> float:
    """From navigation to a loaded page."""
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    return (time.perf_counter() - start) * 1000


def _drawn_ms(page: Any) -> tuple[float, float]:
    """From navigation to the dashboard loaded with the charts of its first screen drawn (what the
    reviewer waits for), and to every chart drawn (those below the first screen come after)."""
    start = time.perf_counter()
    page.goto(DASHBOARD, wait_until="load")
    page.wait_for_function(SCREEN_DRAWN, timeout=60_000, polling=10)
    screen = (time.perf_counter() - start) * 1000
    page.wait_for_function(ALL_DRAWN, timeout=60_000, polling=10)
    return screen, (time.perf_counter() - start) * 1000


def _record_drawn(times: dict[str, list[float]], when: str, drawn: list[tuple[float, float]]) -> None:
    times[f"chromium: dashboard drawn, {when}"].append(statistics.median(d[0] for d in drawn))
    times[f"chromium: every chart drawn, {when}"].append(statistics.median(d[1] for d in drawn))


def _served_ms(page: Any, resource: str = "") -> float:
    """How long the page's document (or the named resource) took from request to its last byte."""
    script = (
        "r => { const e = r ? performance.getEntriesByType('resource').find(x => x.name.includes(r))"
        " : performance.getEntriesByType('navigation')[0]; return e.responseEnd - e.requestStart; }"
    )
    return float(page.evaluate(script, resource))


def drop_kept(folder: str) -> None:
    """Forget the dashboard's kept figures, as a saved value does (the next dashboard computes them)."""
    path = Path(folder) / "cchc.sqlite3"
    if not path.exists():
        return  # the demo is not loaded yet: nothing kept
    database = sqlite3.connect(path)
    try:
        with database:
            database.execute("DELETE FROM dashboard_keptdashboard")
    except sqlite3.OperationalError:
        pass  # a database from before the kept figures: nothing kept
    finally:
        database.close()


class Reporter:
    """Sở Tư pháp's reporter, saving its Biểu mẫu 3 with the on-time count one higher or lower each time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session, status = demo_login(base, "sotuphap")
        assert status == 302, f"login answered {status}"
        self.step = 1

    def save(self, *, shown: bool = True) -> str:
        """Save the form with the changed figure, and when `shown` load the saved form the save answers
        with (as the reporter's browser does); returns that figure as the dashboard must show it."""
        url = self.base + ENTRY
        text = self.session.get(url, timeout=60).text
        version = re.search(r'name="version" value="(\d+)"', text)
        assert version, "the entry page has no form"
        data = {
            html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'name="([vn]-[^"]+)"[^>]*value="([^"]*)"', text)
        }
        figure = int(data[CHANGED].replace(".", "")) + self.step
        self.step = -self.step
        data[CHANGED] = str(figure)
        data |= {
            "version": version.group(1),
            "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""),
        }
        answer = self.session.post(
            url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=60
        )
        assert answer.status_code == 302, f"the save answered {answer.status_code}"
        return f"{figure:,}".replace(",", ".")


def _unit_row(page: Any) -> str:
    """Sở Tư pháp's line in the table of the per-unit chart ("Sở Tư pháp|Sở, ban, ngành|6.320/6.659|…")."""
    row = page.locator("#bieu-do-dung-han-theo-don-vi tbody tr", has_text="Sở Tư pháp").first
    return str(row.evaluate("r => [...r.cells].map(c => c.textContent.trim()).join('|')"))


def _cold_served_ms(session: Any, url: str, folder: str, count: int) -> list[float]:
    """Milliseconds of `count` GETs of `url`, each right after the kept figures were dropped."""
    found = []
    for _ in range(count):
        drop_kept(folder)
        found += page_times(session, url, 1)
    return found


def one_round(base: str, folder: str, browser: Any, times: dict[str, list[float]]) -> None:
    """One server start: the first pages in an empty Chromium, then warm pages and warm requests, the
    dashboard both with its figures to compute (cold) and kept (warm)."""
    session, status = demo_login(base, "thamdinh")
    assert status == 302, f"login answered {status}"
    reporter = Reporter(base)
    context = browser.new_context(base_url=base, locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.add_cookies(
        [
            {"name": c.name, "value": c.value or "", "url": base}
            for c in session.cookies
            if c.name == "sessionid"
        ]
    )
    page = context.new_page()
    times["chromium: home, first after start"].append(_browser_ms(page, HOME))
    times["server: home, first after start"].append(_served_ms(page))
    _record_drawn(times, "first after start", [_drawn_ms(page)])
    times["server: dashboard, first after start"].append(_served_ms(page))
    times["server: chart library, first after start"].append(_served_ms(page, BUNDLE))
    times["chromium: home, warm"].append(statistics.median(_browser_ms(page, HOME) for _ in range(3)))
    _record_drawn(times, "warm", [_drawn_ms(page) for _ in range(3)])
    drawn_saved, drawn_answered, drawn_cold = [], [], []
    for _ in range(3):
        for drawn, shown in ((drawn_saved, True), (drawn_answered, False)):
            saved = reporter.save(shown=shown)
            drawn.append(_drawn_ms(page))
            assert f"|{saved}/" in _unit_row(page), f"the dashboard does not show the saved {saved}"
        drop_kept(folder)
        drawn_cold.append(_drawn_ms(page))
    _record_drawn(times, "after a save", drawn_saved)
    _record_drawn(times, "the moment a save answered", drawn_answered)
    _record_drawn(times, "cold", drawn_cold)
    context.close()
    times["server: home, warm"].append(statistics.median(page_times(session, base + HOME, WARM)))
    times["server: dashboard, warm"].append(statistics.median(page_times(session, base + DASHBOARD, WARM)))
    served_saved, served_answered = [], []
    for _ in range(WARM):
        reporter.save()
        served_saved += page_times(session, base + DASHBOARD, 1)
        reporter.save(shown=False)
        served_answered += page_times(session, base + DASHBOARD, 1)
    times["server: dashboard, after a save"].append(statistics.median(served_saved))
    times["server: dashboard, the moment a save answered"].append(statistics.median(served_answered))
    times["server: dashboard, cold"].append(
        statistics.median(_cold_served_ms(session, base + DASHBOARD, folder, WARM))
    )


def computation(folder: str) -> tuple[float, float]:
    """In this process, on the same data once the server has stopped: median milliseconds of the newest
    period's dashboard figures computed whole (every period's aggregate: what each computation did
    before), and computed again after a save of that period (the other periods' aggregates kept)."""
    django_setup(Path(folder), "")
    from cchc.web.dashboard import figures, kept
    from cchc.web.reporting.stamps import figures_changed

    period = figures.newest_period()
    assert period is not None, "the demo has no period"
    kept.dashboard(period)  # as in a running server: the other periods' aggregates read once
    whole, again = [], []
    for _ in range(WARM):
        start = time.perf_counter()
        figures.dashboard(period)
        whole.append((time.perf_counter() - start) * 1000)
        figures_changed([period.pk])
        start = time.perf_counter()
        kept.dashboard(period)
        again.append((time.perf_counter() - start) * 1000)
    return statistics.median(whole), statistics.median(again)


def report(times: dict[str, list[float]]) -> None:
    """Medians over the rounds, each with its ratio to the home page measured the same way."""
    print(f"{'measure':<60}{'median ms':>10}{'runs':>6}  ratio to the home page")
    for name, values in times.items():
        kind, _, when = name.partition(", ")
        # A dashboard cold or after a save is one of a warm server: beside the warm home page.
        baseline = times[
            f"{kind.partition(':')[0]}: home, {'first after start' if 'first' in when else 'warm'}"
        ]
        ratio = statistics.median(values) / statistics.median(baseline)
        print(f"{name:<60}{statistics.median(values):>10.0f}{len(values):>6}  ×{ratio:.1f}")
    for title, over, under in (
        ("after a save ÷ the old path (figures computed in the request)", "after a save", "cold"),
        ("after a save ÷ kept (warm)", "after a save", "warm"),
        ("the moment a save answered ÷ the old path", "the moment a save answered", "cold"),
        ("the moment a save answered ÷ kept (warm)", "the moment a save answered", "warm"),
        ("old path (cold) ÷ kept (warm)", "cold", "warm"),
    ):
        print()
        print(f"dashboard, {title}:")
        for kind, what in (
            ("server", "dashboard"),
            ("chromium", "dashboard drawn"),
            ("chromium", "every chart drawn"),
        ):
            top = statistics.median(times[f"{kind}: {what}, {over}"])
            bottom = statistics.median(times[f"{kind}: {what}, {under}"])
            print(f"  {kind + ':':<10}{top:>7.0f} ms ÷ {bottom:.0f} ms = ×{top / bottom:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="server starts (rounds)")
    parser.add_argument("--data", help="the demo's data folder (default: a new temporary one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="cchc-dashboard-") as scratch:
        folder = args.data or scratch
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
            )
            for _ in range(args.runs):
                drop_kept(folder)
                with demo_server(folder) as base:
                    one_round(base, folder, browser, times)
            browser.close()
        whole, again = computation(folder)  # Django refuses to run inside Playwright's event loop
    report(times)
    print()
    print("the newest period's figures computed in this process (no request):")
    print(f"  whole (every period aggregated, the old path): {whole:.0f} ms")
    print(f"  again after a save of the period (the others' aggregates kept): {again:.0f} ms")
    print(f"  after a save ÷ whole = ×{again / whole:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
