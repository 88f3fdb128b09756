"""The dashboard's figures are computed once and kept in the database until something they read changes."""

from __future__ import annotations

import pytest

from cchc.web.dashboard import figures, kept
from cchc.web.dashboard.models import KeptDashboard
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import Channel
from cchc.web.reporting.services import SaveError, ensure_period, save_values, submission_for, transition
from cchc.web.reporting.sources import write_sourced_values
from cchc.web.reporting.stamps import stamps_of
from web.dashboard.test_dashboard import cards, fill, page


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard's figures were computed (aggregated) rather than read back."""
    calls: list[str] = []
    compute = figures.dashboard

    def counting(period):
        calls.append(period.code)
        return compute(period)

    monkeypatch.setattr(figures, "dashboard", counting)
    return calls


def test_a_second_visit_reads_the_kept_figures_instead_of_aggregating_again(world, computed) -> None:
    fill(world)
    first = cards(page(world, "?ky=2023Q1"))
    second = cards(page(world, "?ky=2023Q1"))
    assert computed == ["2023Q1"]
    assert second == first
    assert second["Tỷ lệ giải quyết đúng hạn — toàn tỉnh"] == "97,82%"
    assert KeptDashboard.objects.filter(period=world.period).count() == 1


def test_a_changed_value_shows_on_the_next_visit(world, computed) -> None:
    fill(world)
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    shown = cards(page(world, "?ky=2023Q1"))
    assert shown["Đúng hạn — Sở, ban, ngành"] == "98,00%"
    # (490 + 990 + 190) / 1.700
    assert shown["Tỷ lệ giải quyết đúng hạn — toàn tỉnh"] == "98,24%"
    assert computed == ["2023Q1", "2023Q1"]


def test_a_save_that_changes_nothing_keeps_the_figures(world, computed) -> None:
    fill(world)
    page(world, "?ky=2023Q1")
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("483", None)})
    page(world, "?ky=2023Q1")
    assert computed == ["2023Q1"]


def test_a_sent_and_approved_form_shows_in_the_unit_cards_on_the_next_visit(world, computed) -> None:
    fill(world)
    assert cards(page(world, "?ky=2023Q1"))["Đơn vị đã được duyệt"] == "0/3"
    for form in (3, 7):
        submission = submission_for(world.unit_a, world.period, form)
        transition(submission, world.reporter_a, "submit")
        transition(submission, world.reviewer, "approve")
    assert cards(page(world, "?ky=2023Q1"))["Đơn vị đã được duyệt"] == "1/3"


def test_a_change_in_an_earlier_quarter_shows_in_a_later_dashboards_trend(world, computed) -> None:
    fill(world)
    later = ensure_period("2023Q2")
    fill(world, later)
    page(world, "?ky=2023Q2")
    page(world, "?ky=2023Q1")
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    page(world, "?ky=2023Q2")
    assert computed == ["2023Q2", "2023Q1", "2023Q2"]
    trend = kept.dashboard(later).trend
    assert [point.period.code for point in trend] == ["2023Q1", "2023Q2"]
    assert trend[0].on_time == figures.dashboard(world.period).level_rates[-1].rate


def test_a_change_in_a_later_period_keeps_an_earlier_dashboard(world, computed) -> None:
    fill(world)
    later = ensure_period("2023Q2")
    page(world, "?ky=2023Q1")
    fill(world, later)
    page(world, "?ky=2023Q1")
    assert computed == ["2023Q1"]


def test_a_renamed_unit_shows_under_its_new_name(world, computed) -> None:
    fill(world)
    page(world, "?ky=2023Q1")
    OrgUnit.objects.filter(pk=world.unit_a.pk).update(name="Sở Tư pháp tỉnh")  # bulk: no signal
    unit = OrgUnit.objects.get(pk=world.unit_a.pk)
    unit.save()
    assert "Sở Tư pháp tỉnh" in page(world, "?ky=2023Q1")
    assert computed == ["2023Q1", "2023Q1"]


def test_a_closed_period_bumps_its_figures_version(world) -> None:
    before = stamps_of([world.period.pk])[world.period.pk]
    world.period.is_open = False
    world.period.save()
    assert stamps_of([world.period.pk])[world.period.pk] == before + 1


def test_unreadable_kept_figures_are_computed_again(world, computed) -> None:
    fill(world)
    page(world, "?ky=2023Q1")
    KeptDashboard.objects.filter(period=world.period).update(payload=b"not a dashboard")
    assert cards(page(world, "?ky=2023Q1"))["Tỷ lệ giải quyết đúng hạn — toàn tỉnh"] == "97,82%"
    assert computed == ["2023Q1", "2023Q1"]


def test_figures_a_source_writes_show_on_the_next_visit(world, computed) -> None:
    """Registers and dossier imports write through the same door as typed figures."""
    fill(world)
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    write_sourced_values(
        world.unit_a,
        world.period,
        {"BM3-3.1.1": 600, "BM3-3.1.2": 594},
        source="Hồ sơ TTHC",
        channel=Channel.DOSSIER,
    )
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "99,00%"
    assert computed == ["2023Q1", "2023Q1"]


def test_a_refused_save_keeps_the_figures(world, computed) -> None:
    fill(world)
    page(world, "?ky=2023Q1")
    with pytest.raises(SaveError):
        save_values(
            submission_for(world.unit_a, world.period, 3),
            world.reporter_a,
            {"BM3-3.1.1": ("700", None), "BM3-3.1.2": ("-5", None)},
        )
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    assert computed == ["2023Q1"]


def test_the_server_start_keeps_the_newest_periods_dashboard(world, computed) -> None:
    fill(world)
    kept.prepare_newest()
    assert computed == ["2023Q1"]
    page(world)
    assert computed == ["2023Q1"]
