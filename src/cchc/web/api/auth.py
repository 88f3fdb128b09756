"""Who is calling the API: a bearer token (scripts, other systems) or the browser's Django session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from cchc.web.api.errors import BAD_TOKEN, ApiError
from cchc.web.org.tokens import TokenExpired, user_for_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def caller(request: HttpRequest) -> Any:
    """The authenticated user of an API request (django-ninja sets `request.auth`)."""
    return request.auth  # type: ignore[attr-defined]


def bearer_key(header: str) -> str | None:
    """The key of an `Authorization: Bearer <key>` header; None when the header has another shape."""
    scheme, _, key = header.strip().partition(" ")
    return key.strip() if scheme.lower() == "bearer" and key.strip() else None


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>` checked against the stored token hashes.

    No header: not this scheme (the session is tried next). A header that is present but wrong is a 401
    at once, never a silent fall-back to the session, so a script learns its key is bad.
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header, "")
        if not header:
            return None
        key = bearer_key(header)
        if key is None:
            raise ApiError(401, BAD_TOKEN)
        return self.authenticate(request, key)

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        """The token's active user; a 401 when the key is unknown, revoked, expired or its user inactive."""
        try:
            user = user_for_token(token)
        except TokenExpired as expired:
            raise ApiError(401, str(expired)) from None
        if user is None:
            raise ApiError(401, BAD_TOKEN)
        return user


class SessionCookie(APIKeyCookie):
    """The logged-in browser (e.g. /api/docs); unsafe methods must carry the CSRF token as pages do."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check runs in authenticate, only for a logged-in user: an anonymous call gets a 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        """The session's user; a 403 when an unsafe request lacks a valid CSRF token."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403,
                "Thiếu hoặc sai mã chống giả mạo (CSRF): gửi tiêu đề X-CSRFToken khi dùng phiên đăng nhập, "
                "hoặc dùng khóa API.",
            )
        return user


token_auth = BearerToken()
session_auth = SessionCookie()
AUTH = [token_auth, session_auth]
