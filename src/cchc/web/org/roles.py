"""The four roles, their Vietnamese names and their names on the command line (no Django here)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role; the value is the Django group name."""

    ADMIN = "quan-tri"
    REVIEWER = "tham-dinh"
    REPORTER = "bao-cao"
    VIEWER = "xem"


ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.REVIEWER: "Chuyên viên thẩm định (Sở Nội vụ)",
    Role.REPORTER: "Cán bộ báo cáo của đơn vị",
    Role.VIEWER: "Người xem",
}


# `cchc createuser --role …`
COMMAND_NAMES = {
    "admin": Role.ADMIN,
    "reviewer": Role.REVIEWER,
    "reporter": Role.REPORTER,
    "viewer": Role.VIEWER,
}
