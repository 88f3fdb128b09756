"""Login protection ("chống dò mật khẩu"): throttling of wrong passwords and a bound on password checks.

Every decision to refuse is taken from the failure table before a password is hashed, so a refused
attempt costs a few indexed queries and no PBKDF2 round. The rules (`RULES`) count failures in a
sliding window:

- an account from one address ("tài khoản từ một địa chỉ"): 5 in 15 minutes;
- an account from any address ("tài khoản"): 20 in 15 minutes. Refused attempts are not counted, so one
  address adds at most 5 failures to an account and cannot lock its owner out of other addresses;
- an address across accounts ("địa chỉ"): 30 in 15 minutes (password spraying from one machine).

A successful login clears the failures of its (account, address) pair. Password checks are also
bounded per process (`password_checks`): PBKDF2 saturates the cores, and a flood of logins must leave
the cores and the server threads to the users already logged in.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import math
import os
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cchc.web.org.models import LoginFailure

__all__ = [
    "BUSY_MESSAGE",
    "RULES",
    "PasswordChecks",
    "Refusal",
    "Rule",
    "clear_failures",
    "client_address",
    "lockout",
    "password_checks",
    "record_failure",
]

logger = logging.getLogger(__name__)

# Failures older than this are deleted when a new one is written; the admin site shows the rest.
RETENTION = dt.timedelta(days=1)

BUSY_MESSAGE = "Đang có nhiều lượt đăng nhập, vui lòng thử lại sau ít giây."
BUSY_RETRY_SECONDS = 5


@dataclass(frozen=True)
class Rule:
    """At most `limit` failures within `window`, counted by account, by address or by both."""

    name: str
    by_account: bool
    by_address: bool
    limit: int
    window: dt.timedelta


RULES = (
    Rule("account-address", by_account=True, by_address=True, limit=5, window=dt.timedelta(minutes=15)),
    Rule("account", by_account=True, by_address=False, limit=20, window=dt.timedelta(minutes=15)),
    Rule("address", by_account=False, by_address=True, limit=30, window=dt.timedelta(minutes=15)),
)


@dataclass(frozen=True)
class Refusal:
    """Why a login was refused before its password was checked, and when to try again."""

    message: str
    retry_after: int
    rule: str = ""


def account_key(username: str) -> str:
    """The account name as counted: case, spaces around it or its Unicode form do not make a new account.

    The login form reads the name in NFKC, so "ｂｃ-ａ" logs in as "bc-a" and must count as "bc-a".
    """
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def _normal_address(text: str) -> str | None:
    """The address in canonical form (IPv4-mapped IPv6 as IPv4), None if `text` is not an address."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind trusted proxies the nearest untrusted X-Forwarded-For hop.

    X-Forwarded-For is read right to left, because each proxy appends the address it saw: the entries a
    trusted proxy wrote are true, anything further left may be the client's own invention. Only when
    REMOTE_ADDR is in CCHC_TRUSTED_PROXIES is the header read at all.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    address = _normal_address(remote)
    if address is None:
        return remote[:45]
    trusted = {_normal_address(proxy) for proxy in settings.CCHC_TRUSTED_PROXIES}
    if address not in trusted:
        return address
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        hop_address = _normal_address(hop)
        if hop_address is None:
            # Not written by a proxy we trust: the last trusted hop is all we know.
            return address
        address = hop_address
        if address not in trusted:
            return address
    return address


def _failures(rule: Rule, username: str, address: str, since: dt.datetime) -> QuerySet[LoginFailure]:
    """The failures since `since` that `rule` counts for this account and address."""
    failures = LoginFailure.objects.filter(failed_at__gt=since)
    if rule.by_account:
        failures = failures.filter(username=username)
    if rule.by_address:
        failures = failures.filter(address=address)
    return failures


def lockout(username: str, address: str) -> Refusal | None:
    """The refusal when any rule has reached its limit for this account or address, else None."""
    now = timezone.now()
    username = account_key(username)
    longest: tuple[dt.datetime, Rule] | None = None
    for rule in RULES:
        # The failure that has to leave the window before the count drops under the limit.
        oldest_counted = (
            _failures(rule, username, address, now - rule.window)
            .order_by("-failed_at")
            .values_list("failed_at", flat=True)[rule.limit - 1 : rule.limit]
            .first()
        )
        if oldest_counted is None:
            continue
        until = oldest_counted + rule.window
        if longest is None or until > longest[0]:
            longest = (until, rule)
    if longest is None:
        return None
    until, rule = longest
    seconds = max(1, math.ceil((until - now).total_seconds()))
    minutes = math.ceil(seconds / 60)
    return Refusal(
        f"Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        retry_after=seconds,
        rule=rule.name,
    )


def record_failure(username: str, address: str) -> None:
    """Write one wrong password; log the lockout when this failure reaches a rule's limit."""
    now = timezone.now()
    # One transaction of its own: a failed write (a read-only data folder) leaves the caller's intact.
    with transaction.atomic():
        LoginFailure.objects.filter(failed_at__lt=now - RETENTION).delete()
        LoginFailure.objects.create(username=account_key(username), address=address, failed_at=now)
    refusal = lockout(username, address)
    if refusal is not None:
        logger.warning(
            "Login locked (%s) for account %r from %s for %d s",
            refusal.rule,
            account_key(username),
            address,
            refusal.retry_after,
        )


def clear_failures(username: str, address: str) -> None:
    """Forget the failures of this account from this address (after a successful login)."""
    with transaction.atomic():
        LoginFailure.objects.filter(username=account_key(username), address=address).delete()


class PasswordChecks:
    """At most `size` password checks at once in this process; a caller waits at most `wait` seconds."""

    def __init__(self, size: int, wait: float) -> None:
        self.size = size
        self.wait = wait
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """True inside the block when a slot was free within the wait, False when all stayed busy."""
        acquired = self._slots.acquire(timeout=self.wait)
        try:
            yield acquired
        finally:
            if acquired:
                self._slots.release()


# Half the cores hash, the other half serve pages. A PBKDF2 check takes about 0.3 s, so a one-second wait
# lets a few logins at the same moment queue, while a flood gives its server threads back quickly.
password_checks = PasswordChecks(size=max(1, (os.cpu_count() or 2) // 2), wait=1.0)
