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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # Ibis is imported when a connection is opened: choosing an engine stays cheap
    import ibis.expr.types as ir

__all__ = ["ENGINES", "Source", "connect", "connect_spark", "dossier_table", "engine_name", "open_engine"]

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


def open_engine(name: str | None = None) -> Any:
    """An Ibis connection on the engine asked for (engine_name): DuckDB, or Spark from the settings."""
    return connect() if engine_name(name) == "duckdb" else connect_spark(spark_session())


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
    builder = SparkSession.builder.appName("cchc")
    if remote:
        return builder.remote(remote).getOrCreate()
    master = os.environ.get("CCHC_SPARK_MASTER", "").strip() or "local[*]"
    session = builder.master(master).config("spark.ui.showConsoleProgress", "false").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


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


def dossier_table(con: Any, source: Source) -> ir.Table:
    """The dossiers of canonical Parquet files or partitioned folders (or an Ibis table) on `con`.

    A folder's partition columns (year, month, province) are left out: the metrics read the schema's.
    """
    import ibis.expr.types as ir

    from cchc.dossiers.schema import COLUMNS

    if isinstance(source, ir.Table):
        return source

    paths = [str(path) for path in ([source] if isinstance(source, str | Path) else source)]
    files = [path for path in paths if not _is_folder(path)]
    folders = [path for path in paths if _is_folder(path)]
    tables = []
    if files:
        tables.append(con.read_parquet(files) if con.name == "duckdb" else _spark_parquet(con, files))
    for folder in folders:
        if con.name == "duckdb":
            table = con.read_parquet(f"{folder.rstrip('/')}/**/*.parquet", hive_partitioning=True)
        else:
            table = _spark_parquet(con, [folder])
        tables.append(table.select(*(column.name for column in COLUMNS)))
    if not tables:
        raise ValueError("Chưa có tệp hồ sơ nào.")
    return tables[0] if len(tables) == 1 else tables[0].union(*tables[1:])


def _spark_parquet(con: Any, paths: list[str]) -> ir.Table:
    """Parquet files or folders on Spark, in one read (Spark discovers a folder's hive partitions)."""
    import ibis

    frame = con._session.read.parquet(*paths)
    name = ibis.util.gen_name("cchc_dossiers")
    frame.createOrReplaceTempView(name)
    return con.table(name)
