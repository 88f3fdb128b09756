"""A form is sent only after a confirmation page: what sending means, the warnings left, the unit's Word
report, the note typed; the first «Gửi» writes nothing."""

from __future__ import annotations

import html

from cchc.web.reporting.models import Status, Submission, WorkflowEvent
from cchc.web.reports.models import UnitReport

URL = "/ky/2023Q1/don-vi/so-tu-phap/bieu/4/"
STEP = URL + "chuyen/"
TITLE = "Gửi Biểu mẫu 4 của Sở Tư pháp (Quý I năm 2023) cho Sở Nội vụ?"
WARNING = "Biên chế có mặt (52) vượt biên chế được giao (50): kiểm tra lại hai số."


def flat(content: bytes) -> str:
    return html.unescape(" ".join(content.decode().split()))


def fill(world, present: str = "52") -> None:  # type: ignore[no-untyped-def]
    """Unit A's BM4 with more staff present than given: a warning, no error."""
    response = world.client(world.reporter_a).post(
        URL, {"version": "0", "v-BM4-2.1": "50", "v-BM4-2.2": present}
    )
    assert response.status_code == 302


def form(world) -> Submission:  # type: ignore[no-untyped-def]
    return Submission.objects.get(unit=world.unit_a, period=world.period, form=4)


def test_the_first_send_asks_and_lists_the_warnings_left_without_writing(world) -> None:
    fill(world)
    response = world.client(world.reporter_a).post(STEP, {"action": "submit", "comment": "Số liệu đến 14/3."})
    assert response.status_code == 200
    page = flat(response.content)
    assert f"<h1>{TITLE}</h1>" in page
    assert "không sửa được biểu mẫu này cho đến khi Sở Nội vụ trả lại" in page
    assert "Còn 1 điểm cần xem lại" in page
    assert f'<a href="{URL}#row-BM4-2.2">{WARNING}</a>' in page
    assert '<input type="hidden" name="comment" value="Số liệu đến 14/3.">' in page
    assert '<button type="submit" class="primary">Gửi</button>' in page
    assert f'<a class="button secondary" href="{URL}">Quay lại sửa</a>' in page
    assert form(world).status == Status.DRAFT
    assert not WorkflowEvent.objects.exists()


def test_the_confirmed_send_sends_with_the_note_carried(world) -> None:
    fill(world)
    reporter = world.client(world.reporter_a)
    response = reporter.post(STEP, {"action": "submit", "xac-nhan": "1", "comment": "Số liệu đến 14/3."})
    assert response.status_code == 302 and response["Location"] == URL
    assert form(world).status == Status.SUBMITTED
    assert WorkflowEvent.objects.get(action="submit").comment == "Số liệu đến 14/3."


def test_a_form_never_saved_is_not_created_by_the_question(world) -> None:
    response = world.client(world.reporter_a).post(STEP, {"action": "submit"})
    assert response.status_code == 200
    assert "Số liệu không có lỗi, không có cảnh báo" in flat(response.content)
    assert not Submission.objects.exists()


def test_a_form_with_an_error_goes_back_with_the_error_instead_of_asking(world) -> None:
    reporter = world.client(world.reporter_a)
    reporter.post(
        "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/", {"version": "0", "v-BM3-3.1.1": "10", "v-BM3-3.1.2": "12"}
    )
    response = reporter.post("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/chuyen/", {"action": "submit"}, follow=True)
    page = flat(response.content)
    assert "Chưa gửi được: biểu mẫu còn 1 lỗi." in page and TITLE.replace("4", "3") not in page
    assert not WorkflowEvent.objects.exists()


def test_a_sent_form_is_not_asked_again(world) -> None:
    fill(world)
    reporter = world.client(world.reporter_a)
    reporter.post(STEP, {"action": "submit", "xac-nhan": "1"})
    response = reporter.post(STEP, {"action": "submit"}, follow=True)
    assert "Không thể «gửi» biểu mẫu đang ở trạng thái «Đã gửi»." in flat(response.content)
    assert WorkflowEvent.objects.count() == 1


def test_others_may_not_see_the_question(world) -> None:
    fill(world)
    assert world.client(world.reviewer).post(STEP, {"action": "submit"}).status_code == 403
    assert world.client(world.reporter_b).post(STEP, {"action": "submit"}).status_code == 404


def test_it_says_whether_the_units_word_report_is_in(world) -> None:
    fill(world)
    reporter = world.client(world.reporter_a)
    link = '<a href="/ky/2023Q1/don-vi/so-tu-phap/bao-cao/">Gửi báo cáo Word</a>'
    page = flat(reporter.post(STEP, {"action": "submit"}).content)
    assert "Đơn vị chưa gửi báo cáo Word của kỳ này." in page and link in page
    report = UnitReport.objects.create(
        unit=world.unit_a, period=world.period, name="bao-cao-quy-1.docx", content=b"", size=0, sha256=""
    )
    page = flat(reporter.post(STEP, {"action": "submit"}).content)
    assert "Đã gửi «bao-cao-quy-1.docx» lúc" in page and link not in page
    report.returned_at = report.uploaded_at
    report.save()
    page = flat(reporter.post(STEP, {"action": "submit"}).content)
    assert "Báo cáo «bao-cao-quy-1.docx» đã bị Sở Nội vụ trả lại, chưa gửi lại." in page
    assert '<a href="/ky/2023Q1/don-vi/so-tu-phap/bao-cao/">Gửi lại báo cáo Word</a>' in page


def test_the_step_address_opened_without_a_post_goes_back_to_the_form(world) -> None:
    """A reporter whose session expired presses «Gửi», logs in again and lands on the step's address."""
    fill(world)
    response = world.client(world.reporter_a).get(STEP)
    assert (response.status_code, response["Location"]) == (302, URL)
    assert form(world).status == Status.DRAFT
