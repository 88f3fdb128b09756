"""The dashboard's figures are computed once and kept in the database until something they read changes."""

from __future__ import annotations

import pickle
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from cchc.web.dashboard import figures, kept
from cchc.web.dashboard.models import KeptDashboard
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import Channel, ReportingPeriod
from cchc.web.reporting.services import SaveError, ensure_period, save_values, submission_for, transition
from cchc.web.reporting.sources import write_sourced_values
from cchc.web.reporting.stamps import figures_committed, stamps_of
from web.dashboard.test_dashboard import cards, fill, page


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard's figures were computed (aggregated) rather than read back."""
    calls: list[str] = []
    compute = figures.dashboard

    def counting(period, *args):
        calls.append(period.code)
        return compute(period, *args)

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


def test_a_change_in_a_later_quarter_shows_in_an_earlier_dashboards_trend(world, computed) -> None:
    """The trend runs over every quarter on record, whichever period the dashboard shows."""
    fill(world)
    later = ensure_period("2023Q2")
    assert [point.on_time for point in kept.dashboard(world.period).trend] == [Decimal("97.82"), None]
    fill(world, later)
    assert [point.on_time for point in kept.dashboard(world.period).trend] == [Decimal("97.82")] * 2
    assert computed == ["2023Q1", "2023Q1"]


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


@pytest.fixture
def announced():
    """The `period_ids` of every `figures_committed` sent during the test."""
    found: list[list[int] | None] = []

    def receive(sender, period_ids, **kwargs):
        found.append(None if period_ids is None else list(period_ids))

    figures_committed.connect(receive, dispatch_uid="test-announced")
    yield found
    figures_committed.disconnect(dispatch_uid="test-announced")


def test_a_save_announces_its_period_once_it_has_committed(
    world, announced, django_capture_on_commit_callbacks
):
    submission = submission_for(world.unit_a, world.period, 3)
    with django_capture_on_commit_callbacks(execute=True):
        save_values(submission, world.reporter_a, {"BM3-3.1.1": ("500", None)})
        assert announced == []  # not while the save's transaction is open
    assert announced == [[world.period.pk]]


def test_a_refused_save_announces_nothing(world, announced, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SaveError):
        save_values(
            submission_for(world.unit_a, world.period, 3),
            world.reporter_a,
            {"BM3-3.1.1": ("700", None), "BM3-3.1.2": ("-5", None)},
        )
    assert announced == []


