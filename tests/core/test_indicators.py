"""Named indicators (indicators.toml): declared once, checked at load, computed once for every consumer."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from catalogue_copy import copy_with
from cchc.catalogues import default_catalogue, load_catalogue
from cchc.core.catalogue import CatalogueError
from cchc.core.indicators import Figure, indicator_figures
from cchc.core.numbers import DASH, parse_cell


def cells(**figures: str) -> dict:  # type: ignore[type-arg]
    return {
        code.replace("_", "-", 1).replace("_", "."): parse_cell(text)[0] for code, text in figures.items()
    }


def test_the_shipped_catalogue_names_the_on_time_rate_and_its_three_levels() -> None:
    on_time = default_catalogue().indicator("dung-han")
    assert on_time.code == "NT-3"
    assert on_time.levels == ("BM3-3.1", "BM3-3.2", "BM3-3.3")
    assert default_catalogue().indicator("truc-tuyen").code == "BM7-6.7"


def test_the_province_rate_is_summed_over_the_levels_and_rounded_half_up() -> None:
    figures = cells(
        BM3_3_1_1="500", BM3_3_1_2="483", BM3_3_2_1="1.000", BM3_3_2_2="990", BM3_3_3_1="200", BM3_3_3_2="190"
    )
    whole, levels = indicator_figures(default_catalogue(), figures, "dung-han")
    assert whole == Figure("NT-3", Decimal("97.82"), Decimal(1663), Decimal(1700))
    assert [level.value for level in levels] == [Decimal("96.60"), Decimal("99.00"), Decimal("95.00")]


@pytest.mark.parametrize("communes", ["", "-"])
def test_with_a_level_blank_or_dashed_there_is_no_province_rate(communes: str) -> None:
    figures = cells(BM3_3_1_1="500", BM3_3_1_2="483", BM3_3_2_1="1.000", BM3_3_2_2="990")
    if communes:
        figures |= {"BM3-3.3.1": DASH, "BM3-3.3.2": DASH}
    whole, levels = indicator_figures(default_catalogue(), figures, "dung-han")
    assert whole.value is None and whole.denominator is None
    assert [level.value for level in levels] == [Decimal("96.60"), Decimal("99.00"), None]


def test_an_indicator_whose_levels_do_not_add_up_to_its_rate_is_refused(tmp_path: Path) -> None:
    folder = copy_with(tmp_path, ("indicators.toml", '"BM3-3.2", "BM3-3.3"]', '"BM3-3.2"]'))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    assert str(error.value) == (
        "ban-sao/indicators.toml, chỉ số «dung-han»: tử số «NT-2» phải là tổng tử số của các cấp "
        "(BM3-3.1.2, BM3-3.2.2)."
    )


def test_an_indicator_naming_an_unknown_row_is_refused(tmp_path: Path) -> None:
    folder = copy_with(tmp_path, ("indicators.toml", 'code = "BM7-6.7"', 'code = "BM7-6.9"'))
    with pytest.raises(CatalogueError, match=re.escape("chỉ số «truc-tuyen»: không có chỉ tiêu «BM7-6.9»")):
        load_catalogue(folder)


def test_a_consumer_asking_for_an_undeclared_indicator_is_told_in_vietnamese() -> None:
    with pytest.raises(CatalogueError, match=re.escape("indicators.toml không khai báo chỉ số «khong-co»")):
        default_catalogue().indicator("khong-co")
