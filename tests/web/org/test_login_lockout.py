"""Five wrong passwords for an account from one address lock it there for 15 minutes, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db.models import F
from django.test import Client

from cchc.web.org.models import LoginFailure
from web.conftest import PASSWORD

LOCKED = "Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.7"):  # type: ignore[no-untyped-def]
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_refuses_the_right_password_after_five_wrong_ones(world) -> None:
    client = Client()
    for _ in range(5):
        response = attempt(client, "bc-a", "sai-mat-khau")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    response = attempt(client, "bc-a", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_it_lets_the_right_password_in_after_four_wrong_ones(world) -> None:
    client = Client()
    for _ in range(4):
        attempt(client, "bc-a", "sai-mat-khau")
    response = attempt(client, "bc-a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.reporter_a.pk)


def test_the_lock_lifts_once_the_failures_are_fifteen_minutes_old(world) -> None:
    client = Client()
    for _ in range(5):
        attempt(client, "bc-a", "sai-mat-khau")
    assert attempt(client, "bc-a", PASSWORD).status_code == 429
    LoginFailure.objects.update(failed_at=F("failed_at") - dt.timedelta(minutes=15, seconds=1))
    assert attempt(client, "bc-a", PASSWORD).status_code == 302


def test_refused_attempts_do_not_extend_the_lock(world) -> None:
    client = Client()
    for _ in range(5):
        attempt(client, "bc-a", "sai-mat-khau")
    for _ in range(10):
        assert attempt(client, "bc-a", "sai-mat-khau").status_code == 429
    assert LoginFailure.objects.count() == 5


def test_it_logs_the_lockout_once(world, caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    with caplog.at_level(logging.WARNING, logger="cchc.web.org.logins"):
        for _ in range(7):
            attempt(client, "bc-a", "sai-mat-khau")
    lockouts = [record.getMessage() for record in caplog.records if record.name == "cchc.web.org.logins"]
    assert len(lockouts) == 1
    assert "account-address" in lockouts[0] and "'bc-a'" in lockouts[0] and "10.0.0.7" in lockouts[0]


def test_the_admin_login_address_is_the_same_throttled_page(world) -> None:
    client = Client()
    for _ in range(5):
        client.post("/quan-tri/login/", {"username": "quantri", "password": "sai"}, REMOTE_ADDR="10.0.0.7")
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": "quantri", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
