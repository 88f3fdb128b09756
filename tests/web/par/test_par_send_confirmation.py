"""A self-assessment is sent only after the same confirmation page as a form: what sending means, the
criteria still without figures, the note typed; the first «Gửi» writes nothing."""

from __future__ import annotations

import html

import pytest

from cchc.web.par.models import AssessmentEvent
from cchc.web.reporting.models import Status
from web.conftest import World
from web.par.sheet_world import ParWorld, make_par_world, score_all

TITLE = "Gửi bản tự đánh giá Chỉ số CCHC năm 2025 của Sở Tư pháp cho Sở Nội vụ?"


@pytest.fixture
def par(world: World) -> ParWorld:
    return make_par_world(world)


def flat(content: bytes) -> str:
    return html.unescape(" ".join(content.decode().split()))


def test_the_first_send_asks_lists_the_criteria_without_figures_and_writes_nothing(par: ParWorld) -> None:
    score_all(par)
    response = par.client(par.world.reporter_a).post(
        par.url + "chuyen/", {"action": "submit", "comment": "Đủ"}
    )
    assert response.status_code == 200
    page = flat(response.content)
    assert f"<h1>{TITLE}</h1>" in page
    assert "không sửa được điểm tự chấm cho đến khi Sở Nội vụ trả lại" in page
    assert f'<a href="{par.url}#tc-' in page and "Chưa có số liệu" in page
    assert "Báo cáo Word" not in page
    assert '<input type="hidden" name="comment" value="Đủ">' in page
    assert par.fresh().status == Status.DRAFT and not AssessmentEvent.objects.exists()


def test_the_confirmed_send_sends_with_the_note(par: ParWorld) -> None:
    score_all(par)
    client = par.client(par.world.reporter_a)
    response = client.post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1", "comment": "Đủ"})
    assert response.status_code == 302
    assert par.fresh().status == Status.SUBMITTED
    assert AssessmentEvent.objects.get(action="submit").comment == "Đủ"


def test_an_unfinished_sheet_goes_back_with_the_reason_instead_of_asking(par: ParWorld) -> None:
    response = par.client(par.world.reporter_a).post(par.url + "chuyen/", {"action": "submit"}, follow=True)
    page = flat(response.content)
    assert "Chưa gửi được: còn 23 tiêu chí cần sửa." in page and TITLE not in page
    assert not AssessmentEvent.objects.exists()
