"""The province's on-time and online-receipt rates quarter by quarter: the one trend that the dashboard
and the report draw (each rate is the catalogue's named indicator, `cchc.core.indicators`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cchc.core.indicators import indicator_figures
from cchc.core.periods import PeriodKind
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for, province_aggregate

__all__ = ["QuarterRates", "quarter_rates"]


@dataclass(frozen=True)
class QuarterRates:
    """A quarter's province-wide on-time («dung-han») and online-receipt («truc-tuyen») rates."""

    period: ReportingPeriod
    on_time: Decimal | None
    online: Decimal | None

    @property
    def label(self) -> str:
        """ "Quý I/2023": an axis holds several quarters side by side."""
        return self.period.label.replace(" năm ", "/")


def quarter_rates(
    up_to: ReportingPeriod | None = None, *, last: int | None = None, statuses: tuple[str, ...] | None = None
) -> tuple[QuarterRates, ...]:
    """The rates of every quarter on record (up to and including `up_to`'s, the `last` few), oldest first,
    over the forms in `statuses` (None: every form)."""
    quarters = sorted(
        (
            p
            for p in ReportingPeriod.objects.all()
            if p.period.kind is PeriodKind.QUARTER and (up_to is None or p.period <= up_to.period)
        ),
        key=lambda p: p.period,
    )
    if last is not None:
        quarters = quarters[-last:]
    points = []
    for quarter in quarters:
        catalogue = catalogue_for(quarter)
        cells = province_aggregate(quarter, statuses=statuses)
        points.append(
            QuarterRates(
                quarter,
                indicator_figures(catalogue, cells, "dung-han")[0].value,
                indicator_figures(catalogue, cells, "truc-tuyen")[0].value,
            )
        )
    return tuple(points)
