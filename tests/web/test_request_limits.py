"""Request bodies: refused by their declared size before they are read, and never read for anonymous posts."""

from __future__ import annotations

import pytest
from django.test import Client

from cchc.web.dossiers.services import MAX_UPLOAD_BYTES
from cchc.web.security import UPLOAD_MARGIN_BYTES, body_limit, largest_body_limit
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
