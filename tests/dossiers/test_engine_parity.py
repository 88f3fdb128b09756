"""The same metric definitions give identical results on DuckDB and on PySpark.

Needs PySpark and Java; skipped without them unless CCHC_REQUIRE_SPARK=1 (CI), which makes it fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cchc.dossiers import compute, dossiers_behind, generate

pytestmark = pytest.mark.spark


def _require_spark() -> None:
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


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    _require_spark()
    import ibis
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("cchc-parity")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Dossier times are local wall-clock times without a zone: read them as they are written.
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield ibis.pyspark.connect(session)
    session.stop()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(20_000, tmp_path_factory.mktemp("parity") / "dossiers.parquet", seed=21)


def test_duckdb_and_spark_give_identical_outputs(spark: Any, dataset: Path) -> None:
    on_duckdb = compute(dataset, "2023Q1")
    on_spark = compute(spark.read_parquet(str(dataset)), "2023Q1", con=spark)
    assert on_spark.one_stop == on_duckdb.one_stop
    assert on_spark.units == on_duckdb.units
    assert on_spark.procedures == on_duckdb.procedures
    assert on_spark.province == on_duckdb.province
    assert on_spark.form_values == on_duckdb.form_values
    assert on_duckdb.one_stop[-1]["received"] > 1000


def test_duckdb_and_spark_list_the_same_dossiers(spark: Any, dataset: Path) -> None:
    on_duckdb = dossiers_behind(dataset, "2023Q1", klass="overdue", level="huyen")
    on_spark = dossiers_behind(
        spark.read_parquet(str(dataset)), "2023Q1", klass="overdue", level="huyen", con=spark
    )
    assert on_spark.column("dossier_id").to_pylist() == on_duckdb.column("dossier_id").to_pylist()
    assert (
        on_spark.column("working_days_late").to_pylist() == on_duckdb.column("working_days_late").to_pylist()
    )
