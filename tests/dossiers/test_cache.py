"""What is dear to build is kept between commands: the calendar table and the compiled query, each
named by all it is built from; without a cache folder a command only takes longer."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from cchc.dossiers import compute
from cchc.dossiers.workdays import calendar_table, default_calendar

PROBE = (
    "import sys; from cchc.dossiers import compute; r = compute({path!r}, {period!r}); "
    "print(r.province['received'], 'ibis' in sys.modules, 'pyarrow' in sys.modules)"
)


def _command(path: Path, period: str, cache: Path) -> list[str]:
    env = {"CCHC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(path=str(path), period=period)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return run.stdout.split()


def test_a_second_command_runs_the_kept_query_without_compiling_it(generated: Path, tmp_path: Path) -> None:
    first = _command(generated, "2023Q1", tmp_path)
    assert first[1:] == ["True", "True"]  # Ibis compiled the query, pyarrow built the calendar …
    assert sorted(path.name.split("-")[0] for path in tmp_path.iterdir()) == ["calendar", "fine"]
    again = _command(generated, "2023Q1", tmp_path)
    # … and the next command ran the kept query over the kept calendar, importing neither
    assert again == [first[0], "False", "False"]
    # Another window is another query.
    assert _command(generated, "2023Q2", tmp_path)[1] == "True"
    assert len(list(tmp_path.glob("fine-counts-*.sql"))) == 2


def test_without_a_writable_cache_folder_the_figures_are_the_same(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = asdict(compute(generated, "2023Q3"))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("CCHC_CACHE_DIR", str(blocked))
    assert asdict(compute(generated, "2023Q3")) == expected
    assert blocked.read_text() == ""


def test_a_changed_calendar_gets_a_table_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path))
    shipped = calendar_table(default_calendar())
    saturdays_off_only = replace(default_calendar(), weekend=frozenset({6}))
    changed = calendar_table(saturdays_off_only)
    assert len(list(tmp_path.glob("calendar-*.parquet"))) == 2
    assert changed != shipped
    # Read back from the cache, each is the table built.
    assert calendar_table(default_calendar()) == shipped and calendar_table(saturdays_off_only) == changed
