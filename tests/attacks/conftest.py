"""A live `cchc demo` server (waitress, real sockets) in a throw-away data folder, shared by the attacks
(and by the browser's sweep of every page: one server for the session, tests/conftest.py)."""

from __future__ import annotations

import re
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from conftest import DemoServer

PASSWORD = "cchc-demo-2023"


@dataclass
class Live:
    """The running demo: its address, its process and its data folder."""

    base: str
    process: subprocess.Popen[bytes]
    data: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live(demo_server: DemoServer) -> Live:
    """The session's demo server (tests/conftest.py, with the attacks' CPU and memory limits)."""
    return Live(demo_server.wait(), demo_server.process, demo_server.data)


def login(base: str, username: str) -> requests.Session:
    """A session logged in through the login form as one of the demo's users."""
    session = requests.Session()
    page = session.get(f"{base}/dang-nhap/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    answer = session.post(
        f"{base}/dang-nhap/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/dang-nhap/"},
        timeout=30,
    )
    assert answer.status_code == 200 and "Đăng xuất" in answer.text, answer.text[:500]
    return session


def csrf(session: requests.Session, url: str) -> str:
    """The CSRF token of the form on the page at `url`."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url, timeout=30).text)
    assert token is not None
    return token.group(1)
