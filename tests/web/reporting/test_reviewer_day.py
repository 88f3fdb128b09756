"""The reviewer's day: bulk approval of the clean forms (and what it leaves out), the next form to review."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cchc.core.numbers import format_number
from cchc.web.reporting.models import Channel, Status, Submission, WorkflowEvent
from cchc.web.reporting.services import (
    approve_clean,
    clean_forms,
    ensure_period,
    next_to_review,
    review_queue,
    save_values,
    submission_for,
    transition,
)
from web.conftest import World

pytestmark = pytest.mark.django_db


def sent(world: World, unit, form: int, values: dict[str, str]):  # type: ignore[no-untyped-def]
    """The unit's reporter saves `values` in the form and sends it."""
    reporter = world.reporter_a if unit == world.unit_a else world.reporter_b
    submission = submission_for(unit, world.period, form)
    save_values(submission, reporter, {code: (text, None) for code, text in values.items()})
    return transition(submission, reporter, "submit")


def two_units(world: World) -> dict[str, Submission]:
    """Unit A sends a clean BM3 and a BM1 whose note names another period; unit B sends BM4; unit A's
    BM6 is a draft."""
    forms = {
        "a3": sent(world, world.unit_a, 3, {"BM3-3.1.1": "100", "BM3-3.1.2": "95"}),
        "a1": submission_for(world.unit_a, world.period, 1),
        "b4": sent(world, world.unit_b, 4, {"BM4-1.5.3": "7"}),
    }
    # A note dated to another period (an error the period's findings list), in a form the unit sent
    # before the check blocked such a note: the demo and older databases hold such forms.
    save_values(forms["a1"], world.reporter_a, {"BM1-1": ("3", "Quý I năm 2022")})
    Submission.objects.filter(pk=forms["a1"].pk).update(status=Status.SUBMITTED, submitted_at=timezone.now())
    forms["a1"].refresh_from_db()
    save_values(submission_for(world.unit_a, world.period, 6), world.reporter_a, {"BM6-2.2": ("5", None)})
    forms["a6"] = Submission.objects.get(unit=world.unit_a, period=world.period, form=6)
    return forms


def test_a_periods_bulk_approval_lists_the_clean_forms_and_why_the_others_are_left_out(world: World) -> None:
    forms = two_units(world)
    listed = {
        (item.submission.unit.code, item.submission.form): item.reason
        for item in clean_forms(world.reviewer, world.period)
    }
    assert listed[("so-tu-phap", 3)] == "" and listed[("huyen-nga-son", 4)] == ""
    assert listed[("so-tu-phap", 1)].startswith("còn 1 lỗi: ")
    assert listed[("so-tu-phap", 6)] == "chưa gửi (đang nhập)"
    approved, left = approve_clean(world.reviewer, world.period, [s.pk for s in forms.values()])
    assert sorted((s.unit.code, s.form) for s in approved) == [("huyen-nga-son", 4), ("so-tu-phap", 3)]
    assert sorted((item.submission.form, item.reason[:8]) for item in left) == [
        (1, "còn 1 lỗ"),
        (6, "chưa gửi"),
    ]
    assert Submission.objects.get(pk=forms["a1"].pk).status == Status.SUBMITTED
    # Each bulk approval is a workflow event like a single one: who, from which status, through the web.
    events = WorkflowEvent.objects.filter(action="approve").order_by("submission__unit__order")
    assert [(e.submission.unit.code, e.user, e.from_status, e.to_status, e.channel) for e in events] == [
        ("so-tu-phap", world.reviewer, Status.SUBMITTED, Status.APPROVED, Channel.WEB),
        ("huyen-nga-son", world.reviewer, Status.SUBMITTED, Status.APPROVED, Channel.WEB),
    ]


def test_a_units_bulk_approval_touches_only_that_unit(world: World) -> None:
    forms = two_units(world)
    listed = clean_forms(world.reviewer, world.period, world.unit_b)
    assert [(item.submission.pk, item.reason) for item in listed] == [(forms["b4"].pk, "")]
    approved, left = approve_clean(world.reviewer, world.period, [s.pk for s in forms.values()], world.unit_b)
    assert [s.pk for s in approved] == [forms["b4"].pk] and left == []
    assert Submission.objects.get(pk=forms["a3"].pk).status == Status.SUBMITTED


