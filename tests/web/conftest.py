"""Personas for the web tests: reporters of unit A and unit B, the reviewer, a viewer, an administrator.

Unit A is a department (Sở Tư pháp), unit B a district (huyện Nga Sơn), plus the province unit the
reviewer enters. The period is Quý I năm 2023 with its window and deadlines from schedule.toml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings

from cchc.web.org.models import OrgUnit
from cchc.web.org.users import create_user
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import ensure_period
from web.demo_copy import DEMO

PASSWORD = "mat-khau-thu-nghiem"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """The units, users and period every web test starts from."""

    province: OrgUnit
    unit_a: OrgUnit
    unit_b: OrgUnit
    period: ReportingPeriod
    reporter_a: User
    reporter_b: User
    reviewer: User
    viewer: User
    admin: User

    def client(self, user: User | None) -> Client:
        """A test client logged in as `user` (anonymous for None)."""
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def make_world() -> World:
    """Create the personas' units, users and period (the caller provides database access)."""
    province = OrgUnit.objects.create(code="ubnd-tinh", name="UBND tỉnh Thanh Hóa", level="tinh", order=0)
    unit_a = OrgUnit.objects.create(
        code="so-tu-phap", name="Sở Tư pháp", level="so", parent=province, order=1
    )
    unit_b = OrgUnit.objects.create(
        code="huyen-nga-son",
        name="UBND huyện Nga Sơn",
        level="huyen",
        parent=province,
        order=2,
        valid_to=dt.date(2025, 6, 30),
    )
    period = ensure_period("2023Q1")
    return World(
        province=province,
        unit_a=unit_a,
        unit_b=unit_b,
        period=period,
        reporter_a=create_user("bc-a", PASSWORD, role="bao-cao", units=["so-tu-phap"], full_name="Lê Văn A"),
        reporter_b=create_user(
            "bc-b", PASSWORD, role="bao-cao", units=["huyen-nga-son"], full_name="Trần Thị B"
        ),
        reviewer=create_user(
            "thamdinh", PASSWORD, role="tham-dinh", units=["ubnd-tinh"], full_name="Nguyễn Văn C"
        ),
        viewer=create_user("xem", PASSWORD, role="xem"),
        admin=create_user("quantri", PASSWORD, role="quan-tri"),
    )


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """The demo for the module (its logins), rolled back afterwards so other modules start empty; each
    test rolls back its own changes. Loaded once per session, put back from a copy after that (demo_copy.py)."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), django_db_blocker.unblock(), transaction.atomic():
        yield DEMO.load()
        transaction.set_rollback(True)
