"""A successful login forgets the failures of its account from its address, and only those."""

from __future__ import annotations

from django.test import Client

from cchc.web.org.models import LoginFailure
from web.conftest import PASSWORD


def attempt(client: Client, username: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_four_failures_a_login_and_four_more_failures_do_not_lock(world) -> None:
    for _ in range(2):
        for _ in range(4):
            attempt(Client(), "bc-a", "sai-mat-khau", "10.0.0.7")
        assert attempt(Client(), "bc-a", PASSWORD, "10.0.0.7").status_code == 302
    assert not LoginFailure.objects.exists()


def test_the_failures_from_another_address_stay(world) -> None:
    for _ in range(3):
        attempt(Client(), "bc-a", "sai-mat-khau", "10.0.0.8")
    attempt(Client(), "bc-a", "sai-mat-khau", "10.0.0.7")
    assert attempt(Client(), "bc-a", PASSWORD, "10.0.0.7").status_code == 302
    assert list(LoginFailure.objects.values_list("username", "address")) == [("bc-a", "10.0.0.8")] * 3
