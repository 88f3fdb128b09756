"""/tai-khoan/khoa-api/: a user lists, makes (key shown once) and revokes their own API tokens, no one else's."""

from __future__ import annotations

import logging
import re

from django.test import Client
from django.utils import timezone

from cchc.web.org.models import ApiToken
from cchc.web.org.tokens import issue_token

PAGE = "/tai-khoan/khoa-api/"


def _get_units(key: str):
    return Client(headers={"Authorization": f"Bearer {key}"}).get("/api/units")


def test_the_user_menu_links_the_page_for_those_who_run_the_api(world) -> None:
    content = world.client(world.reviewer).get("/").content.decode()
    assert '<a href="/tai-khoan/khoa-api/">Khóa API</a>' in content
    # A reporter's menu has no API (the page still answers, for a unit that sends figures by program).
    assert "Khóa API" not in world.client(world.reporter_a).get("/").content.decode()


def test_the_page_lists_only_the_users_own_tokens_with_their_dates(world) -> None:
    issue_token(world.reporter_a, "bảng tính của A")
    issue_token(world.reporter_b, "bảng tính của B")
    content = world.client(world.reporter_a).get(PAGE).content.decode()
    mine = ApiToken.objects.get(user=world.reporter_a)
    assert "bảng tính của A" in content and f"<code>{mine.prefix}…</code>" in content
    assert "bảng tính của B" not in content
    assert "chưa dùng" in content
    assert f"<td>{timezone.localtime(mine.expires_at):%d/%m/%Y}</td>" in content


def test_making_a_token_shows_its_key_once_and_the_key_works(world, caplog) -> None:
    client = world.client(world.reporter_a)
    with caplog.at_level(logging.INFO, logger="cchc.audit"):
        response = client.post(PAGE, {"name": "máy chủ thống kê"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = re.search(r'<code id="new-key">(cchc_[^<]+)</code>', response.content.decode()).group(1)
    assert _get_units(key).status_code == 200
    assert key not in client.get(PAGE).content.decode()
    token = ApiToken.objects.get(user=world.reporter_a)
    assert token.name == "máy chủ thống kê"
    assert f"Tạo khóa API {token.prefix}… cho bc-a" in caplog.text


def test_a_revoked_token_is_refused_on_its_next_call_and_the_revocation_is_logged(world, caplog) -> None:
    key = issue_token(world.reporter_a, "cũ")
    assert _get_units(key).status_code == 200
    token = ApiToken.objects.get(user=world.reporter_a)
    client = world.client(world.reporter_a)
    with caplog.at_level(logging.INFO, logger="cchc.audit"):
        response = client.post(f"{PAGE}{token.pk}/thu-hoi/", follow=True)
    assert (
        f"Đã thu hồi khóa API «{token.prefix}…»; khóa này không dùng được nữa." in response.content.decode()
    )
    refused = _get_units(key)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Khóa API không hợp lệ hoặc đã bị thu hồi."
    assert f"Thu hồi khóa API {token.prefix}… của bc-a" in caplog.text
    assert f"<code>{token.prefix}…</code>" not in client.get(PAGE).content.decode()


def test_another_users_token_cannot_be_revoked_and_keeps_working(world) -> None:
    key = issue_token(world.reporter_b, "của B")
    theirs = ApiToken.objects.get(user=world.reporter_b)
    response = world.client(world.reporter_a).post(f"{PAGE}{theirs.pk}/thu-hoi/")
    assert response.status_code == 404
    assert _get_units(key).status_code == 200


def test_revoking_needs_a_post_with_the_csrf_token(world) -> None:
    issue_token(world.reporter_a)
    token = ApiToken.objects.get(user=world.reporter_a)
    assert world.client(world.reporter_a).get(f"{PAGE}{token.pk}/thu-hoi/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.reporter_a)
    assert strict.post(f"{PAGE}{token.pk}/thu-hoi/").status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_the_page_needs_a_login(db) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
