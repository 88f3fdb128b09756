"""«Người dùng»: accounts get their role and units when they are made, change them, are switched off and on;
every change is audited; only the administrator and Sở Nội vụ open the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cchc.web.org.access import role_of
from cchc.web.org.models import AccountChange
from cchc.web.org.roles import Role
from smtp_inbox import body, link_in, mailbox, subject  # noqa: F401 (the fixture)

NEW = {
    "username": "bc-moi",
    "full_name": "Phạm Thị Dung",
    "email": "pham.thi.dung@sotuphap.thanhhoa.gov.vn",
    "role": "bao-cao",
    "units": ["so-tu-phap", "huyen-nga-son"],
    "password": "",
}


def codes(user: User) -> list[str]:
    return sorted(user.assignments.values_list("unit__code", flat=True))


def test_the_admin_creates_a_reporter_with_units_and_a_set_password_mail(world, mailbox) -> None:  # noqa: F811
    response = world.client(world.admin).post("/nguoi-dung/them/", NEW)
    user = User.objects.get(username="bc-moi")
    assert response["Location"] == f"/nguoi-dung/{user.pk}/"
    assert role_of(user) is Role.REPORTER
    assert codes(user) == ["huyen-nga-son", "so-tu-phap"]
    assert (user.first_name, user.last_name) == ("Phạm Thị", "Dung")
    assert not user.has_usable_password()
    [message] = mailbox.to("pham.thi.dung@sotuphap.thanhhoa.gov.vn")
    assert subject(message) == "Tài khoản báo cáo CCHC của bạn: đặt mật khẩu"
    assert "Tài khoản báo cáo cải cách hành chính của bạn đã được tạo, tên đăng nhập: bc-moi." in body(
        message
    )
    # The new user sets a password from the mail and logs in.
    browser = Client()
    form = browser.get(urlsplit(link_in(message)).path, follow=True)
    browser.post(
        form.redirect_chain[-1][0], {"new_password1": "duyet-bieu-mau-7", "new_password2": "duyet-bieu-mau-7"}
    )
    assert Client().login(username="bc-moi", password="duyet-bieu-mau-7")
    created = AccountChange.objects.get(account=user, field="created")
    assert created.by == world.admin
    assert created.new_text == (
        "Cán bộ báo cáo của đơn vị; huyen-nga-son, so-tu-phap; pham.thi.dung@sotuphap.thanhhoa.gov.vn"
    )
    assert len(created.request_id) == 36


def test_a_user_made_with_a_password_logs_in_with_it(world) -> None:
    world.client(world.admin).post("/nguoi-dung/them/", NEW | {"email": "", "password": "duyet-bieu-mau-7"})
    assert Client().login(username="bc-moi", password="duyet-bieu-mau-7")


def test_a_reporter_is_refused_with_403_in_vietnamese(world) -> None:
    for path in ("/nguoi-dung/", "/nguoi-dung/them/", f"/nguoi-dung/{world.reporter_b.pk}/"):
        response = world.client(world.reporter_a).get(path)
        assert response.status_code == 403
        assert "Chỉ quản trị và Sở Nội vụ quản lý người dùng." in response.content.decode()
    assert world.client(world.reporter_a).post("/nguoi-dung/them/", NEW).status_code == 403
    assert world.client(world.viewer).get("/nguoi-dung/").status_code == 403
    assert not User.objects.filter(username="bc-moi").exists()


def test_the_list_shows_role_units_and_state(world) -> None:
    world.reporter_b.is_active = False
    world.reporter_b.save()
    page = world.client(world.reviewer).get("/nguoi-dung/").content.decode()
    assert f'<a href="/nguoi-dung/{world.reporter_a.pk}/">bc-a</a>' in page
    assert '<td data-label="Họ và tên">Lê Văn A</td>' in page
    assert '<td data-label="Vai trò">Cán bộ báo cáo của đơn vị</td>' in page
    assert '<td data-label="Đơn vị phụ trách">Sở Tư pháp</td>' in page
    assert '<span class="late">Đã khóa</span>' in page
    found = world.client(world.reviewer).get("/nguoi-dung/?q=Nga Sơn").content.decode()
    assert "bc-b" in found and "bc-a" not in found


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"username": "bc-a"}, "username", "Tên đăng nhập «bc-a» đã có."),
        ({"username": "bc moi"}, "username", "Tên đăng nhập chỉ gồm chữ, số"),
        ({"units": []}, "units", "Cán bộ báo cáo cần ít nhất một đơn vị phụ trách."),
        ({"units": ["so-khong-co"]}, "units", "Không có đơn vị mã so-khong-co."),
        ({"email": "", "password": ""}, "email", "Cần thư điện tử để gửi thư đặt mật khẩu"),
        ({"email": "dung@"}, "email", "Thư điện tử không đúng dạng"),
        ({"password": "bc-moi-1"}, "password", "Mật khẩu quá giống tên đăng nhập."),
    ],
)
def test_a_refused_user_names_the_field_and_nothing_is_written(world, change, field, message) -> None:
    response = world.client(world.admin).post("/nguoi-dung/them/", NEW | change)
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_{field}_problem">' in page
    assert message in page
    assert User.objects.filter(username__in=["bc-moi", "bc moi"]).count() == 0
    assert not AccountChange.objects.filter(by=world.admin).exists()


def test_a_new_account_starts_as_a_reporter_never_as_an_administrator(world) -> None:
    form = world.client(world.admin).get("/nguoi-dung/them/").content.decode()
    assert '<option value="bao-cao" selected>' in form
    assert '<option value="quan-tri">' in form  # offered, not chosen


def test_sonoivu_gives_reporter_and_viewer_roles_only(world) -> None:
    client = world.client(world.reviewer)
    form = client.get("/nguoi-dung/them/").content.decode()
    assert '<option value="bao-cao" selected>' in form and '<option value="xem">' in form
    assert 'value="quan-tri"' not in form and 'value="tham-dinh"' not in form
    refused = client.post("/nguoi-dung/them/", NEW | {"role": "quan-tri", "password": "duyet-bieu-mau-7"})
    assert "Bạn không giao được vai trò này." in refused.content.decode()
    assert not User.objects.filter(username="bc-moi").exists()
    # An administrator's account is shown to Sở Nội vụ, never changed by it.
    assert client.post(f"/nguoi-dung/{world.admin.pk}/khoa/").status_code == 403
    assert User.objects.get(pk=world.admin.pk).is_active


def test_changing_role_and_units_is_audited_field_by_field(world) -> None:
    client = world.client(world.admin)
    response = client.post(
        f"/nguoi-dung/{world.reporter_a.pk}/",
        {"full_name": "Lê Văn A", "email": "a@thanhhoa.gov.vn", "role": "xem", "units": ["huyen-nga-son"]},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=world.reporter_a.pk)
    assert role_of(user) is Role.VIEWER
    assert codes(user) == ["huyen-nga-son"]
    changes = {
        c.field: (c.old_text, c.new_text) for c in AccountChange.objects.filter(account=user, by=world.admin)
    }
    assert changes == {
        "role": ("Cán bộ báo cáo của đơn vị", "Người xem"),
        "units": ("so-tu-phap", "huyen-nga-son"),
        "email": ("", "a@thanhhoa.gov.vn"),
    }
    page = client.get(f"/nguoi-dung/{user.pk}/", follow=True).content.decode()
    assert "Đã lưu: vai trò, đơn vị phụ trách, thư điện tử." in page
    assert "<td>Vai trò</td><td>Cán bộ báo cáo của đơn vị</td><td>Người xem</td>" in page


def test_making_someone_an_administrator_lets_them_into_the_admin(world) -> None:
    world.client(world.admin).post(
        f"/nguoi-dung/{world.viewer.pk}/", {"full_name": "", "email": "", "role": "quan-tri", "units": []}
    )
    user = User.objects.get(pk=world.viewer.pk)
    assert role_of(user) is Role.ADMIN and user.is_staff and user.is_superuser
    world.client(world.admin).post(
        f"/nguoi-dung/{world.viewer.pk}/", {"full_name": "", "email": "", "role": "xem", "units": []}
    )
    user = User.objects.get(pk=world.viewer.pk)
    assert role_of(user) is Role.VIEWER and not user.is_staff and not user.is_superuser


def test_a_switched_off_account_cannot_log_in_until_switched_on(world) -> None:
    client = world.client(world.reviewer)
    client.post(f"/nguoi-dung/{world.reporter_a.pk}/khoa/")
    assert not Client().login(username="bc-a", password="mat-khau-thu-nghiem")
    client.post(f"/nguoi-dung/{world.reporter_a.pk}/mo-khoa/")
    assert Client().login(username="bc-a", password="mat-khau-thu-nghiem")
    states = list(
        AccountChange.objects.filter(account=world.reporter_a, field="active")
        .order_by("at", "id")
        .values_list("old_text", "new_text")
    )
    assert states == [("đang hoạt động", "đã khóa"), ("đã khóa", "đang hoạt động")]


def test_nobody_switches_themselves_off(world) -> None:
    response = world.client(world.admin).post(f"/nguoi-dung/{world.admin.pk}/khoa/")
    assert response.status_code == 403
    assert User.objects.get(pk=world.admin.pk).is_active


def test_the_admin_sends_a_reset_mail_from_the_users_page(world, mailbox) -> None:  # noqa: F811
    world.reporter_b.email = "tran.thi.b@ngason.thanhhoa.gov.vn"
    world.reporter_b.save()
    client = world.client(world.admin)
    page = client.post(
        f"/nguoi-dung/{world.reporter_b.pk}/gui-thu-dat-mat-khau/", follow=True
    ).content.decode()
    assert "Đã gửi thư đặt mật khẩu tới tran.thi.b@ngason.thanhhoa.gov.vn" in page
    [message] = mailbox.to("tran.thi.b@ngason.thanhhoa.gov.vn")
    assert subject(message) == "Đặt lại mật khẩu báo cáo CCHC"
    assert "Kính gửi Trần Thị B," in body(message)


def test_a_mail_server_that_refuses_is_said_on_the_page(world, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    world.reporter_b.email = "tran.thi.b@ngason.thanhhoa.gov.vn"
    world.reporter_b.save()
    page = (
        world.client(world.admin)
        .post(f"/nguoi-dung/{world.reporter_b.pk}/gui-thu-dat-mat-khau/", follow=True)
        .content.decode()
    )
    assert "Máy chủ thư chưa nhận thư gửi tran.thi.b@ngason.thanhhoa.gov.vn." in page
    assert not AccountChange.objects.filter(account=world.reporter_b, field="password").exists()
