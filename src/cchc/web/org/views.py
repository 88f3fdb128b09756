"""The login page ("đăng nhập"), throttled before any password is hashed."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse

from cchc.web.org import logins


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
