"""cchc behind a real nginx that terminates TLS, set up as docs/web.md says.

A self-signed certificate from `openssl`, nginx on a free loopback port (`daemon off;`, everything in a
temporary folder), a real `cchc serve` on a throw-away SQLite data folder with the proxy settings. Over
https: the login form and a save pass CSRF, the cookies are Secure, HSTS and the CSP are sent, and a body
over the limit gets a Vietnamese 413. Skipped without nginx unless CCHC_REQUIRE_PROXY=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.client import HTTPSConnection
from pathlib import Path

import pytest
import requests
import urllib3

from cchc.web.security import POLICY

# The proxied `cchc serve` runs on a SQLite folder of its own, whatever DATABASE_URL says.
pytestmark = [pytest.mark.proxy, pytest.mark.backend_neutral]

PASSWORD = "mat-khau-thu-nghiem"
SETUP = f"""
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from cchc.web.org.models import OrgUnit
from cchc.web.org.users import create_user
from cchc.web.reporting.services import ensure_period
OrgUnit.objects.create(code="ubnd-tinh", name="UBND tỉnh Thanh Hóa", level="tinh", order=0)
create_user("thamdinh", "{PASSWORD}", role="tham-dinh", units=["ubnd-tinh"], full_name="Nguyễn Văn C")
ensure_period("2023Q1")
"""

# The server block of docs/web.md with this test's paths and ports. Runs as whoever runs the tests.
NGINX_CONF = """
daemon off;
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {prefix}/access.log;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;

  server {{
    listen 127.0.0.1:{http_port};
    server_name localhost;
    return 301 https://$host:{tls_port}$request_uri;
  }}

  server {{
    listen 127.0.0.1:{tls_port} ssl;
    server_name localhost;
    ssl_certificate {prefix}/cert.pem;
    ssl_certificate_key {prefix}/key.pem;

    client_max_body_size 25m;
    error_page 413 @qua-lon;
    location @qua-lon {{
      default_type "text/html; charset=utf-8";
      return 413 '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Dữ liệu gửi lên quá lớn</title><h1>Dữ liệu gửi lên quá lớn</h1><p>Dữ liệu gửi lên lớn quá giới hạn của trang này (25 MB; tệp hồ sơ TTHC: 4 GB).</p></html>';
    }}

    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}

    location = /ho-so/nhap/ {{
      client_max_body_size 4160m;
      proxy_request_buffering off;
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


def nginx_binary() -> str | None:
    """nginx on PATH or where Debian puts it (/usr/sbin is not on every user's PATH)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check, what: str, process: subprocess.Popen, log: Path) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Poll `check` until it is true; fail with the process's log if it exits or takes too long."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped (exit {process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer:\n{log.read_text(errors='replace')}")


@dataclass
class Proxied:
    """cchc behind nginx: the https address users see and the application's own port."""

    url: str
    http_url: str
    app_port: int


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    nginx = nginx_binary()
    if nginx is None:
        if os.environ.get("CCHC_REQUIRE_PROXY"):
            pytest.fail("nginx is required: apt-get install -y nginx-light")
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    if shutil.which("openssl") is None:
        pytest.fail("openssl is required to make the test certificate")
    prefix = tmp_path_factory.mktemp("nginx")
    data = tmp_path_factory.mktemp("cchc-data")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(prefix / "key.pem"), "-out", str(prefix / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    app_port, tls_port, http_port = free_port(), free_port(), free_port()
    # Never the developer's or CI's database: a SQLite file in the throw-away folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        CCHC_DATA_DIR=str(data),
        CCHC_ALLOWED_HOSTS="localhost,127.0.0.1",
        CCHC_HTTPS="1",
        CCHC_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        # The proxy passes the host without the port (as on 443); this test's port is not 443.
        CCHC_CSRF_TRUSTED_ORIGINS=f"https://localhost:{tls_port}",
    )
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, timeout=300)
    app_log = data / "serve.log"
    with app_log.open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "cchc.cli", "serve", "--port", str(app_port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    user = "user root;" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody
    conf = prefix / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            user=user, prefix=prefix, app_port=app_port, tls_port=tls_port, http_port=http_port
        ),
        encoding="utf-8",
    )
    proxy_log = prefix / "nginx.log"
    with proxy_log.open("wb") as out:
        proxy = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(
            lambda: (
                requests.get(
                    f"http://127.0.0.1:{app_port}/dang-nhap/",
                    headers={"X-Forwarded-Proto": "https"},
                    timeout=5,
                ).status_code
                == 200
            ),
            "cchc serve",
            app,
            app_log,
        )
        wait_until(
            lambda: requests.get(f"https://localhost:{tls_port}/dang-nhap/", verify=False, timeout=5).ok,
            "nginx",
            proxy,
            proxy_log,
        )
        yield Proxied(f"https://localhost:{tls_port}", f"http://localhost:{http_port}", app_port)
    finally:
        for process in (proxy, app):
            process.terminate()
        for process in (proxy, app):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(autouse=True)
def _quiet_self_signed_warning() -> None:
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


class FormReader(HTMLParser):
    """The fields of every POST form of a page: {field name: value}, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None
        self._select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and (named.get("method") or "").lower() == "post":
            self.forms.append({})
        elif (
            self.forms
            and tag == "input"
            and named.get("name")
            and named.get("type") not in ("file", "submit")
        ):
            self.forms[-1][named["name"] or ""] = named.get("value") or ""
        elif self.forms and tag == "textarea":
            self._textarea = named.get("name")
            self.forms[-1][self._textarea or ""] = ""
        elif self.forms and tag == "select":
            self._select = named.get("name") or ""
            self.forms[-1].setdefault(self._select, "")
        elif self.forms and tag == "option" and "selected" in named:
            self.forms[-1][self._select] = named.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def post_form(session: requests.Session, base: str, path: str, field: str, changes: dict[str, str]):  # type: ignore[no-untyped-def]
    """Open the page, fill the POST form that has `field` as a browser would, and send it."""
    page = session.get(base + path, verify=False, timeout=30)
    assert page.status_code == 200, page.text
    reader = FormReader()
    reader.feed(page.text)
    form = next(form for form in reader.forms if field in form)
    # A browser sends Origin (and Referer) with a form post; Django's CSRF check compares them.
    headers = {"Origin": base, "Referer": base + path}
    return session.post(base + path, data={**form, **changes}, headers=headers, verify=False, timeout=30)


def logged_in(proxied: Proxied) -> requests.Session:
    session = requests.Session()
    response = post_form(
        session, proxied.url, "/dang-nhap/", "username", {"username": "thamdinh", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    assert response.url == proxied.url + "/", response.url
    assert "Nguyễn Văn C" in response.text
    return session


def test_a_user_logs_in_over_https_and_saves_the_report_text_with_csrf_passing(proxied) -> None:
    session = logged_in(proxied)
    response = post_form(
        session, proxied.url, "/ky/2023Q1/bao-cao/", "number", {"signer_name": "Lê Thị Ký Thử"}
    )
    assert response.status_code == 200, response.text
    assert "Đã lưu nội dung báo cáo." in response.text
    assert 'value="Lê Thị Ký Thử"' in response.text


def test_a_post_without_the_csrf_token_is_still_refused(proxied) -> None:
    session = logged_in(proxied)
    response = session.post(
        proxied.url + "/ky/2023Q1/bao-cao/",
        data={"signer_name": "x"},
        headers={"Origin": proxied.url},
        verify=False,
        timeout=30,
    )
    assert response.status_code == 403


def test_the_cookies_are_secure_and_https_answers_carry_hsts_and_the_policy(proxied) -> None:
    session = requests.Session()
    page = session.get(proxied.url + "/dang-nhap/", verify=False, timeout=30)
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert page.headers["Content-Security-Policy"] == POLICY
    assert page.headers["Referrer-Policy"] == "same-origin"
    session = logged_in(proxied)
    cookies = {cookie.name: cookie for cookie in session.cookies}
    assert {"sessionid", "csrftoken"} <= set(cookies)
    assert all(cookie.secure for cookie in cookies.values())
    assert cookies["sessionid"].has_nonstandard_attr("HttpOnly")


def test_plain_http_is_sent_to_https(proxied) -> None:
    response = requests.get(proxied.http_url + "/dang-nhap/", allow_redirects=False, timeout=30)
    assert response.status_code == 301
    assert response.headers["Location"] == proxied.url + "/dang-nhap/"


def test_the_proxy_refuses_a_body_over_the_limit_in_vietnamese_before_it_is_sent(proxied) -> None:
    host, port = proxied.url.removeprefix("https://").split(":")
    connection = HTTPSConnection(host, int(port), context=ssl._create_unverified_context(), timeout=30)
    connection.putrequest("POST", "/ky/2023Q1/bao-cao/mau-word/")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(26 * 1024**2))
    connection.endheaders()  # headers only: not one byte of the body
    response = connection.getresponse()
    assert response.status == 413
    assert "Dữ liệu gửi lên lớn quá giới hạn của trang này" in response.read().decode()
    connection.close()


def test_the_application_answers_an_oversize_body_in_vietnamese_when_it_gets_one(proxied) -> None:
    # Straight to waitress, as the proxy would pass it on: the application's own limit and message.
    response = requests.post(
        f"http://127.0.0.1:{proxied.app_port}/ky/2023Q1/bao-cao/mau-word/",
        data=b"x" * (26 * 1024**2),
        headers={"X-Forwarded-Proto": "https", "Content-Type": "application/octet-stream"},
        timeout=60,
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên lớn quá 25 MB, giới hạn của trang này" in response.text


def test_an_anonymous_post_is_sent_to_the_login_page(proxied) -> None:
    response = requests.post(
        proxied.url + "/ky/2023Q1/bao-cao/",
        data={"signer_name": "x"},
        headers={"Origin": proxied.url},
        allow_redirects=False,
        verify=False,
        timeout=30,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/dang-nhap/?next=/ky/2023Q1/bao-cao/"


def test_an_anonymous_upload_through_the_proxy_is_sent_to_the_login_page_before_it_is_sent(proxied) -> None:
    # The upload location streams (proxy_request_buffering off): cchc's gate answers from the headers.
    host, port = proxied.url.removeprefix("https://").split(":")
    connection = HTTPSConnection(host, int(port), context=ssl._create_unverified_context(), timeout=30)
    connection.putrequest("POST", "/ho-so/nhap/")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(3 * 1024**3))
    connection.endheaders()  # headers only: not one byte of the 3 GB
    response = connection.getresponse()
    assert response.status == 302
    assert response.getheader("Location") == "/dang-nhap/?next=/ho-so/nhap/"
    connection.close()
