"""50 reporters browsing and saving at once against the real server on loopback, for a minute.

Issue 3's target: no errors, and the p95 of each kind of request reported. Builds a fresh database
(SQLite in a temporary folder, or PostgreSQL `cchc_bench` with --postgres / DATABASE_URL, created and
dropped), the province unit, one district per client and one reporter per district, then starts the
real server (`cchc serve`, waitress) on a free port and runs --clients threads. Each client logs in through
the login form (/dang-nhap/, CSRF token from the cookie), then loops until --seconds have passed:
GET the home page, GET its district's Biểu mẫu 3 entry page (/ky/2023Q1/don-vi/<unit>/bieu/3/), and
POST a save to the same address with new figures (`v-<code>`, `n-<code>`, the page's `version` and the
CSRF token). Logins (a deliberately slow password hash) are measured apart, before the timed loop.

Prints requests, errors (with the first few, status and a line of the page), p50/p95/p99 per request
kind and the throughput. Needs `requests` (installed with schemathesis); no other dependency.

Run:  uv run python benchmarks/web_load.py [--seconds 60] [--clients 50] [--postgres]
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import PASSWORD, PERIOD, backend_urls, drop_postgres, percentile, plausible_entries

FORM = 3
EXPECTED = {"login-page": 200, "login": 302, "home": 200, "entry": 200, "save": 302}


def build_fixture(data_dir: Path, url: str, clients: int) -> None:
    """Migrate a fresh database and create the units and reporters (run in a child process)."""
    from _web import django_setup, make_units

    django_setup(data_dir, url)
    from django.contrib.auth.models import Group, User

    from cchc.web.org.access import Role
    from cchc.web.org.models import Assignment
    from cchc.web.org.users import create_user
    from cchc.web.reporting import services

    services.ensure_period(PERIOD)
    units = make_units({"huyen": clients})
    first = create_user("bao-cao-001", PASSWORD, role=Role.REPORTER.value, units=["huyen-001"])
    # The other reporters share the first one's password hash: hashing it 50 times would take a minute.
    others = [User(username=f"bao-cao-{i:03d}", password=first.password) for i in range(2, clients + 1)]
    User.objects.bulk_create(others)
    others = list(User.objects.filter(username__in=[user.username for user in others]))
    Group.objects.get(name=Role.REPORTER.value).user_set.add(*others)
    Assignment.objects.bulk_create(
        [Assignment(user=user, unit=units["huyen-" + user.username.rsplit("-", 1)[1]]) for user in others]
    )


@dataclass
class Results:
    """Every request's kind, time and outcome, shared by the client threads."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, ms: float, problem: str = "") -> None:
        """Add one request."""
        with self.lock:
            self.times[kind].append(ms)
            if problem:
                self.errors.append(f"{kind}: {problem}")


def _problem(kind: str, response: object) -> str:
    status = getattr(response, "status_code", 0)
    if status == EXPECTED[kind]:
        return ""
    text = getattr(response, "text", "")
    found = re.search(r'role="alert"[^>]*>(.*?)<', text, re.S) or re.search(
        r"<title>(.*?)</title>", text, re.S
    )
    detail = html.unescape(found.group(1)).strip() if found else text[:120].strip()
    where = getattr(response, "headers", {}).get("Location", "")
    return f"HTTP {status} (expected {EXPECTED[kind]}) {where} {detail}"[:300]


