"""The engines the dossier metrics run on, and how the dossiers are read on them.

DuckDB, in process, is the default. Apache Spark is reached as a user would reach it (docs/dossiers.md):

    CCHC_DOSSIER_ENGINE   duckdb (default) or spark; `cchc dossiers compute|list --engine` overrides it
    CCHC_SPARK_REMOTE     a Spark Connect URL (sc://host:15002); when set, Spark is reached through it
    CCHC_SPARK_MASTER     otherwise the master: local[*] (default), spark://host:7077, yarn, k8s://…

Dossiers come as canonical Parquet files, or as folders of them partitioned in the hive layout
(year=2023/month=1/province=thanh-hoa/…, by month of receipt), read without listing their files: only
the partitions a computation needs are opened (partition_files): none received after the window's last
day, and only the province asked for, if one is.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # Ibis is imported when a connection is opened: choosing an engine stays cheap
    import ibis.expr.types as ir

__all__ = [
    "ENGINES",
    "Source",
    "connect",
    "connect_spark",
    "dossier_table",
    "dossiers_view",
    "engine_connection",
    "engine_name",
    "partition_files",
    "source_paths",
]

ENGINES = ("duckdb", "spark")
# A canonical Parquet file or a partitioned folder of them, several, or an Ibis table on the engine in use.
# A path with a scheme (hdfs://…, s3a://…) is passed to the engine as it is.
Source: TypeAlias = "str | Path | Sequence[str | Path] | ir.Table"


def engine_name(name: str | None = None) -> str:
    """The engine asked for: `name`, else CCHC_DOSSIER_ENGINE, else duckdb; ValueError if unknown."""
    chosen = (name or os.environ.get("CCHC_DOSSIER_ENGINE", "")).strip().lower() or "duckdb"
    if chosen not in ENGINES:
        raise ValueError(f"Không có bộ máy tính «{chosen}» (CCHC_DOSSIER_ENGINE: duckdb hoặc spark).")
    return chosen


def engine_connection(name: str | None = None) -> Any:
    """The connection to pass as `con` for the engine asked for (engine_name): an Ibis connection on
    the settings' Spark, or None for DuckDB (compute and the drill-downs open their own, in process)."""
    return None if engine_name(name) == "duckdb" else connect_spark(spark_session())


def connect() -> Any:
    """A fresh in-process DuckDB connection for the engine."""
    import ibis

    con = ibis.duckdb.connect()
    con.raw_sql("SET enable_progress_bar = false")
    return con


def spark_session() -> Any:
    """The Spark session of the settings: Spark Connect (CCHC_SPARK_REMOTE) or a master
    (CCHC_SPARK_MASTER, local[*] by default); one per process, as Spark keeps it."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ValueError(
            "Chưa cài PySpark: cài cchc với phần bổ sung spark (uv sync --extra spark) và Java 17."
        ) from None
    remote = os.environ.get("CCHC_SPARK_REMOTE", "").strip()
    master = os.environ.get("CCHC_SPARK_MASTER", "").strip() or "local[*]"
    builder = SparkSession.builder.appName("cchc")
    where = f"Spark Connect «{remote}»" if remote else f"Spark «{master}»"
    try:
        if remote:
            # The client retries an absent server for minutes: ask its port first.
            _reachable(remote)
            return builder.remote(remote).getOrCreate()
        session = builder.master(master).config("spark.ui.showConsoleProgress", "false").getOrCreate()
    except Exception as error:  # Py4J, gRPC and Spark's own errors alike: the user needs where and why
        reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
        raise ValueError(
            f"Không kết nối được {where} ({reason}); "
            "hãy kiểm tra CCHC_SPARK_REMOTE, CCHC_SPARK_MASTER và Java 17."
        ) from error
    session.sparkContext.setLogLevel("ERROR")
    return session


def _reachable(remote: str) -> None:
    """Whether the host and port of an sc:// URL (15002 by default) answer; OSError otherwise."""
    from urllib.parse import urlsplit

    parts = urlsplit(remote.split(";", 1)[0])
    with socket.create_connection((parts.hostname or "localhost", parts.port or 15002), timeout=10):
        pass


def connect_spark(session: Any = None) -> Any:
    """An Ibis connection on a Spark session (the settings' when none is given) that reads times as written.

    Dossier times are zone-less local times: the session's time zone is set to UTC so that Spark does
    not shift them by the machine's zone.
    """
    import ibis.backends.pyspark

    session = session if session is not None else spark_session()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    return ibis.pyspark.connect(session)


