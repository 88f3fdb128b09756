"""A self-assessment goes through the forms' workflow: gửi, trả lại with a comment, duyệt, mở lại."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cchc.web.par.models import AssessmentEvent
from cchc.web.par.services import ParSaveError, ParWorkflowError, SelfEntry, save_self_scores, transition
from cchc.web.reporting.models import Status
from web.conftest import World
from web.par.sheet_world import ParWorld, make_par_world, score_all


@pytest.fixture
def par(world: World) -> ParWorld:
    return make_par_world(world)


def test_submit_is_refused_while_judgement_criteria_are_unscored_and_lists_them(par: ParWorld) -> None:
    score_all(par, but=("1.7", "2.2"))
    with pytest.raises(ParWorkflowError) as refused:
        transition(par.assessment, par.world.reporter_a, "submit")
    message = str(refused.value)
    assert message.startswith("Chưa gửi được: còn 2 tiêu chí cần sửa.")
    assert "Tiêu chí 1.7 (Tuyên truyền về cải cách hành chính): chưa chấm điểm." in message
    assert "Tiêu chí 2.2 (" in message
    assert par.fresh().status == Status.DRAFT
    assert not AssessmentEvent.objects.exists()


def test_submit_return_with_comment_and_approve_each_leave_an_event(par: ParWorld) -> None:
    score_all(par)
    transition(par.assessment, par.world.reporter_a, "submit")
    assert par.fresh().status == Status.SUBMITTED and par.fresh().submitted_at is not None
    with pytest.raises(ParWorkflowError, match="cần ghi lý do"):
        transition(par.assessment, par.world.reviewer, "return", "  ")
    transition(par.assessment, par.world.reviewer, "return", "Tiêu chí 1.1: bổ sung quyết định ban hành.")
    assert par.fresh().status == Status.RETURNED
    transition(par.assessment, par.world.reporter_a, "submit")
    transition(par.assessment, par.world.reviewer, "approve")
    assert par.fresh().status == Status.APPROVED and par.fresh().approved_at is not None
    events = list(
        AssessmentEvent.objects.order_by("at", "id").values_list(
            "action", "from_status", "to_status", "comment"
        )
    )
    assert events == [
        ("submit", "draft", "submitted", ""),
        ("return", "submitted", "returned", "Tiêu chí 1.1: bổ sung quyết định ban hành."),
        ("submit", "returned", "submitted", ""),
        ("approve", "submitted", "approved", ""),
    ]
    transition(par.assessment, par.world.reviewer, "reopen", "Hội đồng xem lại tiêu chí 3.3.")
    assert par.fresh().status == Status.RETURNED and par.fresh().approved_at is None


def test_a_sent_assessment_cannot_be_changed_by_the_unit(par: ParWorld) -> None:
    score_all(par)
    transition(par.assessment, par.world.reporter_a, "submit")
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(
            par.assessment, par.world.reporter_a, [SelfEntry("1.7", Decimal(0))], par.fresh().version
        )
    assert refused.value.problems[""] == "Bản tự đánh giá đang ở trạng thái «Đã gửi», không sửa được."


def test_a_reporter_cannot_approve_and_a_viewer_cannot_submit(par: ParWorld) -> None:
    score_all(par)
    transition(par.assessment, par.world.reporter_a, "submit")
    with pytest.raises(PermissionDenied):
        transition(par.assessment, par.world.reporter_a, "approve")
    with pytest.raises(PermissionDenied):
        transition(par.other, par.world.viewer, "submit")


def test_the_page_returns_with_the_comment_shown_at_the_top_for_the_unit(par: ParWorld) -> None:
    score_all(par)
    reporter, reviewer = par.client(par.world.reporter_a), par.client(par.world.reviewer)
    assert reporter.post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"}).status_code == 302
    response = reviewer.post(
        par.url + "chuyen/", {"action": "return", "comment": "Bổ sung kế hoạch tuyên truyền."}
    )
    assert response.status_code == 302 and response["Location"] == "/chi-so-cchc/2025/tu-danh-gia/"
    page = reporter.get(par.url).content.decode()
    assert "Sở Nội vụ trả lại bản tự đánh giá để sửa" in page
    assert "Bổ sung kế hoạch tuyên truyền." in page
    assert 'name="p-1.7"' in page  # editable again


def test_the_page_shows_a_refused_submit_as_a_message(par: ParWorld) -> None:
    client = par.client(par.world.reporter_a)
    response = client.post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"}, follow=True)
    assert "Chưa gửi được: còn 23 tiêu chí cần sửa." in response.content.decode()


def test_a_step_recorded_without_a_user_shows_as_the_system(par: ParWorld) -> None:
    score_all(par)
    transition(par.assessment, par.world.reporter_a, "submit")
    transition(par.assessment, par.world.reviewer, "return", "Bổ sung tài liệu.")
    AssessmentEvent.objects.update(user=None)
    page = par.client(par.world.reporter_a).get(par.url)
    assert page.status_code == 200
    assert "Hệ thống" in page.content.decode()
