"""API tokens: made once, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from cchc.web.org.models import ApiToken

logger = logging.getLogger("cchc.web.storage")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_token(user: Any, name: str = "") -> str:
    """Create a token for `user` and return its key (the only time the key is seen)."""
    key = "cchc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_hash(key), prefix=key[5:13])
    return key


def user_for_token(key: str) -> Any | None:
    """The active user a token key belongs to, or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    try:
        # Best effort: a full or read-only data folder must not turn every API read into an error.
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    except DatabaseError as error:
        logger.warning("Không ghi được lần dùng khóa API %s…: %s", token.prefix, error)
    return token.user