def test_a_changed_unit_announces_every_period(world, announced, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.unit_a.save()
    assert announced == [None]


def test_the_refresh_after_a_save_keeps_the_new_figures_before_anyone_visits(world, computed) -> None:
    fill(world)
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "96,60%"
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    assert kept.refresh([world.period.pk]) == ["2023Q1"]
    assert computed == ["2023Q1", "2023Q1"]
    shown = cards(page(world, "?ky=2023Q1"))
    assert shown["Đúng hạn — Sở, ban, ngành"] == "98,00%"
    assert shown["Tỷ lệ giải quyết đúng hạn — toàn tỉnh"] == "98,24%"
    assert computed == ["2023Q1", "2023Q1"]  # the visit read the refreshed figures


def test_the_refresh_covers_the_newest_period_and_the_changed_ones_someone_looked_at(world, computed) -> None:
    fill(world)
    later = ensure_period("2023Q2")
    fill(world, later)
    unseen = ensure_period("2022Q4")
    page(world, "?ky=2023Q1")
    computed.clear()
    # 2023Q2 is the newest; 2023Q1 was looked at; nobody asked for 2022Q4's dashboard.
    assert kept.refresh([world.period.pk, unseen.pk]) == ["2023Q2", "2023Q1"]
    assert computed == ["2023Q2"]  # 2023Q1's figures still stood: read, not computed
    assert not KeptDashboard.objects.filter(period=unseen).exists()


def test_a_later_dashboard_aggregates_only_the_period_that_changed(world, monkeypatch) -> None:
    """The trend's quarters and cùng kỳ are kept beside the figures; a save in the newest quarter leaves
    them standing, and the figures computed again still show every quarter's own rate."""
    fill(world)
    for code in ("2022Q2", "2022Q3", "2022Q4"):
        fill(world, ensure_period(code))
    later = ensure_period("2023Q2")
    fill(world, later)
    aggregated: list[str] = []
    aggregate = kept.province_aggregate

    def counting(period, **kwargs):
        aggregated.append(period.code)
        return aggregate(period, **kwargs)

    monkeypatch.setattr(kept, "province_aggregate", counting)
    kept.dashboard(later)
    # Every earlier quarter for the trend (2022Q2 whole: it is cùng kỳ too, for the cards).
    assert sorted(aggregated) == ["2022Q2", "2022Q3", "2022Q4", "2023Q1"]
    aggregated.clear()
    save_values(submission_for(world.unit_a, later, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    trend = kept.dashboard(later).trend
    assert aggregated == []
    assert [point.period.code for point in trend] == ["2022Q2", "2022Q3", "2022Q4", "2023Q1", "2023Q2"]
    # (483 + 990 + 190) / 1.700 in every quarter but the saved one: (490 + 990 + 190) / 1.700.
    assert [point.on_time for point in trend] == [Decimal("97.82")] * 4 + [Decimal("98.24")]
    # A save in an earlier quarter: that quarter alone is aggregated again, and its new rate shows.
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    assert kept.dashboard(later).trend[3].on_time == Decimal("98.24")
    assert aggregated == ["2023Q1"]
    read = pickle.loads(bytes(KeptDashboard.objects.get(period=later).aggregates))
    assert {pk for pk, _ in read} == {p.pk for p in ReportingPeriod.objects.exclude(pk=later.pk)}


def test_a_visitor_during_the_computation_waits_for_its_figures(world, transactional_db, monkeypatch) -> None:
    """One computation of a period at a time in a process: the visitor reads the figures the refresh
    computes instead of computing them a second time."""
    fill(world)
    calls: list[str] = []
    started, release = threading.Event(), threading.Event()
    compute = figures.dashboard

    def held(period, *args):
        calls.append(period.code)
        started.set()
        release.wait(30)
        return compute(period, *args)

    monkeypatch.setattr(figures, "dashboard", held)
    shown: list[figures.Dashboard] = []

    def visit() -> None:
        try:
            shown.append(kept.dashboard(world.period))
        finally:
            connection.close()

    refreshing = threading.Thread(target=kept.refresh, args=([world.period.pk],))
    refreshing.start()
    assert started.wait(30)
    visitor = threading.Thread(target=visit)
    visitor.start()
    time.sleep(0.5)  # the visitor reaches the computation under way
    release.set()
    refreshing.join(30)
    visitor.join(30)
    assert calls == ["2023Q1"]
    assert shown[0].level_rates[-1].rate == Decimal("97.82")


def test_the_server_refreshes_the_dashboard_once_a_save_commits(world, transactional_db, computed) -> None:
    """The whole path in a thread of its own, as in `cchc serve`: a save commits, the dashboard is
    computed again without a visitor, and the next visit shows the saved figure without computing."""
    fill(world)
    page(world, "?ky=2023Q1")
    kept.refresh_after_changes()
    try:
        save_values(
            submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)}
        )
        for _ in range(300):
            if KeptDashboard.objects.filter(period=world.period, key=kept._key(world.period)).exists():
                break
            time.sleep(0.1)
    finally:
        kept._refresher.stop()
        assert kept._refresher.wait_idle()  # nothing written beside the next test
    assert computed == ["2023Q1", "2023Q1"]
    assert cards(page(world, "?ky=2023Q1"))["Đúng hạn — Sở, ban, ngành"] == "98,00%"
    assert computed == ["2023Q1", "2023Q1"]


def test_after_a_save_only_the_saving_units_own_rates_are_computed_again(world, monkeypatch) -> None:
    fill(world)
    worked: list[str] = []
    own_rates = figures._own_rates

    def counting(catalogue, unit, cells):
        worked.append(unit.code)
        return own_rates(catalogue, unit, cells)

    monkeypatch.setattr(figures, "_own_rates", counting)
    monkeypatch.setattr(figures, "_unit_rates", {})  # nothing from an earlier test's same figures
    kept.dashboard(world.period)
    assert sorted(worked) == sorted([world.unit_a.code, world.unit_b.code])
    worked.clear()
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.2": ("490", None)})
    rates = {(rate.unit, rate.series): rate.rate for rate in kept.dashboard(world.period).unit_rates}
    assert worked == [world.unit_a.code]
    assert rates[("Sở Tư pháp", "Sở, ban, ngành")] == Decimal("98.00")
    # The district's own and its communes' rates, read again unchanged: 990/1.000 and 190/200.
    assert sorted(rate for (unit, _), rate in rates.items() if unit.startswith("UBND huyện")) == [
        Decimal("95.00"),
        Decimal("99.00"),
    ]
