"""The engines the dossier metrics run on, and how the dossiers are read on them.

DuckDB, in process, is the default. Apache Spark is reached as a user would reach it (docs/dossiers.md):

    CCHC_DOSSIER_ENGINE   duckdb (default) or spark; `cchc dossiers compute|list --engine` overrides it
    CCHC_SPARK_REMOTE     a Spark Connect URL (sc://host:15002); when set, Spark is reached through it
    CCHC_SPARK_MASTER     otherwise the master: local[*] (default), spark://host:7077, yarn, k8s://…

Dossiers come as canonical Parquet files, or as folders of them partitioned in the hive layout
(year=2023/month=1/province=thanh-hoa/…), read whole without listing their files.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
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


def source_paths(source: Source) -> list[str] | None:
    """The paths of a source given as files or folders; None for an Ibis table."""
    if isinstance(source, str | Path):
        return [str(source)]
    if isinstance(source, list | tuple):
        return [str(path) for path in source]
    return None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def dossiers_view(raw: Any, paths: Sequence[str], name: str) -> None:
    """Define the view `name` of the dossiers of Parquet files and partitioned folders on a DuckDB
    connection (a duckdb one, not Ibis'); a folder's partition columns are left out."""
    from cchc.dossiers.schema import COLUMNS

    files = [path for path in paths if not _is_folder(path)]
    selects = [f"SELECT * FROM read_parquet([{', '.join(map(_literal, files))}])"] if files else []
    columns = ", ".join(f'"{column.name}"' for column in COLUMNS)
    selects += [
        f"SELECT {columns} FROM read_parquet({_literal(path.rstrip('/') + '/**/*.parquet')},"
        " hive_partitioning = true)"
        for path in paths
        if _is_folder(path)
    ]
    if not selects:
        raise ValueError("Chưa có tệp hồ sơ nào.")
    raw.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS {" UNION ALL ".join(selects)}')


def dossier_table(con: Any, source: Source) -> ir.Table:
    """The dossiers of canonical Parquet files or partitioned folders (or an Ibis table) on `con`."""
    import ibis

    paths = source_paths(source)
    if paths is None:
        return source
    if not paths:
        raise ValueError("Chưa có tệp hồ sơ nào.")
    if con.name == "duckdb":
        name = ibis.util.gen_name("cchc_dossiers")
        dossiers_view(con.con, paths, name)
        return con.table(name)
    # Spark finds a folder's hive partitions itself; files are read together, each folder apart.
    from cchc.dossiers.schema import COLUMNS

    files = [path for path in paths if not _is_folder(path)]
    groups = ([files] if files else []) + [[path] for path in paths if _is_folder(path)]
    tables = []
    for group in groups:
        name = ibis.util.gen_name("cchc_dossiers")
        con._session.read.parquet(*group).createOrReplaceTempView(name)
        tables.append(con.table(name).select(*(column.name for column in COLUMNS)))
    return tables[0].union(*tables[1:]) if len(tables) > 1 else tables[0]
