"""Named indicators computed from a set of cells: one computation for every consumer.

The dashboard, the Word report's chart, trend and narrative, and the API all show the province's
on-time rate (and the online rate, feedback rate, dossiers received). Each asks here, with the name
the catalogue declares (indicators.toml), and gets the figure the catalogue's formulas give — the same
effective values the validation and the narrative use — rounded to the figure's decimals (ROUND_HALF_UP).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.catalogue import Catalogue, rate_parts
from cchc.core.numbers import Cell, round_half_up
from cchc.core.validation import effective_values

__all__ = ["Figure", "figure_of", "indicator_figures"]


@dataclass(frozen=True)
class Figure:
    """A row's or narrative quantity's figure, and for a rate its numerator and denominator."""

    code: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def _decimals(catalogue: Catalogue, code: str) -> int:
    if code in catalogue.rows:
        return catalogue.rows[code].decimals
    return next(q.decimals for q in catalogue.quantities if q.code == code)


def figure_of(catalogue: Catalogue, effective: Mapping[str, Decimal | None], code: str) -> Figure:
    """The figure of `code` among effective values (validation.effective_values), rounded as printed."""
    value = effective.get(code)
    rounded = None if value is None else round_half_up(value, _decimals(catalogue, code))
    parts = rate_parts(catalogue.formulas.get(code))
    if parts is None:
        return Figure(code, rounded)
    numerator, denominator = parts
    return Figure(code, rounded, effective.get(numerator), effective.get(denominator))


def indicator_figures(
    catalogue: Catalogue, cells: Mapping[str, Cell], name: str
) -> tuple[Figure, tuple[Figure, ...]]:
    """The named indicator's figure and its levels' figures (in the catalogue's order)."""
    indicator = catalogue.indicator(name)
    effective = effective_values(catalogue, cells)
    levels = tuple(figure_of(catalogue, effective, code) for code in indicator.levels)
    return figure_of(catalogue, effective, indicator.code), levels
