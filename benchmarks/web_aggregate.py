"""How long the province aggregate and the full validation of a period take: 600 units × 7 forms.

Issue 3's target: province aggregate plus full validation under 300 ms. Builds a fresh database
(SQLite in a temporary folder; PostgreSQL too with --postgres or DATABASE_URL, in a dedicated database
`cchc_bench` that is created and dropped), 600 reporting units (the province, departments and districts)
with every input row of their level filled with plausible figures, then times
`services.province_aggregate(period)`, `services.period_findings(period)` and both together.
To show where the time goes it also times, in the same run, loading the figures alone
(`services.contributions`) and the core alone (aggregate + validate over figures already loaded).

Run:  uv run python benchmarks/web_aggregate.py [--postgres] [--units 600] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web import (
    PERIOD,
    backend_urls,
    database,
    make_units,
    median_wall_cpu,
    plausible_figures,
    run_per_backend,
)


def build_fixture(units: int, seed: int) -> tuple[object, int]:
    """`units` reporting units (1 province, ⅓ departments, the rest districts), all forms filled in."""
    from cchc.core.catalogue import Kind
    from cchc.web.reporting import services
    from cchc.web.reporting.models import Status, Submission, Value

    period = services.ensure_period(PERIOD)
    catalogue = services.catalogue_for(period)
    so = (units - 1) // 3
    by_code = make_units({"so": so, "huyen": units - 1 - so})
    rng = random.Random(seed)
    submissions = [
        Submission(unit=unit, period=period, form=form, status=Status.SUBMITTED, version=1)
        for unit in by_code.values()
        for form in range(1, 8)
    ]
    Submission.objects.bulk_create(submissions, batch_size=2000)
    ids = {
        (unit_id, form): pk
        for pk, unit_id, form in Submission.objects.filter(period=period).values_list("pk", "unit_id", "form")
    }
    values = []
    for unit in by_code.values():
        for code, figure in plausible_figures(catalogue, unit.level_enum, rng).items():
            row = catalogue.row(code)
            submission_id = ids[(unit.pk, row.form)]
            if isinstance(figure, str):
                values.append(Value(submission_id=submission_id, code=code, kind="text", text=figure))
                continue
            text = _text(figure, row.kind is Kind.PERCENT, row.decimals)
            values.append(
                Value(submission_id=submission_id, code=code, kind="number", number=figure, text=text)
            )
    Value.objects.bulk_create(values, batch_size=2000)
    return period, len(values)


def _text(figure: Decimal, percent: bool, decimals: int) -> str:
    from cchc.core.numbers import format_number

    return format_number(figure, decimals if percent else None)


def measure(backend: str, units: int, runs: int) -> None:
    """Build the fixture on one backend and print the figures."""
    with tempfile.TemporaryDirectory() as folder, database(Path(folder), backend) as name:
        from cchc.core.aggregation import Contribution, aggregate, with_computed
        from cchc.core.validation import validate
        from cchc.web.reporting import services

        period, count = build_fixture(units, seed=3)
        catalogue = services.catalogue_for(period)
        findings = services.period_findings(period)  # warms the catalogue and its cached plans
        parts = list(services.contributions(period).values())

        def core_only() -> None:
            for _, cells in parts:
                validate(catalogue, with_computed(catalogue, cells))
            total = aggregate(catalogue, [Contribution(unit.level_enum, cells) for unit, cells in parts])
            validate(catalogue, total)

        def both() -> None:
            services.province_aggregate(period)
            services.period_findings(period)

        rows = [
            ("load figures (services.contributions)", lambda: services.contributions(period)),
            ("province_aggregate(period)", lambda: services.province_aggregate(period)),
            ("period_findings(period)", lambda: services.period_findings(period)),
            ("both together  (target < 300 ms)", both),
            ("core alone: validate each unit + aggregate", core_only),
        ]
        figures = {label: median_wall_cpu(action, runs) for label, action in rows}
        print(f"\n{name}: {len(parts)} units, {count} values, {len(findings)} findings")
        print(f"  median of {runs} runs{'':25s} wall ms   CPU ms (this process)")
        for label, (wall, cpu) in figures.items():
            print(f"  {label:45s} {wall:8.1f} {cpu:8.1f}")
        load, findings_ms = figures[rows[0][0]], figures[rows[2][0]]
        core = figures[rows[4][0]]
        print(
            f"  per unit, core alone: {core[1] / len(parts) * 1000:.0f} µs CPU; loading is "
            f"{load[1] / findings_ms[1]:.0%} of period_findings (CPU), which already includes the aggregate"
        )


def main() -> int:
    """Parse the options; measure each backend in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also measure on PostgreSQL")
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        measure(args.backend, args.units, args.runs)
        return 0
    extra = ["--units", str(args.units), "--runs", str(args.runs)]
    return run_per_backend(Path(__file__), backend_urls(args.postgres), extra)


if __name__ == "__main__":
    sys.exit(main())
