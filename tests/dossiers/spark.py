"""Spark for the tests: PySpark and Java present (or a failure under CCHC_REQUIRE_SPARK=1), and a real
standalone cluster — a master and two workers started from the PySpark package's own launcher."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def require_spark() -> None:
    """Skip without PySpark or Java; fail instead when CCHC_REQUIRE_SPARK=1 (CI)."""
    missing = [
        name
        for name, present in (
            ("pyspark", importlib.util.find_spec("pyspark") is not None),
            ("java", shutil.which("java") is not None),
        )
        if not present
    ]
    if missing:
        if os.environ.get("CCHC_REQUIRE_SPARK") == "1":
            pytest.fail(f"missing {', '.join(missing)} (uv sync --all-extras; a Java 17 runtime)")
        pytest.skip(f"missing {', '.join(missing)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    """A running standalone cluster: its master URL and the master's status page (JSON)."""

    master: str
    status_url: str

    def status(self) -> dict[str, object]:
        with urllib.request.urlopen(self.status_url, timeout=5) as answer:
            return json.load(answer)  # type: ignore[no-any-return]


def _spark_home() -> Path:
    from pyspark.find_spark_home import _find_spark_home

    return Path(_find_spark_home())


@contextmanager
def _daemons(
    commands: list[list[str]], folder: Path, env: dict[str, str]
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Long-running Spark processes, each in its own process group, stopped (then killed) at the end."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            with (folder / f"daemon-{len(list(folder.glob('daemon-*.log')))}.log").open("wb") as log:
                processes.append(
                    subprocess.Popen(
                        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                    )
                )
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(
    ready: Callable[[], bool], processes: list[subprocess.Popen[bytes]], folder: Path, what: str
) -> None:
    deadline = time.monotonic() + 120
    while not ready():
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            logs = "\n".join(
                p.read_text(errors="replace")[-2000:] for p in sorted(folder.glob("daemon-*.log"))
            )
            raise RuntimeError(f"{what} did not start:\n{logs}")
        time.sleep(0.5)


def _environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_DAEMON_MEMORY": "256m",
        "SPARK_LOG_DIR": str(folder),
        "SPARK_WORKER_DIR": str(folder / "work"),
    }


@contextmanager
def standalone_cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """A Spark standalone master and `workers` workers of one core each on this machine, on free ports."""
    spark_class = str(_spark_home() / "bin" / "spark-class")
    port, ui_port = free_port(), free_port()
    master = f"spark://127.0.0.1:{port}"
    local = ("--host", "127.0.0.1")
    master_command = [spark_class, "org.apache.spark.deploy.master.Master", *local, "--port", str(port)]
    worker_command = [spark_class, "org.apache.spark.deploy.worker.Worker", master, *local]
    commands = [
        [*master_command, "--webui-port", str(ui_port)],
        *(
            [*worker_command, "--cores", "1", "--memory", "1g", "--webui-port", str(free_port())]
            for _ in range(workers)
        ),
    ]
    cluster = Cluster(master, f"http://127.0.0.1:{ui_port}/json/")

    def up() -> bool:
        try:
            return cluster.status().get("aliveworkers") == workers
        except OSError:
            return False

    with _daemons(commands, folder, _environment(folder)) as processes:
        _wait_for(up, processes, folder, "the Spark cluster")
        yield cluster


@contextmanager
def connect_server(cluster: Cluster, folder: Path) -> Iterator[str]:
    """A Spark Connect server running on the cluster (PySpark's own spark-submit); its sc:// URL."""
    port = free_port()
    command = [
        str(_spark_home() / "bin" / "spark-submit"),
        "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--name", "Spark Connect server",
        "--master", cluster.master,
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.ui.enabled=false",
    ]  # fmt: skip

    def up() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    # The launcher gives the server, a driver, the daemons' memory: at least 450 MB.
    environment = {**_environment(folder), "SPARK_DAEMON_MEMORY": "512m"}
    with _daemons([command], folder, environment) as processes:
        _wait_for(up, processes, folder, "the Spark Connect server")
        yield f"sc://127.0.0.1:{port}"
