"""Which rows the dossiers fill is catalogue data (a row's «source»): the engine follows a changed copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalogue_copy import copy_with
from cchc.catalogues import default_catalogue, load_catalogue
from cchc.core.catalogue import CatalogueError
from cchc.dossiers import compute, generate, province_figures, unit_figures
from cchc.dossiers.drill import figure_filters
from cchc.dossiers.engine import DossierResults


def test_the_shipped_catalogue_binds_bm3_3_1_to_3_3_and_bm7_6_4_to_6_8() -> None:
    catalogue = default_catalogue()
    assert dict(unit_figures(catalogue)) == {
        "BM3-3.1.1": ("resolved", "tinh"),
        "BM3-3.1.2": ("resolved_on_time", "tinh"),
        "BM3-3.2.1": ("resolved", "huyen"),
        "BM3-3.2.2": ("resolved_on_time", "huyen"),
        "BM3-3.3.1": ("resolved", "xa"),
        "BM3-3.3.2": ("resolved_on_time", "xa"),
        "BM7-6.7.1": ("online_service_received", None),
        "BM7-6.7.2": ("online_service_received_online", None),
    }
    assert list(province_figures(catalogue)) == [
        "BM7-6.4.2", "BM7-6.4.3", "BM7-6.5.2", "BM7-6.5.3", "BM7-6.8.1", "BM7-6.8.2"
    ]  # fmt: skip


def test_a_binding_changed_in_a_copy_is_what_the_engine_counts(
    tmp_path: Path, hand_checked: Path, hand_results: DossierResults
) -> None:
    folder = copy_with(
        tmp_path,
        ("bm3.toml", 'source = { dossiers = "resolved_on_time", level = "tinh" }', 'source = { dossiers = "early", level = "tinh" }'),
        ("bm7.toml", 'source = { dossiers = "fee_paid_online", province = true }', 'source = { dossiers = "fee_procedure", province = true }'),
        ("bm7.toml", 'source = { dossiers = "online_service_received_online" }\n', ""),
    )  # fmt: skip
    copy = load_catalogue(folder)
    results = compute(hand_checked, "2023Q1", catalogue=copy)
    justice = results.form_values["so-tu-phap"]
    own = next(r for r in results.report_units if r["report_unit"] == "so-tu-phap" and r["level"] == "tinh")
    assert justice["BM3-3.1.2"] == own["early"] != hand_results.form_values["so-tu-phap"]["BM3-3.1.2"]
    assert justice["BM3-3.1.1"] == 6  # unchanged rows count as before
    assert "BM7-6.7.2" not in justice  # a row without a source is typed, not counted
    assert results.form_values["ubnd-tinh"]["BM7-6.8.2"] == 2  # fee procedures, not those paid online
    assert figure_filters("BM3-3.1.2", "so-tu-phap", catalogue=copy) == {
        "klass": "early",
        "report_unit": "so-tu-phap",
        "level": "tinh",
    }
    with pytest.raises(ValueError, match="không được tính từ hồ sơ"):
        figure_filters("BM7-6.7.2", "so-tu-phap", catalogue=copy)


def test_a_source_naming_an_unknown_dossier_class_is_refused_with_the_row(tmp_path: Path) -> None:
    folder = copy_with(
        tmp_path, ("bm3.toml", 'source = { dossiers = "resolved", level = "xa" }', 'source = { dossiers = "da_xong", level = "xa" }')
    )  # fmt: skip
    with pytest.raises(CatalogueError) as error:
        unit_figures(load_catalogue(folder))
    assert str(error.value).startswith(
        "Chỉ tiêu «BM3-3.3.1»: «source» đếm loại hồ sơ «da_xong» không có; các loại: "
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{ dossiers = "resolved", level = "tinh", register = "pakn" }', "«source» phải là {dossiers = …}"),
        (
            '{ dossiers = "resolved", level = "quan" }',
            "«source» có cấp «quan» không hợp lệ (tinh, huyen, xa).",
        ),
        ('{ register = "pakn" }', "«source» của sổ theo dõi cần «count»."),
        ('{ dossiers = "resolved", cap = "tinh" }', "«source» có khóa không dùng được «cap»."),
    ],
)
def test_a_malformed_source_is_refused_at_load_naming_the_row(
    tmp_path: Path, source: str, message: str
) -> None:
    folder = copy_with(
        tmp_path, ("bm3.toml", 'source = { dossiers = "resolved", level = "tinh" }', f"source = {source}")
    )
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    assert str(error.value) == f"ban-sao/bm3.toml, chỉ tiêu thứ 3 (STT 3.1.1): {message}" or message in str(
        error.value
    )


def test_a_period_after_1_7_2025_is_counted_into_the_two_level_template(tmp_path: Path) -> None:
    """The rows the dossiers fill follow the template in force on the cut-off date: no district rows."""
    data = generate(
        3_000, tmp_path / "ho-so-2025.parquet", seed=3, start=date(2025, 4, 1), end=date(2025, 9, 30)
    )
    three, two = compute(data, "2025H1"), compute(data, "2025Q3")
    codes = {code for figures in two.form_values.values() for code in figures}
    assert "BM3-3.3.1" in codes and not [code for code in codes if code.startswith("BM3-3.2")]
    assert any(code.startswith("BM3-3.2") for figures in three.form_values.values() for code in figures)
