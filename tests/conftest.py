"""Shared fixtures: the shipped catalogue, the bundled sample report and one live demo server.

The demo server (`demo_server`) is the README's command, `cchc demo`, on a throw-away data folder: the
attacks (tests/attacks) and the every-page sweep (tests/e2e) share it, one server for the session. It is
started as soon as collection shows that a selected test needs it, so that its minute of loading the demo
runs on the machine's other core while the tests before it run, not in front of the first of them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc.catalogues import default_catalogue
from cchc.cli import sample_report
from cchc.core.catalogue import Catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return sample_report()


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Hash test passwords cheaply: the personas are made again for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests keep cchc's cache (calendar tables, compiled queries) in a folder of their own."""
    folder = tmp_path_factory.mktemp("cchc-cache")
    previous = os.environ.get("CCHC_CACHE_DIR")
    os.environ["CCHC_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CCHC_CACHE_DIR", None)
    else:
        os.environ["CCHC_CACHE_DIR"] = previous


class DemoServer:
    """`cchc demo` serving the demo from a throw-away data folder (always SQLite, whatever DATABASE_URL says).

    The attacks' limits are set for the whole session: a Word template stops after 3 s of CPU and a
    spreadsheet's reading after 1024 MB (the pages the sweep opens read neither).
    """

    def __init__(self) -> None:
        self.data = Path(tempfile.mkdtemp(prefix="cchc-demo-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{port}"
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        environment.update(
            CCHC_DATA_DIR=str(self.data),
            # Started before the session's cache folder is set: it keeps a cache of its own.
            CCHC_CACHE_DIR=str(self.data / "cache"),
            CCHC_TEMPLATE_CPU_SECONDS="3",
            CCHC_PARSE_MEMORY_MB="1024",
        )
        self._log = (self.data / "demo.log").open("wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("cchc")), "demo", "--port", str(port)],
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        """The end of what the server printed."""
        return (self.data / "demo.log").read_text(errors="replace")[-2000:]

    def wait(self) -> str:
        """The server's URL once its login page answers; fails the test if it stops or takes 2 minutes."""
        for _ in range(240):
            if self.process.poll() is not None:
                pytest.fail(f"cchc demo stopped: {self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/dang-nhap/", timeout=2):
                    return self.url
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"cchc demo did not answer in 120 s: {self.log()}")

    def stop(self) -> None:
        """Stop the server and remove its data folder."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        shutil.rmtree(self.data, ignore_errors=True)


_demo: list[DemoServer] = []


def _demo_server() -> DemoServer:
    if not _demo:
        _demo.append(DemoServer())
    return _demo[0]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start loading the demo now when a selected test will use it (not for a mere --collect-only)."""
    if session.config.option.collectonly:
        return
    if any("demo_server" in getattr(item, "fixturenames", ()) for item in session.items):
        _demo_server()


def pytest_sessionfinish(session: pytest.Session) -> None:
    for server in _demo:
        server.stop()


@pytest.fixture(scope="session")
def demo_server() -> DemoServer:
    """The session's demo server, started (the URL comes from its `wait`)."""
    return _demo_server()
