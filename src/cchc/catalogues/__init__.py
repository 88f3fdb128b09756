"""The report templates shipped with cchc, one folder per template version (e.g. bnv-581/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cchc.core.catalogue import Catalogue, CatalogueError, parse_catalogue
from cchc.core.periods import Schedule, parse_schedule

__all__ = ["DEFAULT_TEMPLATE", "default_catalogue", "default_schedule", "load_catalogue"]

DEFAULT_TEMPLATE = "bnv-581"
_HERE = Path(__file__).parent


def load_catalogue(folder: str | Path) -> Catalogue:
    """Load a template folder: a shipped template's name (e.g. "bnv-581") or a path to a folder."""
    path = Path(folder)
    if not path.is_dir():
        path = _HERE / str(folder)
    if not path.is_dir():
        raise CatalogueError(f"Không tìm thấy thư mục biểu mẫu «{folder}».")
    files = {file.name: file.read_text(encoding="utf-8") for file in sorted(path.glob("*.toml"))}
    try:
        return parse_catalogue(files)
    except CatalogueError as error:
        raise CatalogueError(f"{path.name}/{error}") from error


@cache
def default_catalogue() -> Catalogue:
    """The catalogue of the default template, loaded once."""
    return load_catalogue(DEFAULT_TEMPLATE)


@cache
def default_schedule() -> Schedule:
    """The cut-off windows and deadlines shipped in schedule.toml, loaded once."""
    return parse_schedule((_HERE / "schedule.toml").read_text(encoding="utf-8"))
