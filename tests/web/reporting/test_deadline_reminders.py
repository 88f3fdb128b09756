"""Deadline reminders: who gets a mail (the units' people with unsent forms of an open period due within N
days or overdue), at most one a day, what it lists; the start page says the same."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.cli import main
from cchc.web.org.models import ReminderSent
from cchc.web.reporting.models import Status, Submission
from cchc.web.reporting.reminders import remind
from smtp_inbox import body, mailbox, subject  # noqa: F401 (the fixture)

A = "le.van.a@sotuphap.thanhhoa.gov.vn"
B = "tran.thi.b@ngason.thanhhoa.gov.vn"


@pytest.fixture
def addresses(world):  # type: ignore[no-untyped-def]
    for user, address in (
        (world.reporter_a, A),
        (world.reporter_b, B),
        (world.viewer, "xem@thanhhoa.gov.vn"),
    ):
        user.email = address
        user.save()
    return world


def days_before_deadline(world, days: int) -> dt.date:  # type: ignore[no-untyped-def]
    return world.period.unit_deadline - dt.timedelta(days=days)


def send_all(world, unit, forms, status=Status.SUBMITTED) -> None:  # type: ignore[no-untyped-def]
    for form in forms:
        Submission.objects.update_or_create(
            unit=unit, period=world.period, form=form, defaults={"status": status}
        )


def test_each_reporter_gets_the_list_of_the_forms_not_sent(addresses, mailbox) -> None:  # noqa: F811
    world = addresses
    # Sở Tư pháp sent four of its six forms; form 3 is still being entered, form 7 was returned.
    send_all(world, world.unit_a, [1, 4, 5, 6])
    send_all(world, world.unit_a, [3], Status.DRAFT)
    send_all(world, world.unit_a, [7], Status.RETURNED)
    outcomes = remind(days_before_deadline(world, 2))
    assert [(o.user.username, o.sent) for o in outcomes] == [
        ("bc-a", True),
        ("bc-b", True),
        ("thamdinh", False),
    ]
    assert outcomes[2].reason == "chưa có thư điện tử"
    [to_a] = mailbox.to(A)
    assert subject(to_a) == "Nhắc hạn báo cáo CCHC: Quý I năm 2023, hạn 16/03/2023"
    text = body(to_a)
    assert text.startswith("Kính gửi Lê Văn A,")
    assert "Kỳ báo cáo Quý I năm 2023: hạn 16/03/2023, còn 2 ngày; Sở Tư pháp còn 2 biểu chưa gửi." in text
    assert "    - Biểu mẫu 3: " in text
    assert "    - Biểu mẫu 7: " in text and "(bị trả lại, cần sửa và gửi lại)" in text
    assert "Biểu mẫu 1:" not in text
    [to_b] = mailbox.to(B)
    assert (
        "Kỳ báo cáo Quý I năm 2023: hạn 16/03/2023, còn 2 ngày; UBND huyện Nga Sơn còn 7 biểu chưa gửi."
        in body(to_b)
    )
    assert mailbox.to("xem@thanhhoa.gov.vn") == []  # a viewer enters nothing


def test_nobody_gets_two_reminders_a_day(addresses, mailbox) -> None:  # noqa: F811
    day = days_before_deadline(addresses, 1)
    remind(day)
    again = remind(day)
    assert len(mailbox.messages) == 2
    assert {o.user.username: o.reason for o in again if o.user.email} == {
        "bc-a": "đã nhắc hôm nay",
        "bc-b": "đã nhắc hôm nay",
    }
    remind(day + dt.timedelta(days=1))
    assert len(mailbox.messages) == 4
    assert ReminderSent.objects.filter(user=addresses.reporter_a).count() == 2


def test_a_far_deadline_sends_nothing_and_an_overdue_one_does(addresses, mailbox) -> None:  # noqa: F811
    assert remind(days_before_deadline(addresses, 4)) == []
    assert [o.user.username for o in remind(days_before_deadline(addresses, 4), days=4) if o.sent] == [
        "bc-a",
        "bc-b",
    ]
    mailbox.messages.clear()
    mailbox.recipients.clear()
    remind(addresses.period.unit_deadline + dt.timedelta(days=5))
    assert "hạn 16/03/2023, đã quá hạn 5 ngày" in body(mailbox.to(A)[0])


def test_a_unit_that_sent_every_form_is_not_reminded(addresses, mailbox) -> None:  # noqa: F811
    world = addresses
    send_all(world, world.unit_a, [1, 3, 4, 5], Status.APPROVED)
    send_all(world, world.unit_a, [6, 7])
    assert "bc-a" not in [o.user.username for o in remind(days_before_deadline(world, 0))]
    assert mailbox.to(A) == []


def test_a_closed_period_or_a_switched_off_account_is_not_reminded(addresses, mailbox) -> None:  # noqa: F811
    world = addresses
    world.reporter_b.is_active = False
    world.reporter_b.save()
    assert [o.user.username for o in remind(days_before_deadline(world, 0)) if o.sent] == ["bc-a"]
    world.period.is_open = False
    world.period.save()
    assert remind(days_before_deadline(world, 0) + dt.timedelta(days=1)) == []


def test_the_command_prints_who_was_reminded(addresses, mailbox, capsys, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: days_before_deadline(addresses, 3))
    assert main(["remind", "--xem-truoc"]) == 0
    assert mailbox.messages == []
    out = capsys.readouterr().out
    assert f"bc-a <{A}>: không gửi (xem trước, chưa gửi)" in out
    assert main(["remind"]) == 0
    out = capsys.readouterr().out
    assert f"bc-a <{A}>: đã gửi" in out
    assert "  Kỳ báo cáo Quý I năm 2023: hạn 16/03/2023, còn 3 ngày; Sở Tư pháp còn 6 biểu chưa gửi" in out
    assert "thamdinh <—>: không gửi (chưa có thư điện tử)" in out
    assert out.rstrip().endswith("Đã gửi 2 thư nhắc hạn.")


def test_the_start_page_shows_the_notice(addresses, monkeypatch) -> None:
    world = addresses
    send_all(world, world.unit_a, [1, 3, 4, 5])
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: days_before_deadline(world, 11))
    page = world.client(world.reporter_a).get("/").content.decode()
    assert "Kỳ báo cáo Quý I năm 2023: hạn 16/03/2023, còn 11 ngày; Sở Tư pháp còn 2 biểu chưa gửi." in page
    assert '<a href="/ky/2023Q1/don-vi/so-tu-phap/bieu/6/">Biểu mẫu 6</a>' in page
