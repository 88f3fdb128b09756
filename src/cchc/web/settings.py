"""Django settings, read only from environment variables with strict parsers.

CCHC_SECRET_KEY    secret key (default: one made on first start and kept in CCHC_DATA_DIR/secret.key)
CCHC_DEBUG         "1"/"0" (default 0)
CCHC_ALLOWED_HOSTS comma-separated host names (default "localhost,127.0.0.1,[::1]")
DATABASE_URL       postgres://user@host:port/name; default: a SQLite file CCHC_DATA_DIR/cchc.sqlite3
CCHC_DATA_DIR      where the SQLite file and the secret key live (default ./cchc-data)
CCHC_PAR_CRITERIA_DIR  the province's own PAR Index criteria sets, *.toml (default CCHC_DATA_DIR/chi-so-cchc)
CCHC_TRUSTED_PROXIES comma-separated IP addresses of reverse proxies whose X-Forwarded-For names the
                   client for login throttling (default empty: the client is REMOTE_ADDR)

Behind the office's HTTPS reverse proxy (docs/web.md):
CCHC_HTTPS                    "1" when users reach cchc only over https: secure session and CSRF cookies,
                              HSTS, a redirect of plain http to https (default 0)
CCHC_HSTS_SECONDS             how long browsers keep to https once they saw it (default 31536000, a year;
                              only with CCHC_HTTPS=1)
CCHC_SSL_REDIRECT             "0" when the proxy itself redirects http to https (default 1 with CCHC_HTTPS=1)
CCHC_SECURE_PROXY_SSL_HEADER  the header the proxy sets to "https" on requests that came over TLS, e.g.
                              X-Forwarded-Proto (default none: the scheme is what the server sees)
CCHC_CSRF_TRUSTED_ORIGINS     comma-separated origins (scheme://host[:port]) whose forms may post here
                              when the proxy does not pass the browser's Host on (default none)
CCHC_USE_X_FORWARDED_HOST     "1" to take the host from the proxy's X-Forwarded-Host (default 0)
CCHC_LOCAL_TRIAL              "1" lets `cchc serve` start although the deployment checks fail (read by
                              cchc.cli, like --thu-nghiem)
CCHC_API_TOKEN_DAYS how many days a new API token works (default 90)
CCHC_DOSSIER_ENGINE the engine that counts a dossier import: duckdb (default) or spark, reached through
                   CCHC_SPARK_MASTER or CCHC_SPARK_REMOTE (docs/dossiers.md, "Engines")

E-mail (password reset, deadline reminders; docs/web.md, "E-mail"):
CCHC_EMAIL_HOST     the SMTP server; unset: no mail leaves, each message is printed to the log instead
CCHC_EMAIL_PORT     its port (default 587 with CCHC_EMAIL_TLS=1, else 25)
CCHC_EMAIL_USER     the account to log in with (default none: no SMTP login)
CCHC_EMAIL_PASSWORD its password
CCHC_EMAIL_TLS      "1" for STARTTLS (default 0)
CCHC_EMAIL_FROM     the sender, e.g. "Báo cáo CCHC <cchc@sonoivu.thanhhoa.gov.vn>" (default cchc@localhost)
CCHC_RESET_HOURS    how many hours a password-reset link works (default 24)
CCHC_SITE_URL       the address users open cchc at, e.g. https://cchc.sonoivu.thanhhoa.gov.vn, for the link
                    in the reminder mails `cchc remind` sends (default none: the mail has no link)
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cchc.dossiers.backends import engine_name

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    """Read "1"/"0"/"true"/"false"; anything else is a configuration error, not a silent default."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} phải là 1 hoặc 0, không phải «{raw}».")


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """A whole number of zero or more; anything else is a configuration error."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise ImproperlyConfigured(f"{name} phải là một số nguyên không âm, không phải «{raw}».")
    return int(raw)


# --- API tokens: CCHC_API_TOKEN_DAYS, how many days a new token works (default 90) ---
def env_bounded(name: str, default: int, *, high: int, what: str) -> int:
    """A whole number of `what` (ngày, giờ) from 1 to `high`; anything else is a configuration error."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= high:
        raise ImproperlyConfigured(f"{name} phải là số {what} từ 1 đến {high}, không phải «{raw}».")
    return int(raw)


