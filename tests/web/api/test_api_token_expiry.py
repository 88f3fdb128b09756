"""An API token works CCHC_API_TOKEN_DAYS days (90 by default); after that the API answers 401 saying so."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from cchc.web.org.models import ApiToken
from cchc.web.org.tokens import issue_token


def _get(key: str):
    return Client(headers={"Authorization": f"Bearer {key}"}).get("/api/units")


def test_a_new_token_expires_after_the_default_90_days(world) -> None:
    before = timezone.now()
    issue_token(world.reporter_a, "bảng tính")
    token = ApiToken.objects.get(user=world.reporter_a)
    assert before + dt.timedelta(days=90) <= token.expires_at <= timezone.now() + dt.timedelta(days=90)


def test_the_lifetime_follows_the_setting(world, settings) -> None:
    settings.API_TOKEN_DAYS = 7
    issue_token(world.reporter_a)
    token = ApiToken.objects.get(user=world.reporter_a)
    assert dt.timedelta(days=6, hours=23) < token.expires_at - token.created_at <= dt.timedelta(days=7)


def test_an_expired_token_is_refused_with_a_401_that_says_it_expired(world) -> None:
    key = issue_token(world.reporter_a)
    assert _get(key).status_code == 200
    ApiToken.objects.filter(user=world.reporter_a).update(
        expires_at=dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    )
    response = _get(key)
    assert response.status_code == 401
    assert response.json()["detail"] == (
        f"Khóa API «{key[5:13]}…» đã hết hạn ngày 01/03/2024: tạo khóa mới ở trang "
        "Tài khoản › Khóa API (/tai-khoan/khoa-api/)."
    )
    assert response["WWW-Authenticate"] == 'Bearer realm="cchc"'


def test_a_token_made_through_the_api_says_when_it_expires(world) -> None:
    client = world.client(world.reporter_a)
    response = client.post("/api/tokens", {"name": "máy chủ thống kê"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    token = ApiToken.objects.get(user=world.reporter_a)
    assert body["prefix"] == token.prefix and body["name"] == "máy chủ thống kê"
    # JSON carries milliseconds.
    assert abs(dt.datetime.fromisoformat(body["expires_at"]) - token.expires_at) < dt.timedelta(
        milliseconds=1
    )
    assert _get(body["key"]).status_code == 200
