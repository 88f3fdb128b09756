"""The same metric definitions give identical results on DuckDB and on PySpark.

Needs PySpark and Java; skipped without them unless CCHC_REQUIRE_SPARK=1 (CI), which makes it fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from cchc.dossiers import compute, connect_spark, count_behind, dossiers_behind, generate

from .spark import require_spark

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require_spark()
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("cchc-parity")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # connect_spark sets the session's time zone itself (dossier times are zone-less local times).
    yield connect_spark(session)
    session.stop()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(20_000, tmp_path_factory.mktemp("parity") / "dossiers.parquet", seed=21)


def test_connect_spark_reads_times_as_written(spark: Any) -> None:
    assert spark._session.conf.get("spark.sql.session.timeZone") == "UTC"


def test_duckdb_and_spark_give_identical_outputs(spark: Any, dataset: Path) -> None:
    on_duckdb = compute(dataset, "2023Q1")
    on_spark = compute(spark.read_parquet(str(dataset)), "2023Q1", con=spark)
    # Every field: one-stop table, units, reporting units, procedures, province, form values, checks.
    assert asdict(on_spark) == asdict(on_duckdb)
    assert on_duckdb.one_stop[-1]["received"] > 1000
    assert len(on_duckdb.report_units) > 20 and len(on_duckdb.procedures) > 100


DRILL_DOWNS = (
    {"klass": "overdue", "level": "huyen"},
    {"klass": "late", "level": "tinh"},
    {"klass": "on_time", "level": "xa"},
    {"klass": "carried_over"},
    {"klass": "returned_withdrawn"},
    {"klass": "online_service_received_online", "report_unit": "huyen-nga-son"},
    {"klass": "fee_paid_online"},
)


@pytest.mark.parametrize("filters", DRILL_DOWNS, ids=lambda f: "-".join(f.values()))
def test_duckdb_and_spark_list_the_same_dossiers(spark: Any, dataset: Path, filters: dict[str, str]) -> None:
    on_duckdb = dossiers_behind(dataset, "2023Q1", **filters)
    on_spark = dossiers_behind(spark.read_parquet(str(dataset)), "2023Q1", con=spark, **filters)
    assert on_duckdb.num_rows > 0
    assert on_spark.to_pylist() == on_duckdb.to_pylist()
    assert (
        count_behind(spark.read_parquet(str(dataset)), "2023Q1", con=spark, **filters) == on_duckdb.num_rows
    )
