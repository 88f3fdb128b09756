"""The two-level local government (from 1/7/2025): a commune reports for itself; before, through its district."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.core.indicators import indicator_figures
from cchc.web.org.models import OrgUnit
from cchc.web.org.users import create_user
from cchc.web.reporting.services import (
    catalogue_for,
    ensure_period,
    province_aggregate,
    save_values,
    submission_for,
)
from web.api.test_api import api_client
from web.conftest import PASSWORD
from web.dashboard.test_aggregate_page import cell


def commune(world):  # type: ignore[no-untyped-def]
    """Phường Hạc Thành, formed on 1/7/2025 under the province, and its reporter."""
    unit = OrgUnit.objects.create(
        code="phuong-hac-thanh",
        name="Phường Hạc Thành",
        level="xa",
        parent=world.province,
        valid_from=dt.date(2025, 7, 1),
        order=3,
    )
    return unit, create_user("bc-xa", PASSWORD, role="bao-cao", units=["phuong-hac-thanh"])


def test_a_commune_reports_for_itself_after_1_7_2025_and_through_its_district_before(world) -> None:  # type: ignore[no-untyped-def]
    unit, reporter = commune(world)
    year = ensure_period("2025Y")
    assert (year.template, world.period.template) == ("bnv-581-hai-cap", "bnv-581")
    client = world.client(reporter)
    # 2025Y: the commune's own BM3, with its on-time rows 3.3.x and no district rows.
    page = client.get(f"/ky/2025Y/don-vi/{unit.code}/bieu/3/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="v-BM3-3.3.1"' in html and 'name="v-BM3-3.2.1"' not in html
    save_values(
        submission_for(unit, year, 3), reporter, {"BM3-3.3.1": ("2.000", None), "BM3-3.3.2": ("1.990", None)}
    )
    assert province_aggregate(year)["BM3-3.3"].text == "99,50"
    # 2023Q1: the commune did not exist; the district entered its communes' dossiers.
    assert client.get(f"/ky/2023Q1/don-vi/{unit.code}/bieu/3/").status_code == 404
    save_values(
        submission_for(world.unit_b, world.period, 3),
        world.reporter_b,
        {"BM3-3.3.1": ("800", None), "BM3-3.3.2": ("760", None)},
    )
    assert province_aggregate(world.period)["BM3-3.3"].text == "95,00"
    # The district is not asked anything for 2025Y: it ended on 30/6/2025.
    assert world.client(world.reporter_b).get("/ky/2025Y/don-vi/huyen-nga-son/bieu/3/").status_code == 404


def test_the_aggregate_of_a_two_level_period_has_no_district_column(world) -> None:  # type: ignore[no-untyped-def]
    unit, reporter = commune(world)
    year = ensure_period("2025Y")
    save_values(
        submission_for(unit, year, 3), reporter, {"BM3-3.3.1": ("2.000", None), "BM3-3.3.2": ("1.990", None)}
    )
    save_values(
        submission_for(world.unit_a, year, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("500", None), "BM3-3.1.2": ("483", None)},
    )
    html = world.client(world.reviewer).get("/ky/2025Y/tong-hop/").content.decode()
    assert "UBND cấp huyện" not in html and 'data-col="huyen"' not in html
    assert cell(html, "BM3-3.3.1", "xa") == "2.000"
    assert cell(html, "BM3-3.1", "so") == "96,60"
    assert 'id="row-BM3-3.2"' not in html
    # The province-wide on-time rate is over the two levels: (483 + 1.990) / (500 + 2.000).
    whole, levels = indicator_figures(catalogue_for(year), province_aggregate(year), "dung-han")
    assert (whole.value, [level.code for level in levels]) == (Decimal("98.92"), ["BM3-3.1", "BM3-3.3"])
    three_level = world.client(world.reviewer).get("/ky/2023Q1/tong-hop/").content.decode()
    assert 'data-col="huyen"' in three_level


def test_a_communes_form_shows_its_own_total_of_documents(world) -> None:  # type: ignore[no-untyped-def]
    # BM2 1 adds 1.1 (cấp tỉnh) and 1.3 (cấp xã): for a commune it is its 1.3, in the form, Excel and API.
    unit, reporter = commune(world)
    year = ensure_period("2025Y")
    save_values(submission_for(unit, year, 2), reporter, {"BM2-1.3": ("4", None)})
    client = world.client(reporter)
    html = client.get(f"/ky/2025Y/don-vi/{unit.code}/bieu/2/").content.decode()
    assert '<span id="computed-BM2-1" title="Tự tính, không nhập">4</span>' in html
    preview = client.post(f"/ky/2025Y/don-vi/{unit.code}/bieu/2/tinh-thu/", {"v-BM2-1.3": "7"})
    assert '<span id="computed-BM2-1" hx-swap-oob="true">7</span>' in preview.content.decode()
    api = api_client(reporter).get(f"/api/periods/2025Y/units/{unit.code}/forms/2")
    values = api.json()["values"]
    assert next(v for v in values if v["code"] == "BM2-1")["text"] == "4"
    # The province's figure waits for its own 1.1: a part not entered yet is unknown, not 0.
    assert province_aggregate(year)["BM2-1"].text == ""
