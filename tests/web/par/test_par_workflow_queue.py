"""The reviewers' queue of the year's self-assessments: departments and communes apart, by status, counted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment
from cchc.web.par.scoring import open_round
from cchc.web.par.services import transition
from cchc.web.reporting.models import Status
from web.conftest import World
from web.par.sheet_world import ParWorld, make_par_world, score_all


@pytest.fixture
def par(world: World) -> ParWorld:
    OrgUnit.objects.create(
        code="xa-nga-son", name="UBND xã Nga Sơn", level="xa", parent=world.province, order=9
    )
    world_ = make_par_world(world)
    open_round(2025, world_.round.self_deadline)  # the commune created after the round opened joins it
    score_all(world_)
    transition(world_.assessment, world.reporter_a, "submit")
    return world_


def test_the_queue_lists_departments_and_communes_apart_with_counts_sent_first(par: ParWorld) -> None:
    page = par.client(par.world.reviewer).get("/chi-so-cchc/2025/tu-danh-gia/")
    assert page.status_code == 200
    so, xa = page.context["groups"]
    assert (so["label"], so["total"], xa["label"], xa["total"]) == ("Sở, ban, ngành", 2, "UBND cấp xã", 1)
    assert so["counts"] == [
        ("submitted", "Đã gửi", 1),
        ("returned", "Bị trả lại", 0),
        ("draft", "Đang nhập", 1),
        ("approved", "Đã duyệt", 0),
    ]
    assert [line.assessment.unit.name for line in so["lines"]] == ["Sở Tư pháp", "Sở Y tế"]
    assert [line.assessment.unit.name for line in xa["lines"]] == ["UBND xã Nga Sơn"]
    assert 'href="/chi-so-cchc/2025/don-vi/so-tu-phap/"' in page.content.decode()


def test_the_queue_filters_by_status(par: ParWorld) -> None:
    page = par.client(par.world.reviewer).get("/chi-so-cchc/2025/tu-danh-gia/?trang-thai=submitted")
    so, xa = page.context["groups"]
    assert [line.assessment.unit.code for line in so["lines"]] == ["so-tu-phap"]
    assert xa["lines"] == [] and xa["total"] == 1


def test_a_reporter_does_not_open_the_queue(par: ParWorld) -> None:
    assert par.client(par.world.reporter_a).get("/chi-so-cchc/2025/tu-danh-gia/").status_code == 403


def test_a_year_without_a_round_is_a_404(par: ParWorld) -> None:
    assert par.client(par.world.reviewer).get("/chi-so-cchc/2019/tu-danh-gia/").status_code == 404


def test_the_queue_shows_the_final_points_of_an_approved_assessment_with_two_decimals(par: ParWorld) -> None:
    transition(par.assessment, par.world.reviewer, "approve")
    page = par.client(par.world.reviewer).get("/chi-so-cchc/2025/tu-danh-gia/")
    line = next(li for li in page.context["groups"][0]["lines"] if li.assessment.unit.code == "so-tu-phap")
    # 1,5 for 1.1 with its file, 0 for the other judgement criteria, no figures: 1,50 of 100.
    assert (line.final_shown, line.self_points, line.final_points, line.index) == (
        True,
        "1,50",
        "1,50",
        "1,50",
    )


def test_after_a_decision_the_reviewer_goes_on_to_the_next_sent_assessment_then_back_to_the_queue(
    par: ParWorld,
) -> None:
    Assessment.objects.filter(pk=par.other.pk).update(status=Status.SUBMITTED, submitted_at=timezone.now())
    client = par.client(par.world.reviewer)
    comment = {"action": "return", "comment": "Bổ sung tài liệu kiểm chứng tiêu chí 1.1."}
    first = client.post("/chi-so-cchc/2025/don-vi/so-tu-phap/chuyen/", comment, follow=True)
    assert first.redirect_chain == [("/chi-so-cchc/2025/don-vi/so-y-te/", 302)]
    assert "Đã trả lại bản tự đánh giá cho đơn vị. Tiếp theo: Sở Y tế." in first.content.decode()
    last = client.post("/chi-so-cchc/2025/don-vi/so-y-te/chuyen/", comment, follow=True)
    assert last.redirect_chain == [("/chi-so-cchc/2025/tu-danh-gia/", 302)]
    assert "Không còn bản tự đánh giá nào chờ thẩm định." in last.content.decode()
    statuses = dict(Assessment.objects.filter(round=par.round).values_list("unit__code", "status"))
    assert statuses == {"so-tu-phap": "returned", "so-y-te": "returned", "xa-nga-son": "draft"}
