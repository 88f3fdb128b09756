"""Accounts ("tài khoản"): creating users with a role and their units, changing them, switching them off and
on, every change audited (`AccountChange` and the "cchc.audit" log). Used by `cchc createuser`, the demo
loader and the «Người dùng» pages."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.web.org.access import stored_role
from cchc.web.org.models import AccountChange, Assignment, OrgUnit
from cchc.web.org.roles import ROLE_LABELS, Role

audit = logging.getLogger("cchc.audit")

# What an account change names, as the history shows it.
FIELD_LABELS = {
    "created": "tạo tài khoản",
    "role": "vai trò",
    "units": "đơn vị phụ trách",
    "full_name": "họ tên",
    "email": "thư điện tử",
    "active": "trạng thái",
    "password": "mật khẩu",
}


REPORTER_NEEDS_UNIT = "Cán bộ báo cáo cần ít nhất một đơn vị phụ trách."


class UserError(ValueError):
    """A user that cannot be created or changed; the message is Vietnamese and names the field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def ensure_groups() -> None:
    """Create the role groups if they are missing."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _role(role: str) -> Role:
    if role not in {r.value for r in Role}:
        raise UserError(f"Vai trò «{role}» không có.", "role")
    return Role(role)


def _units(role: Role, codes: Iterable[str]) -> list[OrgUnit]:
    """The units with these codes, in that order; a reporter needs at least one."""
    codes = list(dict.fromkeys(codes))
    if role is Role.REPORTER and not codes:
        raise UserError(REPORTER_NEEDS_UNIT, "units")
    found = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise UserError(f"Không có đơn vị mã {', '.join(missing)}.", "units")
    return [found[code] for code in codes]


def _email(email: str, account: User | None) -> str:
    """The address, refused when another account has it (a reset link must reach one person)."""
    email = email.strip()
    others = User.objects.filter(email__iexact=email)
    if account is not None:
        others = others.exclude(pk=account.pk)
    if email and others.exists():
        raise UserError(f"Thư điện tử «{email}» đã dùng cho tài khoản khác.", "email")
    return email


def _split_name(full_name: str) -> tuple[str, str]:
    # A Vietnamese full name is kept split at its last space (first_name "Nguyễn Văn", last_name "A").
    first, _, last = full_name.strip().rpartition(" ")
    return first, last


def _set_role(user: User, role: Role) -> None:
    """Exactly one role group; the administrator is the one who also reaches Django's admin."""
    user.is_staff = user.is_superuser = role is Role.ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([Group.objects.get(name=role.value)])
    user.__dict__.pop("_cchc_role", None)


def _record(account: User, field: str, old: str, new: str, *, by: Any, request_id: str) -> AccountChange:
    """The audit record of one change (unsaved); a change made by a person is logged too."""
    by_user = by if getattr(by, "pk", None) else None
    record = AccountChange(
        account=account,
        field=field,
        old_text=old[:1000],
        new_text=new[:1000],
        by=by_user,
        request_id=request_id,
    )
    # A command or the demo loader (by None) leaves the record only: the log is for what people do.
    if by_user is not None:
        audit.info(
            "Tài khoản %s: %s «%s» → «%s» (bởi %s, yêu cầu %s)",
            account.username,
            FIELD_LABELS.get(field, field),
            old,
            new,
            by_user.username,
            request_id or "-",
        )
    return record


def role_label(role: Role | None) -> str:
    """The role's Vietnamese name (empty for none)."""
    return ROLE_LABELS.get(role, "") if role else ""


def units_text(units: Iterable[OrgUnit]) -> str:
    """The units as the history shows them: their codes, comma-separated."""
    return ", ".join(sorted(unit.code for unit in units))


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    role: str,
    units: Iterable[str] = (),
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
    by: Any = None,
    request_id: str = "",
) -> User:
    """Create a user in one role, assigned to the units with these codes; all or nothing, audited.

    A None password makes a user who cannot log in until one is set (by the reset e-mail, or the demo
    setting its hash itself)."""
    ensure_groups()
    username = username.strip()
    if not username:
        raise UserError("Chưa nhập tên đăng nhập.", "username")
    if User.objects.filter(username=username).exists():
        raise UserError(f"Tên đăng nhập «{username}» đã có.", "username")
    chosen = _role(role)
    found = _units(chosen, units)
    email = _email(email, None)
    first, last = _split_name(full_name)
    if check_password and password is not None:
        # The rules see the user name and the full name: a password too close to them is refused.
        try:
            validate_password(
                password, User(username=username, first_name=first, last_name=last, email=email)
            )
        except ValidationError as error:
            raise UserError(" ".join(error.messages), "password") from error
    user = User.objects.create_user(
        username, email=email, password=password, first_name=first, last_name=last
    )
    _set_role(user, chosen)
    Assignment.objects.bulk_create([Assignment(user=user, unit=unit) for unit in found])
    details = "; ".join(part for part in (role_label(chosen), units_text(found), email) if part)
    _record(user, "created", "", details, by=by, request_id=request_id).save()
    return user


@transaction.atomic
def change_user(
    account: User,
    *,
    role: str,
    units: Iterable[str],
    full_name: str,
    email: str,
    by: Any,
    request_id: str = "",
) -> list[AccountChange]:
    """Change an account's role, units, name and address together; one audit record per changed field."""
    chosen = _role(role)
    found = _units(chosen, units)
    email = _email(email, account)
    old_role = stored_role(account)
    old_units = units_text(OrgUnit.objects.filter(assignments__user=account))
    old_name = account.get_full_name()
    old_email = account.email
    account.first_name, account.last_name = _split_name(full_name)
    account.email = email
    account.save(update_fields=["first_name", "last_name", "email"])
    if old_role is not chosen:
        _set_role(account, chosen)
    Assignment.objects.filter(user=account).exclude(unit__in=found).delete()
    Assignment.objects.bulk_create(
        [Assignment(user=account, unit=unit) for unit in found], ignore_conflicts=True
    )
    changes = [
        _record(account, field, old, new, by=by, request_id=request_id)
        for field, old, new in (
            ("role", role_label(old_role), role_label(chosen)),
            ("units", old_units, units_text(found)),
            ("full_name", old_name, account.get_full_name()),
            ("email", old_email, email),
        )
        if old != new
    ]
    AccountChange.objects.bulk_create(changes)
    return changes


ACTIVE_TEXT = {True: "đang hoạt động", False: "đã khóa"}


@transaction.atomic
def set_active(account: User, active: bool, *, by: Any, request_id: str = "") -> bool:
    """Switch an account on or off (a switched-off account cannot log in nor use its API keys); audited.

    Returns whether anything changed."""
    if account.pk == getattr(by, "pk", None) and not active:
        raise UserError("Bạn không thể tự khóa tài khoản của mình.", "active")
    if account.is_active == active:
        return False
    account.is_active = active
    account.save(update_fields=["is_active"])
    _record(
        account, "active", ACTIVE_TEXT[not active], ACTIVE_TEXT[active], by=by, request_id=request_id
    ).save()
    return True


def record_password(account: User, how: str, *, by: Any, request_id: str = "") -> None:
    """Audit a password set by its owner or through a reset link (never the password itself)."""
    _record(account, "password", "", how, by=by, request_id=request_id).save()
