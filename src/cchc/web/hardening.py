"""Requests refused before they reach a view, and failures of the data folder answered without a 500.

ControlCharacterMiddleware  a parameter, path, upload name or JSON string holding NUL or another C0
                            control character (tab, newline and carriage return excepted) is a 400
                            naming the field: PostgreSQL cannot store NUL, and no form needs them.
StorageFailureMiddleware    a database or data folder that is full, read-only or cannot be opened
                            answers a Vietnamese 503 page (JSON under /api/), logged; reads go on.
"""

from __future__ import annotations

import errno
import itertools
import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("cchc.web.storage")

# C0 controls but tab, newline and carriage return; lone surrogates cannot be encoded for the database.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string of a decoded JSON document (keys included) with where it is ("values.0.note")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from _strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def _address_fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(field, text) of the path and the query string."""
    yield "đường dẫn", request.path
    for name, values in request.GET.lists():
        yield name, name
        for value in values:
            yield name, value


def _body_fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(field, text) of a posted form, its upload names and a small JSON body."""
    if request.method == "POST" and request.content_type != "application/json" and not _is_api(request):
        try:
            posted, files = request.POST, request.FILES
        except MultiPartParserError:
            return  # a body that does not parse is left to the view, which answers it as before
        for name, values in posted.lists():
            yield name, name
            for value in values:
                yield name, value
        for name, uploads in files.lists():
            for upload in uploads:
                yield name, upload.name or ""
    # The API reads any body as JSON, whatever its declared type.
    if (request.content_type == "application/json" or _is_api(request)) and _small(request):
        # A body that is not JSON is left to the API, which answers it with its own 400.
        try:
            document = json.loads(request.body)
        except ValueError:
            return
        yield from _strings(document, "")


def _small(request: HttpRequest) -> bool:
    """Whether the body is one Django would read at all (DATA_UPLOAD_MAX_MEMORY_SIZE), judged unread."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return length > 0 and (limit is None or length <= limit)


def control_character_problem(request: HttpRequest, *, body: bool = True) -> tuple[str, str] | None:
    """The first field holding a forbidden control character and its Vietnamese message, or None.

    With `body` false only the path and query are read (the body is left unread).
    """
    fields = itertools.chain(_address_fields(request), _body_fields(request) if body else ())
    for field, text in fields:
        found = _FORBIDDEN.search(text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            return field, (
                f"Trường «{field[:80]}» chứa ký tự điều khiển không hợp lệ ({code}), chưa nhận được yêu cầu: "
                "hãy xoá ký tự này (thường do dán từ tệp khác) rồi gửi lại."
            )
    return None


class ControlCharacterMiddleware:
    """Refuses (400) a request whose path or query holds control characters; drops such cookies.

    Runs before the session and CSRF read their cookies; the body is checked later, by
    ControlCharacterBodyMiddleware, once an anonymous POST has been turned away unread.
    """

    body = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.body:
            # A cookie with such a character is dropped rather than refused: the browser would keep
            # sending it.
            for name in [n for n, v in request.COOKIES.items() if _FORBIDDEN.search(n + v)]:
                del request.COOKIES[name]
        problem = control_character_problem(request, body=self.body)
        if problem is None:
            return self.get_response(request)
        field, message = problem
        if _is_api(request):
            return JsonResponse({"detail": message, "problems": {field: message}}, status=400)
        # Rendered without the request, as Django's own 400 page: the session has not been read yet.
        return HttpResponseBadRequest(render_to_string("400.html", {"reason": message}))


class ControlCharacterBodyMiddleware(ControlCharacterMiddleware):
    """Refuses (400) a posted form, upload name or JSON string holding control characters."""

    body = True


# --- the data folder: full, read-only or unreadable ---------------------------------------------------

STORAGE_MESSAGE = (
    "Thư mục dữ liệu đầy hoặc chỉ đọc: chưa lưu được thay đổi; các trang xem vẫn dùng được. "
    "Báo quản trị viên."
)
_DATABASE_SIGNS = (
    "readonly database",
    "read-only",
    "read only",
    "database or disk is full",
    "no space left on device",
    "unable to open database",
    "disk quota exceeded",
)
_FOLDER_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT})


def _under_data_dir(filename: object) -> bool:
    if filename is None:
        return True  # a full disk names no file
    try:
        return Path(str(filename)).resolve().is_relative_to(Path(settings.DATA_DIR).resolve())
    except (OSError, ValueError):
        return False


def is_storage_failure(exception: BaseException) -> bool:
    """Whether an error says the database or the data folder is full, read-only or cannot be opened."""
    if isinstance(exception, DatabaseError):
        text = str(exception).lower()
        return any(sign in text for sign in _DATABASE_SIGNS)
    if isinstance(exception, OSError) and exception.errno in _FOLDER_ERRORS:
        return _under_data_dir(exception.filename)
    return False


class StorageFailureMiddleware:
    """Answers a write that the full or read-only data folder refused with a Vietnamese 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The 503 answer for a storage failure; any other error goes on to Django's handling."""
        if not is_storage_failure(exception):
            return None
        return _storage_answer(request, exception, with_user=True)


def _storage_answer(request: HttpRequest, exception: BaseException, *, with_user: bool) -> HttpResponse:
    logger.error("Không ghi được vào thư mục dữ liệu (%s %s): %s", request.method, request.path, exception)
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": STORAGE_MESSAGE, "problems": {}}, status=503)
    elif with_user:
        response = render(request, "503.html", {"reason": STORAGE_MESSAGE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"reason": STORAGE_MESSAGE}), status=503)
    response["Retry-After"] = "300"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except for a storage failure outside a view (the session saved after the page).

    Django calls this while handling the error, so the error is sys.exc_info(); the page is drawn
    without the request, which may be what failed.
    """
    error = sys.exc_info()[1]
    if error is not None and is_storage_failure(error):
        return _storage_answer(request, error, with_user=False)
    return defaults.server_error(request)
