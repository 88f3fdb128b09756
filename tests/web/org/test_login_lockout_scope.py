"""Whom a lockout covers: the pair after 5, the account from any address after 20, the address after 30."""

from __future__ import annotations

from django.test import Client

from cchc.web.org.models import LoginFailure
from web.conftest import PASSWORD


def attempt(username: str, password: str, address: str) -> int:
    """The status of one login attempt from `address`."""
    response = Client().post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def fail(username: str, address: str, times: int) -> None:
    for _ in range(times):
        attempt(username, "sai-mat-khau", address)


def test_the_locked_account_still_logs_in_from_another_address(world) -> None:
    fail("bc-a", "10.0.0.7", 5)
    assert attempt("bc-a", PASSWORD, "10.0.0.7") == 429
    assert attempt("bc-a", PASSWORD, "10.0.0.8") == 302


def test_another_account_still_logs_in_from_the_locked_address(world) -> None:
    fail("bc-a", "10.0.0.7", 5)
    assert attempt("bc-b", PASSWORD, "10.0.0.7") == 302


def test_one_address_cannot_lock_the_account_for_everyone(world) -> None:
    fail("bc-a", "10.0.0.7", 50)
    assert LoginFailure.objects.count() == 5
    assert attempt("bc-a", PASSWORD, "10.0.0.8") == 302


def test_twenty_failures_from_four_addresses_lock_the_account_everywhere(world) -> None:
    for last in range(1, 5):
        fail("bc-a", f"10.0.1.{last}", 5)
    assert attempt("bc-a", PASSWORD, "10.0.1.5") == 429
    assert attempt("bc-b", PASSWORD, "10.0.1.5") == 302


def test_nineteen_failures_from_four_addresses_do_not_lock_the_account(world) -> None:
    for last in range(1, 4):
        fail("bc-a", f"10.0.1.{last}", 5)
    fail("bc-a", "10.0.1.4", 4)
    assert attempt("bc-a", PASSWORD, "10.0.1.5") == 302


def test_thirty_failures_across_accounts_lock_the_address(world) -> None:
    for number in range(1, 7):
        fail(f"thu-{number}", "10.0.2.1", 5)
    assert attempt("bc-a", PASSWORD, "10.0.2.1") == 429
    assert attempt("bc-a", PASSWORD, "10.0.2.2") == 302


def test_neither_case_nor_unicode_form_makes_a_new_account_to_guess(world) -> None:
    for name in ("BC-A", "Bc-A", " bc-a", "ｂｃ-ａ", "ＢＣ－Ａ"):
        attempt(name, "sai-mat-khau", "10.0.0.7")
    assert attempt("bc-a", PASSWORD, "10.0.0.7") == 429
