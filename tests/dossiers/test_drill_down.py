"""Every figure opens to the dossiers behind it, and their number is the figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.dossiers import CLASSES, compute, count_behind, dossiers_behind, figure_dossiers
from cchc.dossiers.engine import DossierResults
from cchc.dossiers.metrics import DossierClass


def _ids(table) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(table.column("dossier_id").to_pylist())


def test_the_overdue_dossiers_of_one_unit(hand_checked: Path) -> None:
    table = dossiers_behind(hand_checked, "2023Q1", klass="overdue", unit="so-tu-phap")
    assert _ids(table) == ["T04", "T09"]
    # The most overdue first: T04 was due 21/12/2022, T09 on 08/03/2023.
    assert table.column("dossier_id").to_pylist() == ["T04", "T09"]
    assert table.column("working_days_late").to_pylist()[1] == 4  # 09, 10, 13, 14/03


def test_a_form_figure_lists_its_dossiers(hand_checked: Path) -> None:
    # BM3 3.3.2 of Nga Sơn: its commune's dossiers resolved early or on time.
    assert _ids(figure_dossiers(hand_checked, "2023Q1", "huyen-nga-son", "BM3-3.3.2")) == [
        "X01",
        "X02",
        "X04",
        "X05",
    ]
    assert _ids(figure_dossiers(hand_checked, "2023Q1", "so-tu-phap", "BM3-3.1.1")) == [
        "T02",
        "T03",
        "T05",
        "T06",
        "T07",
        "T12",
    ]


def test_filters_by_field_level_and_procedure(hand_checked: Path) -> None:
    assert _ids(dossiers_behind(hand_checked, "2023Q1", klass="late", field="Công chứng")) == ["T12"]
    assert _ids(dossiers_behind(hand_checked, "2023Q1", klass="carried_over", level="xa")) == ["X01"]
    assert _ids(dossiers_behind(hand_checked, "2023Q1", klass="returned_withdrawn", procedure="DD01")) == [
        "H07"
    ]


def test_the_computed_promised_date_is_shown(hand_checked: Path) -> None:
    table = dossiers_behind(hand_checked, "2023Q1", klass="late", field="Công chứng")
    # 5 working days from Friday 13/01/2023, across Tết.
    assert str(table.column("due_day")[0]) == "2023-01-27"


@pytest.fixture(scope="module")
def generated_results(generated: Path) -> DossierResults:
    return compute(generated, "2023Q1")


@pytest.mark.parametrize("klass", list(CLASSES))
def test_every_unit_figure_matches_its_list(
    generated: Path, generated_results: DossierResults, klass: str
) -> None:
    # The count sums per-intake or per-outcome counts (or has its own aggregate); the list filters
    # every dossier with the class's predicate: the two ways agree for every class.
    unit = max(generated_results.units, key=lambda row: row["received"])
    listed = dossiers_behind(generated, "2023Q1", klass=klass, unit=unit["unit_code"])
    assert listed.num_rows == unit[klass]
    total = generated_results.one_stop[-1][klass]
    assert count_behind(generated, "2023Q1", klass=klass) == total
    assert total > 0


def test_a_class_names_only_known_intakes_outcomes_and_flags() -> None:
    assert CLASSES["digitised_in_window"].own_aggregate
    assert not CLASSES["online_service_received"].own_aggregate
    with pytest.raises(ValueError, match="unknown values"):
        DossierClass(outcomes=("late", "lost"))
    with pytest.raises(ValueError, match="unknown flag"):
        DossierClass(flag="urgent")


def test_an_unknown_class_is_refused_in_vietnamese(hand_checked: Path) -> None:
    with pytest.raises(ValueError, match="Không có nhóm hồ sơ «trễ»"):
        dossiers_behind(hand_checked, "2023Q1", klass="trễ")
    assert "overdue" in CLASSES


def test_a_province_procedure_count_opens_to_the_dossiers_of_those_procedures(hand_checked: Path) -> None:
    # BM7 6.8.2: procedures whose fee was paid online — LLTP, through T06.
    assert _ids(figure_dossiers(hand_checked, "2023Q1", "ubnd-tinh", "BM7-6.8.2")) == ["T06"]
    # BM7 6.4.3: partly online procedures used online — DD01, received online in the window.
    assert _ids(figure_dossiers(hand_checked, "2023Q1", "ubnd-tinh", "BM7-6.4.3")) == ["H02", "H03", "H06"]
