"""The data folder keeps its files private: the SQLite database 0600, the folder cchc makes 0700.

Settings are read when Django starts, so `cchc migrate` runs in a fresh interpreter on a new data folder,
with the usual umask 022 under which SQLite alone would create the file world-readable.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

MIGRATE = "import os, sys; os.umask(0o022); from cchc.cli import main; sys.exit(main(['migrate']))"


def _migrate(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CCHC_SECRET_KEY")}
    env |= {"CCHC_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cchc.web.settings"}
    subprocess.run([sys.executable, "-c", MIGRATE], env=env, check=True, capture_output=True, timeout=300)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_migrate_creates_the_database_0600_its_journal_files_alike_and_the_folder_0700(tmp_path) -> None:
    data_dir = tmp_path / "du-lieu"
    _migrate(data_dir)
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "cchc.sqlite3") == 0o600
    assert _mode(data_dir / "secret.key") == 0o600
    for journal in ("cchc.sqlite3-wal", "cchc.sqlite3-shm"):
        if (data_dir / journal).exists():
            assert _mode(data_dir / journal) == 0o600
    assert (data_dir / "cchc.sqlite3").stat().st_size > 0  # migrated, not just an empty file


def test_a_world_readable_database_of_an_earlier_version_is_made_private_and_its_folder_left_alone(
    tmp_path,
) -> None:
    data_dir = tmp_path / "du-lieu"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    (data_dir / "cchc.sqlite3").touch()
    (data_dir / "cchc.sqlite3").chmod(0o644)
    _migrate(data_dir)
    assert _mode(data_dir / "cchc.sqlite3") == 0o600
    assert _mode(data_dir) == 0o755