def test_a_form_changed_since_the_confirmation_page_is_not_approved(world: World) -> None:
    forms = two_units(world)
    transition(forms["a3"], world.reviewer, "return", "Xem lại mục 3.1.2")
    approved, left = approve_clean(world.reviewer, world.period, [forms["a3"].pk, forms["b4"].pk])
    assert [s.pk for s in approved] == [forms["b4"].pk]
    assert [(item.submission.pk, item.reason) for item in left] == [(forms["a3"].pk, "chưa gửi (bị trả lại)")]


def test_a_reporter_approves_nothing_in_bulk(world: World) -> None:
    forms = two_units(world)
    assert clean_forms(world.reporter_a, world.period) == []
    assert approve_clean(world.reporter_a, world.period, [s.pk for s in forms.values()]) == ([], [])
    response = world.client(world.reporter_a).post("/ky/2023Q1/duyet/", {"bieu": [forms["a3"].pk]})
    assert response.status_code == 403
    assert Submission.objects.get(pk=forms["a3"].pk).status == Status.SUBMITTED


def test_the_next_form_to_review_is_the_oldest_sent_and_none_when_the_queue_is_empty(world: World) -> None:
    forms = two_units(world)
    assert next_to_review(world.reviewer) == forms["a3"]
    transition(forms["a3"], world.reviewer, "approve")
    assert next_to_review(world.reviewer) == forms["b4"]
    transition(forms["b4"], world.reviewer, "approve")
    assert next_to_review(world.reviewer) == forms["a1"]
    transition(forms["a1"], world.reviewer, "return", "Ghi chú mục 1 ghi sai kỳ")
    assert next_to_review(world.reviewer) is None
    assert next_to_review(world.reporter_a) is None


def test_after_approving_on_the_form_the_reviewer_goes_to_the_next_form_then_back_home(world: World) -> None:
    forms = two_units(world)
    reviewer = world.client(world.reviewer)
    response = reviewer.post("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/chuyen/?hang-doi=1", {"action": "approve"})
    assert response["Location"] == "/ky/2023Q1/don-vi/huyen-nga-son/bieu/4/?hang-doi=1"
    page = reviewer.get(response["Location"]).content.decode()
    assert "Đã duyệt biểu mẫu. Tiếp theo: UBND huyện Nga Sơn, Biểu mẫu 4 (Quý I năm 2023)." in page
    # The form opened from the queue sends its decision back to the queue.
    assert 'action="/ky/2023Q1/don-vi/huyen-nga-son/bieu/4/chuyen/?hang-doi=1"' in page
    response = reviewer.post(
        "/ky/2023Q1/don-vi/huyen-nga-son/bieu/4/chuyen/?hang-doi=1", {"action": "approve"}
    )
    assert response["Location"] == "/ky/2023Q1/don-vi/so-tu-phap/bieu/1/?hang-doi=1"
    response = reviewer.post(
        "/ky/2023Q1/don-vi/so-tu-phap/bieu/1/chuyen/?hang-doi=1",
        {"action": "return", "comment": "Ghi chú sai kỳ"},
    )
    assert response["Location"] == "/"
    home = reviewer.get("/").content.decode()
    assert "Đã trả lại biểu mẫu cho đơn vị. Không còn biểu mẫu nào chờ duyệt." in home
    assert Submission.objects.get(pk=forms["a1"].pk).status == Status.RETURNED


def test_the_queue_starts_from_the_home_pages_review_button(world: World) -> None:
    two_units(world)
    home = world.client(world.reviewer).get("/").content.decode()
    assert 'id="review-first" href="/ky/2023Q1/don-vi/so-tu-phap/bieu/3/?hang-doi=1"' in home


def test_a_decision_on_a_form_opened_directly_goes_back_to_that_units_page(world: World) -> None:
    forms = two_units(world)
    reviewer = world.client(world.reviewer)
    page = reviewer.get("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/").content.decode()
    assert 'action="/ky/2023Q1/don-vi/so-tu-phap/bieu/3/chuyen/"' in page
    response = reviewer.post("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/chuyen/", {"action": "approve"})
    # Not Nga Sơn's BM4, the next in the queue: Sở Tư pháp's forms, with what was done.
    assert response["Location"] == "/ky/2023Q1/don-vi/so-tu-phap/"
    assert "Đã duyệt Biểu mẫu 3 của Sở Tư pháp." in reviewer.get(response["Location"]).content.decode()
    response = reviewer.post(
        "/ky/2023Q1/don-vi/so-tu-phap/bieu/1/chuyen/", {"action": "return", "comment": "Ghi chú sai kỳ"}
    )
    assert response["Location"] == "/ky/2023Q1/don-vi/so-tu-phap/"
    assert "Đã trả lại Biểu mẫu 1 cho Sở Tư pháp." in reviewer.get(response["Location"]).content.decode()
    assert Submission.objects.get(pk=forms["a1"].pk).status == Status.RETURNED
    assert Submission.objects.get(pk=forms["b4"].pk).status == Status.SUBMITTED


