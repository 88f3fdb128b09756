"""Settings for running behind the office's HTTPS proxy, read from the environment with strict parsers."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import cchc.web.settings

SETTINGS = Path(cchc.web.settings.__file__)


def settings_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module run afresh with these environment variables (and no other CCHC_ ones)."""
    for name in (
        "CCHC_HTTPS",
        "CCHC_HSTS_SECONDS",
        "CCHC_SSL_REDIRECT",
        "CCHC_SECURE_PROXY_SSL_HEADER",
        "CCHC_CSRF_TRUSTED_ORIGINS",
        "CCHC_USE_X_FORWARDED_HOST",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CCHC_SECRET_KEY", "k" * 60)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_by_default_nothing_assumes_https_or_a_proxy(monkeypatch, tmp_path) -> None:
    settings = settings_with(monkeypatch, tmp_path)
    assert settings["CSRF_TRUSTED_ORIGINS"] == []
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert settings["USE_X_FORWARDED_HOST"] is False
    assert (settings["SESSION_COOKIE_SECURE"], settings["CSRF_COOKIE_SECURE"]) == (False, False)
    assert (settings["SECURE_HSTS_SECONDS"], settings["SECURE_SSL_REDIRECT"]) == (0, False)
    assert settings["SECURE_REFERRER_POLICY"] == "same-origin"


def test_https_makes_the_cookies_secure_and_turns_on_hsts_for_a_year_and_the_redirect(
    monkeypatch, tmp_path
) -> None:
    settings = settings_with(monkeypatch, tmp_path, CCHC_HTTPS="1")
    assert (settings["SESSION_COOKIE_SECURE"], settings["CSRF_COOKIE_SECURE"]) == (True, True)
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert "security.W008" not in settings["SILENCED_SYSTEM_CHECKS"]


def test_the_hsts_time_and_the_redirect_can_be_changed(monkeypatch, tmp_path) -> None:
    settings = settings_with(
        monkeypatch, tmp_path, CCHC_HTTPS="1", CCHC_HSTS_SECONDS="600", CCHC_SSL_REDIRECT="0"
    )
    assert settings["SECURE_HSTS_SECONDS"] == 600
    assert settings["SECURE_SSL_REDIRECT"] is False
    # The administrator said the proxy redirects: Django's warning about it no longer applies.
    assert "security.W008" in settings["SILENCED_SYSTEM_CHECKS"]


def test_the_proxy_header_is_read_as_django_sees_it_in_the_environ(monkeypatch, tmp_path) -> None:
    settings = settings_with(monkeypatch, tmp_path, CCHC_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_x_forwarded_host_is_used_only_when_asked(monkeypatch, tmp_path) -> None:
    assert settings_with(monkeypatch, tmp_path, CCHC_USE_X_FORWARDED_HOST="1")["USE_X_FORWARDED_HOST"] is True


def test_trusted_origins_are_a_comma_list_in_lower_case(monkeypatch, tmp_path) -> None:
    settings = settings_with(
        monkeypatch,
        tmp_path,
        CCHC_CSRF_TRUSTED_ORIGINS="https://CCHC.sonoivu.gov.vn, https://10.0.0.5:8443,https://*.thanhhoa.gov.vn,http://[::1]:8000",
    )
    assert settings["CSRF_TRUSTED_ORIGINS"] == [
        "https://cchc.sonoivu.gov.vn",
        "https://10.0.0.5:8443",
        "https://*.thanhhoa.gov.vn",
        "http://[::1]:8000",
    ]


@pytest.mark.parametrize(
    "origin",
    [
        "cchc.sonoivu.gov.vn",
        "https://cchc.sonoivu.gov.vn/",
        "https://cchc.sonoivu.gov.vn/bao-cao",
        "ftp://cchc.sonoivu.gov.vn",
        "https://cchc.sonoivu.gov.vn:cong",
        "https://user@cchc.sonoivu.gov.vn",
        "https://cchc sonoivu.gov.vn",
        "https://",
    ],
)
def test_a_trusted_origin_that_is_not_scheme_host_port_is_refused_in_vietnamese(
    monkeypatch, tmp_path, origin: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        settings_with(monkeypatch, tmp_path, CCHC_CSRF_TRUSTED_ORIGINS=f"https://ok.gov.vn,{origin}")
    assert f"«{origin}» không phải địa chỉ gốc dạng https://tên-máy" in str(error.value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CCHC_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https", "phải là tên một tiêu đề HTTP"),
        ("CCHC_HSTS_SECONDS", "một năm", "phải là một số nguyên không âm"),
        ("CCHC_HTTPS", "có", "phải là 1 hoặc 0"),
    ],
)
def test_a_malformed_proxy_setting_is_a_configuration_error(
    monkeypatch, tmp_path, name: str, value: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_with(monkeypatch, tmp_path, **{name: value})
