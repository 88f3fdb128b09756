"""Sở Nội vụ's reviewers appraise a sent self-assessment per criterion, with a reason when it differs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cchc.web.par.models import Score, ScoreChange
from cchc.web.par.scoring import sheet
from cchc.web.par.services import ParConflictError, ParSaveError, appraise, transition
from web.conftest import World
from web.par.sheet_world import ParWorld, make_par_world, score_all, store_figures


@pytest.fixture
def par(world: World) -> ParWorld:
    world_ = make_par_world(world)
    store_figures(world.unit_a, 3, {"BM3-3.1.1": 200, "BM3-3.1.2": 190})
    score_all(world_)
    transition(world_.assessment, world.reporter_a, "submit")
    return world_


def test_an_appraised_score_that_differs_needs_a_reason(par: ParWorld) -> None:
    with pytest.raises(ParSaveError) as refused:
        appraise(par.assessment, par.world.reviewer, "1.1", Decimal("0.75"), "")
    assert refused.value.problems == {
        "1.1": "Tiêu chí 1.1: điểm thẩm định 0,75 điểm khác điểm tự chấm (1,50 điểm); ghi lý do."
    }
    assert not ScoreChange.objects.filter(stage="appraise").exists()


def test_the_appraisal_with_a_reason_counts_and_the_difference_is_shown(par: ParWorld) -> None:
    appraise(
        par.assessment,
        par.world.reviewer,
        "1.1",
        Decimal("0.75"),
        "Kế hoạch ban hành chậm (ngày 20/02/2025).",
        request_id="req-7",
    )
    score = Score.objects.get(code="1.1")
    assert (score.appraised_points, score.appraised_by) == (Decimal("0.75"), par.world.reviewer)
    current = sheet(par.fresh())
    assert current.line("1.1").difference == Decimal("-0.75")
    assert current.self_totals.points - current.final_totals.points == Decimal("0.75")
    change = ScoreChange.objects.get(stage="appraise")
    assert (change.old_text, change.new_text, change.reason, change.user, change.request_id) == (
        "(tự chấm: 1,50 điểm)",
        "0,75 điểm",
        "Kế hoạch ban hành chậm (ngày 20/02/2025).",
        par.world.reviewer,
        "req-7",
    )
    page = par.client(par.world.reporter_a).get(par.url)
    row = next(r for r in page.context["rows"] if r.code == "1.1")
    assert (row.appraised_shown, row.difference) == ("0,75 điểm", "−0,75")
    assert "Kế hoạch ban hành chậm (ngày 20/02/2025)." in page.content.decode()


def test_the_council_may_correct_a_computed_criterion(par: ParWorld) -> None:
    # 3.1 computes 6 × 190 ÷ 200 = 5,70 from the unit's figures.
    appraise(
        par.assessment, par.world.reviewer, "3.1", Decimal("5"), "Số hồ sơ trễ hạn chưa đủ theo hệ thống"
    )
    line = sheet(par.fresh()).line("3.1")
    assert (line.self_points, line.final_points, line.difference) == (
        Decimal("5.70"),
        Decimal("5"),
        Decimal("-0.70"),
    )


def test_an_appraisal_equal_to_the_self_score_needs_no_reason(par: ParWorld) -> None:
    appraise(par.assessment, par.world.reviewer, "1.1", Decimal("1.5"), "")
    assert sheet(par.fresh()).line("1.1").difference is None


def test_appraised_points_above_the_maximum_are_refused(par: ParWorld) -> None:
    with pytest.raises(ParSaveError) as refused:
        appraise(par.assessment, par.world.reviewer, "1.1", Decimal("2"), "Vượt")
    assert refused.value.problems["1.1"] == "Tiêu chí 1.1: 2,00 điểm, ngoài khoảng 0 đến 1,50 điểm."


def test_only_reviewers_appraise(par: ParWorld) -> None:
    for user in (par.world.reporter_a, par.world.viewer):
        with pytest.raises(PermissionDenied):
            appraise(par.assessment, user, "1.1", Decimal("1"), "x")


def test_an_appraisal_from_an_older_page_is_refused(par: ParWorld) -> None:
    opened = par.fresh().version
    appraise(par.assessment, par.world.reviewer, "1.1", Decimal("1"), "Chậm", version=opened)
    with pytest.raises(ParConflictError):
        appraise(par.assessment, par.world.reviewer, "1.1", Decimal("0"), "Không có", version=opened)
    assert Score.objects.get(code="1.1").appraised_points == Decimal("1")


def test_the_reviewers_page_appraises_several_criteria_at_once_all_or_nothing(par: ParWorld) -> None:
    client = par.client(par.world.reviewer)
    page = client.get(par.url).content.decode()
    assert 'name="a-1.1"' in page and 'name="a-3.1"' in page and 'name="p-1.1"' not in page
    version = str(par.fresh().version)
    refused = client.post(
        par.url + "tham-dinh/",
        {"version": version, "a-1.1": "1", "ar-1.1": "Chậm", "a-1.3": "0,5", "ar-1.3": ""},
    )
    assert refused.status_code == 422
    assert (
        "Tiêu chí 1.3: điểm thẩm định 0,50 điểm khác điểm tự chấm (0 điểm); ghi lý do."
        in refused.content.decode()
    )
    assert not Score.objects.filter(appraised_points__isnull=False).exists()
    done = client.post(
        par.url + "tham-dinh/",
        {"version": version, "a-1.1": "1", "ar-1.1": "Chậm", "a-1.3": "0,5", "ar-1.3": "Có báo cáo quý"},
    )
    assert done.status_code == 302
    assert dict(
        Score.objects.filter(appraised_points__isnull=False).values_list("code", "appraised_points")
    ) == {
        "1.1": Decimal("1"),
        "1.3": Decimal("0.5"),
    }
    totals = client.get(par.url).context["totals"]
    # self: 5,70 (3.1) + 1,50 (1.1) = 7,20; appraised: 5,70 + 1 + 0,50 = 7,20.
    assert (totals["self_points"], totals["final_points"]) == ("7,20", "7,20")


def test_the_unit_sees_the_appraisal_but_cannot_type_it(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).get(par.url).content.decode()
    assert 'name="a-1.1"' not in page
    assert par.client(par.world.reporter_a).post(par.url + "tham-dinh/", {"version": "9"}).status_code == 403


def test_an_emptied_appraisal_gives_the_self_score_back_with_an_audit_row(par: ParWorld) -> None:
    appraise(par.assessment, par.world.reviewer, "1.1", Decimal("1"), "Chậm")
    client = par.client(par.world.reviewer)
    response = client.post(
        par.url + "tham-dinh/", {"version": str(par.fresh().version), "a-1.1": "", "ar-1.1": ""}
    )
    assert response.status_code == 302
    assert sheet(par.fresh()).line("1.1").final_points == Decimal("1.5")
    last = ScoreChange.objects.filter(stage="appraise").first()
    assert last is not None and (last.old_text, last.new_text) == ("1 điểm", "bỏ điểm thẩm định")
