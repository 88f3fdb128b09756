"""API errors: one JSON shape {detail, problems} with Vietnamese text, and the handlers that produce it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ErrorOut(Schema):
    """An error: a Vietnamese sentence and, for refused figures, the problem of each row (code → text)."""

    detail: str
    problems: dict[str, str] = {}


class ApiError(Exception):
    """An error an endpoint answers with: HTTP status, Vietnamese detail, optional problems by row code."""

    def __init__(self, status: int, detail: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.problems = dict(problems or {})


def errors(*codes: int) -> dict[frozenset[int], type[ErrorOut]]:
    """The `response=` entry declaring these error statuses with the error schema (401 always included)."""
    return {frozenset({401, *codes}): ErrorOut}


UNAUTHENTICATED = (
    "Chưa xác thực: gửi khóa API trong tiêu đề «Authorization: Bearer <khóa>» hoặc đăng nhập trước."
)
BAD_TOKEN = "Khóa API không hợp lệ hoặc đã bị thu hồi."

# Pydantic's error types in Vietnamese; anything else keeps pydantic's English text after a generic phrase.
_PYDANTIC_MESSAGES = {
    "missing": "thiếu (bắt buộc)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "extra_forbidden": "không có trường này",
    "string_too_long": "dài quá",
    "string_too_short": "ngắn quá",
    "greater_than_equal": "nhỏ quá",
    "less_than_equal": "lớn quá",
    "greater_than": "nhỏ quá",
    "less_than": "lớn quá",
    "json_invalid": "không phải JSON hợp lệ",
}


def _field(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "literal_error" or kind == "enum":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"phải là một trong các giá trị: {expected}".strip()
    text = _PYDANTIC_MESSAGES.get(kind)
    return text if text else f"không hợp lệ ({error.get('msg', kind)})"


def error_response(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    """The JSON response of an ApiError."""
    body = ErrorOut(detail=error.detail, problems=error.problems).model_dump()
    return _challenged(api.create_response(request, body, status=error.status))


def unread_error_response(error: ApiError) -> HttpResponse:
    """The same JSON for a request answered before it reaches the API (`cchc serve`'s gate, no request)."""
    body = ErrorOut(detail=error.detail, problems=error.problems).model_dump()
    return _challenged(JsonResponse(body, status=error.status))


def _challenged(response: HttpResponse) -> HttpResponse:
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="cchc"'
    return response


def install_handlers(api: NinjaAPI) -> None:
    """Answer every error the API can raise with the {detail, problems} shape, in Vietnamese."""

    def on_api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, exc)

    def on_authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, ApiError(401, UNAUTHENTICATED))

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        problems: dict[str, str] = {}
        for item in exc.errors:
            problems.setdefault(_field(item.get("loc", ())), _message(item))
        named = "; ".join(f"«{field}» {text}" for field, text in problems.items())
        return error_response(
            api, request, ApiError(422, f"Dữ liệu gửi lên không hợp lệ: {named}.", problems)
        )

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(api, request, ApiError(400, "Nội dung yêu cầu không phải JSON hợp lệ."))
        return error_response(api, request, ApiError(exc.status_code, "Yêu cầu không thực hiện được."))

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, ApiError(404, "Không tìm thấy."))

    def on_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = str(exc) or "Bạn không có quyền thực hiện thao tác này."
        return error_response(api, request, ApiError(403, detail))

    # Each handler takes `Any`: django-ninja types a handler's exception as "the class or an instance".
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
