"""From 1/7/2025 there are no districts: a commune's dossiers count for the commune itself.

A period whose window ends on or after 1/7/2025 (Quý III/2025: 15/06 – 14/09/2025) counts commune-level
dossiers for the commune (BM3 3.3 of the xa unit); district-level dossiers should not exist then and are
reported as a notice. Quý II/2025 (15/03 – 14/06/2025) still counts them for the district.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.dossiers import compute, dossiers_behind, figure_dossiers, import_files

from .test_promised_dates_on_days_off import HEADER

ROWS = (
    # Commune of Nga Sơn, resolved on time in Q2 and in Q3.
    "C01,HT01,Đăng ký khai sinh,Hộ tịch,xa-nga-an,Xã Nga An,huyen-nga-son,xa,truc_tiep,khong,05/05/2025,07/05/2025,,07/05/2025,,da_giai_quyet,0,,",
    "C02,HT01,Đăng ký khai sinh,Hộ tịch,xa-nga-an,Xã Nga An,huyen-nga-son,xa,truc_tuyen,khong,04/08/2025,06/08/2025,,06/08/2025,,da_giai_quyet,0,,",
    "C03,HT01,Đăng ký khai sinh,Hộ tịch,xa-nga-an,Xã Nga An,huyen-nga-son,xa,truc_tiep,khong,05/08/2025,07/08/2025,,11/08/2025,,da_giai_quyet,0,,",
    # A district-level dossier received in June 2025, resolved in July.
    "H01,DD01,Đăng ký biến động đất đai,Đất đai,huyen-nga-son,UBND huyện Nga Sơn,,huyen,truc_tiep,khong,02/06/2025,16/06/2025,,03/07/2025,,da_giai_quyet,0,,",
)  # fmt: skip


@pytest.fixture(scope="module")
def around_the_reorganisation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reorganisation")
    source = folder / "2025.csv"
    source.write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    return import_files([source], folder / "2025.parquet").path


def test_before_the_reorganisation_a_commune_reports_through_its_district(
    around_the_reorganisation: Path,
) -> None:
    results = compute(around_the_reorganisation, "2025Q2")
    # C01 resolved on time; H01 still open at 14/06, due 16/06 → within time.
    assert results.form_values["huyen-nga-son"]["BM3-3.3.1"] == 1
    assert "xa-nga-an" not in results.form_values
    assert results.notices == []


def test_after_the_reorganisation_a_commune_reports_for_itself(around_the_reorganisation: Path) -> None:
    results = compute(around_the_reorganisation, "2025Q3")
    # C02 on time, C03 late (due 07/08, resolved 11/08): resolved 2, on time 1 — for the commune.
    commune = results.form_values["xa-nga-an"]
    assert (commune["BM3-3.3.1"], commune["BM3-3.3.2"]) == (2, 1)
    assert "BM3-3.3.1" not in results.form_values.get("huyen-nga-son", {})
    assert _ids(figure_dossiers(around_the_reorganisation, "2025Q3", "xa-nga-an", "BM3-3.3.1")) == [
        "C02",
        "C03",
    ]
    assert _ids(dossiers_behind(around_the_reorganisation, "2025Q3", report_unit="huyen-nga-son")) == ["H01"]


def test_district_dossiers_after_the_reorganisation_are_reported(around_the_reorganisation: Path) -> None:
    results = compute(around_the_reorganisation, "2025Q3")
    assert results.notices == [
        "Kỳ 2025Q3 kết thúc sau ngày 01/07/2025 (không còn cấp huyện) nhưng tệp có 1 hồ sơ cấp huyện: "
        "hãy kiểm tra cấp giải quyết của chúng."
    ]
    assert results.identity_errors == []


def _ids(table) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(table.column("dossier_id").to_pylist())
