"""Template versions by date: bnv-581 until 30/6/2025, the two-level version derived from it after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cchc.catalogues import in_date_order, load_catalogue, shipped_catalogues, template_for
from cchc.core.catalogue import CatalogueError, Level

TWO_LEVEL = "bnv-581-hai-cap"


def derived(tmp_path: Path, text: str) -> Path:
    """A template folder beside nothing, derived from the shipped bnv-581 by its template.toml."""
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "template.toml").write_text(
        'id = "thu"\nversion = "1"\nbase = "bnv-581"\n' + text, encoding="utf-8"
    )
    return folder


def test_a_period_gets_the_template_in_force_on_its_cut_off_date() -> None:
    assert template_for(dt.date(2023, 3, 14)) == "bnv-581"
    assert template_for(dt.date(2025, 6, 14)) == "bnv-581"  # 6 tháng 2025: still three levels
    assert template_for(dt.date(2025, 9, 14)) == TWO_LEVEL  # Quý III 2025: cut off after 1/7/2025
    assert template_for(dt.date(2026, 12, 14)) == TWO_LEVEL
    assert [c.id for c in shipped_catalogues()] == ["bnv-581", TWO_LEVEL]


def test_the_two_level_version_asks_nothing_of_the_district_level() -> None:
    three, two = load_catalogue("bnv-581"), load_catalogue(TWO_LEVEL)
    assert three.levels == (Level.TINH, Level.SO, Level.HUYEN, Level.XA)
    assert two.levels == (Level.TINH, Level.SO, Level.XA)
    assert two.base == "bnv-581" and two.valid_from == dt.date(2025, 7, 1)
    gone = set(three.rows) - set(two.rows)
    assert gone == {
        "BM1-3.2",
        "BM2-1.2",
        "BM3-1.4.2",
        "BM3-3.2",
        "BM3-3.2.1",
        "BM3-3.2.2",
        "BM4-1.2",
        "BM4-1.5.3",
        "BM5-2.3",
        "BM7-5.1.2",
        "BM7-5.2.2",
        "BM7-5.3.2",
    }
    assert not any("huyện" in row.name for row in two.rows.values())
    # The same codes for what stays: the communes' on-time rate is BM3-3.3 in both.
    assert two.row("BM3-3.3").name == three.row("BM3-3.3").name
    assert two.row("BM3-3.4").levels == (Level.TINH, Level.SO, Level.XA)
    assert two.row("BM2-1").formula is not None and two.row("BM2-1").formula.source == "BM2-1.1 + BM2-1.3"
    totals = {q.code: q for q in two.quantities}
    assert totals["NT-1"].formula.source == "BM3-3.1.1 + BM3-3.3.1"
    assert totals["NT-1"].name.endswith("của các sở, ngành và UBND cấp xã")
    assert two.indicator("dung-han").levels == ("BM3-3.1", "BM3-3.3")
    assert [label for _, label in ((o.value, o.label) for o in two.row("BM7-2").options)] == [
        "Chưa có",
        "2 cấp",
    ]


def test_a_formula_over_a_row_the_version_does_not_ask_is_refused_naming_both(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as error:
        load_catalogue(derived(tmp_path, 'not_asked = ["BM3-1.4.2"]\n'))
    assert str(error.value) == (
        "thu/bm3.toml, chỉ tiêu thứ 5 (STT 1.4): công thức tham chiếu «BM3-1.4.2», chỉ tiêu mẫu này không "
        'hỏi; sửa công thức trong [changed."BM3-1.4"] của template.toml.'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'not_asked = ["BM9-1"]\n',
            "thu/template.toml: «not_asked» có mã «BM9-1» không có trong các biểu mẫu.",
        ),
        (
            '[changed."BM3-9.9"]\nname = "x"\n',
            'thu/template.toml: [changed."BM3-9.9"] không ứng với chỉ tiêu, đại lượng hay chỉ số nào.',
        ),
        ('not_asked_levels = ["quan"]\n', "thu/template.toml: cấp «quan» không hợp lệ"),
        (
            "valid_from = 2025-07-01\nvalid_to = 2025-01-01\n",
            "thu/template.toml: «valid_to» trước «valid_from».",
        ),
        ('valid_from = "1/7/2025"\n', "thu/template.toml: «valid_from» phải là một ngày dạng 2025-07-01."),
    ],
)
def test_a_broken_derivation_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CatalogueError) as error:
        load_catalogue(derived(tmp_path, text))
    assert str(error.value).startswith(message)


def test_an_unknown_base_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "template.toml").write_text('id = "thu"\nbase = "khong-co"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="không tìm thấy mẫu gốc «khong-co»"):
        load_catalogue(folder)


def test_versions_in_force_on_the_same_day_are_refused(tmp_path: Path) -> None:
    overlapping = load_catalogue(derived(tmp_path, "valid_from = 2025-06-01\n"))
    with pytest.raises(CatalogueError) as error:
        in_date_order([load_catalogue("bnv-581"), overlapping])
    assert str(error.value) == (
        "Mẫu biểu «bnv-581» và «thu» cùng có hiệu lực một thời gian (valid_from / valid_to trong "
        "template.toml chồng nhau)."
    )
    assert [c.id for c in in_date_order([load_catalogue(TWO_LEVEL), load_catalogue("bnv-581")])] == [
        "bnv-581",
        TWO_LEVEL,
    ]
