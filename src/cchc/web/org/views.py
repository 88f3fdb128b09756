"""The login page ("đăng nhập"), throttled before any password is hashed; the logged-in user's own
account pages: their API tokens (khóa API), made and revoked by themselves, and their password; the
forgotten-password pages; and the «Người dùng» pages where accounts get their role and units."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cchc.web.middleware import request_id_of
from cchc.web.org import logins
from cchc.web.org.access import manages_accounts, may_manage, stored_role
from cchc.web.org.forms import AccountForm, NewAccountForm, PasswordChangeForm, ResetForm, SetPasswordForm
from cchc.web.org.passwords import MailError, send_reset_mail
from cchc.web.org.tokens import new_token, revoke_token, tokens_of
from cchc.web.org.users import (
    FIELD_LABELS,
    UserError,
    change_user,
    create_user,
    record_password,
    role_label,
    set_active,
)


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


# --- Passwords: Django's views with cchc's forms, templates and audit ------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """«Đổi mật khẩu»: the current password and the new one, audited."""

    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: Any = self.request.user  # logged in (PasswordChangeView requires it)
        record_password(user, "đổi mật khẩu", by=user, request_id=request_id_of(self.request))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """«Quên mật khẩu»: asks for the address and answers the same whether an account has it."""

    form_class = ResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the reset mail: a new password, twice; the link works once."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_password(
            form.user, "đặt mật khẩu mới qua thư", by=form.user, request_id=request_id_of(self.request)
        )
        return response


# --- «Người dùng»: accounts, their role and units (administrator; Sở Nội vụ for the units' staff) -------

USERS_SHOWN = 200


def _manager(request: HttpRequest) -> Any:
    """The logged-in user when they manage accounts, else 403."""
    if not manages_accounts(request.user):
        raise PermissionDenied("Chỉ quản trị và Sở Nội vụ quản lý người dùng.")
    return request.user


def _account(request: HttpRequest, pk: int) -> tuple[Any, bool]:
    """The account and whether the logged-in user may change it."""
    editor = _manager(request)
    account = get_object_or_404(User, pk=pk)
    return account, may_manage(editor, account)


def _form_problem(form: AccountForm, error: UserError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_safe
def users(request: HttpRequest) -> HttpResponse:
    """Every account: name, role, units, address, state, last login; searched by name, address or unit."""
    editor = _manager(request)
    query = request.GET.get("q", "").strip()[:100]
    accounts = User.objects.prefetch_related("groups", "assignments__unit").order_by("-is_active", "username")
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(assignments__unit__name__icontains=query)
        ).distinct()
    total = accounts.count()
    rows = [
        {
            "account": account,
            "role": role_label(stored_role(account)),
            "units": [assignment.unit for assignment in account.assignments.all()],
            "editable": may_manage(editor, account),
        }
        for account in accounts[:USERS_SHOWN]
    ]
    context = {"rows": rows, "query": query, "total": total, "more": total - len(rows)}
    return render(request, "org/users.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    """A new account with its role and units; without a password, a mail lets its owner set one."""
    editor = _manager(request)
    form = NewAccountForm(request.POST or None, editor=editor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = create_user(
                data["username"],
                data["password"] or None,
                role=data["role"],
                units=data["units"],
                full_name=data["full_name"],
                email=data["email"],
                by=editor,
                request_id=request_id_of(request),
            )
        except UserError as error:
            _form_problem(form, error)
        else:
            messages.success(request, f"Đã tạo tài khoản «{account.username}».")
            if not data["password"]:
                _mail_reset(request, account, welcome=True)
            return redirect("user", pk=account.pk)
    return render(request, "org/user_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def user(request: HttpRequest, pk: int) -> HttpResponse:
    """One account: its role, units, name and address to change, its switches and its history."""
    account, editable = _account(request, pk)
    role = stored_role(account)
    initial = {
        "full_name": account.get_full_name(),
        "email": account.email,
        "role": role.value if role else "",
        "units": list(account.assignments.values_list("unit__code", flat=True)),
    }
    form = AccountForm(
        request.POST if request.method == "POST" else None, initial=initial, editor=request.user
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Bạn không được thay đổi tài khoản này.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                changes = change_user(
                    account,
                    role=data["role"],
                    units=data["units"],
                    full_name=data["full_name"],
                    email=data["email"],
                    by=request.user,
                    request_id=request_id_of(request),
                )
            except UserError as error:
                _form_problem(form, error)
            else:
                changed = ", ".join(FIELD_LABELS[change.field] for change in changes)
                messages.success(request, f"Đã lưu: {changed}." if changed else "Không có gì thay đổi.")
                return redirect("user", pk=account.pk)
    context = {
        "account": account,
        "role": role_label(role),
        "form": form,
        "editable": editable,
        "history": [
            (change, FIELD_LABELS.get(change.field, change.field))
            for change in account.account_changes.select_related("by")[:50]
        ],
    }
    return render(request, "org/user.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    """Switch an account off («Khóa») or back on («Mở khóa»)."""
    account, editable = _account(request, pk)
    if not editable:
        raise PermissionDenied("Bạn không được thay đổi tài khoản này.")
    try:
        set_active(account, active, by=request.user, request_id=request_id_of(request))
    except UserError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Đã mở khóa tài khoản «{account.username}»."
            if active
            else f"Đã khóa tài khoản «{account.username}»: người này không đăng nhập được nữa.",
        )
    return redirect("user", pk=account.pk)


@login_required
@require_POST
def user_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail the account a link to set a new password."""
    account, editable = _account(request, pk)
    if not editable:
        raise PermissionDenied("Bạn không được thay đổi tài khoản này.")
    if not account.email:
        messages.error(request, "Tài khoản chưa có thư điện tử: nhập thư điện tử rồi lưu trước khi gửi.")
    elif not account.is_active:
        messages.error(request, "Tài khoản đang bị khóa: mở khóa trước khi gửi thư đặt lại mật khẩu.")
    else:
        _mail_reset(request, account, welcome=False)
    return redirect("user", pk=account.pk)


def _mail_reset(request: HttpRequest, account: Any, *, welcome: bool) -> None:
    try:
        send_reset_mail(account, request, welcome=welcome, by=request.user)
    except MailError as error:
        messages.error(request, str(error))
    else:
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        messages.success(
            request,
            f"Đã gửi thư đặt mật khẩu tới {account.email}; đường dẫn trong thư dùng được {hours} giờ.",
        )
