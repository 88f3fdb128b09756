"""Shared set-up for the web benchmarks: a throw-away database, Django, units, users and plausible figures.

Not a benchmark itself. `plausible_entries` needs only the core; everything else imports Django lazily,
after `django_setup` has pointed the settings at a temporary SQLite file or a dedicated PostgreSQL
database (created here and dropped again by `drop_postgres`).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cchc.core.aggregation import entry_levels
from cchc.core.catalogue import Catalogue, Kind, Level, Row
from cchc.core.numbers import format_number

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cchc_bench"
PASSWORD = "cchc-bench-2023"
PERIOD = "2023Q1"


# --- figures ------------------------------------------------------------------------------------------


def input_rows(catalogue: Catalogue, level: Level, form: int | None = None) -> list[Row]:
    """The rows a unit of `level` types (value, no formula), in form order."""
    levels = entry_levels(level)
    return [
        row
        for f in catalogue.forms
        if form is None or f.number == form
        for row in f.rows
        if row.has_value and row.formula is None and levels.intersection(row.levels)
    ]


def _figure(row: Row, rng: random.Random, scale: int) -> Decimal | str:
    if row.kind is Kind.CODE:
        return Decimal(rng.choice(sorted(row.option_values)))
    if row.kind is Kind.PERCENT:
        return Decimal(rng.randint(5000, 10000)) / 100
    if row.kind is Kind.MONEY:
        return Decimal(rng.randint(0, 500 * scale))
    if row.kind is Kind.TEXT:
        return "Có kế hoạch"
    return Decimal(rng.randint(0, 50 * scale))


def plausible_figures(catalogue: Catalogue, level: Level, rng: random.Random) -> dict[str, Decimal | str]:
    """Figures for every input row of a unit: a rate's part never exceeds its total, declared ≤ rules hold."""
    scale = rng.choice((1, 3, 10))
    rows = input_rows(catalogue, level)
    figures: dict[str, Decimal | str] = {row.code: _figure(row, rng, scale) for row in rows}

    def number(code: str) -> Decimal | None:
        value = figures.get(code)
        return value if isinstance(value, Decimal) else None

    for row in catalogue.rows.values():
        formula = row.formula
        if row.kind is Kind.PERCENT and formula is not None and len(formula.references) == 2:
            part, total = formula.references
            part_value, total_value = number(part), number(total)
            if part_value is not None and total_value is not None and part_value > total_value:
                figures[part] = Decimal(rng.randint(0, int(total_value)))
    # A declared "left ≤ right" whose left side is typed rows: shrink those rows until it holds.
    for rule in catalogue.rules:
        if rule.op not in ("<=", "<"):
            continue
        right = rule.right.evaluate(number)
        left = rule.left.evaluate(number)
        if not isinstance(right, Decimal) or not isinstance(left, Decimal) or left <= right:
            continue
        for code in rule.left.references:
            if code in figures and isinstance(figures[code], Decimal):
                figures[code] = Decimal(0)
    return figures


def as_text(value: Decimal | str, row: Row) -> str:
    """How a reporter types the figure: "1.510", "96,60"."""
    if isinstance(value, str):
        return value
    return format_number(value, row.decimals if row.kind is Kind.PERCENT else None)


def plausible_entries(
    catalogue: Catalogue, level: Level, rng: random.Random, form: int | None = None
) -> dict[str, str]:
    """Typed text of every input row of a unit (optionally of one form), code → text."""
    figures = plausible_figures(catalogue, level, rng)
    wanted = {row.code for row in input_rows(catalogue, level, form)}
    return {code: as_text(value, catalogue.row(code)) for code, value in figures.items() if code in wanted}


# --- measuring ----------------------------------------------------------------------------------------


