"""`cchc dossiers`: compute, list, import and generate from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from cchc.cli import main
from cchc.dossiers import generate

from .conftest import HAND_CHECKED


def test_compute_prints_json_with_the_form_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossiers", "compute", "--period", "2023Q1", str(HAND_CHECKED)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["window"] == ["2022-12-15", "2023-03-14"]
    assert data["form_values"]["so-tu-phap"]["BM3-3.1.1"] == 6
    assert data["province"]["bnv_on_time_rate"] == "66.67"


def test_compute_writes_the_one_stop_table_as_csv(tmp_path: Path) -> None:
    out = tmp_path / "bieu06.csv"
    assert (
        main(
            [
                "dossiers",
                "compute",
                "--period",
                "2023Q1",
                str(HAND_CHECKED),
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Cấp,Lĩnh vực,Số hồ sơ nhận giải quyết - Tổng số")
    assert lines[-1] == ",Tổng cộng,23,7,12,4,15,3,7,5,6,3,3,2"


def test_compute_writes_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.xlsx"
    assert (
        main(
            [
                "dossiers",
                "compute",
                "--period",
                "2023Q1",
                str(HAND_CHECKED),
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    workbook = CalamineWorkbook.from_path(str(out))
    assert workbook.sheet_names == ["Biểu 06 KSTT", "Đơn vị", "Thủ tục", "Chỉ tiêu biểu mẫu", "Tỷ lệ"]
    rows = workbook.get_sheet_by_name("Biểu 06 KSTT").to_python()
    assert rows[-1][:3] == ["", "Tổng cộng", 23.0]


def test_a_bad_file_exits_2_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HAND_CHECKED.read_text(encoding="utf-8").replace("Bưu chính công ích", "Chim bồ câu"),
        encoding="utf-8",
    )
    assert main(["dossiers", "compute", "--period", "2023Q1", str(bad)]) == 2
    assert (
        "Tệp bad.csv, dòng 10: cột «channel»: «Chim bồ câu» không có trong danh mục hình thức nộp."
        in capsys.readouterr().err
    )


def test_a_bad_period_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossiers", "compute", "--period", "2023Q5", str(HAND_CHECKED)]) == 2
    assert "Kỳ báo cáo «2023Q5» không hợp lệ" in capsys.readouterr().err


def test_list_prints_the_dossiers_behind_a_figure(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "dossiers",
        "list",
        "--period",
        "2023Q1",
        str(HAND_CHECKED),
        "--figure",
        "BM3-3.2.2",
        "--report-unit",
        "huyen-nga-son",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Mã hồ sơ,Mã thủ tục")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["H01", "H02", "H03"]


def test_generate_then_compute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.parquet"
    assert main(["dossiers", "generate", "--rows", "2000", "--seed", "5", "--out", str(out)]) == 0
    assert "Đã tạo 2.000 hồ sơ" in capsys.readouterr().err
    assert (
        main(["dossiers", "compute", "--period", "2023Q2", str(out), "--format", "csv", "--table", "units"])
        == 0
    )
    assert capsys.readouterr().out.lstrip("\ufeff").startswith("Mã đơn vị,Đơn vị,Cấp")


def test_import_writes_canonical_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hs.parquet"
    assert main(["dossiers", "import", str(HAND_CHECKED), "--out", str(out)]) == 0
    assert "Đã nhập 26 hồ sơ" in capsys.readouterr().err


def test_list_writes_every_dossier_of_a_class_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tiep-nhan.csv"
    args = [
        "dossiers",
        "list",
        "--period",
        "2023Q1",
        str(HAND_CHECKED),
        "--class",
        "received",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert "23 hồ sơ. Đã ghi" in capsys.readouterr().err
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 24 and lines[0].startswith("Mã hồ sơ,")
    # One row per dossier of the window: the 26 of the file but T01, X07 (finished before) and T11 (after).
    assert {line.split(",")[0] for line in lines[1:]} == {
        f"{prefix}{n:02d}" for prefix, count in (("T", 12), ("H", 7), ("X", 6)) for n in range(1, count + 1)
    } - {"T01", "T11"}


def test_list_as_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossiers", "list", "--period", "2023Q1", str(HAND_CHECKED), "--format", "xlsx"]) == 2
    assert "Định dạng xlsx cần --out TỆP." in capsys.readouterr().err


def test_compute_reads_a_partitioned_folder_like_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = generate(3000, tmp_path / "ho-so", seed=4, partitioned=True)
    single = generate(3000, tmp_path / "ho-so.parquet", seed=4)
    assert main(["dossiers", "compute", "--period", "2023Q1", str(folder)]) == 0
    from_folder = capsys.readouterr().out
    assert main(["dossiers", "compute", "--period", "2023Q1", str(single)]) == 0
    assert from_folder == capsys.readouterr().out
    assert json.loads(from_folder)["province"]["received"] > 500


def test_a_folder_without_dossier_files_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "rong").mkdir()
    assert main(["dossiers", "compute", "--period", "2023Q1", str(tmp_path / "rong")]) == 2
    assert f"Thư mục «{tmp_path / 'rong'}» không có tệp Parquet nào." in capsys.readouterr().err
    other = tmp_path / "khac" / "year=2023"
    other.mkdir(parents=True)
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{other / 'a.parquet'}' (FORMAT parquet)")
    assert main(["dossiers", "compute", "--period", "2023Q1", str(tmp_path / "khac")]) == 2
    assert "tệp «year=2023/a.parquet» không phải tệp hồ sơ Parquet chuẩn" in capsys.readouterr().err


def test_an_unknown_engine_setting_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CCHC_DOSSIER_ENGINE", "oracle")
    assert main(["dossiers", "compute", "--period", "2023Q1", str(HAND_CHECKED)]) == 2
    assert (
        "Không có bộ máy tính «oracle» (CCHC_DOSSIER_ENGINE: duckdb hoặc spark)." in capsys.readouterr().err
    )
    # --engine names the engine for this command, whatever the setting says.
    assert main(["dossiers", "compute", "--period", "2023Q1", str(HAND_CHECKED), "--engine", "duckdb"]) == 0


@pytest.mark.parametrize("damage", ["not a parquet file", "cut"])
def test_a_broken_parquet_file_is_refused_in_vietnamese_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    broken = tmp_path / "ho-so.parquet"
    if damage == "cut":
        whole = generate(300, tmp_path / "whole.parquet", seed=1).read_bytes()
        broken.write_bytes(whole[: len(whole) // 2])
    else:
        broken.write_text(damage)
    out = tmp_path / "so-lieu.json"
    assert main(["dossiers", "compute", "--period", "2023Q1", str(broken), "--out", str(out)]) == 2
    assert (
        "Tệp ho-so.parquet: không phải tệp Parquet đọc được (tệp hỏng hoặc bị cắt): hãy xuất lại tệp."
        in capsys.readouterr().err
    )
    assert not out.exists()
