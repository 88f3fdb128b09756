"""A NUL or other control character in a parameter, upload name or JSON string is a 400 naming the field.

PostgreSQL cannot store NUL at all; before the check a note with NUL or a query parameter with NUL was a
server error there. Tab, newline and carriage return stay allowed: notes are typed over several lines.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cchc.web.org.tokens import issue_token
from cchc.web.reporting.models import Submission, Value

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
API_FORM = "/api/periods/2023Q1/units/so-tu-phap/forms/3"


@pytest.fixture
def browser(world) -> Client:
    """Reporter A's browser, answering a server error with its page instead of raising it."""
    client = world.client(world.reporter_a)
    client.raise_request_exception = False
    return client


@pytest.fixture
def api(world) -> Client:
    """Reporter A's API client."""
    client = Client(headers={"Authorization": f"Bearer {issue_token(world.reporter_a)}"})
    client.raise_request_exception = False
    return client


def test_a_note_with_a_nul_byte_is_refused_naming_the_field_and_nothing_is_saved(browser) -> None:
    response = browser.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "10", "n-BM3-3.1.1": "đúng\x00hạn"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "<h1>Yêu cầu không hợp lệ</h1>" in content
    assert (
        "Trường «n-BM3-3.1.1» chứa ký tự điều khiển không hợp lệ (U+0000), chưa nhận được yêu cầu" in content
    )
    assert not Submission.objects.exists() and not Value.objects.exists()


def test_a_query_parameter_with_a_control_character_is_refused(browser) -> None:
    response = browser.get("/so-theo-doi/ke-hoach/", {"q": "a\x1bb"})
    assert response.status_code == 400
    assert "Trường «q» chứa ký tự điều khiển không hợp lệ (U+001B)" in response.content.decode()


def test_a_nul_in_the_address_itself_is_refused(browser) -> None:
    response = browser.get("/ky/2023%00Q1/")
    assert response.status_code == 400
    assert "Trường «đường dẫn» chứa ký tự điều khiển không hợp lệ (U+0000)" in response.content.decode()


def test_tab_newline_and_carriage_return_in_a_note_are_kept(browser) -> None:
    response = browser.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "10", "n-BM3-3.1.1": "dòng 1\r\ndòng\t2"})
    assert response.status_code == 302
    assert Value.objects.get(code="BM3-3.1.1").note == "dòng 1\r\ndòng\t2"


def test_an_upload_whose_file_name_holds_a_control_character_reaches_the_view_without_it(browser) -> None:
    # Django's multipart parser drops unprintable characters from file names before anything else.
    upload = SimpleUploadedFile("bm3\x07.xlsx", b"PK", "application/octet-stream")
    response = browser.post(ENTRY + "excel/tai-len/", {"file": upload})
    assert response.status_code == 302 and response["Location"] == ENTRY
    assert response.wsgi_request.FILES["file"].name == "bm3.xlsx"
    assert not Value.objects.exists()


def test_a_json_note_with_an_escaped_nul_is_refused_with_the_api_error_shape(api) -> None:
    body = {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10", "note": "a\u0000b"}]}
    response = api.put(API_FORM, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    message = "Trường «values.0.note» chứa ký tự điều khiển không hợp lệ (U+0000), chưa nhận được yêu cầu: hãy xoá ký tự này (thường do dán từ tệp khác) rồi gửi lại."
    assert response.json() == {"detail": message, "problems": {"values.0.note": message}}
    assert not Value.objects.exists()


def test_a_json_string_with_a_lone_surrogate_is_refused(api) -> None:
    body = '{"version": 0, "values": [{"code": "BM3-3.1.1", "text": "\\ud800"}]}'
    response = api.put(API_FORM, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "Trường «values.0.text» chứa ký tự điều khiển không hợp lệ (U+D800)"
    )


def test_an_api_query_parameter_with_a_nul_is_refused(api) -> None:
    response = api.get(API_FORM + "/history", {"code": "BM3\x00"})
    assert response.status_code == 400
    assert response.json()["problems"] == {"code": response.json()["detail"]}


def test_a_session_cookie_with_a_nul_is_dropped_and_the_visitor_asked_to_log_in(world) -> None:
    client = Client()
    client.raise_request_exception = False
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_an_api_body_sent_as_plain_text_is_checked_too(world) -> None:
    from cchc.web.org.tokens import issue_token

    key = issue_token(world.reporter_a)
    body = '{"version": 0, "values": [{"code": "BM3-3.4.2", "text": "", "note": "a\\u0000b"}]}'
    response = Client().put(
        "/api/periods/2023Q1/units/so-tu-phap/forms/3",
        data=body,
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["detail"]
