"""Django's password rules ("quy tắc mật khẩu") with their messages in Vietnamese, and the e-mail that
sets a new password.

Django 5.2's `vi` locale misses the minimum-length message (its text changed upstream) and names the
user's attributes capitalised mid-sentence, so the messages are written here rather than translated.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cchc.web.middleware import request_id_of
from cchc.web.org.models import AccountChange
from cchc.web.org.users import record_password

__all__ = [
    "RESET_SENT",
    "CommonPasswordValidator",
    "MailError",
    "MinimumLengthValidator",
    "NumericPasswordValidator",
    "UserAttributeSimilarityValidator",
    "reset_recently_sent",
    "send_reset_mail",
]

logger = logging.getLogger(__name__)

# The user's attributes as they read inside a sentence. cchc keeps a Vietnamese full name split at its
# last space (first_name "Nguyễn Văn", last_name "A"), so both halves are the "họ tên".
ATTRIBUTE_NAMES = {
    "username": "tên đăng nhập",
    "first_name": "họ tên",
    "last_name": "họ tên",
    "email": "địa chỉ thư điện tử",
}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    """Refuses a password too close to the user name, the name or the e-mail address."""

    def validate(self, password: str, user: Any = None) -> None:
        """Django's check, one attribute at a time so that the message can name it in Vietnamese."""
        for attribute in self.user_attributes:
            one = django_rules.UserAttributeSimilarityValidator((attribute,), self.max_similarity)
            try:
                one.validate(password, user)
            except ValidationError as error:
                name = ATTRIBUTE_NAMES.get(attribute, attribute)
                raise ValidationError(
                    self.get_error_message(), code=error.code, params={"verbose_name": name}
                ) from None

    def get_error_message(self) -> str:
        return "Mật khẩu quá giống %(verbose_name)s."

    def get_help_text(self) -> str:
        return "Mật khẩu không được quá giống tên đăng nhập, họ tên hoặc thư điện tử."


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    """Refuses a password shorter than `min_length` characters."""

    def validate(self, password: str, user: Any = None) -> None:
        """Django's check, with a Vietnamese message."""
        if len(password) < self.min_length:
            raise ValidationError(
                self.get_error_message(), code="password_too_short", params={"min_length": self.min_length}
            )

    def get_error_message(self) -> str:
        return "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    """Refuses one of the 20,000 most common passwords (Django's list)."""

    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị dò ra."

    def get_help_text(self) -> str:
        return "Mật khẩu không được là mật khẩu phổ biến."


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    """Refuses a password made only of digits."""

    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."


# --- Password resets by e-mail ("đặt lại mật khẩu qua thư điện tử") ---------------------------------------

# A new reset mail to the same account waits this long: the forgotten-password page cannot be used to
# flood someone's mailbox.
RESET_PAUSE = dt.timedelta(minutes=10)
RESET_SENT = "gửi thư đặt lại mật khẩu"


class MailError(Exception):
    """A message the mail server did not take; the message is Vietnamese."""


def reset_recently_sent(user: Any) -> bool:
    """Whether a reset mail went to `user` within RESET_PAUSE."""
    since = timezone.now() - RESET_PAUSE
    return AccountChange.objects.filter(
        account=user, field="password", new_text=RESET_SENT, at__gt=since
    ).exists()


def send_reset_mail(user: Any, request: HttpRequest, *, welcome: bool = False, by: Any = None) -> None:
    """Send `user` a one-use link that sets a new password (Django's token: it stops working after
    PASSWORD_RESET_TIMEOUT, or once the password or the last login changes), audited as sent by `by`
    (None: asked for on the forgotten-password page). `welcome` words it for a new account. MailError
    when the server refuses it."""
    context = {
        "user": user,
        "name": user.get_full_name() or user.username,
        "link": request.build_absolute_uri(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        ),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "welcome": welcome,
    }
    subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
    body = render_to_string("registration/password_reset_email.txt", context)
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except OSError as error:  # smtplib's errors are OSErrors
        logger.warning("Không gửi được thư đặt lại mật khẩu cho %s: %s", user.username, error)
        raise MailError(
            f"Máy chủ thư chưa nhận thư gửi {user.email}. Kiểm tra cấu hình thư điện tử rồi gửi lại."
        ) from error
    record_password(user, RESET_SENT, by=by, request_id=request_id_of(request))
