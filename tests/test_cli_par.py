"""`cchc par`: the year's ranking from the database as JSON, Excel or Word, and a clear refusal for a
year without a PAR round."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from cchc import cli
from web.conftest import make_world
from web.par.par_results_data import ParWorld, make_par_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def par(db: None) -> ParWorld:
    par = make_par_world(make_world())
    par.appraise(par.world.unit_a, "1.1", "1.5")
    par.appraise(par.tai_chinh, "1.1", "1")
    par.appraise(par.xay_dung, "1.3", "1")
    return par


def test_it_writes_one_json_object_per_unit_with_rank_index_and_areas(par: ParWorld, tmp_path: Path) -> None:
    out = tmp_path / "chi-so.json"
    assert cli.main(["par", "--year", "2025", "--format", "json", "--out", str(out)]) == 0
    objects = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    assert [(o["code"], o["type"], o["rank"], o["index"]) for o in objects] == [
        ("so-tu-phap", "so", 1, Decimal("1.5")),
        ("so-tai-chinh", "so", 2, 1),
        ("so-xay-dung", "so", 2, 1),
        ("so-y-te", "so", 4, 0),
        ("phuong-hac-thanh", "xa", 1, 0),
        ("xa-hoang-hoa", "xa", 1, 0),
    ]
    first = objects[0]
    assert (first["name"], first["total"], first["max_applicable"], first["band"]) == (
        "Sở Tư pháp",
        Decimal("1.5"),
        100,
        "",
    )
    assert first["areas"] == {"1": Decimal("1.5"), "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0}
    assert (first["last_year"], first["change"]) == (None, None)


def test_it_writes_the_excel_table_and_the_word_appendix(par: ParWorld, tmp_path: Path) -> None:
    xlsx, word = tmp_path / "chi-so.xlsx", tmp_path / "phu-luc.docx"
    assert cli.main(["par", "--year", "2025", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert cli.main(["par", "--year", "2025", "--format", "docx", "--out", str(word)]) == 0
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))["Sở, ban, ngành"]
    assert [cell.value for cell in sheet[5]][:3] == [1, "so-tu-phap", "Sở Tư pháp"]
    table = docx.Document(str(word)).tables[0]
    assert [cell.text for cell in table.rows[3].cells][1] == "Sở Tài chính"
    assert [cell.text for cell in table.rows[3].cells][-3:] == ["1,00", "1,00", "2"]


def test_a_year_without_a_round_is_refused_in_vietnamese(
    par: ParWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["par", "--year", "2019", "--out", str(tmp_path / "x.json")]) == 2
    assert "Lỗi: chưa có đợt đánh giá Chỉ số CCHC năm 2019 (đã có: 2025)." in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