class Client(threading.Thread):
    """One reporter: logs in, then browses and saves its own unit's form until the deadline."""

    def __init__(
        self, base: str, number: int, results: Results, start: threading.Barrier, clock: dict[str, float]
    ) -> None:
        super().__init__(daemon=True)
        import requests

        self.base = base
        self.username = f"bao-cao-{number:03d}"
        self.unit = f"huyen-{number:03d}"
        self.results = results
        self.barrier = start
        self.clock = clock  # the deadline, set by the barrier once every client has logged in
        self.session = requests.Session()
        self.rng = random.Random(number)

    def request(
        self, kind: str, method: str, path: str, *, retry_busy: bool = False, **options: object
    ) -> object | None:
        """One timed request; any exception or unexpected status is recorded as an error.

        With `retry_busy`, a 429 (the server busy checking other passwords) is not recorded: the caller
        tries again, as a user would.
        """
        start = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, allow_redirects=False, timeout=60, **options
            )
        except Exception as error:  # every failure is a finding of the benchmark
            self.results.record(
                kind, (time.perf_counter() - start) * 1000, f"{type(error).__name__}: {error}"
            )
            return None
        if not (retry_busy and response.status_code == 429):
            self.results.record(kind, (time.perf_counter() - start) * 1000, _problem(kind, response))
        return response

    def token(self) -> str:
        """The CSRF token from the cookie."""
        return self.session.cookies.get("csrftoken", "")

    def login(self) -> bool:
        """Log in through the form; when the server is busy checking passwords (429), try again."""
        self.request("login-page", "GET", "/dang-nhap/")
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.token()}
        response = None
        for _ in range(60):
            response = self.request("login", "POST", "/dang-nhap/", data=data, retry_busy=True)
            if getattr(response, "status_code", 0) != 429:
                break
            time.sleep(self.rng.uniform(0.2, 1.0))
        return getattr(response, "status_code", 0) == 302

    def run(self) -> None:
        """Log in, wait for everyone, then loop home → entry page → save."""
        from cchc.catalogues import default_catalogue
        from cchc.core.catalogue import Level

        catalogue = default_catalogue()
        logged_in = self.login()
        self.barrier.wait()
        if not logged_in:
            return
        entry = f"/ky/{PERIOD}/don-vi/{self.unit}/bieu/{FORM}/"
        i = 0
        while time.perf_counter() < self.clock["deadline"]:
            i += 1
            self.request("home", "GET", "/")
            page = self.request("entry", "GET", entry)
            text = getattr(page, "text", "")
            version = re.search(r'name="version" value="(\d+)"', text)
            codes = [html.unescape(code) for code in re.findall(r'name="v-([^"]+)"', text)]
            if getattr(page, "status_code", 0) != 200 or version is None or not codes:
                if page is not None and getattr(page, "status_code", 0) == 200:
                    self.results.record("save", 0.0, "entry page without a form (no version or v- fields)")
                time.sleep(0.5)
                continue
            figures = plausible_entries(catalogue, Level.HUYEN, self.rng, FORM)
            data = {"csrfmiddlewaretoken": self.token(), "version": version.group(1)}
            for code in codes:
                data[f"v-{code}"] = figures.get(code, "")
                data[f"n-{code}"] = f"Lần lưu {i}" if self.rng.random() < 0.3 else ""
            self.request("save", "POST", entry, data=data, headers={"Referer": self.base + entry})


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(data_dir: Path, url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`cchc serve` in a child process, sharing the fixture's data folder and database."""
    env = dict(
        os.environ, CCHC_DATA_DIR=str(data_dir), CCHC_SECRET_KEY="benchmark-only-secret-key-0123456789"
    )
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    cchc = shutil.which("cchc", path=str(Path(sys.executable).parent)) or "cchc"
    with log.open("wb") as out:
        return subprocess.Popen(
            [cchc, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for(base: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Until the login page answers."""
    import requests

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {server.returncode})")
        try:
            if requests.get(base + "/dang-nhap/", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer within a minute")


def report(name: str, results: Results, clients: int, elapsed: float) -> None:
    """Print the figures."""
    loop_kinds = ("home", "entry", "save")
    total = sum(len(results.times[kind]) for kind in loop_kinds)
    print(f"\n{name}: {clients} clients, {elapsed:.1f} s of browsing and saving on loopback")
    print(f"  {'request':12s} {'count':>6s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>8s}  (ms)")
    for kind in ("login-page", "login", *loop_kinds):
        times = results.times.get(kind, [])
        if not times:
            print(f"  {kind:12s} {0:6d}")
            continue
        print(
            f"  {kind:12s} {len(times):6d} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} "
            f"{percentile(times, 0.99):8.1f} {max(times):8.1f}"
        )
    every = [ms for kind in loop_kinds for ms in results.times.get(kind, [])]
    if every:
        p50, p95, p99 = statistics.median(every), percentile(every, 0.95), percentile(every, 0.99)
        print(f"  {'all (loop)':12s} {len(every):6d} {p50:8.1f} {p95:8.1f} {p99:8.1f} {max(every):8.1f}")
    saves = len(results.times.get("save", []))
    print(f"  throughput {total / elapsed:.1f} requests/s, {saves / elapsed:.1f} saves/s")
    print(f"  errors: {len(results.errors)}")
    shown: dict[str, int] = defaultdict(int)
    for error in results.errors:
        shown[error] += 1
    for error, count in sorted(shown.items(), key=lambda item: -item[1])[:8]:
        print(f"    {count:5d} × {error}")


def measure(url: str, clients: int, seconds: float) -> int:
    """Fixture, server, clients; returns 1 when any request failed."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        setup = [sys.executable, __file__, "--fixture", str(data_dir), "--clients", str(clients), "--db", url]
        subprocess.run(setup, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = data_dir / "server.log"
        server = start_server(data_dir, url, port, log)
        try:
            wait_for(base, server)
            results = Results()
            clock = {"start": 0.0, "deadline": 0.0}

            def go() -> None:
                clock["start"] = time.perf_counter()
                clock["deadline"] = clock["start"] + seconds

            barrier = threading.Barrier(clients + 1, action=go)
            threads = [Client(base, n, results, barrier, clock) for n in range(1, clients + 1)]
            login_start = time.perf_counter()
            for thread in threads:
                thread.start()
            barrier.wait()
            print(f"{clients} logins took {clock['start'] - login_start:.1f} s", flush=True)
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - clock["start"]
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        report("PostgreSQL" if url else "SQLite", results, clients, elapsed)
        errors = log.read_text(encoding="utf-8", errors="replace").count("Traceback")
        if errors:
            print(f"  server log: {errors} tracebacks; last lines:")
            print(
                "    " + "\n    ".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            )
    if url:
        drop_postgres(url)
    return 1 if results.errors else 0


def main() -> int:
    """Parse the options; run the fixture step or the measurement on each backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--postgres", action="store_true", help="run against PostgreSQL instead of SQLite")
    parser.add_argument("--fixture", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fixture:
        build_fixture(args.fixture, args.db, args.clients)
        return 0
    urls = backend_urls(args.postgres)
    url = urls[-1] if len(urls) > 1 else ""
    return measure(url, args.clients, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
