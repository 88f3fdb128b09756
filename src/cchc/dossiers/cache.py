"""Files kept between commands (CCHC_CACHE_DIR, by default ~/.cache/cchc): what is dear to build and
named by everything it is built from, so that a changed input makes a new file and never reads a stale one."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["cache_file", "keep"]


def cache_file(kind: str, parts: Iterable[bytes | str], suffix: str) -> Path | None:
    """The cache file of `kind` built from `parts`; None when there is no cache folder (no home)."""
    folder = os.environ.get("CCHC_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cchc"
    )
    if not folder or folder.startswith("~"):
        return None
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return Path(folder) / f"{kind}-{digest.hexdigest()[:32]}{suffix}"


def keep(path: Path | None, write: Callable[[Path], object]) -> None:
    """Write a cache file through `write(partial)` and move it in place whole; a folder that cannot be
    written (a read-only home) only means building it again next time."""
    if path is None:
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(partial)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
