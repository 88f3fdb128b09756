"""The one door to every row: what a user may see, change or review, used by pages, API, Excel alike.

Roles are Django groups:
  administrator ("quan-tri")   everything; superusers count as administrators
  reviewer      ("tham-dinh")  Sở Nội vụ: sees and reviews every unit; edits the units assigned to them
  reporter      ("bao-cao")    sees and edits only the units assigned to them
  viewer        ("xem")        sees every unit, changes nothing
A user with no role sees nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from cchc.web.org.models import OrgUnit, OrgUnitQuerySet
from cchc.web.org.roles import ROLE_LABELS, Role


class Action(StrEnum):
    """What a user wants to do with a unit's forms."""

    VIEW = "view"
    EDIT = "edit"
    REVIEW = "review"


def role_of(user: Any) -> Role | None:
    """The user's strongest role, or None (anonymous or no group)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached: Role | bool | None = getattr(user, "_cchc_role", False)
    if cached is not False:
        return cached if isinstance(cached, Role) else None
    role = stored_role(user)
    user._cchc_role = role
    return role


def stored_role(account: Any) -> Role | None:
    """The role an account holds, switched off or not: superusers are administrators, else the strongest
    role group."""
    if account.is_superuser:
        return Role.ADMIN
    names = set(account.groups.values_list("name", flat=True))
    return next((r for r in Role if r.value in names), None)


def units_for(user: Any, action: Action) -> OrgUnitQuerySet:
    """The units `user` may act on: the single scoped query behind every page, endpoint and file."""
    role = role_of(user)
    units = OrgUnit.objects.all()
    if role is Role.ADMIN:
        return units
    if role is Role.REVIEWER:
        return units if action in (Action.VIEW, Action.REVIEW) else units.filter(assignments__user=user)
    if role is Role.REPORTER:
        return units.filter(assignments__user=user) if action in (Action.VIEW, Action.EDIT) else units.none()
    if role is Role.VIEWER:
        return units if action is Action.VIEW else units.none()
    return units.none()


def can(user: Any, action: Action, unit: OrgUnit) -> bool:
    """Whether `user` may do `action` on `unit`'s forms."""
    return units_for(user, action).filter(pk=unit.pk).exists()


def runs_province(user: Any) -> bool:
    """Whether the user does Sở Nội vụ's work: imports dossiers, writes the province's report, sets the
    working calendar (administrator or reviewer)."""
    return role_of(user) in (Role.ADMIN, Role.REVIEWER)


def sees_province(user: Any) -> bool:
    """Whether the user may see province-wide pages (aggregate, completeness, all findings, dashboard)."""
    return role_of(user) in (Role.ADMIN, Role.REVIEWER, Role.VIEWER)


def manages_accounts(user: Any) -> bool:
    """Whether the user opens the «Người dùng» pages: the administrator, and Sở Nội vụ (for the units'
    staff)."""
    return role_of(user) in (Role.ADMIN, Role.REVIEWER)


def roles_given_by(user: Any) -> tuple[Role, ...]:
    """The roles `user` may give or take away: every role for the administrator; Sở Nội vụ gives the
    units' reporters and viewers (never a role as strong as its own)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return tuple(Role)
    if role is Role.REVIEWER:
        return (Role.REPORTER, Role.VIEWER)
    return ()


def may_manage(user: Any, account: Any) -> bool:
    """Whether `user` may change `account`: its present role is one `user` gives (a role-less account
    counts as the weakest), and it is not `user`'s own (nobody changes their own role or switches
    themselves off)."""
    if account.pk == getattr(user, "pk", None):
        return False
    current = stored_role(account)
    given = roles_given_by(user)
    return bool(given) and (current is None or current in given)


def context(request: HttpRequest) -> dict[str, object]:
    """Template context: the user's role and its Vietnamese name."""
    # An error page drawn before authentication ran (a bad Host header: 400) has no user.
    user = getattr(request, "user", None)
    role = role_of(user)
    return {
        "role": role.value if role else "",
        "role_label": ROLE_LABELS.get(role, "") if role else "",
        "sees_province": sees_province(user),
        "is_reviewer": role in (Role.ADMIN, Role.REVIEWER),
        "manages_accounts": manages_accounts(user),
    }
