"""The dossiers behind a figure are counted and exported by the engine, however many there are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from cchc.dossiers import count_behind, drill, export_behind, figure_count, figure_export, import_files
from cchc.dossiers.engine import DossierResults

from .conftest import HAND_CHECKED


def test_the_count_is_the_figure(hand_checked: Path, hand_results: DossierResults) -> None:
    # Sở Tư pháp: 2 overdue (T04, T09); BM3 3.3.2 of Nga Sơn: 4 (X01, X02, X04, X05).
    assert count_behind(hand_checked, "2023Q1", klass="overdue", unit="so-tu-phap") == 2
    assert figure_count(hand_checked, "2023Q1", "huyen-nga-son", "BM3-3.3.2") == 4
    assert count_behind(hand_checked, "2023Q1") == hand_results.one_stop[-1]["received"] == 23


def test_a_csv_export_has_a_bom_vietnamese_headers_and_every_dossier(
    hand_checked: Path, tmp_path: Path
) -> None:
    out = tmp_path / "qua-han.csv"
    assert export_behind(hand_checked, "2023Q1", out, "csv", klass="overdue", unit="so-tu-phap") == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã hồ sơ,Mã thủ tục,Tên thủ tục,Lĩnh vực")
    # The most late first: T04 (due 21/12/2022), then T09 (due 08/03/2023, 4 working days late).
    assert [line.split(",")[0] for line in lines[1:]] == ["T04", "T09"]
    assert "14/12/2022 00:00" in lines[1] and "21/12/2022" in lines[1]


def test_text_that_would_be_a_formula_is_neutralised(tmp_path: Path) -> None:
    text = HAND_CHECKED.read_text(encoding="utf-8").replace(
        "T12,CC01,Chứng thực hợp đồng,Công chứng", 'T12,CC01,"=HYPERLINK(""http://x"")",@Công chứng', 1
    )
    source = tmp_path / "formula.csv"
    source.write_text(text, encoding="utf-8")
    store = import_files([source], tmp_path / "formula.parquet").path
    out = tmp_path / "late.csv"
    assert export_behind(store, "2023Q1", out, klass="late", procedure="CC01") == 1
    row = out.read_text(encoding="utf-8-sig").splitlines()[1]
    assert '"\'=HYPERLINK(""http://x"")"' in row and ",'@Công chứng," in row


def test_an_xlsx_export_lists_a_figures_dossiers(hand_checked: Path, tmp_path: Path) -> None:
    out = tmp_path / "bm3.xlsx"
    assert figure_export(hand_checked, "2023Q1", "so-tu-phap", "BM3-3.1.2", out, "xlsx") == 3
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Mã hồ sơ"
    assert sorted(row[0] for row in rows[1:]) == ["T02", "T05", "T06"]


def test_an_xlsx_export_above_a_sheets_rows_is_refused(
    hand_checked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit is 1.048.575 dossiers (XLSX_MAX_ROWS); lowered here so that the file's 23 exceed it.
    monkeypatch.setattr(drill, "XLSX_MAX_ROWS", 22)
    with pytest.raises(ValueError, match=re.escape("Có 23 hồ sơ, quá 22 dòng của một trang Excel")):
        export_behind(hand_checked, "2023Q1", tmp_path / "all.xlsx", "xlsx")
    assert not (tmp_path / "all.xlsx").exists()
    assert export_behind(hand_checked, "2023Q1", tmp_path / "all.csv", "csv") == 23


def test_a_province_only_figure_of_another_unit_is_refused_in_vietnamese(hand_checked: Path) -> None:
    with pytest.raises(ValueError, match=re.escape("Chỉ tiêu «BM7-6.8.1» chỉ có ở đơn vị cấp tỉnh")):
        figure_count(hand_checked, "2023Q1", "so-tu-phap", "BM7-6.8.1")
