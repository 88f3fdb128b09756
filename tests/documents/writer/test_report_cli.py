"""`cchc report` from a values file, without the web application."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
