"""Creating users with a role and their units (used by `cchc createuser` and the demo loader)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.web.org.models import Assignment, OrgUnit
from cchc.web.org.roles import Role


class UserError(ValueError):
    """A user that cannot be created; the message is Vietnamese."""


def ensure_groups() -> None:
    """Create the role groups if they are missing."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    role: str,
    units: Iterable[str] = (),
    full_name: str = "",
    check_password: bool = True,
) -> User:
    """Create a user in one role, assigned to the units with these codes; all or nothing.

    A None password makes a user who cannot log in until one is set (the demo sets its hash itself)."""
    ensure_groups()
    if User.objects.filter(username=username).exists():
        raise UserError(f"Tên đăng nhập «{username}» đã có.")
    if role not in {r.value for r in Role}:
        raise UserError(f"Vai trò «{role}» không có.")
    codes = list(units)
    if role == Role.REPORTER and not codes:
        raise UserError("Cán bộ báo cáo cần ít nhất một đơn vị phụ trách (--unit MÃ_ĐƠN_VỊ).")
    found = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise UserError(f"Không có đơn vị mã {', '.join(missing)}.")
    first, _, last = full_name.rpartition(" ")
    if check_password:
        # The rules see the user name and the full name: a password too close to them is refused.
        try:
            validate_password(password or "", User(username=username, first_name=first, last_name=last))
        except ValidationError as error:
            raise UserError(" ".join(error.messages)) from error
    user = User.objects.create_user(username, password=password, first_name=first, last_name=last)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    Assignment.objects.bulk_create([Assignment(user=user, unit=found[code]) for code in codes])
    return user
