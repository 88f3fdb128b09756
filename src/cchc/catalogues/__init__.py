"""The report templates shipped with cchc, one folder per template version (e.g. bnv-581/), each in
force over its dates (template.toml «valid_from» / «valid_to»): `template_for` picks a period's."""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from functools import cache
from pathlib import Path

from cchc.core.catalogue import Catalogue, CatalogueError, Level, parse_catalogue
from cchc.core.par import CriteriaSet, CriteriaSetError, parse_criteria_set
from cchc.core.periods import Schedule, parse_schedule

__all__ = [
    "DEFAULT_TEMPLATE",
    "catalogue_in_force",
    "criteria_set_for",
    "criteria_sets",
    "default_catalogue",
    "default_schedule",
    "in_date_order",
    "load_catalogue",
    "load_criteria_set",
    "shipped_catalogues",
    "shipped_criteria_sets",
    "template_for",
]

DEFAULT_TEMPLATE = "bnv-581"
_HERE = Path(__file__).parent


def load_catalogue(folder: str | Path) -> Catalogue:
    """Load a template folder: a shipped template's name (e.g. "bnv-581") or a path to a folder."""
    path = Path(folder)
    if not path.is_dir():
        path = _HERE / str(folder)
    if not path.is_dir():
        raise CatalogueError(f"Không tìm thấy thư mục biểu mẫu «{folder}».")
    files = _files(path)
    try:
        return parse_catalogue(files, _base_files(path, files))
    except CatalogueError as error:
        raise CatalogueError(f"{path.name}/{error}") from error


def _files(path: Path) -> dict[str, str]:
    return {file.name: file.read_text(encoding="utf-8") for file in sorted(path.glob("*.toml"))}


def _base_files(path: Path, files: dict[str, str]) -> dict[str, str] | None:
    """The files of the template a derived one names as «base»: a folder beside it or a shipped one."""
    try:
        base = tomllib.loads(files.get("template.toml", "")).get("base")
    except tomllib.TOMLDecodeError:
        return None  # parse_catalogue names the broken line
    if not isinstance(base, str) or not base:
        return None
    for folder in (path.parent / base, _HERE / base):
        if folder.is_dir() and folder.resolve() != path.resolve():
            return _files(folder)
    return None


@cache
def shipped_catalogues() -> tuple[Catalogue, ...]:
    """Every template shipped with cchc, oldest first; refused when two are in force on the same day."""
    folders = [folder for folder in _HERE.iterdir() if (folder / "template.toml").is_file()]
    return in_date_order([load_catalogue(folder) for folder in folders])


def in_date_order(catalogues: list[Catalogue]) -> tuple[Catalogue, ...]:
    """Template versions sorted by their dates; a CatalogueError when two are in force on one day."""
    ordered = sorted(catalogues, key=lambda c: c.valid_from or dt.date.min)
    for earlier, later in itertools.pairwise(ordered):
        if later.valid_from is None or earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise CatalogueError(
                f"Mẫu biểu «{earlier.id}» và «{later.id}» cùng có hiệu lực một thời gian "
                "(valid_from / valid_to trong template.toml chồng nhau)."
            )
    return tuple(ordered)


def catalogue_in_force(day: dt.date) -> Catalogue:
    """The shipped template in force on `day` (a period's: on its cut-off date, the window's end)."""
    for catalogue in shipped_catalogues():
        if catalogue.in_force(day):
            return catalogue
    raise CatalogueError(f"Không có mẫu biểu nào có hiệu lực ngày {day:%d/%m/%Y}.")


def template_for(day: dt.date) -> str:
    """The id of the shipped template in force on `day` (see `catalogue_in_force`)."""
    return catalogue_in_force(day).id


@cache
def default_catalogue() -> Catalogue:
    """The catalogue of the default template, loaded once."""
    return load_catalogue(DEFAULT_TEMPLATE)


@cache
def default_schedule() -> Schedule:
    """The cut-off windows and deadlines shipped in schedule.toml, loaded once."""
    return parse_schedule((_HERE / "schedule.toml").read_text(encoding="utf-8"))


def load_criteria_set(path: Path) -> CriteriaSet:
    """A PAR Index criteria set from its TOML file, its formulas checked against the catalogue it names."""
    text = path.read_text(encoding="utf-8")
    named = tomllib.loads(text).get("catalogue", "")
    catalogue = next((c for c in shipped_catalogues() if c.id == named), None)
    if catalogue is None:
        raise CriteriaSetError(
            f'{path.name}, phần đầu: «catalogue» "{named}" không phải mẫu biểu nào của cchc.'
        )
    return parse_criteria_set(path.name, text, catalogue)


@cache
def shipped_criteria_sets() -> tuple[CriteriaSet, ...]:
    """The PAR Index criteria sets shipped in par/ (samples until the province's decision replaces them)."""
    return tuple(load_criteria_set(path) for path in sorted((_HERE / "par").glob("*.toml")))


def criteria_sets(folder: Path | None = None) -> tuple[CriteriaSet, ...]:
    """The shipped sets and the province's own in `folder` (its *.toml files), each checked; refused when
    two have the same id and version."""
    files = sorted(folder.glob("*.toml")) if folder is not None and folder.is_dir() else []
    own = _own_criteria_sets(tuple((path, path.stat().st_mtime_ns) for path in files))
    seen: dict[tuple[str, str], str] = {}
    for criteria_set in (*shipped_criteria_sets(), *own):
        key = (criteria_set.id, criteria_set.version)
        if key in seen:
            raise CriteriaSetError(
                f"Hai bộ tiêu chí cùng mã «{criteria_set.id}» phiên bản {criteria_set.version}: "
                "đổi «version» của bộ mới."
            )
        seen[key] = criteria_set.id
    return (*shipped_criteria_sets(), *own)


@cache
def _own_criteria_sets(files: tuple[tuple[Path, int], ...]) -> tuple[CriteriaSet, ...]:
    # Keyed by each file's modification time: an edited file is read again, an unchanged one is not.
    return tuple(load_criteria_set(path) for path, _ in files)


def criteria_set_for(unit_type: Level, year: int, sets: tuple[CriteriaSet, ...] | None = None) -> CriteriaSet:
    """The criteria set that scores `unit_type` in `year`: the province's own before a shipped sample;
    CriteriaSetError when there is none, or when two of the province's own sets claim the same year."""
    candidates = [
        s for s in (sets or shipped_criteria_sets()) if s.unit_type is unit_type and s.applies(year)
    ]
    own = [s for s in candidates if not s.sample]
    if len(own) > 1:
        names = " và ".join(f"«{s.id}»" for s in own)
        raise CriteriaSetError(
            f"Các bộ tiêu chí {names} cùng áp dụng cho năm {year}: sửa «first_year», «last_year»."
        )
    if own or candidates:
        return (own or candidates)[0]
    raise CriteriaSetError(f"Chưa có bộ tiêu chí Chỉ số CCHC nào cho {_TYPE_NAMES[unit_type]} năm {year}.")


_TYPE_NAMES = {
    Level.SO: "sở, ban, ngành",
    Level.XA: "UBND cấp xã",
    Level.HUYEN: "UBND cấp huyện",
    Level.TINH: "cấp tỉnh",
}