def env_days(name: str, default: int) -> int:
    """A whole number of days, at least 1; anything else is a configuration error."""
    return env_bounded(name, default, high=3650, what="ngày")


API_TOKEN_DAYS = env_days("CCHC_API_TOKEN_DAYS", 90)

# --- end API tokens ---

try:
    DOSSIER_ENGINE = engine_name()
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

DEBUG = env_bool("CCHC_DEBUG", False)
DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR", "cchc-data")).resolve()
# The province's own PAR Index criteria sets (*.toml), read beside the shipped samples.
PAR_CRITERIA_DIR = Path(os.environ.get("CCHC_PAR_CRITERIA_DIR", str(DATA_DIR / "chi-so-cchc"))).resolve()


def _secret_key() -> str:
    """CCHC_SECRET_KEY, else a key made once and kept in the data folder (one office, zero set-up)."""
    key = os.environ.get("CCHC_SECRET_KEY", "")
    if key:
        return key
    path = DATA_DIR / "secret.key"
    if not path.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created 0600 from the start: never readable by others, not even between a write and a chmod.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CCHC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "cchc.web.org",
    "cchc.web.reporting",
    "cchc.web.dashboard",
    "cchc.web.registers",
    "cchc.web.reports",
    "cchc.web.dossiers",
    "cchc.web.par",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cchc.web.security.ContentSecurityPolicyMiddleware",
    "cchc.web.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # --- hardening (cchc.web.hardening): before the session and CSRF read their cookies (the body is
    # checked by ControlCharacterBodyMiddleware, after an anonymous POST was turned away unread) ---
    "cchc.web.hardening.ControlCharacterMiddleware",
    # --- end hardening ---
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cchc.web.security.AnonymousPostMiddleware",
    "cchc.web.hardening.ControlCharacterBodyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cchc.web.middleware.RequestIdMiddleware",
    # --- hardening (cchc.web.hardening): last, so that its 503 page knows the user ---
    "cchc.web.hardening.StorageFailureMiddleware",
    # --- end hardening ---
]

ROOT_URLCONF = "cchc.web.urls"
WSGI_APPLICATION = "cchc.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.web.org.access.context",
            ],
        },
    }
]

_database_url = os.environ.get("DATABASE_URL", "")


