"""The client address of a login: REMOTE_ADDR, or X-Forwarded-For only behind CCHC_TRUSTED_PROXIES."""

from __future__ import annotations

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from cchc.web.org.logins import client_address
from cchc.web.org.models import LoginFailure
from web.conftest import PASSWORD


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().post("/dang-nhap/", **extra))


def test_it_ignores_x_forwarded_for_when_no_proxy_is_trusted(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = []
    assert address("203.0.113.9", "198.51.100.4") == "203.0.113.9"


def test_it_ignores_x_forwarded_for_from_an_address_that_is_not_a_trusted_proxy(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1"]
    assert address("203.0.113.9", "198.51.100.4") == "203.0.113.9"


def test_it_takes_the_address_a_trusted_proxy_saw(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1"]
    assert address("10.0.0.1", "198.51.100.4") == "198.51.100.4"


def test_it_ignores_what_the_client_wrote_before_the_proxy(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1"]
    assert address("10.0.0.1", "1.2.3.4, 198.51.100.4") == "198.51.100.4"


def test_it_walks_back_through_a_chain_of_trusted_proxies(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1", "10.0.0.2"]
    assert address("10.0.0.1", "1.2.3.4, 198.51.100.4, 10.0.0.2") == "198.51.100.4"


def test_it_keeps_the_proxy_when_the_forwarded_hop_is_not_an_address(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1"]
    assert address("10.0.0.1", "khong-phai-dia-chi") == "10.0.0.1"
    assert address("10.0.0.1") == "10.0.0.1"


def test_it_writes_an_ipv4_mapped_address_as_ipv4(settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["::1"]
    assert address("::ffff:203.0.113.9") == "203.0.113.9"
    assert address("0:0:0:0:0:0:0:1", "::FFFF:198.51.100.4") == "198.51.100.4"


def test_clients_behind_a_trusted_proxy_are_locked_separately(world, settings) -> None:
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.1"]

    def attempt(password: str, client: str) -> int:
        return (
            Client()
            .post(
                "/dang-nhap/",
                {"username": "bc-a", "password": password},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=client,
            )
            .status_code
        )

    for _ in range(5):
        attempt("sai-mat-khau", "198.51.100.4")
    assert attempt(PASSWORD, "198.51.100.4") == 429
    assert attempt(PASSWORD, "198.51.100.5") == 302
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.4"}


def test_a_trusted_proxy_that_is_not_an_address_is_a_configuration_error(monkeypatch) -> None:
    monkeypatch.setenv("CCHC_SECRET_KEY", "khoa-thu-nghiem")
    monkeypatch.setenv("CCHC_TRUSTED_PROXIES", "10.0.0.1, proxy.so-noi-vu")
    with pytest.raises(ImproperlyConfigured) as error:
        runpy.run_module("cchc.web.settings")
    assert str(error.value) == (
        "CCHC_TRUSTED_PROXIES phải là các địa chỉ IP cách nhau bởi dấu phẩy, «proxy.so-noi-vu» không phải."
    )
    monkeypatch.setenv("CCHC_TRUSTED_PROXIES", "10.0.0.1, ::1")
    assert runpy.run_module("cchc.web.settings")["CCHC_TRUSTED_PROXIES"] == ["10.0.0.1", "::1"]
