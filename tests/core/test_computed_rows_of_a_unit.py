"""A unit's computed rows (cchc.core.aggregation.with_computed with the unit's level): a total over the
levels counts only the unit's own rows, the rows of other levels being nothing rather than blank."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.catalogues import catalogue_in_force, default_catalogue
from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue, Level
from cchc.core.numbers import BLANK, Cell, CellKind, parse_cell


@pytest.fixture(scope="module")
def two_level() -> Catalogue:
    return catalogue_in_force(dt.date(2026, 12, 14))


def typed(values: dict[str, str]) -> dict[str, Cell]:
    return {code: parse_cell(text)[0] for code, text in values.items()}


def test_a_communes_total_of_documents_is_its_own_communal_documents(two_level: Catalogue) -> None:
    cells = with_computed(two_level, typed({"BM2-1.3": "4"}), level=Level.XA)
    assert cells["BM2-1"].text == "4"


def test_the_provinces_total_of_documents_is_its_own_provincial_documents(two_level: Catalogue) -> None:
    cells = with_computed(two_level, typed({"BM2-1.1": "62"}), level=Level.TINH)
    assert cells["BM2-1"].text == "62"


def test_without_a_level_a_total_with_a_blank_part_stays_blank(two_level: Catalogue) -> None:
    # The province's aggregate or a report: a part left blank is unknown, so is the total.
    assert with_computed(two_level, typed({"BM2-1.3": "4"}))["BM2-1"] == BLANK


def test_a_units_own_part_left_blank_or_dashed_still_decides_its_total(two_level: Catalogue) -> None:
    assert with_computed(two_level, {}, level=Level.XA)["BM2-1"] == BLANK
    assert with_computed(two_level, typed({"BM2-1.3": "-"}), level=Level.XA)["BM2-1"].kind is CellKind.DASH


def test_a_district_of_the_three_levels_adds_its_own_and_its_communes_rows() -> None:
    cells = with_computed(default_catalogue(), typed({"BM2-1.2": "5", "BM2-1.3": "12"}), level=Level.HUYEN)
    assert cells["BM2-1"].text == "17"


def test_another_levels_rate_stays_blank_for_the_unit(two_level: Catalogue) -> None:
    # BM3 3.1 is the provincial bodies' on-time rate: a commune has neither of its numbers.
    cells = with_computed(two_level, typed({"BM3-3.3.1": "40", "BM3-3.3.2": "38"}), level=Level.XA)
    assert cells["BM3-3.1"] == BLANK
    assert cells["BM3-3.3"].text == "95,00"
