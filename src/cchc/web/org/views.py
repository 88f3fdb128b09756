"""The login page ("đăng nhập"), throttled before any password is hashed, and the logged-in user's own
account pages: their API tokens (khóa API), made and revoked by themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cchc.web.middleware import request_id_of
from cchc.web.org import logins
from cchc.web.org.tokens import new_token, revoke_token, tokens_of


class LoginView(auth_views.LoginView):
    """Django's login view with the lockout rules and the bound on concurrent password checks."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Refuse a locked or a crowded attempt unhashed; else check the password and count the outcome."""
        form = self.get_form()
        username = request.POST.get("username", "")
        address = logins.client_address(request)
        refusal = logins.lockout(username, address)
        if refusal is not None:
            return self._refuse(refusal)
        with logins.password_checks.turn() as turn:
            if not turn:
                return self._refuse(logins.Refusal(logins.BUSY_MESSAGE, logins.BUSY_RETRY_SECONDS))
            # Failures written while this attempt waited for its turn count too.
            refusal = logins.lockout(username, address)
            if refusal is not None:
                return self._refuse(refusal)
            valid = form.is_valid()
        if valid:
            logins.clear_failures(username, address)
            return self.form_valid(form)
        if form.non_field_errors():
            logins.record_failure(username, address)
        return self.form_invalid(form)

    def _refuse(self, refusal: logins.Refusal) -> HttpResponse:
        # An unbound form: rendering a bound one would run its validation, and so hash the password.
        context = self.get_context_data(form=AuthenticationForm(self.request), refusal=refusal)
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response


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
            new_key, _ = new_token(request.user, name, request_id=request_id_of(request))
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
    token = revoke_token(request.user, pk, request_id=request_id_of(request))
    messages.success(request, f"Đã thu hồi khóa API «{token.prefix}…»; khóa này không dùng được nữa.")
    return redirect("api-tokens")
