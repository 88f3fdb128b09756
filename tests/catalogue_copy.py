"""A copy of the shipped catalogue with some of its text replaced: how a test changes catalogue data."""

from __future__ import annotations

import shutil
from pathlib import Path

import cchc.catalogues
from cchc.catalogues import DEFAULT_TEMPLATE

SHIPPED = Path(cchc.catalogues.__file__).parent / DEFAULT_TEMPLATE


def copy_with(tmp_path: Path, *changes: tuple[str, str, str]) -> Path:
    """The shipped template copied to `tmp_path`/ban-sao with each (file, old, new) replaced once."""
    folder = tmp_path / "ban-sao"
    if not folder.exists():
        shutil.copytree(SHIPPED, folder)
    for file, old, new in changes:
        text = (folder / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return folder
