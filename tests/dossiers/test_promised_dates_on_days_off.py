"""A promised date falling on a day off moves to the next working day (Bộ luật Dân sự, Điều 148).

Quý I/2023 (window 15/12/2022 – 14/03/2023), Sở Tư pháp, counted by hand:
  D01 due Saturday 17/12/2022, resolved Monday 19/12 → due moves to 19/12 → on time (not late by 1).
  D02 due Sunday 18/12/2022, resolved Friday 16/12 → early.
  D03 due Saturday 17/12/2022, resolved Tuesday 20/12 → late by 1 working day (20/12 − 19/12).
  D04 limit 0 (trả ngay), received online Saturday 31/12/2022: 1/1 and 2/1/2023 are Tết Dương lịch
      (2/1 compensates Sunday 1/1), so it is due Tuesday 03/01/2023; resolved then → on time.
  D05 limit 0, received Saturday 31/12/2022, still open: due 03/01/2023 → overdue at 14/03 by 45
      working days (those after 03/01 up to 14/03: January 4–6, 9–13, 16–19 = 12 and 27, 30, 31 = 3;
      February 20; March 1–3, 6–10, 13, 14 = 10 → 45).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.dossiers import compute, dossiers_behind, import_files

HEADER = (
    "dossier_id,procedure_code,procedure_name,field,unit_code,unit_name,parent_code,level,channel,"
    "online_level,received_at,due_at,time_limit_days,resolved_at,returned_at,status,fee,paid_online,digitised"
)
ROWS = (
    "D01,LLTP,Lý lịch tư pháp,Tư pháp,so-tu-phap,Sở Tư pháp,,tinh,truc_tiep,khong,12/12/2022,17/12/2022,,19/12/2022,,da_giai_quyet,0,,",
    "D02,LLTP,Lý lịch tư pháp,Tư pháp,so-tu-phap,Sở Tư pháp,,tinh,truc_tiep,khong,12/12/2022,18/12/2022,,16/12/2022,,da_giai_quyet,0,,",
    "D03,LLTP,Lý lịch tư pháp,Tư pháp,so-tu-phap,Sở Tư pháp,,tinh,truc_tiep,khong,12/12/2022,17/12/2022,,20/12/2022,,da_giai_quyet,0,,",
    "D04,CT01,Chứng thực,Chứng thực,so-tu-phap,Sở Tư pháp,,tinh,truc_tuyen,khong,31/12/2022,,0,03/01/2023,,da_giai_quyet,0,,",
    "D05,CT01,Chứng thực,Chứng thực,so-tu-phap,Sở Tư pháp,,tinh,truc_tuyen,khong,31/12/2022,,0,,,dang_xu_ly,0,,",
)  # fmt: skip


@pytest.fixture(scope="module")
def days_off(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("days-off")
    source = folder / "days-off.csv"
    source.write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    return import_files([source], folder / "days-off.parquet").path


def _outcomes(path: Path) -> dict[str, tuple[str, str, int]]:
    table = dossiers_behind(path, "2023Q1", klass="received")
    return {
        row["dossier_id"]: (row["outcome"], str(row["due_day"]), row["working_days_late"])
        for row in table.to_pylist()
    }


def test_a_promised_date_on_a_saturday_is_met_on_the_monday(days_off: Path) -> None:
    outcomes = _outcomes(days_off)
    assert outcomes["D01"] == ("on_time", "2022-12-19", 0)
    assert outcomes["D02"] == ("early", "2022-12-19", 0)
    assert outcomes["D03"] == ("late", "2022-12-19", 1)


def test_a_same_day_limit_received_on_a_day_off_is_due_on_the_next_working_day(days_off: Path) -> None:
    outcomes = _outcomes(days_off)
    assert outcomes["D04"] == ("on_time", "2023-01-03", 0)
    assert outcomes["D05"] == ("overdue", "2023-01-03", 45)


def test_the_counts_follow_the_moved_dates(days_off: Path) -> None:
    total = compute(days_off, "2023Q1").one_stop[-1]
    assert (total["early"], total["on_time"], total["late"], total["overdue"]) == (1, 2, 1, 1)