def test_the_confirmation_page_lists_what_is_approved_and_what_is_left_out_then_approves_it(
    world: World,
) -> None:
    forms = two_units(world)
    reviewer = world.client(world.reviewer)
    html = " ".join(reviewer.get("/ky/2023Q1/duyet/").content.decode().split())
    assert "Sẽ duyệt: 2 biểu mẫu</strong> của 2 đơn vị" in html and "Duyệt 2 biểu mẫu" in html
    assert "Không duyệt vì còn lỗi: 1 biểu mẫu" in html and "Biểu mẫu 1</a>: <span" in html
    assert "còn 1 lỗi: " in html
    assert "Không duyệt vì đơn vị chưa gửi: 1 biểu mẫu" in html and "Biểu mẫu 6</a> (đang nhập)" in html
    response = reviewer.post("/ky/2023Q1/duyet/", {"bieu": [forms["a3"].pk, forms["b4"].pk]})
    assert response["Location"] == "/ky/2023Q1/"
    assert "Đã duyệt 2 biểu mẫu." in reviewer.get("/ky/2023Q1/").content.decode()
    assert Submission.objects.filter(status=Status.APPROVED).count() == 2


def test_the_reviewers_start_page_lists_the_late_units_and_the_returned_forms_not_sent_again(
    world: World,
) -> None:
    forms = two_units(world)
    transition(forms["a3"], world.reviewer, "return", "Mục 3.1.2: số hồ sơ đúng hạn chưa khớp.")
    page = world.client(world.reviewer).get("/").content.decode()
    late = format_number((timezone.localdate() - world.period.unit_deadline).days)
    assert f"Quý I năm 2023, toàn tỉnh: 3 đơn vị chưa gửi đủ biểu mẫu, đã quá hạn {late} ngày" in page
    # Sở Tư pháp owes the returned BM3 and the draft BM6; its sent BM1 is not owed.
    line = next(li for li in page.split("<li>") if li.startswith('<a href="/ky/2023Q1/don-vi/so-tu-phap/">'))
    assert "biểu mẫu 3" in line and "biểu mẫu 6" in line and "biểu mẫu 1," not in line
    assert "Biểu mẫu đã trả lại, đơn vị chưa gửi lại (1)" in page
    assert "Sở Tư pháp · Biểu mẫu 3</a> · trả lại ngày" in page
    assert "«Mục 3.1.2: số hồ sơ đúng hạn chưa khớp.»" in page
    # A unit's reporter sees neither list.
    reporter = world.client(world.reporter_a).get("/").content.decode()
    assert "đơn vị chưa gửi đủ biểu mẫu" not in reporter and "đơn vị chưa gửi lại" not in reporter


def test_the_queue_puts_the_newest_period_first_and_next_stays_in_the_period_just_decided(
    world: World,
) -> None:
    forms = two_units(world)  # Quý I năm 2023: a3, b4, a1 waiting
    year = ensure_period("2026Y")
    newer = [
        transition(submission_for(world.unit_a, year, form), world.reporter_a, "submit") for form in (5, 7)
    ]
    queue = [(s.period.code, s.unit.code, s.form) for s in review_queue(world.reviewer)]
    assert queue == [
        ("2026Y", "so-tu-phap", 5),
        ("2026Y", "so-tu-phap", 7),
        ("2023Q1", "so-tu-phap", 3),
        ("2023Q1", "huyen-nga-son", 4),
        ("2023Q1", "so-tu-phap", 1),
    ]
    # Deciding a 2023 form goes on in 2023, not to the newer period.
    transition(forms["a3"], world.reviewer, "approve")
    assert next_to_review(world.reviewer, forms["a3"]) == forms["b4"]
    # Deciding a 2026 form stays in 2026, and once 2026 is done the next is the older period's first.
    reviewer = world.client(world.reviewer)
    response = reviewer.post("/ky/2026Y/don-vi/so-tu-phap/bieu/5/chuyen/?hang-doi=1", {"action": "approve"})
    assert response["Location"] == "/ky/2026Y/don-vi/so-tu-phap/bieu/7/?hang-doi=1"
    response = reviewer.post("/ky/2026Y/don-vi/so-tu-phap/bieu/7/chuyen/?hang-doi=1", {"action": "approve"})
    assert response["Location"] == "/ky/2023Q1/don-vi/huyen-nga-son/bieu/4/?hang-doi=1"
    assert [s.status for s in Submission.objects.filter(pk__in=[s.pk for s in newer])] == [
        Status.APPROVED
    ] * 2


