"""`cchc createuser`: a user with a role and units, or a clear refusal."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cchc.cli import main
from cchc.web.org.access import role_of
from cchc.web.org.roles import Role


def test_it_creates_a_reporter_of_a_unit(world, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["createuser", "bc-moi", "--role", "reporter", "--unit", "so-tu-phap", "--password", "mat-khau-dai-1"]
    )
    assert code == 0
    user = User.objects.get(username="bc-moi")
    assert role_of(user) is Role.REPORTER
    assert list(user.assignments.values_list("unit__code", flat=True)) == ["so-tu-phap"]
    assert user.check_password("mat-khau-dai-1")
    assert "Đã tạo người dùng «bc-moi»." in capsys.readouterr().out


def test_it_refuses_an_unknown_unit_and_creates_nobody(world, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "createuser",
            "bc-moi",
            "--role",
            "reporter",
            "--unit",
            "so-khong-co",
            "--password",
            "mat-khau-dai-1",
        ]
    )
    assert code == 2
    assert "Không có đơn vị mã so-khong-co." in capsys.readouterr().err
    assert not User.objects.filter(username="bc-moi").exists()


def test_it_refuses_a_short_password(world, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["createuser", "bc-moi", "--role", "viewer", "--password", "ngan"]) == 2
    assert not User.objects.filter(username="bc-moi").exists()


def test_a_reporter_needs_a_unit(world, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["createuser", "bc-moi", "--role", "reporter", "--password", "mat-khau-dai-1"]) == 2
    assert "cần ít nhất một đơn vị" in capsys.readouterr().err
    assert not User.objects.filter(username="bc-moi").exists()
