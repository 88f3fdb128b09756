"""API tokens: made once, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from cchc.web.org.models import ApiToken


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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