def _is_folder(path: str) -> bool:
    return "://" not in path and Path(path).is_dir()


def partition_files(folder: str | Path, until: date | None = None, province: str | None = None) -> list[str]:
    """The Parquet files of a hive-partitioned folder that can hold dossiers received on or before
    `until` (the partitions year= and month= after its month are not opened) of `province` (province=)
    when one is given; ValueError in Vietnamese when a province is asked of a folder without province=
    partitions, or when the folder has no file for it."""
    from urllib.parse import unquote

    found: list[str] = []
    by_province = False

    def walk(directory: str, year: int | None) -> None:
        nonlocal by_province
        with os.scandir(directory) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_file() and entry.name.endswith(".parquet"):
                    found.append(entry.path)
                if not entry.is_dir() or entry.name.startswith("."):
                    continue
                key, _, value = entry.name.partition("=")
                value = unquote(value)
                number = int(value) if value.isdigit() else None
                if key == "year" and number is not None:
                    if until is not None and number > until.year:
                        continue
                    walk(entry.path, number)
                    continue
                known = number is not None and until is not None and year is not None
                if key == "month" and known and (year, number) > (until.year, until.month):  # type: ignore[union-attr]
                    continue
                if key == "province":
                    by_province = True
                    if province is not None and value != province:
                        continue
                walk(entry.path, year)

    walk(str(folder), None)
    if province is not None and not by_province:
        raise ValueError(
            f"Thư mục «{folder}» không phân vùng theo tỉnh (province=…): không lọc được --province."
        )
    if not found:
        whose = f" của tỉnh «{province}»" if province is not None else ""
        raise ValueError(f"Thư mục «{folder}» không có tệp hồ sơ{whose} cho kỳ này.")
    return found


def source_paths(source: Source) -> list[str] | None:
    """The paths of a source given as files or folders; None for an Ibis table."""
    if isinstance(source, str | Path):
        return [str(source)]
    if isinstance(source, list | tuple):
        return [str(path) for path in source]
    return None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _files(paths: Sequence[str], until: date | None, province: str | None) -> list[str]:
    """Files as they are, folders as the files of the partitions needed (partition_files); a path with
    a scheme as it is (the engine reads it whole). --province only filters folders."""
    if province is not None and not any(_is_folder(path) for path in paths):
        raise ValueError("--province chỉ dùng với thư mục Parquet phân vùng year=/month=/province=.")
    files: list[str] = []
    for path in paths:
        files += partition_files(path, until, province) if _is_folder(path) else [path]
    return files


def dossiers_view(
    raw: Any, paths: Sequence[str], name: str, *, until: date | None = None, province: str | None = None
) -> None:
    """Define the view `name` of the dossiers of Parquet files and partitioned folders on a DuckDB
    connection (a duckdb one, not Ibis'), reading only the partitions needed (partition_files)."""
    from cchc.dossiers.schema import COLUMNS

    if not paths:
        raise ValueError("Chưa có tệp hồ sơ nào.")
    files = ", ".join(map(_literal, _files(paths, until, province)))
    columns = ", ".join(f'"{column.name}"' for column in COLUMNS)
    raw.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS SELECT {columns} FROM read_parquet([{files}])')


def dossier_table(
    con: Any, source: Source, *, until: date | None = None, province: str | None = None
) -> ir.Table:
    """The dossiers of canonical Parquet files or partitioned folders (or an Ibis table) on `con`,
    reading only the partitions of dossiers received on or before `until` and of `province`."""
    import ibis

    paths = source_paths(source)
    if paths is None:
        return source
    if not paths:
        raise ValueError("Chưa có tệp hồ sơ nào.")
    if con.name == "duckdb":
        name = ibis.util.gen_name("cchc_dossiers")
        dossiers_view(con.con, paths, name, until=until, province=province)
        return con.table(name)
    from cchc.dossiers.schema import COLUMNS

    name = ibis.util.gen_name("cchc_dossiers")
    # Files named one by one: no partition columns inferred from their folders (dropped anyway), so that
    # files and partitioned folders read together.
    reader = con._session.read.option("recursiveFileLookup", "true")
    reader.parquet(*_files(paths, until, province)).createOrReplaceTempView(name)
    return con.table(name).select(*(column.name for column in COLUMNS))
