"""Fuzz every API operation from its own OpenAPI schema: no server error, every answer matches its schema.

Each generated request runs inside the test's database transaction, against the personas and units of
the `world` fixture, twice: as generated (random path parameters, mostly 404s), then aimed at a real
period, unit and form with real row codes, so that fuzzed figures, notes and workflow steps reach the
save and the workflow instead of stopping at a lookup. The administrator's token is used so that writes
are allowed; the session-only /api/tokens is called with a logged-in session (and its CSRF token) too.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cchc.web.api.api import api
from cchc.web.org.tokens import issue_token
from cchc.web.reporting.services import save_values, submission_for

# The real targets the second call of each case is aimed at: unit A's Biểu mẫu 3 and its input rows.
REAL_PATH = {"period": "2023Q1", "unit": "so-tu-phap", "form": 3}
REAL_CODES = ("BM3-3.1.1", "BM3-3.1.2", "BM3-3.4.1", "BM3-3.4.2")


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Keep the database connection open across requests, as Django's test client does.

    The real WSGI handler closes connections at the end of each request, and inside the test's
    transaction it always does; PostgreSQL would then lose the test's data after the first request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_session(world) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of the administrator's logged-in browser, with a CSRF token that matches."""
    browser = Client()
    browser.force_login(world.admin)
    secret = "a" * 32  # Django accepts the unmasked 32-character secret as the token
    cookies = {
        settings_module.SESSION_COOKIE_NAME: browser.cookies[settings_module.SESSION_COOKIE_NAME].value
    }
    return {"X-CSRFToken": secret}, cookies | {settings_module.CSRF_COOKIE_NAME: secret}


@pytest.fixture
def admin_key(world) -> str:
    """The administrator's API token, with some figures of unit A already saved so reads have data."""
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", "đúng hạn")})
    return issue_token(world.admin, "schemathesis")


# Loaded when the module is imported: generating the OpenAPI document touches no database, and an eager
# schema gives one test per operation. (schemathesis 4.32's lazy `from_fixture` reads `Node._nodeid`,
# which pytest 9.2 no longer has, so it cannot run here.) Each generated case still runs inside the
# test's database transaction through the `world` and `admin_key` fixtures.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


def _aimed(case: Any) -> None:
    """Point the case at the real period, unit and form, and its cells at real rows of that form."""
    for name, value in REAL_PATH.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("values"), list):
        for index, item in enumerate(body["values"]):
            if isinstance(item, dict):
                item["code"] = REAL_CODES[index % len(REAL_CODES)]


def test_the_fuzzed_schema_holds_every_operation_the_api_serves() -> None:
    served = {
        (method, "/api" + path)
        for _, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        if operation.include_in_schema
        for method in operation.methods
    }
    fuzzed = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert fuzzed == served
    assert len(fuzzed) == 13


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_within_its_schema_and_never_with_a_server_error(
    case, world, admin_key, admin_session
) -> None:
    checks = [not_a_server_error, response_schema_conformance]
    headers = {"Authorization": f"Bearer {admin_key}"}
    case.call_and_validate(headers=headers, checks=checks)
    _aimed(case)
    case.call_and_validate(headers=headers, checks=checks)
    if case.path == "/api/tokens":
        # Session-only: a bearer token is a 401 there, so the logged-in browser is fuzzed too.
        session_headers, cookies = admin_session
        case.cookies = {**(case.cookies or {}), **cookies}
        case.call_and_validate(headers=session_headers, checks=checks)
