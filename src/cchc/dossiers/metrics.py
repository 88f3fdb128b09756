"""The dossier metrics, written once as Ibis expressions: they run on DuckDB and on PySpark unchanged.

`classify` gives every dossier that matters for a cut-off window its intake (how it entered the window)
and its outcome (where it stood at the window's end); `CLASSES` names every set of dossiers a figure
counts; `COUNTS` are the sums behind every output; `fine_counts` groups them at the finest grain the
outputs need, so the large table is scanned once and every output is a small roll-up of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # Ibis is imported when an expression is built: the names alone cost nothing
    import ibis.expr.types as ir

__all__ = [
    "CLASSES",
    "COUNTS",
    "FULLY_ONLINE",
    "GRAIN",
    "INTAKES",
    "OUTCOMES",
    "PARTLY_ONLINE",
    "PROCEDURE_CLASSES",
    "classify",
    "fine_counts",
]

# Intake: carried over from before the window (tồn kỳ trước) or received in it, by channel.
INTAKES = ("carried_over", "online", "direct", "post")
# Outcome at the window's end: resolved early / on time / late, in progress within time / overdue,
# or returned to the applicant / withdrawn (trả lại, rút).
OUTCOMES = ("early", "on_time", "late", "within_time", "overdue", "returned_withdrawn")
ONLINE_SERVICE = ("toan_trinh", "mot_phan", "muc_4", "muc_3")
PARTLY_ONLINE = ("mot_phan", "muc_3")
FULLY_ONLINE = ("toan_trinh", "muc_4")
RESOLVED = ("early", "on_time", "late")

Predicate: TypeAlias = "Callable[[ir.Table], ir.BooleanValue]"


def _in_window(t: ir.Table) -> ir.BooleanValue:
    return t.intake != "carried_over"


def _online_service_in_window(t: ir.Table) -> ir.BooleanValue:
    return _in_window(t) & t.online_level.isin(ONLINE_SERVICE)


# Every set of dossiers a figure can count, by name (the drill-down uses the same names).
CLASSES: Mapping[str, Predicate] = MappingProxyType(
    {
        "received": lambda t: t.intake.notnull(),
        "carried_over": lambda t: t.intake == "carried_over",
        "received_in_window": _in_window,
        "received_online": lambda t: t.intake == "online",
        "received_direct_post": lambda t: t.intake.isin(("direct", "post")),
        "received_post": lambda t: t.intake == "post",
        "resolved": lambda t: t.outcome.isin(RESOLVED),
        "resolved_on_time": lambda t: t.outcome.isin(("early", "on_time")),
        "early": lambda t: t.outcome == "early",
        "on_time": lambda t: t.outcome == "on_time",
        "late": lambda t: t.outcome == "late",
        "in_progress": lambda t: t.outcome.isin(("within_time", "overdue")),
        "within_time": lambda t: t.outcome == "within_time",
        "overdue": lambda t: t.outcome == "overdue",
        "returned_withdrawn": lambda t: t.outcome == "returned_withdrawn",
        # BM7 6.7: only procedures offered online (mức độ 3/4, một phần/toàn trình) count.
        "online_service_received": _online_service_in_window,
        "online_service_received_online": lambda t: _online_service_in_window(t) & (t.intake == "online"),
        "digitised_in_window": lambda t: _in_window(t) & t.digitised.fill_null(False),
        "paid_online": lambda t: t.paid_online.fill_null(False),
    }
)

# The dossiers listed behind the BM7 procedure counts (6.4, 6.5, 6.8): listed, not counted.
PROCEDURE_CLASSES: Mapping[str, Predicate] = MappingProxyType(
    {
        "partly_online_procedure": lambda t: t.online_level.isin(PARTLY_ONLINE),
        "partly_online_procedure_used": lambda t: t.online_level.isin(PARTLY_ONLINE) & (t.intake == "online"),
        "fully_online_procedure": lambda t: t.online_level.isin(FULLY_ONLINE),
        "fully_online_procedure_used": lambda t: t.online_level.isin(FULLY_ONLINE) & (t.intake == "online"),
        "fee_procedure": lambda t: t.fee.fill_null(0) > 0,
        "fee_paid_online": lambda t: (t.fee.fill_null(0) > 0) & t.paid_online.fill_null(False),
    }
)

# Sums of working days, for the averages and the lateness figures.
_DAY_SUMS: Mapping[str, Callable[[ir.Table], ir.IntegerValue]] = MappingProxyType(
    {
        "resolution_working_days": lambda t: t.resolution_working_days,
        "resolution_calendar_days": lambda t: t.resolution_calendar_days,
        "late_working_days": lambda t: t.working_days_late,
    }
)

COUNTS: tuple[str, ...] = (*CLASSES, *_DAY_SUMS)

# The finest grouping any output needs (one-stop table by field and level, units, procedures, BM7).
GRAIN = ("level", "unit_code", "parent_code", "field", "procedure_code", "online_level")


def classify(dossiers: ir.Table, calendar: ir.Table, start: date, end: date) -> ir.Table:
    """The dossiers that matter for the window [start, end], with `intake`, `outcome` and working days.

    A dossier matters when it was received on or before the window's last day and was not finished
    before its first day. Dates are compared by day; a missing promised date is computed from the
    time limit in working days, counted from the day after receipt (Bộ luật Dân sự, Điều 147–148), and
    a promised date on a day off moves to the first working day after it (Điều 148).
    """
    import ibis

    first, last = ibis.date(start), ibis.date(end)
    # Filter on the raw timestamps first: engines push such filters into the Parquet scan and skip the
    # other columns of the rows they drop.
    dossiers = dossiers.filter(
        dossiers.received_at < ibis.timestamp(datetime.combine(end + timedelta(days=1), time())),
        dossiers.resolved_at.isnull()
        | (dossiers.resolved_at >= ibis.timestamp(datetime.combine(start, time()))),
    )
    t = dossiers.mutate(
        received_day=dossiers.received_at.date(),
        given_due_day=dossiers.due_at.date(),
        closed_day=dossiers.resolved_at.date(),
        online_level=dossiers.online_level.fill_null("khong"),
        field=dossiers.field.fill_null("Chưa phân loại"),
    )
    days = calendar.select("day", "ordinal")
    on_received = days.select(received_ord_day=days.day, received_ord=days.ordinal)
    t = t.left_join(on_received, t.received_day == on_received.received_ord_day)
    working = calendar.filter(calendar.working).select(
        computed_due_day=calendar.day, computed_ord=calendar.ordinal
    )
    t = t.left_join(working, (t.received_ord + t.time_limit_days.cast("int32")) == working.computed_ord)
    # A limit of 0 days (trả ngay) is due the day of receipt.
    computed = ibis.cases((t.computed_due_day < t.received_day, t.received_day), else_=t.computed_due_day)
    t = t.mutate(stated_due_day=ibis.coalesce(t.given_due_day, computed))
    # A deadline falling on a day off moves to the next working day (Bộ luật Dân sự, Điều 148): a date
    # given on a Saturday, or a 0-day limit received on a Sunday. Its ordinal is the day's, plus one when
    # the day is off (ordinals count working days up to and including a day).
    on_due = calendar.select(
        due_ord_day=calendar.day,
        due_day=calendar.on_or_after,
        due_ord=calendar.ordinal + calendar.working.ifelse(0, 1),
    )
    t = t.left_join(on_due, t.stated_due_day == on_due.due_ord_day)
    on_closed = days.select(closed_ord_day=days.day, closed_ord=days.ordinal)
    t = t.left_join(on_closed, t.closed_day == on_closed.closed_ord_day)
    on_end = days.filter(days.day == last).select(end_ord=days.ordinal)
    t = t.cross_join(on_end)

    done = t.closed_day.notnull() & (t.closed_day <= last)
    outcome = ibis.cases(
        (done & t.status.isin(("tra_lai", "rut")), "returned_withdrawn"),
        (done & (t.closed_day < t.due_day), "early"),
        (done & (t.closed_day == t.due_day), "on_time"),
        (done, "late"),
        (t.due_day < last, "overdue"),
        else_="within_time",
    )
    intake = ibis.cases(
        (t.received_day < first, "carried_over"),
        (t.channel == "truc_tuyen", "online"),
        (t.channel == "truc_tiep", "direct"),
        else_="post",
    )
    t = t.mutate(outcome=outcome, intake=intake)
    t = t.mutate(
        working_days_late=ibis.cases(
            (t.outcome == "late", t.closed_ord - t.due_ord),
            (t.outcome == "overdue", t.end_ord - t.due_ord),
            else_=0,
        ).cast("int64"),
        resolution_working_days=t.outcome.isin(RESOLVED)
        .ifelse(t.closed_ord - t.received_ord, 0)
        .cast("int64"),
        resolution_calendar_days=t.outcome.isin(RESOLVED)
        .ifelse(t.closed_day.delta(t.received_day, unit="day"), 0)
        .cast("int64"),
    )
    return t.drop(
        "received_ord_day",
        "computed_ord",
        "due_ord_day",
        "closed_ord_day",
        "given_due_day",
        "computed_due_day",
        "stated_due_day",
    )


@cache
def _count_if() -> Any:
    """COUNT_IF, an aggregate DuckDB and Spark SQL both have: the rows where a condition holds.

    In DuckDB it is cheaper than COUNT(*) FILTER or a SUM of 0/1, which adds up with a count per class.
    """
    import ibis
    import ibis.expr.datatypes as dt

    def count_if(condition: bool) -> int:  # type: ignore[empty-body]
        """The rows where a condition holds."""

    return ibis.udf.agg.builtin(count_if, signature=((dt.boolean,), dt.int64))


def count_if(condition: ir.BooleanValue) -> ir.IntegerScalar:
    """The rows where a condition holds (COUNT_IF in DuckDB and Spark SQL)."""
    return _count_if()(condition)


def _measures(t: ir.Table) -> dict[str, ir.Scalar]:
    measures: dict[str, ir.Scalar] = {name: count_if(predicate(t)) for name, predicate in CLASSES.items()}
    measures.update({name: value(t).sum().cast("int64") for name, value in _DAY_SUMS.items()})
    return measures


def fine_counts(classified: ir.Table) -> ir.Table:
    """Every count at the GRAIN, plus the names and the dossiers charging a fee (BM7 6.8)."""
    t = classified
    return t.group_by(list(GRAIN)).aggregate(
        # Names depend on the codes: any one of them will do, and it is cheaper than the largest.
        unit_name=t.unit_name.arbitrary(),
        procedure_name=t.procedure_name.arbitrary(),
        charges_fee=count_if(t.fee.fill_null(0) > 0),
        **_measures(t),
    )
