"""Django's admin stays for the administrator, in Vietnamese, and sets a user's role and units on the add page."""

from __future__ import annotations

from django.contrib.auth.models import Group


def test_the_admin_site_has_vietnamese_titles(world) -> None:
    page = world.client(world.admin).get("/quan-tri/").content.decode()
    assert "Quản trị hệ thống báo cáo CCHC" in page
    assert "Dữ liệu của hệ thống" in page
    assert "Django" not in page


def test_the_user_add_page_sets_role_and_units(world) -> None:
    page = world.client(world.admin).get("/quan-tri/auth/user/add/").content.decode()
    assert "Vai trò" in page and 'name="groups"' in page
    assert "Đơn vị phụ trách" in page and 'name="assignments-0-unit"' in page


def test_a_users_fields_are_explained_in_vietnamese(world) -> None:
    page = (
        world.client(world.admin).get(f"/quan-tri/auth/user/{world.reporter_a.pk}/change/").content.decode()
    )
    assert "Bỏ chọn để khóa tài khoản thay cho việc xóa" in page
    assert "Có mọi quyền mà không cần gán riêng từng quyền." in page
    for english in ("Designates", "Superuser status", "Staff status", "Active", "Groups", "Reset password"):
        assert english not in page
    assert "Mật khẩu không được lưu ở dạng đọc được" in page and "Đặt lại mật khẩu" in page
    # Roles by their names, and no permission given one by one (Django's are English: «Can add user»).
    assert '<option value="{}">Cán bộ báo cáo của đơn vị</option>'.format(
        Group.objects.get(name="bao-cao").pk
    ) in page.replace(" selected", "")
    assert "Can add" not in page and 'name="user_permissions"' not in page


def test_roles_are_not_edited_as_groups_in_the_admin(world) -> None:
    answer = world.client(world.admin).get("/quan-tri/auth/group/")
    assert answer.status_code == 404
    page = answer.content.decode()
    assert "Không tìm thấy trang này" in page and "Http404" not in page


def test_the_account_history_is_read_only_in_the_admin(world) -> None:
    client = world.client(world.admin)
    assert client.get("/quan-tri/org/accountchange/").status_code == 200
    assert client.get("/quan-tri/org/accountchange/add/").status_code == 403


def test_only_the_administrator_reaches_the_admin(world) -> None:
    assert world.client(world.reviewer).get("/quan-tri/").status_code == 302
