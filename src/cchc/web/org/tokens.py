"""API tokens: made once, shown once, stored as a SHA-256 hash; they expire, and their owner revokes them.

A token lives CCHC_API_TOKEN_DAYS days (settings.API_TOKEN_DAYS, 90 by default). Making and revoking one
is written to the audit log ("cchc.audit") with the user, the token's prefix and the request id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cchc.web.org.models import ApiToken

logger = logging.getLogger("cchc.web.storage")
audit = logging.getLogger("cchc.audit")


class TokenExpired(Exception):
    """A token that exists but whose lifetime is over; the message is Vietnamese and names it."""

    def __init__(self, token: ApiToken) -> None:
        day = timezone.localtime(token.expires_at).strftime("%d/%m/%Y")
        super().__init__(
            f"Khóa API «{token.prefix}…» đã hết hạn ngày {day}: tạo khóa mới ở trang "
            "Tài khoản › Khóa API (/tai-khoan/khoa-api/)."
        )


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_token(
    user: Any, name: str = "", *, days: int | None = None, request_id: str = ""
) -> tuple[str, ApiToken]:
    """Create a token for `user`: its key (the only time the key is seen) and its stored record."""
    key = "cchc_" + secrets.token_urlsafe(32)
    lifetime = dt.timedelta(days=settings.API_TOKEN_DAYS if days is None else days)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=_hash(key), prefix=key[5:13], expires_at=timezone.now() + lifetime
    )
    audit.info("Tạo khóa API %s… cho %s (yêu cầu %s)", token.prefix, user.username, request_id or "-")
    return key, token


def issue_token(user: Any, name: str = "", *, days: int | None = None, request_id: str = "") -> str:
    """Create a token for `user` and return its key (the only time the key is seen)."""
    return new_token(user, name, days=days, request_id=request_id)[0]


def live_token(key: str) -> ApiToken | None:
    """The token of a key, read only: None for an unknown or revoked key or an inactive user; TokenExpired."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expired:
        raise TokenExpired(token)
    return token


def user_for_token(key: str) -> Any | None:
    """The active user of a token key, its use recorded; None for an unknown or revoked key; TokenExpired."""
    token = live_token(key)
    if token is None:
        return None
    try:
        # Best effort: a full or read-only data folder must not turn every API read into an error.
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    except DatabaseError as error:
        logger.warning("Không ghi được lần dùng khóa API %s…: %s", token.prefix, error)
    return token.user


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own tokens that are not revoked (expired ones included, so the user sees them end)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def revoke_token(user: Any, pk: int, *, request_id: str = "") -> ApiToken:
    """Revoke one of the user's own tokens; Http404 for anyone else's, or one already revoked."""
    with transaction.atomic():
        token = tokens_of(user).select_for_update().filter(pk=pk).first()
        if token is None:
            raise Http404("Không có khóa API này trong các khóa của bạn.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    audit.info("Thu hồi khóa API %s… của %s (yêu cầu %s)", token.prefix, user.username, request_id or "-")
    return token
