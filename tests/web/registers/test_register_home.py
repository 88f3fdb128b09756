"""On logging in, a unit sees its overdue and soon-due register items on its home page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.web.registers.models import AssignedTask, Feedback, PlanTask


def test_the_home_page_lists_the_units_overdue_and_soon_due_items_only(world) -> None:
    today = timezone.localdate()
    PlanTask.objects.create(
        year=today.year, title="Nhiệm vụ quá hạn", unit=world.unit_a, due_date=today - dt.timedelta(days=5)
    )
    Feedback.objects.create(
        received_on=today - dt.timedelta(days=3),
        subject="PAKN sắp đến hạn",
        unit=world.unit_a,
        due_on=today + dt.timedelta(days=7),
    )
    AssignedTask.objects.create(
        source_number="01/NQ-CP",
        assigned_on=today - dt.timedelta(days=60),
        title="Nhiệm vụ còn xa hạn",
        unit=world.unit_a,
        deadline=today + dt.timedelta(days=90),
    )
    AssignedTask.objects.create(
        source_number="01/NQ-CP",
        assigned_on=today - dt.timedelta(days=60),
        title="Nhiệm vụ đã xong",
        unit=world.unit_a,
        deadline=today - dt.timedelta(days=9),
        completed_on=today - dt.timedelta(days=10),
    )
    Feedback.objects.create(
        received_on=today - dt.timedelta(days=30),
        subject="PAKN của Nga Sơn quá hạn",
        unit=world.unit_b,
        due_on=today - dt.timedelta(days=2),
    )
    page = world.client(world.reporter_a).get("/").content.decode()
    assert "Việc của đơn vị quá hạn hoặc sắp đến hạn" in page
    assert "Nhiệm vụ quá hạn" in page and "Quá hạn 5 ngày" in page
    assert "PAKN sắp đến hạn" in page and "Còn 7 ngày" in page
    assert page.index("Nhiệm vụ quá hạn") < page.index("PAKN sắp đến hạn")
    assert "Nhiệm vụ còn xa hạn" not in page and "Nhiệm vụ đã xong" not in page
    assert "PAKN của Nga Sơn" not in page
    other = world.client(world.reporter_b).get("/").content.decode()
    assert "PAKN của Nga Sơn quá hạn" in other and "Nhiệm vụ quá hạn" not in other


def test_a_unit_with_nothing_due_sees_no_list(world) -> None:
    page = world.client(world.reporter_a).get("/").content.decode()
    assert "quá hạn hoặc sắp đến hạn" not in page