# --- private data files: the SQLite file 0600 (SQLite gives its -wal and -shm the same mode), its folder
# 0700 when cchc makes it; done here, before Django first connects and SQLite creates the file 0644 ---
def _private_sqlite(path: Path) -> None:
    """Create the database file empty with mode 0600, or take away others' access to an existing one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            # A read-only data folder must not stop the start-up: pages that only read still work.
            with contextlib.suppress(OSError):
                file.chmod(0o600)


if not _database_url:
    _private_sqlite(DATA_DIR / "cchc.sqlite3")
# --- end private data files ---

if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "cchc.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while a unit saves; IMMEDIATE takes the write lock at BEGIN
                # so two saves queue instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# --- Logins: Django's password rules with Vietnamese messages, and the reverse proxies trusted to name
# the client for login throttling (cchc.web.org.logins).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cchc.web.org.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "cchc.web.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "cchc.web.org.passwords.CommonPasswordValidator"},
    {"NAME": "cchc.web.org.passwords.NumericPasswordValidator"},
]
CCHC_TRUSTED_PROXIES = env_list("CCHC_TRUSTED_PROXIES", "")
for _proxy in CCHC_TRUSTED_PROXIES:
    try:
        ipaddress.ip_address(_proxy)
    except ValueError:
        raise ImproperlyConfigured(
            f"CCHC_TRUSTED_PROXIES phải là các địa chỉ IP cách nhau bởi dấu phẩy, «{_proxy}» không phải."
        ) from None
# --- end of logins

# --- E-mail: Django's SMTP backend, configured from CCHC_EMAIL_*; without a host nothing leaves the machine
# and each message goes to the log (an office trying cchc has no mail server yet).
EMAIL_HOST = os.environ.get("CCHC_EMAIL_HOST", "").strip()
EMAIL_USE_TLS = env_bool("CCHC_EMAIL_TLS", False)
EMAIL_PORT = env_int("CCHC_EMAIL_PORT", 587 if EMAIL_USE_TLS else 25)
if not 1 <= EMAIL_PORT <= 65535:
    raise ImproperlyConfigured(f"CCHC_EMAIL_PORT phải là số cổng từ 1 đến 65535, không phải «{EMAIL_PORT}».")
EMAIL_HOST_USER = os.environ.get("CCHC_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CCHC_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_EMAIL_FROM", "").strip() or "cchc@localhost"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# A password-reset link stops working after this many hours, or as soon as the password changes.
PASSWORD_RESET_TIMEOUT = env_bounded("CCHC_RESET_HOURS", 24, high=720, what="giờ") * 3600
SITE_URL = os.environ.get("CCHC_SITE_URL", "").strip().rstrip("/")
if SITE_URL and urlsplit(SITE_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured(
        f"CCHC_SITE_URL phải bắt đầu bằng https:// hoặc http://, không phải «{SITE_URL}»."
    )
# --- end of e-mail

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for what Django's own catalogues leave in English (the admin's theme toggle, table headers, …).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by the application itself (no web server, no CDN, no collectstatic step).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploaded Excel forms are small; anything bigger is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Running behind the office's HTTPS reverse proxy (docs/web.md, docs/decisions.md) -------------------


def _trusted_origin(name: str, origin: str) -> str:
    """One scheme://host[:port] origin as Django's CSRF check compares it; anything else is refused."""
    parts = urlsplit(origin)
    try:
        has_port_or_none = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number
        has_port_or_none = False
    host = (parts.hostname or "").removeprefix("*.")
    if not (
        has_port_or_none
        and parts.scheme in ("http", "https")
        and re.fullmatch(r"[a-z0-9.-]+|[0-9a-f:.]+", host)
        and "@" not in parts.netloc
        and origin == f"{parts.scheme}://{parts.netloc}"
    ):
        raise ImproperlyConfigured(
            f"{name}: «{origin}» không phải địa chỉ gốc dạng https://tên-máy hoặc https://tên-máy:cổng "
            "(viết cả http:// hoặc https://, không có đường dẫn hay dấu / ở cuối)."
        )
    # Browsers send the Origin header in lower case.
    return origin.lower()


def _proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header the proxy sets to "https", as Django reads it from the WSGI environ."""
    header = os.environ.get(name, "").strip()
    if not header:
        return None
    if not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(
            f"{name} phải là tên một tiêu đề HTTP, ví dụ X-Forwarded-Proto, không phải «{header}»."
        )
    return "HTTP_" + header.upper().replace("-", "_"), "https"


CSRF_TRUSTED_ORIGINS = [
    _trusted_origin("CCHC_CSRF_TRUSTED_ORIGINS", item) for item in env_list("CCHC_CSRF_TRUSTED_ORIGINS", "")
]
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header("CCHC_SECURE_PROXY_SSL_HEADER")
USE_X_FORWARDED_HOST = env_bool("CCHC_USE_X_FORWARDED_HOST", False)
HTTPS = env_bool("CCHC_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Both read even without CCHC_HTTPS, so that a mistyped value is an error at once, not on the day it matters.
_hsts_seconds = env_int("CCHC_HSTS_SECONDS", 365 * 24 * 3600)
_ssl_redirect = env_bool("CCHC_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = _hsts_seconds if HTTPS else 0
SECURE_SSL_REDIRECT = HTTPS and _ssl_redirect
SECURE_REFERRER_POLICY = "same-origin"
# Deployment checks that do not apply to cchc; docs/decisions.md gives the reasons.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if HTTPS and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")  # the administrator said the proxy redirects
# A request body above this is answered with a Vietnamese 413 before it is read; the dossier upload page
# has its own, larger limit (cchc.web.security). Every upload form has a smaller, more precise one.
REQUEST_MAX_BYTES = 25 * 1024 * 1024

# --- end of the reverse-proxy settings ---------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Who made or revoked an API token, and when.
    "loggers": {"cchc.audit": {"level": "INFO"}},
}
