"""A live `cchc demo` server (waitress, real sockets) in a throw-away data folder, shared by the attacks."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

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
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data = tmp_path_factory.mktemp("cchc-data")
    port = free_port()
    environment = {
        "CCHC_DATA_DIR": str(data),
        "CCHC_TEMPLATE_CPU_SECONDS": "3",
        "CCHC_PARSE_MEMORY_MB": "1024",
    }
    command = [str(Path(sys.executable).with_name("cchc")), "demo", "--port", str(port)]
    process = subprocess.Popen(
        command, env={**os.environ, **environment}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if requests.get(f"{base}/dang-nhap/", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("cchc demo did not start")
    yield Live(base, process, data)
    process.terminate()
    process.wait(timeout=20)


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
