"""PAR Index criteria sets are data: the shipped samples load, and a broken set is refused by line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cchc.catalogues import catalogue_in_force, criteria_set_for, criteria_sets, shipped_criteria_sets
from cchc.core.catalogue import Level
from cchc.core.par import CriteriaSetError, Method, parse_criteria_set

CATALOGUE = catalogue_in_force(dt.date(2025, 12, 31))

HEAD = """schema = "cchc-par-criteria-set/1"
id = "thu"
version = "1"
title = "Bộ thử"
unit_type = "so"
catalogue = "bnv-581-hai-cap"
first_year = 2025
scale = "10"
"""


def _set(body: str) -> str:
    return HEAD + body


GOOD = """
[[area]]
code = "1"
name = "Thủ tục hành chính"
max = "10"

  [[area.criterion]]
  code = "1.1"
  name = "Đúng hạn"
  max = "6"
  method = "formula"
  formula = "6 * BM3-3.1.2 / BM3-3.1.1"

  [[area.criterion]]
  code = "1.2"
  name = "Công khai"
  max = "4"

    [[area.criterion.sub]]
    code = "1.2.1"
    name = "Niêm yết"
    max = "2.5"
    method = "judgement"
    evidence = "Ảnh nơi niêm yết"

    [[area.criterion.sub]]
    code = "1.2.2"
    name = "Trên cổng"
    max = "1.5"
    method = "judgement"
    evidence = "Đường dẫn"