def test_the_reviewers_start_page_counts_the_queue_per_period_newest_first(world: World) -> None:
    two_units(world)
    year = ensure_period("2026Y")
    transition(submission_for(world.unit_a, year, 5), world.reporter_a, "submit")
    page = " ".join(world.client(world.reviewer).get("/").content.decode().split())
    assert "Biểu mẫu chờ duyệt (4)" in page
    assert (
        '<li><a href="/ky/2026Y/">Năm 2026</a>: 1 biểu mẫu chờ duyệt</li> '
        '<li><a href="/ky/2023Q1/">Quý I năm 2023</a>: 3 biểu mẫu chờ duyệt</li>'
    ) in page
    assert 'href="/ky/2026Y/don-vi/so-tu-phap/bieu/5/?hang-doi=1">Duyệt lần lượt Năm 2026, bắt đầu' in page


def test_the_start_pages_lead_with_the_newest_period_and_name_the_unit_a_notice_counts(world: World) -> None:
    year = ensure_period("2026Y")
    today = timezone.localdate()
    late = (today - world.period.unit_deadline).days
    assert late > 1000  # the sample quarter, left open for years
    reporter = " ".join(world.client(world.reporter_a).get("/").content.decode().split())
    newest = reporter.index(f"Kỳ báo cáo Năm 2026: hạn {year.unit_deadline:%d/%m/%Y}")
    oldest = reporter.index(
        f"Kỳ báo cáo Quý I năm 2023: hạn 16/03/2023, đã quá hạn {format_number(late)} ngày; "
        "Sở Tư pháp còn 6 biểu chưa gửi."
    )
    assert newest < oldest
    # The reviewer's own notice names UBND tỉnh; the province's count comes per period, newest first.
    reviewer = " ".join(world.client(world.reviewer).get("/").content.decode().split())
    assert "; UBND tỉnh Thanh Hóa còn 7 biểu chưa gửi." in reviewer
    assert "đơn vị còn" not in reviewer
    newest = reviewer.index("Năm 2026, toàn tỉnh: 2 đơn vị chưa gửi đủ biểu mẫu")
    assert newest < reviewer.index("Quý I năm 2023, toàn tỉnh: 3 đơn vị chưa gửi đủ biểu mẫu, đã quá hạn")


def test_the_confirmation_page_puts_the_counts_and_the_button_above_the_lists_grouped_by_unit(
    world: World,
) -> None:
    forms = two_units(world)
    forms["a5"] = sent(world, world.unit_a, 5, {})
    html = " ".join(world.client(world.reviewer).get("/ky/2023Q1/duyet/").content.decode().split())
    assert "Sẽ duyệt: 3 biểu mẫu</strong> của 2 đơn vị" in html
    button = html.index("Duyệt 3 biểu mẫu</button>")
    # Every list comes after the button, folded; the one with errors (short) is open.
    assert button < html.index('id="ready"') < html.index('id="with-errors"') < html.index('id="not-sent"')
    assert html.count('<details class="bulk-list">') == 2 and '<details class="bulk-list" open>' in html
    # Sở Tư pháp's two clean forms are one line of the list, with their count.
    ready = html[html.index('id="ready"') : html.index("</table>", html.index('id="ready"'))]
    assert ready.count("<tr>") == 3  # the header, Sở Tư pháp, UBND huyện Nga Sơn
    line = ready[ready.index("Sở Tư pháp") : ready.index("UBND huyện Nga Sơn")]
    assert '<td class="num">2</td>' in line and "Biểu mẫu 3</a>, " in line and "Biểu mẫu 5</a>" in line
    # The button approves what the counts said.
    hidden = sorted(int(pk) for pk in re.findall(r'name="bieu" value="(\d+)"', html))
    assert hidden == sorted(forms[key].pk for key in ("a3", "b4", "a5"))
