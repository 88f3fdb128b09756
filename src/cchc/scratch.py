"""Scratch folders named after their process, so that what a killed process left behind is removed.

Every temporary folder cchc makes (an import's DuckDB spill, a report being converted, an uploaded
template being tried) is "cchc-<kind>-<pid>-…" in the system temp folder. A kill -9 or a power cut
leaves it there; the next start-up (cchc.web.server.setup, run by `cchc serve` and every Django
command) removes the folders whose process is gone, and no other.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["remove_stale_scratch", "scratch_folder"]

_NAME = re.compile(r"cchc-([a-z]+)-(\d+)-.+")


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder "cchc-<kind>-<pid>-…", removed when the `with` block ends."""
    return tempfile.TemporaryDirectory(prefix=f"cchc-{kind}-{os.getpid()}-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale_scratch(parent: str | Path | None = None) -> list[Path]:
    """Remove the scratch folders of processes that are gone; return what was removed.

    Only this user's folders named by scratch_folder are touched, never a link, never one of a running
    process.
    """
    base = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    for folder in sorted(base.glob("cchc-*")):
        match = _NAME.fullmatch(folder.name)
        try:
            info = folder.lstat()
        except OSError:
            continue
        if match is None or not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
            continue
        pid = int(match.group(2))
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
