"""Weak passwords are refused in Vietnamese: by `cchc createuser` and by the admin site's password form."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cchc.cli import main
from cchc.web.demo.load import PASSWORD as DEMO_PASSWORD
from cchc.web.demo.load import USERS as DEMO_USERS
from cchc.web.org.passwords import MinimumLengthValidator
from web.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("12345678", ["Mật khẩu này quá phổ biến, dễ bị dò ra.", "Mật khẩu không được chỉ gồm chữ số."]),
        ("password", ["Mật khẩu này quá phổ biến, dễ bị dò ra."]),
        ("nguyenvana-quantri", ["Mật khẩu quá giống tên đăng nhập."]),
        ("ngan", ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]),
    ],
)
def test_createuser_refuses_a_weak_password_in_vietnamese(
    world, capsys: pytest.CaptureFixture[str], password: str, messages: list[str]
) -> None:
    code = main(["createuser", "nguyenvana-quantri", "--role", "admin", "--password", password])
    assert code == 2
    assert capsys.readouterr().err == f"Lỗi: {' '.join(messages)}\n"
    assert not User.objects.filter(username="nguyenvana-quantri").exists()


def test_createuser_refuses_a_password_close_to_the_full_name(
    world, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "createuser",
            "qt2",
            "--role",
            "admin",
            "--name",
            "Trần Hoàng Phương",
            "--password",
            "trần hoàng phương",
        ]
    )
    assert code == 2
    assert capsys.readouterr().err == "Lỗi: Mật khẩu quá giống họ tên.\n"


def test_createuser_accepts_the_personas_password(world, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["createuser", "quantri-2", "--role", "admin", "--password", PASSWORD]) == 0
    assert User.objects.get(username="quantri-2").check_password(PASSWORD)


def test_the_admin_password_form_refuses_a_weak_password_in_vietnamese(world) -> None:
    client = world.client(world.admin)
    url = f"/quan-tri/auth/user/{world.viewer.pk}/password/"
    assert "Mật khẩu không được chỉ gồm chữ số." in client.get(url).content.decode()
    response = client.post(url, {"usable_password": "true", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mật khẩu này quá phổ biến, dễ bị dò ra." in page
    assert "Mật khẩu không được chỉ gồm chữ số." in page
    response = client.post(url, {"usable_password": "true", "password1": "xem", "password2": "xem"})
    assert "Mật khẩu quá giống tên đăng nhập." in response.content.decode()
    world.viewer.refresh_from_db()
    assert world.viewer.check_password(PASSWORD)


def test_the_admin_password_form_accepts_a_strong_password(world) -> None:
    client = world.client(world.admin)
    url = f"/quan-tri/auth/user/{world.viewer.pk}/password/"
    response = client.post(
        url, {"usable_password": "true", "password1": "ho-so-cchc-quy-1", "password2": "ho-so-cchc-quy-1"}
    )
    assert response.status_code == 302
    world.viewer.refresh_from_db()
    assert world.viewer.check_password("ho-so-cchc-quy-1")


def test_the_demo_password_would_pass_the_rules_for_every_demo_login() -> None:
    # The demo sets its shared password without the rules (it hashes it once); it still meets them.
    from django.contrib.auth.password_validation import validate_password

    for spec in DEMO_USERS:
        validate_password(DEMO_PASSWORD, User(username=spec.username))
    assert len(DEMO_PASSWORD) >= MinimumLengthValidator().min_length
