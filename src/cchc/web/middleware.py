"""A request id on every request, so that audit records of one save can be told apart and grouped."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RequestIdMiddleware:
    """Sets request.request_id (a UUID) and echoes it in the X-Request-Id response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = uuid.uuid4()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-Id"] = request_id_of(request)
        return response


def request_id_of(request: HttpRequest) -> str:
    """The request's id as text ("" outside the middleware, e.g. a management command)."""
    return str(getattr(request, "request_id", ""))


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx made the request (django-htmx sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))
