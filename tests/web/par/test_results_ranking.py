"""The year's results page: the ranking per unit type with ties, recomputed on every request, the
summary figures, last year's change, the sample-set banner, and who sees which lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cchc.web.par.models import Assessment, ParRound, Score
from cchc.web.reporting.services import ensure_period, save_values, submission_for
from web.conftest import World
from web.par.par_results_data import ParWorld, make_par_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def par(world: World) -> ParWorld:
    par = make_par_world(world)
    # Sở Tư pháp 1,5 points; Sở Tài chính and Sở Xây dựng 1 point each, in area 1 both; Sở Y tế none.
    par.appraise(world.unit_a, "1.1", "1.5")
    par.appraise(par.tai_chinh, "1.1", "1")
    par.appraise(par.xay_dung, "1.3", "1")
    par.appraise(par.xa_hoang_hoa, "1.2", "4")
    return par


def _rows(response, unit_type: str) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    shown = next(item for item in response.context["shown"] if item.table.unit_type == unit_type)
    return [(row["line"].rank, row["line"].code, row["index"]) for row in shown.rows]


def test_units_with_equal_index_share_a_rank_and_the_next_rank_is_skipped(par: ParWorld) -> None:
    # Listed by name within the tie: Sở Tài chính before Sở Xây dựng, whatever order they were made in.
    par.tai_chinh.name, par.xay_dung.name = "Sở Xây dựng", "Sở Tài chính"
    par.tai_chinh.save()
    par.xay_dung.save()
    response = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/")
    assert response.status_code == 200
    assert _rows(response, "so") == [
        (1, "so-tu-phap", "1,50"),
        (2, "so-xay-dung", "1,00"),
        (2, "so-tai-chinh", "1,00"),
        (4, "so-y-te", "0,00"),
    ]
    assert _rows(response, "xa") == [(1, "xa-hoang-hoa", "4,00"), (2, "phuong-hac-thanh", "0,00")]
    html = response.content.decode()
    assert '<a href="/chi-so-cchc/2025/don-vi/so-tai-chinh/">Sở Xây dựng</a>' in html


def test_the_page_follows_an_appraisal_changed_after_it_was_first_shown(par: ParWorld) -> None:
    client = par.world.client(par.world.viewer)
    before = client.get("/chi-so-cchc/2025/")
    assert _rows(before, "so")[3] == (4, "so-y-te", "0,00")
    par.appraise(par.y_te, "2.2", "3")
    after = client.get("/chi-so-cchc/2025/")
    assert _rows(after, "so")[0] == (1, "so-y-te", "3,00")
    assert (2, "so-tu-phap", "1,50") in _rows(after, "so")


def test_the_summary_gives_mean_highest_lowest_and_the_count_per_band(par: ParWorld) -> None:
    response = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/")
    summary = response.context["shown"][0].summary
    # (1,50 + 1,00 + 1,00 + 0,00) ÷ 4 = 0,875, rounded half up.
    assert (summary.count, summary.mean_text, summary.highest_text, summary.lowest_text) == (
        4,
        "0,88",
        "1,50",
        "0,00",
    )
    assert [(band.name, band.count) for band in summary.bands] == [
        ("Nhóm A", 0),
        ("Nhóm B", 0),
        ("Nhóm C", 0),
        ("Dưới Nhóm C", 4),
    ]
    assert "0,88%" in response.content.decode()


def test_the_change_from_last_year_is_the_index_gained_since_then(par: ParWorld) -> None:
    current = par.assessment(par.world.unit_a)
    last_round = ParRound.objects.create(year=2024, self_deadline=dt.date(2025, 1, 15))
    last = Assessment.objects.create(
        round=last_round, unit=par.world.unit_a, set_id=current.set_id, set_version=current.set_version
    )
    Score.objects.create(assessment=last, code="1.1", appraised_points=Decimal("1"))
    response = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/")
    rows = {row["line"].code: row for row in response.context["shown"][0].rows}
    assert rows["so-tu-phap"]["change"] == "+0,50"
    assert rows["so-tai-chinh"]["change"] == ""


def test_a_sample_set_shows_the_warning_banner(par: ParWorld) -> None:
    html = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/").content.decode()
    assert "Bộ tiêu chí mẫu." in html
    assert "chỉ dùng để thử nghiệm" in html


def test_a_reporter_sees_only_their_units_lines_with_the_rank_among_all(par: ParWorld) -> None:
    response = par.world.client(par.world.reporter_a).get("/chi-so-cchc/2025/")
    assert response.status_code == 200
    assert _rows(response, "so") == [(1, "so-tu-phap", "1,50")]
    assert [item.table.unit_type for item in response.context["shown"]] == ["so"]
    html = response.content.decode()
    assert "Sở Tài chính" not in html
    assert response.context["chart"] is None


def test_a_reporter_may_not_download_the_provinces_ranking(par: ParWorld) -> None:
    assert par.world.client(par.world.reporter_a).get("/chi-so-cchc/2025/ket-qua.xlsx").status_code == 403


def test_a_year_without_a_round_is_not_found(par: ParWorld) -> None:
    assert par.world.client(par.world.reviewer).get("/chi-so-cchc/2019/").status_code == 404


def test_the_chart_shows_each_areas_mean_share_of_its_maximum(par: ParWorld) -> None:
    chart = par.world.client(par.world.reviewer).get("/chi-so-cchc/2025/").context["chart"]
    bars = {(v["loai"], v["linh_vuc"]): v["ty_le"] for v in chart["data"]["values"]}
    # Area 1 of the sở set has 10 points: (1,5 + 1 + 1 + 0) ÷ (4 × 10) = 8,75 %.
    assert bars[("Sở, ban, ngành", "LV 1")] == 8.75
    assert bars[("Sở, ban, ngành", "LV 2")] == 0.0


def test_the_page_follows_the_units_figures_of_the_year(par: ParWorld) -> None:
    client = par.world.client(par.world.reviewer)
    assert _rows(client.get("/chi-so-cchc/2025/"), "so")[0] == (1, "so-tu-phap", "1,50")
    submission = submission_for(par.y_te, ensure_period("2025Y"), 3)
    save_values(submission, par.world.admin, {"BM3-3.1.1": ("200", None), "BM3-3.1.2": ("190", None)})
    # Criterion 3.1: 6 × 190 ÷ 200 = 5,70 points of the on-time rate.
    assert _rows(client.get("/chi-so-cchc/2025/"), "so")[0] == (1, "so-y-te", "5,70")


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/chi-so-cchc/2025/").status_code == 200
    return len(queries)


def test_the_figures_of_every_unit_are_read_in_the_same_few_queries_however_many_there_are(
    par: ParWorld,
) -> None:
    period = ensure_period("2025Y")
    client = par.world.client(par.world.reviewer)
    figures = {"BM3-3.1.1": ("200", None), "BM3-3.1.2": ("190", None)}
    save_values(submission_for(par.world.unit_a, period, 3), par.world.admin, figures)
    client.get("/chi-so-cchc/2025/")  # the session and caches warmed
    one_unit = _queries(client)
    for unit in (par.tai_chinh, par.xay_dung, par.y_te):
        save_values(submission_for(unit, period, 3), par.world.admin, figures)
    assert _queries(client) == one_unit


def test_a_reporter_of_a_unit_not_assessed_is_told_so(par: ParWorld) -> None:
    response = par.world.client(par.world.reporter_b).get("/chi-so-cchc/2025/")
    assert response.status_code == 200
    assert response.context["shown"] == []
    assert (
        "Đơn vị của bạn không thuộc các đơn vị được đánh giá Chỉ số CCHC năm 2025."
        in response.content.decode()
    )
