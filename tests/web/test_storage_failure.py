"""A full or read-only data folder: pages that read still work, a write answers a Vietnamese 503 page.

SQLite's `PRAGMA query_only` makes every write fail with "attempt to write a readonly database", and
`PRAGMA max_page_count` at the current page count makes a growing write fail with "database or disk is
full": the same errors a read-only mount or a full disk gives, without needing either (tests run as root).
"""

from __future__ import annotations

import errno
import json
import logging

import pytest
from django.db import connection
from django.test import Client

from cchc.web.org.tokens import issue_token
from cchc.web.reporting.models import Value
from cchc.web.reporting.services import save_values, submission_for
from web.conftest import PASSWORD

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
MESSAGE = (
    "Thư mục dữ liệu đầy hoặc chỉ đọc: chưa lưu được thay đổi; các trang xem vẫn dùng được. "
    "Báo quản trị viên."
)

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pragmas stand in for the disk")


def _pragma(statement: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(statement)
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def browser(world) -> Client:
    """Reporter A's browser, logged in while the database still takes writes (a session is a write)."""
    client = world.client(world.reporter_a)
    client.raise_request_exception = False
    return client


@pytest.fixture
def read_only(world, browser):
    """The database refuses every write, as on a read-only data folder."""
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.1": ("10", None)})
    _pragma("PRAGMA query_only = ON")
    yield world
    _pragma("PRAGMA query_only = OFF")


@pytest.fixture
def full(world, browser):
    """The database cannot grow by one page, as on a full disk."""
    _pragma(f"PRAGMA max_page_count = {_pragma('PRAGMA page_count')}")
    yield world
    _pragma("PRAGMA max_page_count = 1073741823")


def test_a_logged_in_user_can_still_read_pages_of_a_read_only_database(read_only, browser) -> None:
    client = browser
    for url in ("/", ENTRY, "/ky/2023Q1/don-vi/so-tu-phap/", "/so-theo-doi/"):
        assert client.get(url).status_code == 200, url
    assert 'name="v-BM3-3.1.1" value="10"' in client.get(ENTRY).content.decode()


def test_a_save_on_a_read_only_database_gets_the_503_page_and_is_logged(read_only, browser, caplog) -> None:
    client = browser
    with caplog.at_level(logging.ERROR, logger="cchc.web.storage"):
        response = client.post(ENTRY, {"version": "1", "v-BM3-3.1.1": "12"})
    assert response.status_code == 503
    content = response.content.decode()
    assert f'<p class="error" role="alert">{MESSAGE}</p>' in content
    assert "Lê Văn A" in content  # the page still knows who is logged in
    assert any("attempt to write a readonly database" in r.getMessage() for r in caplog.records)
    _pragma("PRAGMA query_only = OFF")
    assert Value.objects.get(code="BM3-3.1.1").text == "10"


def test_logging_in_on_a_read_only_database_shows_the_503_page_not_a_server_error(read_only) -> None:
    client = Client()
    client.raise_request_exception = False
    response = client.post("/dang-nhap/", {"username": "bc-a", "password": PASSWORD})
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_an_api_write_on_a_read_only_database_answers_503_in_the_error_shape(read_only) -> None:
    _pragma("PRAGMA query_only = OFF")
    key = issue_token(read_only.reporter_a)
    _pragma("PRAGMA query_only = ON")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    api.raise_request_exception = False
    body = {"version": 1, "values": [{"code": "BM3-3.1.1", "text": "12"}]}
    response = api.put("/api/periods/2023Q1/units/so-tu-phap/forms/3", json.dumps(body), "application/json")
    assert response.status_code == 503
    assert response.json() == {"detail": MESSAGE, "problems": {}}


def test_a_save_on_a_full_disk_gets_the_503_page(full, browser) -> None:
    client = browser
    codes = ("BM3-3.1.1", "BM3-3.1.2", "BM3-3.4.1", "BM3-3.4.2")
    cells = {f"v-{code}": "1" for code in codes} | {f"n-{code}": "ghi chú dài " * 80 for code in codes}
    response = client.post(ENTRY, {"version": "0", **cells})
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_a_full_data_folder_outside_the_database_gets_the_503_page_too(browser, monkeypatch) -> None:
    def full_disk(user):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cchc.web.home.due_items", full_disk)
    response = browser.get("/")
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_a_permission_error_outside_the_data_folder_stays_a_server_error(browser, monkeypatch) -> None:
    def elsewhere(user):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", "/etc/shadow")

    monkeypatch.setattr("cchc.web.home.due_items", elsewhere)
    assert browser.get("/").status_code == 500


def test_a_full_disk_when_the_session_is_saved_after_the_page_gets_the_503_page(
    world, settings, monkeypatch
) -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def full(self, must_create=False):  # type: ignore[no-untyped-def]
        raise OperationalError("database or disk is full")

    client = Client(raise_request_exception=False)
    client.force_login(world.viewer)
    # The session is then saved by its middleware after the view has answered, outside any view.
    settings.SESSION_SAVE_EVERY_REQUEST = True
    monkeypatch.setattr(SessionStore, "save", full)
    response = client.get("/")
    assert response.status_code == 503
    assert "Thư mục dữ liệu đầy hoặc chỉ đọc" in response.content.decode()
    assert response["Retry-After"] == "300"
