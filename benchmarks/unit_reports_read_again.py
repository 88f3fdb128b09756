"""The period's findings page after a change of many units' figures, with their Word reports to read again.

Loads the demo into a throw-away SQLite database (its newest period, 2026Y, has 5 units' own Word
reports); gives --reports units of that period a report in all (the demo's, then a copy of one of them
for further units that report, each checked against the unit's figures as an upload is, so none is
stale); then, in each of --runs rounds, changes a figure of every one of those units in one transaction,
as a dossier import does (one more dossier resolved: a rate's total + 1), and times the reviewer's GET
of the findings page (/ky/2026Y/kiem-tra/, the whole Django request through the test client):

- before: what the request did until now, every stale report read again one after another in the
  confined worker and kept, then the page (`read_again_stale` then the GET: the same work, in the same
  order, as the former `report_findings` did inside the request);
- after: the page as it is now, with every report still stale (said to be read again; nothing read),
  while no background work runs; and the page once the background work has read them again (what a
  reviewer finds a few minutes later).

Prints the medians over the rounds and the ratio before/after. The background work itself (the
`Refresher`'s `read_again_stale`) costs what "before" cost, off the request.

Run:  uv run python benchmarks/unit_reports_read_again.py [--reports 40] [--runs 3]
      (--reports 180 is a province's worth: about 180 worker runs per round before)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import django_setup

PERIOD = "2026Y"
FINDINGS = f"/ky/{PERIOD}/kiem-tra/"


def give_reports(period: Any, wanted: int) -> list[Any]:
    """The units of the period with a report, `wanted` of them if the period has that many reporting
    units with figures: the demo's, then others with a copy of the first demo report."""
    from cchc.web.reporting.services import contributions
    from cchc.web.reports.models import UnitReport
    from cchc.web.reports.unit_reports import _check, entered, keep_report

    reports = list(UnitReport.objects.filter(period=period).select_related("unit"))
    having = {report.unit_id for report in reports}
    model = reports[0]
    others = [unit for unit, cells in contributions(period).values() if cells and unit.pk not in having]
    for unit in others[: max(0, wanted - len(reports))]:
        figures = entered(unit, period)
        found = _check(bytes(model.content), period, figures, "benchmark")
        keep_report(unit, period, None, model.name, bytes(model.content), found, figures)
    return list(
        UnitReport.objects.filter(period=period).select_related("unit").values_list("unit", flat=True)
    )


def change_figures(period: Any, unit_ids: list[int]) -> int:
    """One more dossier resolved for every unit (a rate's total + 1), in one transaction as an import."""
    from django.db import transaction

    from cchc.core.catalogue import Kind
    from cchc.core.numbers import Cell
    from cchc.web.reporting.models import Channel, Submission, Value
    from cchc.web.reporting.services import catalogue_for
    from cchc.web.reporting.values import write_cells

    catalogue = catalogue_for(period)
    totals = [
        row.formula.references[1]
        for row in catalogue.rows.values()
        if row.kind is Kind.PERCENT and row.formula is not None and len(row.formula.references) == 2
    ]
    changed = 0
    with transaction.atomic():
        for unit_id in unit_ids:
            values = Value.objects.filter(
                submission__unit_id=unit_id, submission__period=period, code__in=totals
            ).exclude(number=None)
            value = values.select_related("submission").first()
            if value is None:
                continue
            locked = Submission.objects.select_for_update().get(pk=value.submission_id)
            cell = Cell.of(value.cell.number + Decimal(1))
            changed += bool(
                write_cells(
                    locked,
                    {value.code: value},
                    {value.code: (cell, None)},
                    user=None,
                    channel=Channel.DOSSIER,
                )
            )
    return changed


def timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        django_setup(Path(folder), "")
        from django.contrib.auth import get_user_model
        from django.test import Client

        from cchc.web.demo.load import load_demo
        from cchc.web.reporting.models import ReportingPeriod
        from cchc.web.reports.models import UnitReport
        from cchc.web.reports.unit_reports import BEING_READ_AGAIN, read_again_stale

        start = time.perf_counter()
        load_demo()
        period = ReportingPeriod.objects.get(code=PERIOD)
        demo_reports = UnitReport.objects.filter(period=period).count()
        units = give_reports(period, args.reports)
        print(
            f"demo loaded in {time.perf_counter() - start:.0f} s: {demo_reports} unit reports in {PERIOD}; "
            f"{len(units)} with the copies"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username="thamdinh"))

        def page(expect_pending: bool) -> None:
            answer = client.get(FINDINGS)
            assert answer.status_code == 200, answer.status_code
            assert (BEING_READ_AGAIN in answer.content.decode()) is expect_pending

        page(False)  # warm: templates, catalogue
        before, after, later = [], [], []
        for round_ in range(1, args.runs + 1):
            changed = change_figures(period, units)
            after.append(timed(lambda: page(True)))
            before.append(timed(lambda: (read_again_stale([period.pk]), page(False))))
            later.append(timed(lambda: page(False)))
            print(
                f"round {round_}: {changed} units changed; before {before[-1]:.2f} s, "
                f"after {after[-1] * 1000:.0f} ms (stale), {later[-1] * 1000:.0f} ms (read again)"
            )
        b, a, r = (statistics.median(times) for times in (before, after, later))
        print(
            f"findings page with {len(units)} stale reports, median of {args.runs}:\n"
            f"  before (read again in the request): {b:8.2f} s  ({b / len(units):.2f} s a report)\n"
            f"  after  (said to be read again):     {a * 1000:8.0f} ms\n"
            f"  after  (once read in background):   {r * 1000:8.0f} ms\n"
            f"  ratio before/after: {b / a:.0f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