"""


def test_the_shipped_sets_score_departments_and_communes_out_of_100() -> None:
    sets = {s.unit_type: s for s in shipped_criteria_sets()}
    assert set(sets) == {Level.SO, Level.XA}
    for criteria_set in sets.values():
        assert criteria_set.sample is True
        assert sum(c.max_points for c in criteria_set.criteria.values()) == Decimal(100)
        assert [a.max_points for a in criteria_set.areas] == [
            Decimal(p) for p in ("10", "10", "14.5", "11", "16", "7", "16", "15.5")
        ]
    assert criteria_set_for(Level.SO, 2025).id == "thanh-hoa-so-mau"
    assert criteria_set_for(Level.XA, 2026).id == "thanh-hoa-xa-mau"
    assert sets[Level.SO].criteria["3.1"].formula.references == ("BM3-3.1.2", "BM3-3.1.1")  # type: ignore[union-attr]


def test_no_set_for_a_year_before_the_sets_is_a_clear_error() -> None:
    with pytest.raises(CriteriaSetError, match="năm 2024"):
        criteria_set_for(Level.SO, 2024)


def test_a_good_set_keeps_its_sub_criteria_as_the_scored_leaves() -> None:
    criteria_set = parse_criteria_set("thu.toml", _set(GOOD), CATALOGUE)
    assert list(criteria_set.criteria) == ["1.1", "1.2.1", "1.2.2"]
    assert criteria_set.criteria["1.2.1"].parent == "1.2"
    assert criteria_set.criteria["1.2.1"].method is Method.JUDGEMENT
    assert criteria_set.criteria["1.2.2"].line == 35


def test_sub_criteria_that_do_not_add_up_are_refused_naming_the_line() -> None:
    broken = _set(GOOD.replace('max = "1.5"', 'max = "1"'))
    with pytest.raises(CriteriaSetError) as error:
        parse_criteria_set("thu.toml", broken, CATALOGUE)
    assert str(error.value) == (
        "thu.toml, dòng 23 (tiêu chí 1.2): tiêu chí có 4,00 điểm, nhưng các tiêu chí thành phần cộng lại 3,50 điểm."
    )


def test_areas_that_do_not_add_up_to_the_scale_are_refused() -> None:
    broken = _set(GOOD).replace('scale = "10"', 'scale = "100"')
    with pytest.raises(
        CriteriaSetError, match="thang điểm 100,00 điểm, nhưng các lĩnh vực cộng lại 10,00 điểm"
    ):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def test_a_criterion_that_does_not_add_up_within_its_area_is_refused() -> None:
    broken = _set(GOOD.replace('max = "6"', 'max = "5"'))
    with pytest.raises(
        CriteriaSetError,
        match=r"dòng 11 \(lĩnh vực 1\): lĩnh vực có 10,00 điểm, nhưng các tiêu chí cộng lại 9,00",
    ):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def test_a_formula_naming_an_unknown_figure_is_refused_naming_the_line() -> None:
    broken = _set(GOOD.replace("BM3-3.1.1", "BM3-9.9"))
    with pytest.raises(CriteriaSetError) as error:
        parse_criteria_set("thu.toml", broken, CATALOGUE)
    assert str(error.value) == (
        "thu.toml, dòng 16 (tiêu chí 1.1): công thức dùng «BM3-9.9», "
        "không phải chỉ tiêu có số của biểu mẫu bnv-581-hai-cap."
    )


def test_a_formula_naming_a_figure_the_unit_type_does_not_report_is_refused() -> None:
    broken = _set(GOOD.replace("BM3-3.1.2 / BM3-3.1.1", "BM3-3.3.2 / BM3-3.3.1"))
    with pytest.raises(CriteriaSetError, match=r"«BM3-3\.3\.2» .*chỉ tiêu mà sở, ban, ngành không báo cáo"):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def test_a_judgement_criterion_without_its_evidence_is_refused() -> None:
    broken = _set(GOOD.replace('    evidence = "Đường dẫn"\n', ""))
    with pytest.raises(CriteriaSetError, match=r"dòng 35 \(tiêu chí thành phần 1.2.2\): thiếu «evidence»"):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def test_points_written_as_a_float_are_refused() -> None:
    broken = _set(GOOD.replace('max = "2.5"', "max = 2.5"))
    with pytest.raises(CriteriaSetError, match="điểm tối đa phải viết trong ngoặc kép"):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def test_a_step_table_that_does_not_fall_is_refused() -> None:
    body = GOOD.replace(
        'method = "formula"\n  formula = "6 * BM3-3.1.2 / BM3-3.1.1"',
        'method = "steps"\n  formula = "pct(BM3-3.1.2, BM3-3.1.1)"\n'
        '  steps = [{ at_least = "90", points = "4" }, { at_least = "95", points = "6" }]',
    )
    with pytest.raises(CriteriaSetError, match="mức 2: các mức phải xếp từ cao xuống thấp"):
        parse_criteria_set("thu.toml", _set(body), CATALOGUE)


def test_a_repeated_code_is_refused() -> None:
    broken = _set(GOOD.replace('code = "1.2.2"', 'code = "1.2.1"'))
    with pytest.raises(CriteriaSetError, match=r"mã «1\.2\.1» đã dùng ở trên"):
        parse_criteria_set("thu.toml", broken, CATALOGUE)


def _province_set(folder, name: str, first_year: int = 2025) -> None:
    shipped = (
        Path(__file__).parents[2] / "src" / "cchc" / "catalogues" / "par" / "thanh-hoa-so-mau.toml"
    ).read_text(encoding="utf-8")
    text = (
        shipped.replace('id = "thanh-hoa-so-mau"', f'id = "{name}"')
        .replace("sample = true", "sample = false")
        .replace("first_year = 2025", f"first_year = {first_year}")
    )
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_the_provinces_own_set_is_preferred_to_the_sample(tmp_path) -> None:
    _province_set(tmp_path, "qd-123-2026")
    sets = criteria_sets(tmp_path)
    assert [s.id for s in sets][-1] == "qd-123-2026"
    assert criteria_set_for(Level.SO, 2026, sets).id == "qd-123-2026"
    assert criteria_set_for(Level.XA, 2026, sets).id == "thanh-hoa-xa-mau"


def test_two_own_sets_for_the_same_year_are_refused(tmp_path) -> None:
    _province_set(tmp_path, "qd-1")
    _province_set(tmp_path, "qd-2", first_year=2026)
    sets = criteria_sets(tmp_path)
    assert criteria_set_for(Level.SO, 2025, sets).id == "qd-1"
    with pytest.raises(CriteriaSetError, match="«qd-1» và «qd-2» cùng áp dụng cho năm 2026"):
        criteria_set_for(Level.SO, 2026, sets)


def test_a_broken_own_set_is_refused_with_its_file_and_line(tmp_path) -> None:
    _province_set(tmp_path, "qd-9")
    path = tmp_path / "qd-9.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('max = "6"', 'max = "7"'), encoding="utf-8")
    with pytest.raises(
        CriteriaSetError, match=r"qd-9\.toml, dòng \d+ \(lĩnh vực 3\): lĩnh vực có 14,50 điểm"
    ):
        criteria_sets(tmp_path)
