"""The province's on-time and online-receipt rates quarter by quarter: the one trend that the dashboard
and the report draw (each rate is the catalogue's named indicator, `cchc.core.indicators`), with the same
quarter of the previous year beside each (cùng kỳ, `reporting.compare`: province totals, which compare
across the 2025 reorganisation)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from cchc.charts import period_label
from cchc.core.catalogue import Catalogue
from cchc.core.indicators import indicator_figures
from cchc.core.numbers import Cell
from cchc.core.periods import PeriodKind
from cchc.web.reporting.compare import same_period_last_year
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for, province_aggregate

__all__ = ["QuarterRates", "quarter_rates"]


@dataclass(frozen=True)
class QuarterRates:
    """A quarter's province-wide on-time («dung-han») and online-receipt («truc-tuyen») rates."""

    period: ReportingPeriod
    on_time: Decimal | None
    online: Decimal | None
    last_year: QuarterRates | None = None  # cùng kỳ, when asked for and on record

    @property
    def label(self) -> str:
        """ "Quý I/2023", as the trend's axis names it."""
        return period_label(self.period.period)


TREND_INDICATORS = ("dung-han", "truc-tuyen")


def rows_read(catalogue: Catalogue, names: Iterable[str]) -> set[str]:
    """The codes the named indicators read: theirs, their levels', and every code their formulas
    reach (an aggregate of only these rows gives the indicators exactly, in a fraction of the time)."""
    formulas = catalogue.formulas
    todo = [
        code for name in names for code in (catalogue.indicator(name).code, *catalogue.indicator(name).levels)
    ]
    seen: set[str] = set()
    while todo:
        code = todo.pop()
        if code not in seen:
            seen.add(code)
            formula = formulas.get(code)
            todo.extend(formula.references if formula is not None else ())
    return seen


def quarter_rates(
    up_to: ReportingPeriod | None = None,
    *,
    last: int | None = None,
    statuses: tuple[str, ...] | None = None,
    same_period: bool = False,
    aggregates: dict[int, dict[str, Cell]] | None = None,
    aggregate_of: Callable[[ReportingPeriod, set[str]], dict[str, Cell]] | None = None,
    kinds: frozenset[PeriodKind] = frozenset({PeriodKind.QUARTER}),
) -> tuple[QuarterRates, ...]:
    """The rates of every quarter on record (up to and including `up_to`'s, the `last` few), oldest first,
    over the forms in `statuses` (None: every form), each with its cùng kỳ when `same_period`; `kinds`
    other than quarters as well (the report's trend: every report on record up to its own).

    `aggregates` (period id → the province's cells) holds aggregates the caller already has, so that no
    quarter is aggregated twice; it gains those computed here, which hold only the rows the rates read:
    by `aggregate_of(quarter, codes)` when given (a caller that keeps aggregates between calls), else
    `province_aggregate` over `statuses`."""
    quarters = sorted(
        (
            p
            for p in ReportingPeriod.objects.all()
            if p.period.kind in kinds and (up_to is None or p.period <= up_to.period)
        ),
        key=lambda p: p.period,
    )
    if last is not None:
        quarters = quarters[-last:]
    known = {} if aggregates is None else aggregates

    def rates(quarter: ReportingPeriod) -> QuarterRates:
        catalogue = catalogue_for(quarter)
        if quarter.pk not in known:
            codes = rows_read(catalogue, TREND_INDICATORS)
            known[quarter.pk] = (
                aggregate_of(quarter, codes)
                if aggregate_of is not None
                else province_aggregate(quarter, statuses=statuses, codes=codes)
            )
        cells = known[quarter.pk]
        return QuarterRates(
            quarter,
            indicator_figures(catalogue, cells, "dung-han")[0].value,
            indicator_figures(catalogue, cells, "truc-tuyen")[0].value,
        )

    points = [rates(quarter) for quarter in quarters]
    if not same_period:
        return tuple(points)
    earlier = [same_period_last_year(quarter) for quarter in quarters]
    return tuple(
        dataclasses.replace(point, last_year=rates(before)) if before else point
        for point, before in zip(points, earlier, strict=True)
    )
