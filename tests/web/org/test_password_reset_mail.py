"""Forgotten password: a mail through a real SMTP server with a one-use link that sets a new password."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from cchc.web.org.models import AccountChange
from smtp_inbox import body, link_in, mailbox, subject  # noqa: F401 (the fixture)

NEW_PASSWORD = "so-lieu-quy-mot-2023"


@pytest.fixture
def reporter(world):  # type: ignore[no-untyped-def]
    world.reporter_a.email = "le.van.a@sotuphap.thanhhoa.gov.vn"
    world.reporter_a.save()
    return world.reporter_a


def ask(address: str) -> object:
    return Client().post("/quen-mat-khau/", {"email": address})


def test_it_mails_the_account_a_link_in_vietnamese(reporter, mailbox) -> None:  # noqa: F811
    response = ask("Le.Van.A@sotuphap.thanhhoa.gov.vn")
    assert response.status_code == 302
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    [message] = mailbox.messages
    assert mailbox.recipients == [["le.van.a@sotuphap.thanhhoa.gov.vn"]]
    assert subject(message) == "Đặt lại mật khẩu báo cáo CCHC"
    assert message["From"] == "Báo cáo CCHC <cchc@sonoivu.thanhhoa.gov.vn>"
    text = body(message)
    assert text.startswith("Kính gửi Lê Văn A,")
    assert "tài khoản báo cáo cải cách hành chính bc-a" in text
    assert "Đường dẫn dùng được 24 giờ và chỉ một lần." in text
    assert urlsplit(link_in(message)).path.startswith("/quen-mat-khau/dat-lai/")
    assert AccountChange.objects.filter(account=reporter, new_text="gửi thư đặt lại mật khẩu").count() == 1


def test_an_unknown_address_gets_the_same_answer_and_no_mail(reporter, mailbox) -> None:  # noqa: F811
    known, unknown = ask(reporter.email), ask("khong-co@thanhhoa.gov.vn")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mailbox.messages) == 1
    page = Client().get("/quen-mat-khau/da-gui/").content.decode()
    assert "Nếu thư điện tử vừa nhập là của một tài khoản cchc" in page


def test_the_link_sets_a_new_password_once(reporter, mailbox) -> None:  # noqa: F811
    ask(reporter.email)
    path = urlsplit(link_in(mailbox.messages[0])).path
    browser = Client()
    form = browser.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    set_path = form.redirect_chain[-1][0]
    done = browser.post(set_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/quen-mat-khau/xong/"
    assert Client().login(username="bc-a", password=NEW_PASSWORD)
    again = Client().get(path, follow=True).content.decode()
    assert "Đường dẫn này không còn dùng được" in again
    assert AccountChange.objects.filter(account=reporter, new_text="đặt mật khẩu mới qua thư").exists()


def test_the_link_expires_after_the_reset_hours(reporter, mailbox, monkeypatch) -> None:  # noqa: F811
    ask(reporter.email)
    path = urlsplit(link_in(mailbox.messages[0])).path
    later = dt.datetime.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = Client().get(path, follow=True).content.decode()
    assert "Đường dẫn này không còn dùng được" in page


def test_the_new_password_follows_the_rules(reporter, mailbox) -> None:  # noqa: F811
    ask(reporter.email)
    browser = Client()
    form = browser.get(urlsplit(link_in(mailbox.messages[0])).path, follow=True)
    refused = browser.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Mật khẩu này quá phổ biến, dễ bị dò ra." in page
    assert "Mật khẩu không được chỉ gồm chữ số." in page
    assert User.objects.get(username="bc-a").check_password("mat-khau-thu-nghiem")


def test_a_second_request_within_minutes_sends_nothing(reporter, mailbox) -> None:  # noqa: F811
    ask(reporter.email)
    ask(reporter.email)
    assert len(mailbox.messages) == 1


def test_a_switched_off_account_gets_no_mail(reporter, mailbox) -> None:  # noqa: F811
    reporter.is_active = False
    reporter.save()
    assert ask(reporter.email)["Location"] == "/quen-mat-khau/da-gui/"
    assert mailbox.messages == []
