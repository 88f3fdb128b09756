"""The mail settings come from CCHC_EMAIL_*; a bad value stops the start with a message naming it."""

from __future__ import annotations

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured


@pytest.fixture
def env(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCHC_SECRET_KEY", "khoa-thu-nghiem")
    for name in ("HOST", "PORT", "USER", "PASSWORD", "TLS", "FROM"):
        monkeypatch.delenv(f"CCHC_EMAIL_{name}", raising=False)
    return monkeypatch


def test_without_a_host_no_mail_leaves_the_machine(env) -> None:
    settings = runpy.run_module("cchc.web.settings")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (settings["EMAIL_PORT"], settings["DEFAULT_FROM_EMAIL"]) == (25, "cchc@localhost")


def test_the_smtp_server_is_read_from_the_environment(env) -> None:
    env.setenv("CCHC_EMAIL_HOST", "mail.thanhhoa.gov.vn")
    env.setenv("CCHC_EMAIL_TLS", "1")
    env.setenv("CCHC_EMAIL_USER", "cchc")
    env.setenv("CCHC_EMAIL_PASSWORD", "bi-mat")
    env.setenv("CCHC_EMAIL_FROM", "Báo cáo CCHC <cchc@sonoivu.thanhhoa.gov.vn>")
    settings = runpy.run_module("cchc.web.settings")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"]) == (
        "mail.thanhhoa.gov.vn",
        587,
        True,
    )
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("cchc", "bi-mat")
    assert settings["DEFAULT_FROM_EMAIL"] == "Báo cáo CCHC <cchc@sonoivu.thanhhoa.gov.vn>"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "CCHC_EMAIL_PORT",
            "hai lăm",
            "CCHC_EMAIL_PORT phải là một số nguyên không âm, không phải «hai lăm».",
        ),
        ("CCHC_EMAIL_PORT", "70000", "CCHC_EMAIL_PORT phải là số cổng từ 1 đến 65535, không phải «70000»."),
        ("CCHC_EMAIL_TLS", "có", "CCHC_EMAIL_TLS phải là 1 hoặc 0, không phải «có»."),
        ("CCHC_RESET_HOURS", "0", "CCHC_RESET_HOURS phải là số giờ từ 1 đến 720, không phải «0»."),
        ("CCHC_SITE_URL", "cchc.thanhhoa.gov.vn", "CCHC_SITE_URL phải bắt đầu bằng https:// hoặc http://"),
    ],
)
def test_a_bad_value_is_named(env, name: str, value: str, message: str) -> None:
    env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as error:
        runpy.run_module("cchc.web.settings")
    assert str(error.value).startswith(message)
