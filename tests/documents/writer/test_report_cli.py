"""`cchc report` from a values file, without the web application."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.catalogues import load_catalogue
from cchc.checker import check_file
from cchc.cli import main
from documents.writer.conftest import VALUES_FILE


def test_it_writes_the_word_report_from_a_values_file(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    code = main(
        ["report", "--values", str(VALUES_FILE), "--format", "docx", "--out", str(out), "--no-charts"]
    )
    assert code == 0
    assert check_file(out).errors == 0


def test_it_writes_the_excel_forms_from_a_values_file(tmp_path: Path) -> None:
    out = tmp_path / "bieu-mau.xlsx"
    assert main(["report", "--values", str(VALUES_FILE), "--format", "xlsx", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_exporting_the_values_again_gives_the_same_file(tmp_path: Path) -> None:
    out = tmp_path / "so-lieu.json"
    assert main(["report", "--values", str(VALUES_FILE), "--format", "values", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(VALUES_FILE.read_text(encoding="utf-8"))


def test_a_period_that_differs_from_the_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bao-cao.docx"
    code = main(["report", "--values", str(VALUES_FILE), "--period", "2023Q2", "--out", str(out)])
    assert code == 2
    assert "Tệp số liệu là của kỳ 2023Q1, không phải kỳ 2023Q2" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_values_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--values", str(tmp_path / "khong-co.json"), "--out", str(tmp_path / "x.docx")])
    assert code == 2
    assert "Không tìm thấy tệp số liệu «khong-co.json»" in capsys.readouterr().err


def test_a_values_file_of_the_two_level_template_is_read_with_it(tmp_path: Path) -> None:
    """A period after 1/7/2025: its values file names bnv-581-hai-cap, and the report is written with it."""
    data = json.loads(VALUES_FILE.read_text(encoding="utf-8"))
    data["template"], data["period"] = "bnv-581-hai-cap", "2025Y"
    asked = load_catalogue("bnv-581-hai-cap").rows
    data["values"] = {code: text for code, text in data["values"].items() if code in asked}
    data["notes"] = {code: note for code, note in data["notes"].items() if code in asked}
    data["values"]["BM7-2"] = "1"  # "2 cấp (tỉnh, xã)": there is no "3 cấp" any more
    values, out = tmp_path / "so-lieu.json", tmp_path / "bao-cao.docx"
    values.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["report", "--values", str(values), "--format", "docx", "--out", str(out)]) == 0
    result = check_file(out)
    assert "BM3-3.2.1" not in result.values and "BM3-3.3.1" in result.values
