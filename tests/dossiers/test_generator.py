"""The generator: reproducible by seed, canonical, the demo's unit codes, the Tết gap, a tail of lateness."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from cchc.dossiers import generate, is_canonical
from cchc.dossiers.generator import UNITS_FILE, procedure_list


def test_the_same_seed_gives_the_same_file(tmp_path: Path) -> None:
    first = pq.read_table(generate(3_000, tmp_path / "a.parquet", seed=3))
    again = pq.read_table(generate(3_000, tmp_path / "b.parquet", seed=3))
    other = pq.read_table(generate(3_000, tmp_path / "c.parquet", seed=4))
    assert first.equals(again)
    assert not first.equals(other)


def test_the_file_is_canonical(generated: Path) -> None:
    assert is_canonical(generated)


def test_units_use_the_demo_codes(generated: Path) -> None:
    demo = {unit["code"] for unit in tomllib.loads(UNITS_FILE.read_text(encoding="utf-8"))["unit"]}
    rows = duckdb.sql(f"SELECT DISTINCT level, unit_code, parent_code FROM '{generated}'").fetchall()
    assert {level for level, _, _ in rows} == {"tinh", "huyen", "xa"}
    assert {unit for level, unit, _ in rows if level != "xa"} <= demo
    assert {parent for level, _, parent in rows if level == "xa"} <= demo


def test_tet_empties_the_desks(generated: Path) -> None:
    per_day = dict(
        duckdb.sql(f"SELECT CAST(received_at AS DATE), count(*) FROM '{generated}' GROUP BY 1").fetchall()
    )
    tet_week = sum(per_day.get(date(2023, 1, d), 0) for d in range(20, 27))
    before = sum(per_day.get(date(2023, 1, d), 0) for d in range(9, 14))
    assert tet_week < before / 5


def test_lateness_has_a_long_tail(generated: Path) -> None:
    late = [
        days
        for (days,) in duckdb.sql(
            f"SELECT date_diff('day', CAST(due_at AS DATE), CAST(resolved_at AS DATE)) FROM '{generated}' "
            "WHERE status = 'da_giai_quyet' AND CAST(resolved_at AS DATE) > CAST(due_at AS DATE)"
        ).fetchall()
    ]
    assert 0.03 < len(late) / 20_000 < 0.15
    assert max(late) > 60


def test_a_provinces_number_of_procedures_across_three_levels() -> None:
    listed = procedure_list()
    levels = Counter(p["unit"] if p["unit"] in ("huyen", "xa") else "tinh" for p in listed)
    assert levels == {"tinh": 1450, "huyen": 230, "xa": 120}
    assert len({p["code"] for p in listed}) == 1800


def test_the_dossiers_spread_over_hundreds_of_procedures(generated: Path) -> None:
    [(seen,)] = duckdb.sql(f"SELECT count(DISTINCT procedure_code) FROM '{generated}'").fetchall()
    assert seen > 500


def test_a_share_of_dossiers_has_no_promised_date(generated: Path) -> None:
    [(blank,)] = duckdb.sql(f"SELECT avg(CAST(due_at IS NULL AS INT)) FROM '{generated}'").fetchall()
    assert 0.08 < blank < 0.12
    [(limits,)] = duckdb.sql(f"SELECT count(*) FROM '{generated}' WHERE time_limit_days IS NULL").fetchall()
    assert limits == 0
