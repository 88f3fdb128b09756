"""Django's password rules ("quy tắc mật khẩu") with their messages in Vietnamese.

Django 5.2's `vi` locale misses the minimum-length message (its text changed upstream) and names the
user's attributes capitalised mid-sentence, so the messages are written here rather than translated.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

__all__ = [
    "CommonPasswordValidator",
    "MinimumLengthValidator",
    "NumericPasswordValidator",
    "UserAttributeSimilarityValidator",
]

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
