"""How long saving one form takes through `services.save_values`, validation and audit included.

Issue 3's target: p95 under 100 ms on SQLite and on PostgreSQL. Builds a fresh database (SQLite in a
temporary folder; PostgreSQL too with --postgres or DATABASE_URL, in a dedicated database `cchc_bench`
that is created and dropped), the province unit, a few departments and districts, and a reporter for each
measured unit, then saves the same form --saves times with changing figures and `expected_version` set:

* the largest form, the province's Biểu mẫu 7 (25 typed rows, each with a note: 50 fields);
* a district's Biểu mẫu 3 (its 6 typed rows), the form the brief names.

Baselines measured in the same run, on the same submission: the bare ORM writes of the same save (lock,
read the stored values, write the changed values, bulk-create the audit records, bump the version)
without parsing, permission checks, validation or the findings returned after the save, once with one
update_or_create per cell (how saves were first written) and once in bulk (how save_values writes now).
The ratio to the bulk writes is what validation and the rest cost.

Run:  uv run python benchmarks/web_save.py [--postgres] [--saves 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import (
    PERIOD,
    backend_urls,
    database,
    make_reporter,
    make_units,
    plausible_entries,
    run_per_backend,
    summary,
)


def bare_save(submission: Any, user: Any, entries: dict[str, tuple[str, str]], *, bulk: bool = False) -> None:
    """The writes of services.save_values alone: what any save must do in the database.

    With `bulk`, the changed values are written with one bulk_update and one bulk_create instead of
    one update_or_create each (a savepoint, a SELECT … FOR UPDATE and an UPDATE or INSERT per cell).
    """
    from django.db import transaction

    from cchc.core.numbers import CellKind, parse_cell
    from cchc.web.reporting.models import Channel, Submission, Value, ValueChange

    cells = {code: (parse_cell(raw)[0], note) for code, (raw, note) in entries.items()}
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        existing = {value.code: value for value in locked.values.all()}
        changes, created, updated = [], [], []
        for code, (cell, note) in cells.items():
            value = existing.get(code)
            old_text, old_note = (value.text, value.note) if value else ("", "")
            new_text = cell.text if cell.kind is not CellKind.BLANK else ""
            if (old_text, old_note) == (new_text, note):
                continue
            fields = {"kind": cell.kind.value, "number": cell.number, "text": new_text, "note": note}
            if not bulk:
                Value.objects.update_or_create(submission=locked, code=code, defaults=fields)
            elif value is None:
                created.append(Value(submission=locked, code=code, **fields))
            else:
                value.kind, value.number, value.text, value.note = fields.values()
                updated.append(value)
            changes.append(
                ValueChange(
                    submission=locked,
                    code=code,
                    old_text=old_text,
                    new_text=new_text,
                    old_note=old_note,
                    new_note=note,
                    user=user,
                    channel=Channel.WEB,
                )
            )
        if updated:
            Value.objects.bulk_update(updated, ["kind", "number", "text", "note"])
        if created:
            Value.objects.bulk_create(created)
        if changes:
            ValueChange.objects.bulk_create(changes)
            locked.version += 1
            locked.save(update_fields=["version", "updated_at"])


def scenario(
    name: str, unit: Any, form: int, user: Any, saves: int, notes: bool, seed: int
) -> tuple[list[float], list[float], list[float], int]:
    """Time `saves` saves through the service and as bare writes (on a twin submission of form 1…7)."""
    from cchc.web.reporting import services

    period = services.ensure_period(PERIOD)
    catalogue = services.catalogue_for(period)
    submission = services.submission_for(unit, period, form)
    allowed = services.input_codes(catalogue, unit, form)
    rng = random.Random(seed)

    def entries(i: int) -> dict[str, tuple[str, str | None]]:
        typed = plausible_entries(catalogue, unit.level_enum, rng, form)
        assert set(typed) == allowed, set(typed) ^ allowed
        return {code: (text, f"Ghi chú lần {i}" if notes else None) for code, text in typed.items()}

    # One warm-up save each (catalogue cache, first queries), not counted.
    version = services.save_values(submission, user, entries(0), expected_version=0).version
    timed, changed = [], 0
    for i in range(1, saves + 1):
        batch = entries(i)
        start = time.perf_counter()
        result = services.save_values(submission, user, batch, expected_version=version)
        timed.append((time.perf_counter() - start) * 1000)
        version, changed = result.version, changed + result.changed
    # The bare writes go to the same submission, after the timed saves.
    bare: list[float] = []
    bulk: list[float] = []
    for i in range(2 * saves):
        batch = {code: (text, note or "") for code, (text, note) in entries(saves + i).items()}
        start = time.perf_counter()
        bare_save(submission, user, batch, bulk=bool(i % 2))
        (bulk if i % 2 else bare).append((time.perf_counter() - start) * 1000)
    return timed, bare, bulk, changed // saves


def measure(backend: str, saves: int) -> None:
    """Set up one backend and print the figures."""
    import statistics

    from _web import percentile

    with tempfile.TemporaryDirectory() as folder, database(Path(folder), backend) as name:
        units = make_units({"so": 5, "huyen": 5})
        print(f"\n{name}: {saves} saves per form, expected_version set, figures change every time")
        for label, code, form, notes in (
            ("province BM7, 25 rows + 25 notes", "ubnd-tinh", 7, True),
            ("district BM3, 6 rows", "huyen-001", 3, False),
        ):
            user = make_reporter(f"bench-{code}", code)
            timed, bare, bulk, changed = scenario(label, units[code], form, user, saves, notes, seed=form)
            ratio = percentile(timed, 0.95) / percentile(bulk, 0.95)
            median_ratio = statistics.median(timed) / statistics.median(bulk)
            print(f"  {label} (~{changed} cells changed per save)")
            print(f"    save_values     {summary(timed)}   target p95 < 100 ms")
            print(f"    per-cell writes {summary(bare)}   (update_or_create per cell)")
            print(f"    bulk writes     {summary(bulk)}   (as save_values writes, without the rest)")
            print(
                f"    ratio to the bulk writes: p95 {ratio:.1f}x, median {median_ratio:.1f}x "
                "(the rest: parsing, permission, validation, findings after the save)"
            )


def main() -> int:
    """Parse the options; measure each backend in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also measure on PostgreSQL")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        measure(args.backend, args.saves)
        return 0
    return run_per_backend(Path(__file__), backend_urls(args.postgres), ["--saves", str(args.saves)])


if __name__ == "__main__":
    sys.exit(main())
