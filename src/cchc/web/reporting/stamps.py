"""The version of each period's figures: one place to say "the figures of this period changed".

Whatever a computed figure reads goes through here when it changes: a unit's cells (`values.write_cells`,
the one place cells are written: typed, Excel, API, registers, dossier imports), a form's status
(`services.transition`: the progress cards count sent and approved forms), the period itself, and the
organisation (which units report, their names). Figures kept across requests and processes (the
dashboard's, `cchc.web.dashboard.kept`) are keyed by these versions, so a change shows on the next request
of any process. The bump is written in the caller's transaction: it commits, or rolls back, with the
change itself; once it has committed, `figures_committed` tells whoever keeps figures (through a
`background.Refresher`, the dashboard computes them again at once and the units' Word reports are read
again against the new figures).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

from cchc.web.reporting.models import FiguresStamp, ReportingPeriod

__all__ = ["figures_changed", "figures_committed", "stamps_of"]

# Sent once the transaction that changed the figures has committed, with `period_ids`: the periods whose
# figures changed, None when every period's did (the organisation changed). A rolled-back change sends
# nothing.
figures_committed = Signal()


def figures_changed(period_ids: Iterable[int] | None = None) -> None:
    """Mark the figures of these periods changed (of every period when None: the organisation changed)."""
    ids = (
        list(ReportingPeriod.objects.values_list("pk", flat=True)) if period_ids is None else list(period_ids)
    )
    if not ids:
        return
    with transaction.atomic():
        bumped = FiguresStamp.objects.filter(period_id__in=ids).update(version=F("version") + 1)
        if bumped < len(ids):
            # A period whose figures never changed yet has no stamp: created at 0, then bumped as the rest.
            have = set(FiguresStamp.objects.filter(period_id__in=ids).values_list("period_id", flat=True))
            missing = [pk for pk in ids if pk not in have]
            FiguresStamp.objects.bulk_create(
                [FiguresStamp(period_id=pk) for pk in missing], ignore_conflicts=True
            )
            FiguresStamp.objects.filter(period_id__in=missing).update(version=F("version") + 1)
    changed = None if period_ids is None else ids
    transaction.on_commit(lambda: figures_committed.send(sender=figures_changed, period_ids=changed))


def stamps_of(period_ids: Iterable[int]) -> dict[int, int]:
    """The figures' version of each period (0 for a period whose figures never changed)."""
    ids = list(period_ids)
    found = dict(FiguresStamp.objects.filter(period_id__in=ids).values_list("period_id", "version"))
    return {pk: found.get(pk, 0) for pk in ids}
