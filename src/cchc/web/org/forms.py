"""Forms of the account pages: a user's role, units, name and address; the forgotten-password form."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import User
from django.utils import timezone

from cchc.web.org.access import roles_given_by
from cchc.web.org.passwords import MailError, reset_recently_sent, send_reset_mail
from cchc.web.org.picker import UnitPicker, unit_field_choices
from cchc.web.org.roles import ROLE_LABELS, Role
from cchc.web.org.users import REPORTER_NEEDS_UNIT


class AccountForm(forms.Form):
    """A user's role, units, full name and e-mail address; the roles offered are those the editor gives."""

    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Để nhận thư đặt mật khẩu và thư nhắc hạn báo cáo.",
        error_messages={"invalid": "Thư điện tử không đúng dạng, ví dụ: ten@sotuphap.thanhhoa.gov.vn."},
    )
    role = forms.ChoiceField(
        label="Vai trò", error_messages={"invalid_choice": "Bạn không giao được vai trò này."}
    )
    units = forms.MultipleChoiceField(
        label="Đơn vị phụ trách",
        required=False,
        widget=UnitPicker,
        help_text="Cán bộ báo cáo nhập số liệu cho các đơn vị được đánh dấu.",
        error_messages={"invalid_choice": "Không có đơn vị mã %(value)s."},
    )

    def __init__(self, *args: Any, editor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field: Any = self.fields["role"]
        role_field.choices = [(role.value, ROLE_LABELS[role]) for role in roles_given_by(editor)]
        unit_field_choices(self.fields["units"], timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.REPORTER and not data.get("units") and "units" not in self.errors:
            self.add_error("units", REPORTER_NEEDS_UNIT)
        return data


class NewAccountForm(AccountForm):
    """A new user: the account name, and either a password or a mail that lets them set one."""

    username = forms.RegexField(
        label="Tên đăng nhập",
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": "Tên đăng nhập chỉ gồm chữ, số và các dấu . @ + - _ (không có dấu cách)."},
    )
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Để trống thì cchc gửi thư để người dùng tự đặt mật khẩu.",
    )
    field_order = ["username", "full_name", "email", "role", "units", "password"]

    def __init__(self, *args: Any, editor: Any, **kwargs: Any) -> None:
        super().__init__(*args, editor=editor, **kwargs)
        # Most new accounts are a unit's reporter; a stronger role is chosen on purpose, never by default.
        self.fields["role"].initial = Role.REPORTER.value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("password") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Cần thư điện tử để gửi thư đặt mật khẩu, hoặc nhập mật khẩu ban đầu.")
        return data


class ResetForm(auth_forms.PasswordResetForm):
    """Django's forgotten-password form with cchc's mail; it says the same whether the address exists."""

    email = forms.EmailField(
        label="Thư điện tử",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Thư điện tử không đúng dạng, ví dụ: ten@sotuphap.thanhhoa.gov.vn."},
    )

    def get_users(self, email: str) -> Iterator[Any]:
        """Active accounts with this address, including a new one that never had a password; not one
        mailed a moment ago."""
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if not reset_recently_sent(user):
                yield user

    def save(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        """Mail each account its link; a refused mail is logged, never shown (it would tell the address
        exists)."""
        for user in self.get_users(self.cleaned_data["email"]):
            with contextlib.suppress(MailError):
                send_reset_mail(user, request)


PASSWORD_MESSAGES: dict[str, Any] = {
    "password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau: nhập lại cả hai ô.",
    "password_incorrect": "Mật khẩu hiện tại không đúng.",
}


def _label_new_passwords(form: forms.Form) -> None:
    form.fields["new_password1"].label = "Mật khẩu mới"
    form.fields["new_password2"].label = "Nhập lại mật khẩu mới"
    form.fields["new_password2"].help_text = ""


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password, twice, checked by the project's rules (from a reset link)."""

    error_messages = PASSWORD_MESSAGES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_new_passwords(self)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The current password and the new one, twice, checked by the project's rules."""

    error_messages = PASSWORD_MESSAGES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        _label_new_passwords(self)
