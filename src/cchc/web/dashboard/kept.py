"""The dashboard's figures of a period, computed once and kept in the database until they change.

Computing a period's dashboard aggregates every quarter of the trend and each unit's rates (hundreds of
milliseconds); the figures change only when cells, statuses, periods or units do. Each of those bumps the
period's figures version (`cchc.web.reporting.stamps`); the kept figures are keyed by the versions of
every period they read (all of them: the trend runs over every quarter, cùng kỳ), the plan target and
the shape of what is kept. A request whose key matches reads them back; any other computes and stores
them. Kept in a table, so every server process, on SQLite or PostgreSQL, sees the same figures and the
same change.

The versions are read before the figures are computed: a change committed in between gives newer
figures under the older key, which the next request replaces, never older figures under a newer key.

A visitor does not wait for figures a save made stale: once the change commits (`stamps.figures_committed`)
a thread of the server computes again the newest period's figures and those of the changed periods that
were kept (`refresh_after_changes`). Within a process one computation of a period runs at a time, so a
visitor who comes while it runs waits for its figures rather than computing them a second time; stale
figures are never shown.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction

from cchc.core.numbers import Cell
from cchc.web.dashboard import figures
from cchc.web.dashboard.models import KeptDashboard
from cchc.web.reporting.background import Refresher
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import province_aggregate
from cchc.web.reporting.stamps import stamps_of
from cchc.web.reporting.targets import on_time_target

__all__ = ["dashboard", "prepare_dashboard", "refresh", "refresh_after_changes"]

log = logging.getLogger(__name__)

# Bumped whenever `figures.Dashboard` (or what it holds, or what it means) changes: older kept figures are
# recomputed (2: keyed by every period's version, the trend reads them all; other periods' aggregates
# kept beside).
SHAPE = 2


def _versions(period: ReportingPeriod) -> tuple[str, dict[int, int]]:
    """A digest of what the period's dashboard reads, and the figures' versions it is made of: those of
    every period (the trend runs over every quarter on record, cùng kỳ is an earlier one)."""
    read = sorted(ReportingPeriod.objects.values_list("pk", flat=True))
    stamps = stamps_of(read)
    text = f"{SHAPE}|{on_time_target()}|" + ",".join(f"{pk}:{stamps[pk]}" for pk in read)
    return hashlib.sha256(text.encode()).hexdigest(), stamps


def _key(period: ReportingPeriod) -> str:
    return _versions(period)[0]


# The aggregates of other periods (the trend's quarters, cùng kỳ) a computation read, kept beside its
# figures: (period id, codes or None for every row) → (that period's figures version, the province's
# cells). The next computation of the period reuses those whose version stands: after a save only the
# saved period is aggregated again.
Aggregates = dict[tuple[int, frozenset[str] | None], tuple[int, dict[str, Cell]]]


def _aggregates_read(stamps: dict[int, int], before: Aggregates, read: Aggregates) -> figures.AggregateOf:
    """Aggregates of the periods at these versions: from `before` while a period's version stands,
    else computed; each one given is recorded in `read`."""

    def aggregate_of(period: ReportingPeriod, codes: set[str] | None) -> dict[str, Cell]:
        slot = (period.pk, None if codes is None else frozenset(codes))
        version = stamps.get(period.pk, -1)
        found = before.get(slot)
        if found is None or found[0] != version:
            found = (version, province_aggregate(period, codes=codes))
        read[slot] = found
        return found[1]

    return aggregate_of


def _unpickled(data: bytes | memoryview, kind: type, what: str) -> object:
    try:
        # Written only by `_keep` below, in the application's own database (as Django's database cache).
        found = pickle.loads(bytes(data))
    except Exception:  # anything unreadable is simply computed again
        log.warning("kept %s unreadable: computed again", what)
        return None
    return found if isinstance(found, kind) else None


def _read(period: ReportingPeriod, key: str) -> figures.Dashboard | None:
    kept = KeptDashboard.objects.filter(period=period, key=key).values_list("payload", flat=True).first()
    board = None if kept is None else _unpickled(kept, figures.Dashboard, f"dashboard of {period.code}")
    return board if isinstance(board, figures.Dashboard) else None


def _aggregates_before(period: ReportingPeriod) -> Aggregates:
    """The aggregates the period's last computation read (whatever the versions since)."""
    kept = KeptDashboard.objects.filter(period=period).values_list("aggregates", flat=True).first()
    found = _unpickled(kept, dict, f"aggregates of {period.code}") if kept else None
    return found if isinstance(found, dict) else {}


def _keep(period: ReportingPeriod, key: str, board: figures.Dashboard, read: Aggregates) -> None:
    payload = pickle.dumps(board, protocol=pickle.HIGHEST_PROTOCOL)
    aggregates = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with transaction.atomic():
            KeptDashboard.objects.update_or_create(
                period=period, defaults={"key": key, "payload": payload, "aggregates": aggregates}
            )
    except DatabaseError:
        # A busy database (another process keeping the same figures): this request's figures stand.
        log.warning("dashboard of %s not kept", period.code, exc_info=True)


_computing: dict[int, threading.Lock] = {}
_computing_guard = threading.Lock()


def _computing_lock(period: ReportingPeriod) -> threading.Lock:
    with _computing_guard:
        return _computing.setdefault(period.pk, threading.Lock())


def dashboard(period: ReportingPeriod) -> figures.Dashboard:
    """The period's dashboard figures: the kept ones while nothing they read changed, else computed
    (or, while this process computes them already, those once they are ready)."""
    board = _read(period, _key(period))
    if board is not None:
        return board
    with _computing_lock(period):
        # Read again: the computation waited for may have kept these very figures.
        key, stamps = _versions(period)
        board = _read(period, key)
        if board is None:
            read: Aggregates = {}
            board = figures.dashboard(period, _aggregates_read(stamps, _aggregates_before(period), read))
            _keep(period, key, board, read)
    return board


def refresh(period_ids: Iterable[int] | None) -> list[str]:
    """Compute again, and keep, the figures a change to these periods (all when None) made stale: the
    newest period's (the one /tong-quan/ opens on) and each changed period's that was kept (someone
    looked at it). Returns the codes of the periods refreshed, newest first."""
    newest = figures.newest_period()
    kept = KeptDashboard.objects.all()
    if period_ids is not None:
        kept = kept.filter(period_id__in=list(period_ids))
    targets = [] if newest is None else [newest]
    targets += [p for p in ReportingPeriod.objects.filter(pk__in=kept.values("period_id")) if p != newest]
    for period in targets:
        dashboard(period)
    return [period.code for period in targets]


def prepare_newest() -> None:
    """Read or compute, and keep, the dashboard of the newest period (the one /tong-quan/ opens on)."""
    refresh(())


def _prepare() -> None:
    try:
        prepare_newest()
    except Exception:  # best effort: the first request computes the figures instead
        log.warning("dashboard not prepared at start-up", exc_info=True)
    finally:
        connection.close()  # the thread's own connection


_refresher = Refresher("dashboard-refresh", refresh)


def refresh_after_changes() -> None:
    """From now on, compute the dashboard again in the background as soon as a change of its figures
    commits, so the next visitor finds it ready (the server calls this when it starts)."""
    _refresher.start()


def prepare_dashboard() -> None:
    """Have the newest period's dashboard kept before the first reviewer asks for it: read, or computed
    in the background while the server starts (a request meanwhile computes its own)."""
    threading.Thread(target=_prepare, name="dashboard-figures", daemon=True).start()