def percentile(times: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of a list of times."""
    ordered = sorted(times)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(times: Sequence[float]) -> str:
    """ "p50 … p95 … max …" in milliseconds."""
    return (
        f"p50 {statistics.median(times):7.1f}  p95 {percentile(times, 0.95):7.1f}  "
        f"max {max(times):7.1f} ms  (n={len(times)})"
    )


def median_ms(action: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls, in milliseconds."""
    return median_wall_cpu(action, runs)[0]


def median_wall_cpu(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process over `runs` calls, in milliseconds.

    On a shared machine the wall time includes waiting for a CPU; the process's CPU time does not
    (nor does it include a PostgreSQL server's own work).
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


# --- databases ----------------------------------------------------------------------------------------


def _admin_url(url: str) -> tuple[str, str]:
    """The URL of the server's maintenance database and the name of the benchmark database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "cchc_bench"
    return urlunsplit(parts._replace(path="/postgres")), name


def _pg_admin(url: str, statements: Sequence[str]) -> None:
    import psycopg

    admin, _ = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def create_postgres(url: str) -> None:
    """Drop and re-create the benchmark database named in `url` (never the one the tests use)."""
    _, name = _admin_url(url)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unsafe database name {name!r}")
    _pg_admin(url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])


def drop_postgres(url: str) -> None:
    """Drop the benchmark database (closing this process's connections first, if Django is loaded)."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    _, name = _admin_url(url)
    _pg_admin(url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def backend_urls(postgres_flag: bool) -> list[str]:
    """ "" for SQLite, then the PostgreSQL URL when asked for (--postgres or DATABASE_URL)."""
    urls = [""]
    env = os.environ.get("DATABASE_URL", "")
    if env:
        urls.append(env if urlsplit(env).path.lstrip("/") == "cchc_bench" else _bench_url(env))
    elif postgres_flag:
        urls.append(DEFAULT_POSTGRES)
    return urls


def _bench_url(url: str) -> str:
    # Never benchmark in (and drop) the database DATABASE_URL names: use a sibling cchc_bench.
    return urlunsplit(urlsplit(url)._replace(path="/cchc_bench"))


def django_setup(data_dir: Path, database_url: str) -> None:
    """Point Django at a fresh database (SQLite in `data_dir`, or `database_url`) and migrate it.

    Django can be set up once per process, so each backend is measured in its own process
    (see `run_per_backend`).
    """
    os.environ["CCHC_DATA_DIR"] = str(data_dir)
    os.environ["CCHC_SECRET_KEY"] = "benchmark-only-secret-key-not-for-production-use-0123456789"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        create_postgres(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def run_per_backend(script: Path, urls: Sequence[str], extra: Sequence[str]) -> int:
    """Run `script --backend URL` once per backend in a child process (Django sets up once per process)."""
    import subprocess

    status = 0
    for url in urls:
        command = [sys.executable, str(script), "--backend", url or "sqlite", *extra]
        status |= subprocess.run(command, check=False).returncode
    return status


@contextmanager
def database(data_dir: Path, backend: str) -> Iterator[str]:
    """Set Django up on the backend ("sqlite" or a PostgreSQL URL); drop a PostgreSQL database after."""
    url = "" if backend == "sqlite" else backend
    django_setup(data_dir, url)
    try:
        yield "SQLite" if not url else "PostgreSQL"
    finally:
        if url:
            drop_postgres(url)


# --- organisation -------------------------------------------------------------------------------------


def make_units(counts: dict[str, int]) -> dict[str, Any]:
    """The province unit `ubnd-tinh` plus `counts[level]` units of each level; code → OrgUnit."""
    from cchc.web.org.models import OrgUnit

    province = OrgUnit.objects.create(code="ubnd-tinh", name="UBND tỉnh Thanh Hóa", level="tinh")
    wanted = [(level, i) for level, count in counts.items() for i in range(1, count + 1)]
    units = [
        OrgUnit(code=f"{level}-{i:03d}", name=f"Đơn vị {level} {i}", level=level, parent=province, order=n)
        for n, (level, i) in enumerate(wanted, start=1)
    ]
    OrgUnit.objects.bulk_create(units)
    return {unit.code: unit for unit in OrgUnit.objects.all()}


def make_reporter(username: str, unit_code: str) -> Any:
    """A reporter (bao-cao) of one unit; the password is PASSWORD."""
    from cchc.web.org.access import Role
    from cchc.web.org.users import create_user

    return create_user(username, PASSWORD, role=Role.REPORTER.value, units=[unit_code], check_password=False)


# --- a live demo server -------------------------------------------------------------------------------

DEMO_PASSWORD = "cchc-demo-2023"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo_server(folder: str) -> Iterator[str]:
    """`cchc demo` (waitress) on a free loopback port with its data in `folder`; yields its address."""
    import subprocess

    import requests

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).with_name("cchc")), "demo", "--port", str(port)]
    server = subprocess.Popen(
        command,
        env={**os.environ, "CCHC_DATA_DIR": folder},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(240):
            try:
                requests.get(f"{base}/dang-nhap/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def demo_login(base: str, username: str, password: str = DEMO_PASSWORD) -> tuple[Any, int]:
    """A requests session after posting the login form, and the status the form answered."""
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{base}/dang-nhap/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": token.group(1) if token else "",
    }
    answer = session.post(f"{base}/dang-nhap/", data=data, allow_redirects=False, timeout=60)
    return session, answer.status_code


def page_times(session: Any, url: str, count: int) -> list[float]:
    """Milliseconds of `count` successive GETs of `url` in `session`, each answered 200."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        assert session.get(url, timeout=120).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return times
