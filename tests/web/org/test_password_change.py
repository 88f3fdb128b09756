"""«Đổi mật khẩu»: the current password, then a new one that follows the rules; audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from cchc.web.org.models import AccountChange
from web.conftest import PASSWORD


def change(world, old: str, new: str, again: str | None = None):  # type: ignore[no-untyped-def]
    return world.client(world.reporter_a).post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": old, "new_password1": new, "new_password2": new if again is None else again},
    )


def test_it_changes_the_password_and_records_it(world) -> None:
    response = change(world, PASSWORD, "bieu-mau-so-bay-2023")
    assert response["Location"] == "/tai-khoan/doi-mat-khau/xong/"
    assert Client().login(username="bc-a", password="bieu-mau-so-bay-2023")
    record = AccountChange.objects.get(account=world.reporter_a, field="password")
    assert (record.new_text, record.by) == ("đổi mật khẩu", world.reporter_a)


def test_a_wrong_current_password_is_named(world) -> None:
    page = change(world, "khong-dung", "bieu-mau-so-bay-2023").content.decode()
    assert "Mật khẩu hiện tại không đúng." in page
    assert User.objects.get(pk=world.reporter_a.pk).check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(world) -> None:
    page = change(world, PASSWORD, "bieu-mau-so-bay-2023", "bieu-mau-so-tam-2023").content.decode()
    assert "Hai lần nhập mật khẩu mới không giống nhau: nhập lại cả hai ô." in page


def test_the_new_password_follows_the_project_rules(world) -> None:
    page = change(world, PASSWORD, "ngan").content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in page
    assert "Mật khẩu có ít nhất 8 ký tự." in page  # the rule, shown under the field
    assert not AccountChange.objects.filter(account=world.reporter_a, field="password").exists()
