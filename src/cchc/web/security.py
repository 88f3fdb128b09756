"""Response headers and request limits that hold on every page, whatever the view does.

- `ContentSecurityPolicyMiddleware`: the Content-Security-Policy header (Django 5.2 has none built in).
  Scripts and styles come only from the application's own files; nothing inline, no eval: the dashboard's
  charts run Vega's expression interpreter instead of compiling expressions (dashboard/charts.js).
- `RequestSizeLimitMiddleware`: a request whose Content-Length is above its page's limit is answered with a
  Vietnamese 413 before the body is read. The dossier upload page takes up to `MAX_UPLOAD_BYTES`, the
  login forms `LOGIN_MAX_BYTES`, every other page `settings.REQUEST_MAX_BYTES`.
- `AnonymousPostMiddleware`: a POST (or other unsafe method) from someone not logged in is sent to the
  login page without its body being read, except the login forms themselves and the API, which answers
  with its own 401 before reading a body.
- `refusal_before_body`: the same two decisions from the headers alone, for `cchc serve`'s gate
  (cchc.web.gate), so that waitress never receives a body either refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.handlers.wsgi import get_path_info
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.html import escape

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Multipart boundaries, part headers and the form's other fields around the dossier files themselves.
UPLOAD_MARGIN_BYTES = 64 * 1024**2
# A login form is a few hundred bytes; the only bodies anyone not logged in can make cchc read.
LOGIN_MAX_BYTES = 64 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's technical 404/500 pages (CCHC_DEBUG=1 only) are styled inline.
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY
        return response


@cache
def _dossier_upload() -> tuple[str, int, str]:
    """The dossier upload page's path, its body limit and the refusal (imported late: URLconf, pyarrow)."""
    from cchc.web.dossiers.services import MAX_UPLOAD_BYTES

    message = (
        f"Các tệp tải lên lớn quá {MAX_UPLOAD_BYTES // 1024**3} GB; hãy chia theo kỳ hoặc nén sang Parquet."
    )
    return reverse("dossier-upload"), MAX_UPLOAD_BYTES + UPLOAD_MARGIN_BYTES, message


def body_limit(path: str) -> tuple[int, str]:
    """The largest request body the page at `path` takes, and the Vietnamese refusal above it."""
    upload_path, upload_limit, upload_message = _dossier_upload()
    if path == upload_path:
        return upload_limit, upload_message
    if path in _open_to_anonymous()[:2]:
        return LOGIN_MAX_BYTES, (
            f"Dữ liệu đăng nhập gửi lên dài quá {LOGIN_MAX_BYTES // 1024} KB; "
            "hãy nhập lại tên đăng nhập và mật khẩu."
        )
    limit = settings.REQUEST_MAX_BYTES
    return limit, (
        f"Dữ liệu gửi lên lớn quá {limit // 1024**2} MB, giới hạn của trang này; "
        "hãy chọn tệp nhỏ hơn hoặc chia thành nhiều tệp."
    )


def largest_body_limit() -> int:
    """The largest body any page takes: waitress is told to accept this much so the application answers."""
    return max(_dossier_upload()[1], settings.REQUEST_MAX_BYTES)


def too_large(message: str) -> HttpResponse:
    """A 413 page in Vietnamese that needs no template context (it is answered before the session)."""
    html = (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        "<title>Dữ liệu gửi lên quá lớn — cchc</title>\n"
        f'<link rel="stylesheet" href="{escape(static("cchc/cchc.css"))}">\n</head>\n<body>\n<main>\n'
        f'<h1>Dữ liệu gửi lên quá lớn</h1>\n<p class="error">{escape(message)}</p>\n'
        '<p><a href="/">Về trang chủ</a></p>\n</main>\n</body>\n</html>\n'
    )
    return HttpResponse(html, status=413)


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is above its page's limit, before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django itself treats a malformed length as no body
        if length:
            limit, message = body_limit(request.path)
            if length > limit:
                return too_large(message)
        return self.get_response(request)


@cache
def _open_to_anonymous() -> tuple[str, ...]:
    """Paths an anonymous user may post to: the login forms and the API (bearer tokens)."""
    return reverse("login"), reverse("admin:login"), reverse("api:api-root")


def _password_reset(path: str) -> bool:
    """Whether `path` is one of the forgotten-password pages (asking for the e-mail, setting the new
    password from its link), which are posted to by someone not logged in."""
    return path.startswith(reverse("password_reset"))


class AnonymousPostMiddleware:
    """Sends an anonymous POST to the login page without reading its body (after the auth middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS and not request.user.is_authenticated:
            login, admin_login, api_root = _open_to_anonymous()
            if (
                request.path not in (login, admin_login)
                and not request.path.startswith(api_root)
                and not _password_reset(request.path)
            ):
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


# --- Before the body: what `cchc serve` answers from a request's headers alone (cchc.web.gate) -----------


def refusal_before_body(environ: dict[str, str]) -> HttpResponse | None:
    """The answer to a request that declares a body, decided from its headers alone; None to read it.

    `environ` holds the WSGI keys REQUEST_METHOD, PATH_INFO, QUERY_STRING, CONTENT_LENGTH (absent for a
    chunked body), HTTP_COOKIE and HTTP_AUTHORIZATION. Refused: a body above its page's limit (413), and
    any body from someone not logged in — no session of an active user, no live API key — except to
    the login forms (302 to the login page; the API's own 401). It reads the session and token tables
    and never writes, so the server's receiving thread can ask it.
    """
    path = get_path_info(environ)
    length = environ.get("CONTENT_LENGTH", "")
    limit, message = body_limit(path)
    if length.isdigit() and int(length) > limit:
        return _headers_only(too_large(message))
    login, admin_login, api_root = _open_to_anonymous()
    if path in (login, admin_login) or _password_reset(path):
        return None
    if path.startswith(api_root):
        refusal = _api_refusal(environ)
    elif _session_user_active(environ.get("HTTP_COOKIE", "")):
        return None
    else:
        query = environ.get("QUERY_STRING", "")
        refusal = redirect_to_login(path + ("?" + query if query else ""))
    return None if refusal is None else _headers_only(refusal)


def _api_refusal(environ: dict[str, str]) -> HttpResponse | None:
    """The API's 401 for a body without a live key or a logged-in session; None when either is there."""
    from cchc.web.api.auth import bearer_key
    from cchc.web.api.errors import BAD_TOKEN, UNAUTHENTICATED, ApiError, unread_error_response
    from cchc.web.org.tokens import TokenExpired, live_token

    header = environ.get("HTTP_AUTHORIZATION", "")
    if not header:
        if _session_user_active(environ.get("HTTP_COOKIE", "")):
            return None
        return unread_error_response(ApiError(401, UNAUTHENTICATED))
    key = bearer_key(header)
    try:
        if key is not None and live_token(key) is not None:
            return None
    except TokenExpired as expired:
        return unread_error_response(ApiError(401, str(expired)))
    return unread_error_response(ApiError(401, BAD_TOKEN))


def _session_user_active(cookie_header: str) -> bool:
    """Whether the session cookie names a stored, unexpired session of an active user whose password has
    not changed since (read only)."""
    key = parse_cookie(cookie_header).get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(key).load()
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return False
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    # As django.contrib.auth.get_user: a password changed since the login ends the session.
    return user is not None and constant_time_compare(
        session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    )


def _headers_only(response: HttpResponse) -> HttpResponse:
    """What the middleware would add to a page answered without them."""
    response["Content-Security-Policy"] = POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
