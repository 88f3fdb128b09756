"""The dashboard: key figures, charts drawn by a locally served Vega bundle, and who may see province pages."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from cchc import charts
from cchc.core.periods import parse_period
from cchc.web.reporting.services import ensure_period, save_values, submission_for, transition
from cchc.web.reporting.targets import load_targets


def fill(world, period=None) -> None:
    """A Sở resolves 483 of 500 dossiers on time, a district 990 of 1.000 and its communes 190 of 200."""
    period = period or world.period
    save_values(
        submission_for(world.unit_a, period, 3),
        world.reporter_a,
        {
            "BM3-3.1.1": ("500", None),
            "BM3-3.1.2": ("483", None),
            "BM3-3.4.1": ("10", None),
            "BM3-3.4.2": ("9", None),
        },
    )
    save_values(
        submission_for(world.unit_a, period, 7),
        world.reporter_a,
        {"BM7-6.7.1": ("100", None), "BM7-6.7.2": ("50", None)},
    )
    save_values(
        submission_for(world.unit_b, period, 3),
        world.reporter_b,
        {
            "BM3-3.2.1": ("1.000", None),
            "BM3-3.2.2": ("990", None),
            "BM3-3.3.1": ("200", None),
            "BM3-3.3.2": ("190", None),
            "BM3-3.4.1": ("30", None),
            "BM3-3.4.2": ("30", None),
        },
    )
    save_values(
        submission_for(world.unit_b, period, 7),
        world.reporter_b,
        {"BM7-6.7.1": ("300", None), "BM7-6.7.2": ("270", None)},
    )


def page(world, query: str = "") -> str:
    response = world.client(world.viewer).get(f"/tong-quan/{query}")
    assert response.status_code == 200
    return response.content.decode()


def cards(html: str) -> dict[str, str]:
    """Card label → figure, tags stripped."""
    found = re.findall(r'<div class="label">(.*?)</div>\s*<div class="figure[^"]*">(.*?)</div>', html, re.S)
    return {label: re.sub(r"<[^>]+>", "", figure).strip() for label, figure in found}


def spec(html: str, name: str) -> dict:
    """The Vega-Lite spec a chart of the page is drawn from."""
    match = re.search(rf'<script id="spec-{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no chart {name}"
    return json.loads(match.group(1))


def test_the_cards_show_the_key_figures_the_vietnamese_way(world) -> None:
    fill(world)
    shown = cards(page(world, "?ky=2023Q1"))
    assert shown["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    assert shown["Đúng hạn — UBND cấp huyện"] == "99,00%"
    assert shown["Đúng hạn — UBND cấp xã"] == "95,00%"
    # (483 + 990 + 190) / (500 + 1.000 + 200): summed, not the mean of the three rates.
    assert shown["Tỷ lệ giải quyết đúng hạn — toàn tỉnh"] == "97,82%"
    assert shown["Hồ sơ TTHC đã giải quyết xong"] == "1.700"
    assert shown["Hồ sơ TTHC mức độ 3, 4 đã tiếp nhận"] == "400"
    assert shown["Tỷ lệ hồ sơ tiếp nhận trực tuyến"] == "80,00%"
    assert shown["Tỷ lệ giải quyết phản ánh, kiến nghị"] == "97,50%"
    assert shown["Đơn vị đã gửi báo cáo"] == "0/3"


def test_the_unit_cards_count_units_that_sent_and_were_approved(world) -> None:
    fill(world)
    for form in (3, 7):
        sent = transition(submission_for(world.unit_a, world.period, form), world.reporter_a, "submit")
        transition(sent, world.reviewer, "approve")
    transition(submission_for(world.unit_b, world.period, 3), world.reporter_b, "submit")
    shown = cards(page(world))
    assert shown["Đơn vị đã gửi báo cáo"] == "2/3"
    assert shown["Đơn vị đã được duyệt"] == "1/3"


def test_a_rate_without_figures_shows_a_dash_not_zero(world) -> None:
    shown = cards(page(world))
    assert shown["Đúng hạn — Sở, ban, ngành"] == "—"
    assert "Chưa có số liệu để vẽ biểu đồ." in page(world)


def test_the_level_chart_has_the_rates_and_the_98_percent_target_line(world) -> None:
    fill(world)
    level = spec(page(world), "dung-han-theo-cap")
    assert level["data"]["values"] == [
        {"cap": "Sở, ban, ngành", "ty_le": 96.6, "mo_ta": "Sở, ban, ngành: 96,60%"},
        {"cap": "UBND cấp huyện", "ty_le": 99.0, "mo_ta": "UBND cấp huyện: 99,00%"},
        {"cap": "UBND cấp xã", "ty_le": 95.0, "mo_ta": "UBND cấp xã: 95,00%"},
        {"cap": "Toàn tỉnh", "ty_le": 97.82, "mo_ta": "Toàn tỉnh: 97,82%"},
    ]
    rules = [layer for layer in level["layer"] if layer["mark"]["type"] == "rule"]
    # Drawn once: the rule has its own one-row data instead of one line per bar.
    assert rules == [
        {
            "data": {"values": [{}]},
            "mark": {"type": "rule", "color": "#b3261e", "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {"y": {"datum": 98.0}},
        }
    ]
    # Rates of 95–99 % on an axis from 90, which its title says.
    assert level["layer"][0]["encoding"]["y"]["scale"]["domain"] == [90, 100]
    assert level["layer"][0]["encoding"]["y"]["axis"]["title"] == "Tỷ lệ (%), trục bắt đầu từ 90"
    assert level["config"]["locale"]["number"]["decimal"] == ","


def test_the_target_is_data_in_targets_toml() -> None:
    assert load_targets()["on_time_rate"] == Decimal("98")


def test_the_unit_chart_sorts_the_units_own_rates(world) -> None:
    fill(world)
    by_unit = spec(page(world), "dung-han-theo-don-vi")
    assert [(v["don_vi"], v["ty_le"]) for v in by_unit["data"]["values"]] == [
        ("UBND huyện Nga Sơn (cấp huyện)", 99.0),
        ("Sở Tư pháp", 96.6),
        ("UBND huyện Nga Sơn (các xã)", 95.0),
    ]
    assert by_unit["layer"][0]["encoding"]["y"]["sort"] == [v["don_vi"] for v in by_unit["data"]["values"]]


def test_the_trend_runs_over_the_quarters_in_order_and_the_default_period_is_the_newest(world) -> None:
    fill(world)
    second = ensure_period("2023Q2")
    ensure_period("2022Q4")
    save_values(
        submission_for(world.unit_a, second, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("99", None)},
    )
    html = page(world)
    assert "<h1>Tổng quan — Quý II năm 2023</h1>" in html
    trend = spec(html, "xu-huong")
    axis = trend["layer"][0]["encoding"]["x"]["axis"]
    assert [(tick["year"], tick["month"]) for tick in axis["values"]] == [(2022, 12), (2023, 3), (2023, 6)]
    assert re.findall("'(Quý [IV]+/\\d+)'", axis["labelExpr"]) == ["Quý IV/2022", "Quý I/2023", "Quý II/2023"]
    # Quý II: only the departments reported, so there is no province-wide rate (NT-3 is blank), as
    # the Word report's narrative would have none: the departments' 99 % is not the province's.
    assert {(v["ky"], v["chi_tieu"], v["ty_le"]) for v in trend["data"]["values"]} == {
        ("Quý I/2023", "Tỷ lệ đúng hạn", 97.82),
        ("Quý I/2023", "Tỷ lệ tiếp nhận trực tuyến", 80.0),
    }
    assert any(layer["encoding"].get("y") == {"datum": 98.0} for layer in trend["layer"])
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "96,60%"


def test_each_chart_has_its_numbers_in_a_table_under_details(world) -> None:
    fill(world)
    html = page(world)
    for name in ("dung-han-theo-cap", "dung-han-theo-don-vi", "xu-huong"):
        section = re.search(
            rf'<section class="chart[^"]*" id="bieu-do-{name}">(.*?)</section>', html, re.S
        ).group(1)
        assert "<details>" in section and "<table>" in section
    level = re.search(r'id="bieu-do-dung-han-theo-cap">(.*?)</section>', html, re.S).group(1)
    assert "<td>Toàn tỉnh</td>" in level and ">1.663/1.700<" in level and ">97,82<" in level


def test_the_page_loads_no_script_or_style_from_another_site(world) -> None:
    fill(world)
    html = page(world)
    sources = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert "/static-js/vega.js?v=" in " ".join(sources)
    assert not [source for source in sources if re.match(r"(?:https?:)?//", source)]
    assert "http://" not in html and "https://" not in html


def test_the_vega_bundle_is_served_locally_as_long_cached_javascript(client) -> None:
    response = client.get("/static-js/vega.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=31536000" in response["Cache-Control"]
    body = response.content.decode()
    assert "window.vegaEmbed=" in body and len(body) > 100_000


def test_the_vega_bundle_is_gzipped_for_browsers_that_accept_it(client) -> None:
    response = client.get("/static-js/vega.js", headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert response.content[:2] == b"\x1f\x8b"


def test_a_chart_is_available_as_svg(world) -> None:
    fill(world)
    response = world.client(world.reviewer).get("/tong-quan/bieu-do/dung-han-theo-cap.svg?ky=2023Q1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and "Mục tiêu 98%" in svg and "Sở, ban, ngành" in svg


def test_an_unknown_chart_is_not_found(world) -> None:
    assert world.client(world.reviewer).get("/tong-quan/bieu-do/khong-co.svg").status_code == 404


def test_the_chart_functions_turn_decimals_into_floats_only_in_the_spec() -> None:
    built = charts.on_time_by_level(
        [("Sở, ban, ngành", Decimal("96.60")), ("UBND cấp xã", None)], Decimal("98")
    )
    assert built["data"]["values"] == [
        {"cap": "Sở, ban, ngành", "ty_le": 96.6, "mo_ta": "Sở, ban, ngành: 96,60%"}
    ]
    assert json.loads(json.dumps(built)) == built


PAGES = [
    "/ky/2023Q1/tong-hop/",
    "/ky/2023Q1/tong-hop/?da-duyet=1",
    "/ky/2023Q1/tong-hop/BM3-3.1/",
    "/ky/2023Q1/kiem-tra/",
    "/tong-quan/",
    "/tong-quan/?ky=2023Q1",
    "/tong-quan/bieu-do/xu-huong.svg",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter_a", 403), ("reporter_b", 403), ("viewer", 200), ("reviewer", 200), ("admin", 200)],
)
def test_only_users_who_see_the_province_open_the_province_pages(world, url, persona, status) -> None:
    assert world.client(getattr(world, persona)).get(url).status_code == status


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(world, url) -> None:
    response = world.client(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_each_card_says_how_it_moved_against_the_same_period_of_last_year(world) -> None:
    fill(world)
    last_year = ensure_period("2022Q1")
    fill(world, last_year)
    save_values(
        submission_for(world.unit_a, last_year, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("400", None), "BM3-3.1.2": ("380", None)},
    )
    html = page(world, "?ky=2023Q1")
    thens = re.findall(r'<div class="detail then">([^<]*)</div>', html)
    # Resolved: 1.700 now (500 + 1.000 + 200) against 1.600; the departments' rate 96,60 against 95,00;
    # the province's 97,82 (1.663/1.700) against 97,50 (1.560/1.600); online the same (320/400).
    assert "Cùng kỳ 2022: 1.600 · +100 (+6,25%)" in thens
    assert "Cùng kỳ 2022: 95,00% · +1,60 điểm %" in thens
    assert "Cùng kỳ 2022: 97,50% · +0,32 điểm %" in thens
    assert "Cùng kỳ 2022: 80,00% · 0,00 điểm %" in thens
    assert 'class="detail then"' not in page(world, "?ky=2022Q1")


def test_the_trend_draws_the_same_quarter_of_last_year_beside_each_quarter(world) -> None:
    fill(world)
    last_year = ensure_period("2022Q1")
    fill(world, last_year)
    save_values(
        submission_for(world.unit_a, last_year, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("400", None), "BM3-3.1.2": ("380", None)},
    )
    html = page(world, "?ky=2023Q1")
    trend = spec(html, "xu-huong")
    values = {(v["ky"], v["chi_tieu"], v["nam"]): v["ty_le"] for v in trend["data"]["values"]}
    # Quý I/2023 is 1.663/1.700 on time; its cùng kỳ Quý I/2022 1.560/1.600, drawn at Quý I/2023.
    assert values[("Quý I/2023", "Tỷ lệ đúng hạn", "Kỳ này")] == 97.82
    assert values[("Quý I/2023", "Tỷ lệ đúng hạn", "Cùng kỳ năm trước")] == 97.5
    assert ("Quý I/2022", "Tỷ lệ đúng hạn", "Cùng kỳ năm trước") not in values  # 2021 is not on record
    assert trend["layer"][0]["encoding"]["strokeDash"]["field"] == "nam"
    table = re.search(r'id="bieu-do-xu-huong">(.*?)</section>', html, re.S).group(1)
    assert '<td class="num">97,50 (+0,32 điểm %)</td>' in table


def test_the_trend_labels_stand_upright_when_the_chart_is_narrow() -> None:
    points = [(parse_period(f"2023Q{q}"), "Tỷ lệ đúng hạn", Decimal(97)) for q in (1, 2, 3, 4)]
    axis = charts.rate_trend(points, Decimal(98))["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == {"expr": "!(containerSize()[0] >= 450) ? -90 : 0"}


def test_an_axis_starts_below_the_lowest_rate_and_the_target() -> None:
    assert charts.rate_floor([Decimal("90.5"), Decimal(99)], Decimal(98)) == 85
    assert charts.rate_floor([Decimal("96.6"), None], Decimal(98)) == 90
    assert charts.rate_floor([Decimal(40)], Decimal(98)) == 35
    assert charts.rate_floor([Decimal(1)], Decimal(98)) == 0
    unit = charts.on_time_by_unit([("Sở Tư pháp", "Sở, ban, ngành", Decimal("96.6"))], Decimal(98))
    assert unit["layer"][0]["encoding"]["x"]["scale"]["domain"] == [90, 100]
