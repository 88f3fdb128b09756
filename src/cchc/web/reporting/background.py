"""Work that a change of figures makes due, done by a thread of the server rather than by the next visitor.

Once the transaction that changed the figures of some periods commits (`stamps.figures_committed`), a
`Refresher` hands the changed periods to its work, in one thread per process and per kind of work;
changes that come while the work runs are gathered and handed over together afterwards. The dashboard
computes its figures again with one (`dashboard.kept`), the units' Word reports are read again against
the new figures with another (`reports.unit_reports`). The server starts them (`cchc.web.server`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection

from cchc.web.reporting.stamps import figures_committed

__all__ = ["Refresher"]

log = logging.getLogger(__name__)

# fn(period ids, None for every period) -> anything: the work a change of those periods' figures makes due.
Work = Callable[[set[int] | None], object]


class Refresher:
    """One thread per process that runs `work` on the periods whose figures changed, once started."""

    def __init__(self, name: str, work: Work) -> None:
        self.name = name
        self._work = work
        self._wake = threading.Condition()
        self._pending: set[int] = set()
        self._everything = False
        self._thread: threading.Thread | None = None
        self._busy = False
        self.listening = False

    def start(self) -> None:
        """From now on, run the work in the background as soon as a change of figures commits."""
        figures_committed.connect(self.changed, dispatch_uid=self.name)
        self.listening = True

    def stop(self) -> None:
        """Stop listening (the thread, if any, finishes what it was given and waits)."""
        figures_committed.disconnect(dispatch_uid=self.name)
        self.listening = False

    def wait_idle(self, timeout: float = 120) -> bool:
        """Wait until nothing is pending or running (a server stopping, a test that must not write beside
        the thread); False when still busy after `timeout` seconds."""
        with self._wake:
            return self._wake.wait_for(
                lambda: not (self._pending or self._everything or self._busy), timeout=timeout
            )

    def remind(self, period_ids: Iterable[int]) -> None:
        """Have these periods done again if this process listens: a page that finds work still due for a
        change it never heard of (committed by another process, a command) asks for it."""
        if self.listening:
            self.changed(period_ids=period_ids)

    def changed(self, sender: Any = None, period_ids: Iterable[int] | None = None, **kwargs: Any) -> None:
        """The receiver of `figures_committed`: these periods' figures changed (every period's when None)."""
        with self._wake:
            if period_ids is None:
                self._everything = True
            else:
                self._pending.update(period_ids)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._wake.notify()

    def _take(self) -> set[int] | None:
        with self._wake:
            while not self._pending and not self._everything:
                self._wake.wait()
            taken = None if self._everything else self._pending
            self._pending, self._everything, self._busy = set(), False, True
            return taken

    def _run(self) -> None:
        while True:
            period_ids = self._take()
            try:
                self._work(period_ids)
            except Exception:  # best effort: the next visitor's request does it, or shows it as due
                log.warning("%s: not done after a change", self.name, exc_info=True)
            finally:
                connection.close()  # the thread's own connection
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()
