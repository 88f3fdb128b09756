"""A unit's own report is in its own name: header, số hiệu, place, signer and Nơi nhận of the unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from cchc import cli
from web.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_migrate", lambda verbosity=1: None)


def _report(unit: str, tmp_path: Path) -> Any:
    out = tmp_path / f"{unit}.docx"
    args = ["report", "--period", "2023Q1", "--unit", unit, "--out", str(out), "--no-charts"]
    assert cli.main(args) == 0
    return docx.Document(str(out))


def _lines(cell: Any) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text]


def test_a_departments_report_is_signed_for_its_director(world: World, tmp_path: Path) -> None:
    document = _report("so-tu-phap", tmp_path)
    header, signature = document.tables[0].rows[0].cells, document.tables[1].rows[0].cells
    assert _lines(header[0])[:3] == ["UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP", "Số:        /BC-STP"]
    assert _lines(signature[1])[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert _lines(signature[0])[1:] == ["- UBND tỉnh (để b/c);", "- Sở Nội vụ (để t/h);", "- Lưu: VT."]
    assert _lines(header[1])[2].startswith("Thanh Hóa, ngày")


def test_the_superior_body_is_upright_and_the_unit_bold(world: World, tmp_path: Path) -> None:
    first, second = _report("so-tu-phap", tmp_path).tables[0].rows[0].cells[0].paragraphs[:2]
    assert [bool(run.bold) for run in first.runs if run.text] == [False]
    assert [bool(run.bold) for run in second.runs if run.text] == [True]


def test_the_appendix_names_the_department_as_it_is_written(world: World, tmp_path: Path) -> None:
    texts = [paragraph.text for paragraph in _report("so-tu-phap", tmp_path).paragraphs]
    assert any(text.startswith("(Kèm theo Báo cáo số") and text.endswith("của Sở Tư pháp)") for text in texts)


def test_a_districts_report_is_dated_at_the_district(world: World, tmp_path: Path) -> None:
    document = _report("huyen-nga-son", tmp_path)
    header, signature = document.tables[0].rows[0].cells, document.tables[1].rows[0].cells
    assert _lines(header[0])[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN NGA SƠN"]
    assert _lines(header[1])[2].startswith("Nga Sơn, ngày")
    # A district's committee is a collective: its vice-chairman signs for it (TM. + KT.).
    assert _lines(signature[1])[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
