"""The province's on-time rate is one figure: the dashboard, the Word report's chart, trend and narrative.

The API too. Each reads the catalogue's named indicator «dung-han» (indicators.toml → NT-3); with a level not
reported (blank) or not applicable ("-") none of them states a province-wide rate, and a binding changed
in a copy of the catalogue is followed by all of them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from catalogue_copy import copy_with
from cchc.catalogues import load_catalogue
from cchc.documents.writer.charts import level_rates
from cchc.documents.writer.narrative import figures
from cchc.web.org.tokens import issue_token
from cchc.web.reporting import services
from cchc.web.reporting.services import save_values, submission_for
from cchc.web.reports.services import report_data
from web.dashboard.test_dashboard import cards, fill, page

PROVINCE_CARD = "Tỷ lệ giải quyết đúng hạn — toàn tỉnh"


def everyone(world) -> tuple[str, str, Decimal | None, Decimal | None, str | None]:  # type: ignore[no-untyped-def]
    """The province rate as the dashboard card, the narrative's NT-3, the Word chart, the trend and the
    API give it."""
    report = report_data(world.period)
    return (
        cards(page(world, "?ky=2023Q1"))[PROVINCE_CARD],
        figures(report)["NT_3"],
        level_rates(report)[-1][1],
        report.trend[-1].on_time,
        api_indicators(world)["dung-han"]["figure"]["value"],
    )


def api_indicators(world) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    client = Client(headers={"Authorization": f"Bearer {issue_token(world.reviewer)}"})
    response = client.get("/api/periods/2023Q1/indicators")
    assert response.status_code == 200
    return {indicator["name"]: indicator for indicator in response.json()}


def test_with_every_level_reported_all_four_give_97_82(world) -> None:
    fill(world)
    assert everyone(world) == ("97,82%", "97,82", Decimal("97.82"), Decimal("97.82"), "97.82")
    on_time = api_indicators(world)["dung-han"]
    assert on_time["label"] == "Tỷ lệ giải quyết hồ sơ TTHC đúng hạn"
    assert on_time["figure"] == {"code": "NT-3", "value": "97.82", "numerator": "1663", "denominator": "1700"}
    assert [level["value"] for level in on_time["levels"]] == ["96.60", "99.00", "95.00"]


@pytest.mark.parametrize("communes", ["", "-"])
def test_with_the_communes_blank_or_dashed_none_of_them_states_a_province_rate(world, communes: str) -> None:
    save_values(
        submission_for(world.unit_a, world.period, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("500", None), "BM3-3.1.2": ("483", None)},
    )
    save_values(
        submission_for(world.unit_b, world.period, 3),
        world.reporter_b,
        {
            "BM3-3.2.1": ("1.000", None),
            "BM3-3.2.2": ("990", None),
            "BM3-3.3.1": (communes, None),
            "BM3-3.3.2": (communes, None),
        },
    )
    assert everyone(world) == ("—", "", None, None, None)  # the card says it has no figure
    shown = cards(page(world, "?ky=2023Q1"))
    assert shown["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    assert shown["Đúng hạn — UBND cấp huyện"] == "99,00%"


def test_a_binding_changed_in_a_copy_of_the_catalogue_is_followed_by_every_consumer(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A province-wide rate over departments and districts only, and "online" bound to another row.
    folder = copy_with(
        tmp_path,
        ("indicators.toml", '"BM3-3.2", "BM3-3.3"]', '"BM3-3.2"]'),
        (
            "narrative.toml",
            'formula = "BM3-3.1.1 + BM3-3.2.1 + BM3-3.3.1"',
            'formula = "BM3-3.1.1 + BM3-3.2.1"',
        ),
        (
            "narrative.toml",
            'formula = "BM3-3.1.2 + BM3-3.2.2 + BM3-3.3.2"',
            'formula = "BM3-3.1.2 + BM3-3.2.2"',
        ),
        ("indicators.toml", 'code = "BM7-6.7"', 'code = "BM3-3.4"'),
    )
    copy = load_catalogue(folder)
    monkeypatch.setattr(services, "_catalogue", lambda template: copy)
    fill(world)
    # (483 + 990) / (500 + 1.000) = 98,20
    assert everyone(world) == ("98,20%", "98,20", Decimal("98.20"), Decimal("98.20"), "98.20")
    report = report_data(world.period)
    assert level_rates(report) == [
        ("Sở, ngành", Decimal("96.60")),
        ("Cấp huyện", Decimal("99.00")),
        ("Toàn tỉnh", Decimal("98.20")),
    ]
    shown = cards(page(world, "?ky=2023Q1"))
    assert "Đúng hạn — UBND cấp xã" not in shown
    assert shown["Tỷ lệ hồ sơ tiếp nhận trực tuyến"] == "97,50%"  # now the feedback row's figure
    assert report_data(world.period).trend[-1].online == Decimal("97.50")
    assert api_indicators(world)["truc-tuyen"]["figure"]["value"] == "97.50"


def test_a_reporter_cannot_read_the_province_s_indicators(world) -> None:
    client = Client(headers={"Authorization": f"Bearer {issue_token(world.reporter_a)}"})
    response = client.get("/api/periods/2023Q1/indicators")
    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "Chỉ Sở Nội vụ, người xem và quản trị được xem số liệu tổng hợp của tỉnh."
    )
