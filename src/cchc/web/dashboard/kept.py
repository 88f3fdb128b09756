"""The dashboard's figures of a period, computed once and kept in the database until they change.

Computing a period's dashboard aggregates every quarter of the trend and each unit's rates (hundreds of
milliseconds); the figures change only when cells, statuses, periods or units do. Each of those bumps the
period's figures version (`cchc.web.reporting.stamps`); the kept figures are keyed by the versions of
every period they read (the period and all earlier ones: the trend and cùng kỳ), the plan target and
the shape of what is kept. A request whose key matches reads them back; any other computes and stores
them. Kept in a table, so every server process, on SQLite or PostgreSQL, sees the same figures and the
same change.

The versions are read before the figures are computed: a change committed in between gives newer
figures under the older key, which the next request replaces, never older figures under a newer key.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading

from django.db import DatabaseError, connection, transaction

from cchc.web.dashboard import figures
from cchc.web.dashboard.models import KeptDashboard
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.stamps import stamps_of
from cchc.web.reporting.targets import on_time_target

__all__ = ["dashboard", "prepare_dashboard"]

log = logging.getLogger(__name__)

# Bumped whenever `figures.Dashboard` (or what it holds) changes shape: older kept figures are recomputed.
SHAPE = 1


def _key(period: ReportingPeriod) -> str:
    """A digest of what the period's dashboard reads: versions of the period and every earlier one."""
    read = sorted(
        p.pk for p in ReportingPeriod.objects.all() if p.pk == period.pk or p.period <= period.period
    )
    stamps = stamps_of(read)
    text = f"{SHAPE}|{on_time_target()}|" + ",".join(f"{pk}:{stamps[pk]}" for pk in read)
    return hashlib.sha256(text.encode()).hexdigest()


def _read(period: ReportingPeriod, key: str) -> figures.Dashboard | None:
    kept = KeptDashboard.objects.filter(period=period, key=key).values_list("payload", flat=True).first()
    if kept is None:
        return None
    try:
        # Written only by `_keep` below, in the application's own database (as Django's database cache).
        board = pickle.loads(bytes(kept))
    except Exception:  # anything unreadable is simply computed again
        log.warning("kept dashboard of %s unreadable: computed again", period.code)
        return None
    return board if isinstance(board, figures.Dashboard) else None


def _keep(period: ReportingPeriod, key: str, board: figures.Dashboard) -> None:
    payload = pickle.dumps(board, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with transaction.atomic():
            KeptDashboard.objects.update_or_create(period=period, defaults={"key": key, "payload": payload})
    except DatabaseError:
        # A busy database (another process keeping the same figures): this request's figures stand.
        log.warning("dashboard of %s not kept", period.code, exc_info=True)


def dashboard(period: ReportingPeriod) -> figures.Dashboard:
    """The period's dashboard figures: the kept ones while nothing they read changed, else computed."""
    key = _key(period)
    board = _read(period, key)
    if board is None:
        board = figures.dashboard(period)
        _keep(period, key, board)
    return board


def prepare_newest() -> None:
    """Read or compute, and keep, the dashboard of the newest period (the one /tong-quan/ opens on)."""
    period = figures.newest_period()
    if period is not None:
        dashboard(period)


def _prepare() -> None:
    try:
        prepare_newest()
    except Exception:  # best effort: the first request computes the figures instead
        log.warning("dashboard not prepared at start-up", exc_info=True)
    finally:
        connection.close()  # the thread's own connection


def prepare_dashboard() -> None:
    """Have the newest period's dashboard kept before the first reviewer asks for it: read, or computed
    in the background while the server starts (a request meanwhile computes its own)."""
    threading.Thread(target=_prepare, name="dashboard-figures", daemon=True).start()
