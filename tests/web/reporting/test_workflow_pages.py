"""The workflow through the pages: submit, return with a comment, resubmit, approve, reopen."""

from __future__ import annotations

from cchc.web.reporting.models import Status, Submission, WorkflowEvent

URL = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
STEP = URL + "chuyen/"


def status(world) -> str:
    """The status of unit A's form 3."""
    return Submission.objects.get(unit=world.unit_a, period=world.period, form=3).status


def fill(world) -> None:
    """Unit A types a consistent BM3 through the page."""
    response = world.client(world.reporter_a).post(
        URL,
        {"version": "0", "v-BM3-3.1.1": "100", "v-BM3-3.1.2": "95", "v-BM3-3.4.1": "4", "v-BM3-3.4.2": "4"},
    )
    assert response.status_code == 302


def test_a_form_goes_submit_return_resubmit_approve_reopen_through_the_pages(world) -> None:
    fill(world)
    reporter, reviewer = world.client(world.reporter_a), world.client(world.reviewer)

    response = reporter.post(STEP, {"action": "submit", "xac-nhan": "1", "comment": ""})
    assert response.status_code == 302 and response["Location"] == URL
    assert status(world) == Status.SUBMITTED
    assert "Đã gửi biểu mẫu cho Sở Nội vụ." in reporter.get(URL).content.decode()

    response = reviewer.post(STEP, {"action": "return", "comment": "Kiểm tra lại mục 3.1.2"})
    assert response.status_code == 302 and status(world) == Status.RETURNED
    page = reporter.get(URL).content.decode()
    assert "Kiểm tra lại mục 3.1.2" in page and "Nguyễn Văn C" in page
    assert 'name="v-BM3-3.1.2"' in page  # a returned form can be corrected

    assert reporter.post(STEP, {"action": "submit", "xac-nhan": "1"}).status_code == 302
    assert status(world) == Status.SUBMITTED
    assert reviewer.post(STEP, {"action": "approve"}).status_code == 302
    assert status(world) == Status.APPROVED
    assert reviewer.post(STEP, {"action": "reopen", "comment": "Bộ yêu cầu bổ sung"}).status_code == 302
    assert status(world) == Status.RETURNED
    assert list(WorkflowEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
        "reopen",
    ]


def test_returning_without_a_comment_is_refused_with_a_message(world) -> None:
    fill(world)
    world.client(world.reporter_a).post(STEP, {"action": "submit", "xac-nhan": "1"})
    reviewer = world.client(world.reviewer)
    response = reviewer.post(STEP, {"action": "return", "comment": "   "})
    assert response.status_code == 302
    assert status(world) == Status.SUBMITTED
    assert "Thao tác «Trả lại» cần ghi lý do." in reviewer.get(URL).content.decode()
    assert WorkflowEvent.objects.filter(action="return").count() == 0


def test_reopening_without_a_comment_is_refused(world) -> None:
    fill(world)
    world.client(world.reporter_a).post(STEP, {"action": "submit", "xac-nhan": "1"})
    reviewer = world.client(world.reviewer)
    reviewer.post(STEP, {"action": "approve"})
    reviewer.post(STEP, {"action": "reopen", "comment": ""})
    assert status(world) == Status.APPROVED
    assert "Thao tác «Mở lại» cần ghi lý do." in reviewer.get(URL).content.decode()


def test_a_form_with_errors_cannot_be_submitted(world) -> None:
    reporter = world.client(world.reporter_a)
    reporter.post(URL, {"version": "0", "v-BM3-3.1.1": "10", "v-BM3-3.1.2": "12"})
    reporter.post(STEP, {"action": "submit", "xac-nhan": "1"})
    assert status(world) == Status.DRAFT
    assert "Chưa gửi được: biểu mẫu còn 1 lỗi." in reporter.get(URL).content.decode()


def test_a_reporter_cannot_approve_their_own_form(world) -> None:
    fill(world)
    reporter = world.client(world.reporter_a)
    reporter.post(STEP, {"action": "submit", "xac-nhan": "1"})
    assert reporter.post(STEP, {"action": "approve"}).status_code == 403
    assert status(world) == Status.SUBMITTED


def test_each_user_sees_only_the_steps_they_may_take(world) -> None:
    fill(world)
    reporter_page = world.client(world.reporter_a).get(URL).content.decode()
    assert 'name="action" value="submit"' in reporter_page
    assert 'value="approve"' not in reporter_page
    world.client(world.reporter_a).post(STEP, {"action": "submit", "xac-nhan": "1"})
    reviewer_page = world.client(world.reviewer).get(URL).content.decode()
    assert 'value="return"' in reviewer_page and 'value="approve"' in reviewer_page
    assert 'name="comment"' in reviewer_page
    viewer_page = world.client(world.viewer).get(URL).content.decode()
    assert 'name="action"' not in viewer_page


def test_an_unknown_step_is_refused_with_a_message(world) -> None:
    fill(world)
    reporter = world.client(world.reporter_a)
    assert reporter.post(STEP, {"action": "xoa"}).status_code == 302
    assert "Thao tác «xoa» không hợp lệ." in reporter.get(URL).content.decode()
    assert status(world) == Status.DRAFT
