"""Scratch folders are named after their process, so what a killed process left behind is removed.

An import spills into "cchc-duckdb-<pid>-…" in the system temp folder; a kill -9 leaves that folder behind,
and the next start-up (cchc.web.server.setup, run by `cchc serve` and every Django command) removes the
folders whose process is gone, and no other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cchc.dossiers.importer import import_files
from cchc.scratch import remove_stale_scratch
from dossiers.test_reorganisation import HEADER, ROWS


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, made a folder of this test's own."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_import_spills_into_a_folder_named_after_its_process_and_removes_it(temp_root, tmp_path) -> None:
    source = tmp_path / "2025.csv"
    source.write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    seen: list[list[str]] = []
    import_files([source], tmp_path / "2025.parquet", progress=lambda *_: seen.append(os.listdir(temp_root)))
    during = {name for names in seen for name in names}
    assert len(during) == 1 and next(iter(during)).startswith(f"cchc-duckdb-{os.getpid()}-")
    assert os.listdir(temp_root) == []


def test_only_the_folders_of_ended_processes_are_removed(temp_root) -> None:
    dead = temp_root / f"cchc-duckdb-{_dead_pid()}-abc"
    (dead / "spill").mkdir(parents=True)
    (dead / "spill" / "duckdb_temp_block-1.block").write_bytes(b"\0" * 1024)
    mine = temp_root / f"cchc-duckdb-{os.getpid()}-def"
    parent = temp_root / f"cchc-duckdb-{os.getppid()}-ghi"
    other = temp_root / "cchc-dossiers-xyz"
    dead_report = temp_root / f"cchc-report-{_dead_pid()}-jkl"
    dead_report.mkdir()
    odd = temp_root / "cchc-duckdb-not-a-pid"
    for folder in (mine, parent, other, odd):
        folder.mkdir()
    assert sorted(remove_stale_scratch()) == sorted([dead, dead_report])
    assert sorted(p.name for p in temp_root.iterdir()) == sorted(p.name for p in (mine, parent, other, odd))


def test_a_link_named_like_a_stale_folder_is_not_followed(temp_root, tmp_path) -> None:
    precious = tmp_path / "du-lieu"
    precious.mkdir()
    (precious / "cchc.sqlite3").write_bytes(b"x")
    (temp_root / f"cchc-duckdb-{_dead_pid()}-lnk").symlink_to(precious)
    assert remove_stale_scratch() == []
    assert (precious / "cchc.sqlite3").exists()


def test_the_server_start_up_removes_a_killed_imports_folder(temp_root) -> None:
    from cchc.web.server import setup

    stale = temp_root / f"cchc-duckdb-{_dead_pid()}-xyz"
    stale.mkdir()
    setup()
    assert not stale.exists()
