"""A locked attempt is refused before any password is hashed."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from web.conftest import PASSWORD


class CountingHasher(MD5PasswordHasher):
    """The test hasher (the personas' passwords are MD5), counting every hash it computes."""

    calls: ClassVar[int] = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


def attempt(username: str, password: str, address: str = "10.0.0.7") -> int:
    response = Client().post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def test_an_attempt_on_a_locked_account_computes_no_hash(world, settings) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    for _ in range(5):
        attempt("bc-a", "sai-mat-khau")
    assert CountingHasher.calls >= 5
    CountingHasher.calls = 0
    assert attempt("bc-a", PASSWORD) == 429
    assert attempt("bc-a", "sai-mat-khau") == 429
    assert CountingHasher.calls == 0


def test_an_attempt_from_a_locked_address_on_an_unknown_account_computes_no_hash(world, settings) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    for number in range(1, 7):
        for _ in range(5):
            attempt(f"thu-{number}", "sai-mat-khau")
    CountingHasher.calls = 0
    # Django hashes even for an account that does not exist (so that timing does not tell); not here.
    assert attempt("khong-co-ai", "bat-ky") == 429
    assert CountingHasher.calls == 0
