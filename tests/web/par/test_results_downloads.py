"""The results page's downloads: the Word appendix, the Excel table and the JSON list of the year's
ranking, for the province's staff and viewers, with the decision's number once it is published."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import openpyxl
import pytest
from django.utils import timezone

from web.conftest import World
from web.par.par_results_data import ParWorld, make_par_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def par(world: World) -> ParWorld:
    par = make_par_world(world)
    par.appraise(world.unit_a, "1.1", "1.5")
    par.appraise(par.tai_chinh, "1.1", "1")
    par.appraise(par.xay_dung, "1.3", "1")
    return par


def test_a_viewer_downloads_the_ranking_as_json(par: ParWorld) -> None:
    response = par.world.client(par.world.viewer).get("/chi-so-cchc/2025/ket-qua.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chi-so-cchc-2025.json"'
    objects = json.loads(response.content)
    assert [(o["code"], o["rank"], o["index"]) for o in objects if o["type"] == "so"] == [
        ("so-tu-phap", 1, 1.5),
        ("so-tai-chinh", 2, 1),
        ("so-xay-dung", 2, 1),
        ("so-y-te", 4, 0),
    ]


def test_the_excel_download_holds_each_units_points_as_numbers(par: ParWorld) -> None:
    response = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/ket-qua.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Sở, ban, ngành", "UBND xã, phường"]
    line = [cell.value for cell in workbook["Sở, ban, ngành"][6]]
    assert line[:4] == [2, "so-tai-chinh", "Sở Tài chính", 1]
    assert line[11:14] == [1, 100, 1]


def test_the_word_download_of_a_published_year_names_its_decision(par: ParWorld) -> None:
    par.round.decision = "125/QĐ-UBND"
    par.round.published_at = timezone.make_aware(dt.datetime(2026, 1, 20, 9, 0))
    par.round.save()
    response = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/ket-qua.docx")
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert (
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Thanh Hóa)"
        in texts
    )
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows[2:]]
    assert [(row[1], row[-1]) for row in rows] == [
        ("Sở Tư pháp", "1"),
        ("Sở Tài chính", "2"),
        ("Sở Xây dựng", "2"),
        ("Sở Y tế", "4"),
    ]


def test_an_unknown_format_is_not_found(par: ParWorld) -> None:
    assert par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/ket-qua.pdf").status_code == 404
