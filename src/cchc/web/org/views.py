"""The logged-in user's own account pages: their API tokens (khóa API), made and revoked by themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from cchc.web.org.tokens import new_token, revoke_token, tokens_of


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens (name, prefix, made, last used, expiry); POST makes one and shows its key once."""
    new_key = ""
    problem = ""
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if len(name) > 100:
            problem = "Tên khóa dài quá 100 ký tự."
        else:
            new_key, _ = new_token(request.user, name, request_id=str(request.request_id))
            name = ""
    context = {
        "tokens": tokens_of(request.user),
        "new_key": new_key,
        "problem": problem,
        "name": name,
    }
    response = render(request, "org/tokens.html", context, status=422 if problem else 200)
    # The key is shown once: no cache may keep the page that shows it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (anyone else's is a 404), then back to the list."""
    token = revoke_token(request.user, pk, request_id=str(request.request_id))
    messages.success(request, f"Đã thu hồi khóa API «{token.prefix}…»; khóa này không dùng được nữa.")
    return redirect("api-tokens")


urlpatterns = [
    path("tai-khoan/khoa-api/", api_tokens, name="api-tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", api_token_revoke, name="api-token-revoke"),
]
