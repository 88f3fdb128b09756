"""The menu shows each role only what it may use; everyone has «Đổi mật khẩu»."""

from __future__ import annotations

import re

import pytest


def menu(world, who: str) -> set[str]:  # type: ignore[no-untyped-def]
    page = world.client(getattr(world, who)).get("/").content.decode()
    header = page[page.index('<header class="topbar">') : page.index("</header>")]
    return {name.strip() for name in re.findall(r"<a [^>]*>([^<]+)</a>", header)}


PROVINCE = {"Kỳ báo cáo", "Tổng quan", "Hồ sơ TTHC", "Đơn vị"}


def test_a_reporter_sees_no_api_no_province_pages_and_no_accounts(world) -> None:
    page = world.client(world.reporter_a).get("/").content.decode()
    assert "API" not in page[page.index('<header class="topbar">') : page.index("</header>")]
    assert menu(world, "reporter_a") == {
        "Báo cáo CCHC",
        "Trang chủ",
        "Sổ theo dõi",
        "Chỉ số CCHC",
        "Đổi mật khẩu",
    }


def test_a_viewer_sees_the_province_pages_only(world) -> None:
    assert (
        menu(world, "viewer")
        == {"Báo cáo CCHC", "Trang chủ", "Sổ theo dõi", "Chỉ số CCHC", "Đổi mật khẩu"} | PROVINCE
    )


def test_sonoivu_sees_users_and_the_api_but_not_the_admin(world) -> None:
    items = menu(world, "reviewer")
    assert PROVINCE | {"Người dùng", "Khóa API", "Đổi mật khẩu"} <= items
    assert "Quản trị" not in items


def test_the_admin_sees_users_and_the_admin_site(world) -> None:
    assert PROVINCE | {"Người dùng", "Quản trị", "Khóa API", "Đổi mật khẩu"} <= menu(world, "admin")


@pytest.mark.parametrize("who", ["reporter_a", "viewer", "reviewer", "admin"])
def test_every_role_changes_its_password(world, who: str) -> None:
    client = world.client(getattr(world, who))
    page = client.get("/tai-khoan/doi-mat-khau/").content.decode()
    assert "<h1>Đổi mật khẩu</h1>" in page
    assert '<label for="id_old_password">Mật khẩu hiện tại</label>' in page
