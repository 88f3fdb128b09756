"""Request bodies: refused by their declared size before they are read, and never read for anonymous posts."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from waitress.adjustments import Adjustments

from cchc.web.dossiers.services import MAX_UPLOAD_BYTES
from cchc.web.gate import GatedParser
from cchc.web.org.models import ApiToken
from cchc.web.org.tokens import issue_token
from cchc.web.security import UPLOAD_MARGIN_BYTES, body_limit, largest_body_limit, refusal_before_body
from cchc.web.server import max_request_body_size
from web.conftest import PASSWORD

MB = 1024**2


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the request body was read")

    readline = read


def post(client: Client, path: str, length: int):  # type: ignore[no-untyped-def]
    """A POST that declares `length` bytes of body that cannot be read."""
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
    )


def test_a_body_above_25_mb_gets_a_vietnamese_413_without_being_read(world) -> None:
    response = post(world.client(world.reviewer), "/ky/2023Q1/bao-cao/mau-word/", 25 * MB + 1)
    assert response.status_code == 413
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Dữ liệu gửi lên lớn quá 25 MB, giới hạn của trang này" in text


def test_the_dossier_upload_takes_up_to_4_gb_and_its_refusal_says_so(world) -> None:
    assert body_limit("/ho-so/nhap/") == (
        MAX_UPLOAD_BYTES + UPLOAD_MARGIN_BYTES,
        "Các tệp tải lên lớn quá 4 GB; hãy chia theo kỳ hoặc nén sang Parquet.",
    )
    response = post(world.client(world.reviewer), "/ho-so/nhap/", MAX_UPLOAD_BYTES + UPLOAD_MARGIN_BYTES + 1)
    assert response.status_code == 413
    assert "Các tệp tải lên lớn quá 4 GB" in response.content.decode()


def test_waitress_accepts_a_little_more_than_the_largest_page_limit_so_the_application_answers() -> None:
    assert largest_body_limit() == MAX_UPLOAD_BYTES + UPLOAD_MARGIN_BYTES
    assert largest_body_limit() < max_request_body_size() <= largest_body_limit() + 2 * MB


def test_an_anonymous_post_goes_to_the_login_page_without_its_body_being_read(world) -> None:
    response = post(Client(), "/ky/2023Q1/bao-cao/", 10 * MB)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/ky/2023Q1/bao-cao/"


def test_an_anonymous_upload_to_the_dossier_page_is_not_read_either(world) -> None:
    response = post(Client(), "/ho-so/nhap/", 3 * 1024 * MB)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize(
    ("path", "landing"), [("/dang-nhap/", "/"), ("/quan-tri/login/?next=/quan-tri/", "/quan-tri/")]
)
def test_the_login_forms_still_take_an_anonymous_post(world, path: str, landing: str) -> None:
    response = Client().post(path, {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing


def test_an_anonymous_api_call_gets_the_api_s_own_401(world) -> None:
    response = Client().post("/api/tokens", "{}", content_type="application/json")
    assert response.status_code == 401


def test_a_logged_in_post_under_the_limit_reaches_its_page(world) -> None:
    response = world.client(world.reviewer).post("/ky/2023Q1/bao-cao/", {"signer": ""})
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith("/dang-nhap/")


# --- The gate `cchc serve` asks from the headers alone (the live server: tests/attacks) ---------------


def gate_environ(path: str, length: int = 1000, **headers: str) -> dict[str, str]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_LENGTH": str(length),
    } | {"HTTP_" + name.upper(): value for name, value in headers.items()}


def session_cookie(world, user) -> str:  # type: ignore[no-untyped-def]
    return "sessionid=" + world.client(user).cookies["sessionid"].value


def test_the_gate_takes_a_logged_in_user_s_body_until_the_password_changes_or_the_user_is_disabled(
    world,
) -> None:
    cookie = session_cookie(world, world.reviewer)
    assert refusal_before_body(gate_environ("/ky/2023Q1/bao-cao/", cookie=cookie)) is None
    world.reviewer.set_password("mat-khau-moi-da-doi")
    world.reviewer.save()
    assert refusal_before_body(gate_environ("/ky/2023Q1/bao-cao/", cookie=cookie)) is not None
    cookie = session_cookie(world, world.reviewer)
    world.reviewer.is_active = False
    world.reviewer.save()
    refusal = refusal_before_body(gate_environ("/ky/2023Q1/bao-cao/", cookie=cookie))
    assert refusal is not None and refusal.status_code == 302
    assert refusal["Location"] == "/dang-nhap/?next=/ky/2023Q1/bao-cao/"


def test_the_gate_takes_a_live_api_key_and_names_an_expired_one(world) -> None:
    key = issue_token(world.reporter_a)
    api = "/api/periods/2023Q1/units/so-tu-phap/forms/1/values"
    assert refusal_before_body(gate_environ(api, authorization=f"Bearer {key}")) is None
    old = issue_token(world.reporter_a, days=0)
    refusal = refusal_before_body(gate_environ(api, authorization=f"Bearer {old}"))
    assert refusal is not None and refusal.status_code == 401
    assert json.loads(refusal.content)["detail"].startswith(f"Khóa API «{old[5:13]}…» đã hết hạn ngày ")
    # Reading the key at the gate records no use: that stays with the API itself.
    assert ApiToken.objects.get(prefix=key[5:13]).last_used_at is None


def test_the_gate_lets_the_login_forms_take_a_login_sized_body_from_anyone(world) -> None:
    assert refusal_before_body(gate_environ("/dang-nhap/", 2000)) is None
    assert refusal_before_body(gate_environ("/quan-tri/login/", 2000)) is None
    refusal = refusal_before_body(gate_environ("/dang-nhap/", 64 * 1024 + 1))
    assert refusal is not None and refusal.status_code == 413


def test_a_chunked_body_past_waitress_s_own_limit_is_refused_in_vietnamese_not_in_english(world) -> None:
    channel = SimpleNamespace(refused=False)
    parser = GatedParser(Adjustments(max_request_body_size=100), channel)
    head = (
        "POST /ky/2023Q1/bao-cao/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        f"Cookie: {session_cookie(world, world.reviewer)}\r\n\r\n"
    )
    parser.received(head.encode())
    assert not parser.completed and not channel.refused  # a logged-in user's body: received
    chunk = b"c8\r\n" + b"x" * 200 + b"\r\n"
    assert parser.received(chunk) == len(chunk)
    assert parser.completed and channel.refused
    status, _, body = parser.error.to_response()
    assert status == "413 Request Entity Too Large"
    assert "Dữ liệu gửi lên lớn quá 25 MB, giới hạn của trang này" in body.decode()
