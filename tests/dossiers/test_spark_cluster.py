"""`cchc dossiers compute|list --engine spark` on a real Spark standalone cluster (a master and two
workers started on this machine), directly and through Spark Connect, gives DuckDB's outputs to the
last byte, from a partitioned folder.

Needs PySpark and Java; skipped without them unless CCHC_REQUIRE_SPARK=1 (CI), which makes it fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc.dossiers import generate

from .spark import Cluster, connect_server, free_port, require_spark, standalone_cluster

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    require_spark()
    with standalone_cluster(tmp_path_factory.mktemp("spark-cluster")) as running:
        yield running


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 000 generated dossiers in the hive layout year=/month=/province=."""
    return generate(30_000, tmp_path_factory.mktemp("lake") / "ho-so", seed=18, partitioned=True)


def _cchc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", "dossiers", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def _on_both(tmp_path: Path, spark: dict[str, str], *args: str) -> tuple[bytes, bytes]:
    """The file one command writes with DuckDB and with --engine spark reached through `spark`."""
    written = []
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.out"
        done = _cchc(
            *args, "--engine", engine, "--out", str(out), env={"PYSPARK_PYTHON": sys.executable, **spark}
        )
        assert done.returncode == 0, done.stderr[-3000:]
        written.append(out.read_bytes())
    return written[0], written[1]


def _finished(cluster: Cluster, name: str) -> int:
    return sum(app["name"] == name for app in cluster.status()["completedapps"])  # type: ignore[attr-defined,index]


def test_the_folder_is_partitioned_by_year_month_and_province(partitioned: Path) -> None:
    assert (partitioned / "year=2023" / "month=1" / "province=thanh-hoa").is_dir()
    assert len(list(partitioned.rglob("*.parquet"))) == 18  # July 2022 – December 2023


def test_compute_on_the_cluster_gives_every_output_of_duckdb(
    cluster: Cluster, partitioned: Path, tmp_path: Path
) -> None:
    # The JSON holds every output: province, one-stop table, units, procedures, form values, checks.
    before = _finished(cluster, "cchc")
    on_duckdb, on_spark = _on_both(
        tmp_path, {"CCHC_SPARK_MASTER": cluster.master}, "compute", "--period", "2023Q1", str(partitioned)
    )
    assert on_spark == on_duckdb
    assert b'"BM3-3.2.1"' in on_duckdb and len(on_duckdb) > 100_000
    assert _finished(cluster, "cchc") == before + 1  # the work ran on the cluster


def test_list_through_spark_connect_writes_the_same_file(
    cluster: Cluster, partitioned: Path, tmp_path: Path
) -> None:
    with connect_server(cluster, tmp_path) as remote:
        on_duckdb, on_spark = _on_both(
            tmp_path,
            {"CCHC_SPARK_REMOTE": remote},
            "list",
            "--period",
            "2023Q1",
            str(partitioned),
            "--figure",
            "BM3-3.2.2",
            "--report-unit",
            "huyen-nga-son",
        )
        running = [app["name"] for app in cluster.status()["activeapps"]]  # type: ignore[attr-defined,index]
    assert on_spark == on_duckdb
    assert on_duckdb.startswith("\ufeffMã hồ sơ,".encode()) and on_duckdb.count(b"\n") > 20
    assert running == ["Spark Connect server"]  # the client's work ran there, on the cluster


def test_an_unreachable_spark_connect_server_is_named_in_vietnamese(partitioned: Path) -> None:
    require_spark()
    remote = f"sc://127.0.0.1:{free_port()}"
    done = _cchc(
        "compute",
        "--engine",
        "spark",
        "--period",
        "2023Q1",
        str(partitioned),
        env={"CCHC_SPARK_REMOTE": remote},
    )
    assert done.returncode == 2
    assert f"Lỗi: Không kết nối được Spark Connect «{remote}» (" in done.stderr
