"""The dossier metrics, written once as Ibis expressions: they run on DuckDB and on PySpark unchanged.

`classify` gives every dossier that matters for a cut-off window its intake (how it entered the window)
and its outcome (where it stood at the window's end), each as a small integer code and as its name;
`CLASSES` names every set of dossiers a figure counts, as data (which intakes, outcomes, online levels
and flag); `COUNTS` are the sums behind every output; `fine_counts` groups them at the finest grain the
outputs need, so the large table is scanned once and every output is a small roll-up of it.

A class is counted the cheapest way its definition allows: one that only restricts the intake (or only
the outcome) and the online level is a sum of the per-intake (per-outcome) counts of its group, the
online level being one of the group's keys; only a class with a flag, or with both an intake and an
outcome, needs an aggregate of its own. The whole scan then updates 17 aggregates per dossier instead of
one per class, on integer codes instead of strings, after three calendar lookups (receipt, deadline,
closing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
    "DossierClass",
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
# The flags a class can require (columns of classify's table, never null there).
FLAGS = ("digitised", "paid_online")
# The deadline lookup's keys for working days by ordinal: beyond the day number of any date an engine
# holds (DuckDB's last date is about 2^31 days after 1970), so that the two kinds of keys never meet.
_ORDINAL_KEYS = 2**40


@dataclass(frozen=True)
class DossierClass:
    """A set of dossiers a figure counts: those whose intake, outcome and online level are among the
    given ones (all when None) and that have the flag, if one is named (FLAGS).

    Called on classify's table it gives the row predicate (the drill-down lists with it)."""

    intakes: tuple[str, ...] | None = None
    outcomes: tuple[str, ...] | None = None
    online_levels: tuple[str, ...] | None = None
    flag: str | None = None

    def __post_init__(self) -> None:
        for given, known in ((self.intakes, INTAKES), (self.outcomes, OUTCOMES)):
            if given is not None and not set(given) <= set(known):
                raise ValueError(f"unknown values {sorted(set(given) - set(known))}")
        if self.flag is not None and self.flag not in FLAGS:
            raise ValueError(f"unknown flag {self.flag!r}")

    def __call__(self, t: ir.Table) -> ir.BooleanValue:
        import ibis

        tests: list[ir.BooleanValue] = []
        if self.intakes is not None:
            tests.append(t.intake_code.isin(_codes(INTAKES, self.intakes)))
        if self.outcomes is not None:
            tests.append(t.outcome_code.isin(_codes(OUTCOMES, self.outcomes)))
        if self.online_levels is not None:
            tests.append(t.online_level.isin(self.online_levels))
        if self.flag is not None:
            tests.append(t[self.flag])
        return ibis.and_(*tests) if tests else ibis.literal(True)

    @property
    def own_aggregate(self) -> bool:
        """Whether counting it needs an aggregate of its own (not a sum of per-intake or per-outcome
        counts): a flag, or both an intake and an outcome restriction."""
        return self.flag is not None or (self.intakes is not None and self.outcomes is not None)


def _codes(names: tuple[str, ...], chosen: tuple[str, ...]) -> list[int]:
    return [names.index(name) for name in chosen]


IN_WINDOW = INTAKES[1:]

# Every set of dossiers a figure can count, by name (the drill-down uses the same names).
CLASSES: Mapping[str, DossierClass] = MappingProxyType(
    {
        "received": DossierClass(),
        "carried_over": DossierClass(intakes=("carried_over",)),
        "received_in_window": DossierClass(intakes=IN_WINDOW),
        "received_online": DossierClass(intakes=("online",)),
        "received_direct_post": DossierClass(intakes=("direct", "post")),
        "received_post": DossierClass(intakes=("post",)),
        "resolved": DossierClass(outcomes=RESOLVED),
        "resolved_on_time": DossierClass(outcomes=("early", "on_time")),
        "early": DossierClass(outcomes=("early",)),
        "on_time": DossierClass(outcomes=("on_time",)),
        "late": DossierClass(outcomes=("late",)),
        "in_progress": DossierClass(outcomes=("within_time", "overdue")),
        "within_time": DossierClass(outcomes=("within_time",)),
        "overdue": DossierClass(outcomes=("overdue",)),
        "returned_withdrawn": DossierClass(outcomes=("returned_withdrawn",)),
        # BM7 6.7: only procedures offered online (mức độ 3/4, một phần/toàn trình) count.
        "online_service_received": DossierClass(intakes=IN_WINDOW, online_levels=ONLINE_SERVICE),
        "online_service_received_online": DossierClass(intakes=("online",), online_levels=ONLINE_SERVICE),
        "digitised_in_window": DossierClass(intakes=IN_WINDOW, flag="digitised"),
        "paid_online": DossierClass(flag="paid_online"),
    }
)


def _online(t: ir.Table) -> ir.BooleanValue:
    return CLASSES["received_online"](t)


# The dossiers listed behind the BM7 procedure counts (6.4, 6.5, 6.8): listed, not counted.
PROCEDURE_CLASSES: Mapping[str, Predicate] = MappingProxyType(
    {
        "partly_online_procedure": lambda t: t.online_level.isin(PARTLY_ONLINE),
        "partly_online_procedure_used": lambda t: (
            t.online_level.isin(PARTLY_ONLINE) & CLASSES["received_online"](t)
        ),
        "fully_online_procedure": lambda t: t.online_level.isin(FULLY_ONLINE),
        "fully_online_procedure_used": lambda t: (
            t.online_level.isin(FULLY_ONLINE) & CLASSES["received_online"](t)
        ),
        "fee_procedure": lambda t: t.charges_fee,
        "fee_paid_online": lambda t: t.charges_fee & t.paid_online,
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


def _coded(names: tuple[str, ...], *cases: tuple[ir.BooleanValue, str], otherwise: str) -> ir.IntegerValue:
    """The code (index in `names`) of the first case that holds, else of `otherwise`: a small integer,
    cheaper to compare and count than the name."""
    import ibis

    return ibis.cases(
        *((test, names.index(name)) for test, name in cases), else_=names.index(otherwise)
    ).cast("int8")


def _named(code: ir.IntegerValue, names: tuple[str, ...]) -> ir.StringValue:
    """The name of a code made by _coded."""
    import ibis

    return ibis.cases(*((code == index, name) for index, name in enumerate(names)), else_=None)


def classify(dossiers: ir.Table, calendar: ir.Table, start: date, end: date) -> ir.Table:
    """The dossiers that matter for the window [start, end], with `intake`, `outcome` and working days.

    A dossier matters when it was received on or before the window's last day and was not finished
    before its first day. Dates are compared by day; a missing promised date is computed from the
    time limit in working days, counted from the day after receipt (Bộ luật Dân sự, Điều 147–148), a
    limit of 0 days being due the day of receipt, and a promised date on a day off moves to the first
    working day after it (Điều 148).
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
    # The deadline, in one lookup: a date given on a day off moves to the next working day (Bộ luật Dân
    # sự, Điều 148), its ordinal the day's plus one (ordinals count working days up to and including a
    # day); without a date, a limit of n > 0 working days, counted from the day after receipt (Điều
    # 147), falls on the working day whose ordinal is the receipt's plus n, and a limit of 0 (trả ngay)
    # is due the day of receipt, moved the same way. The lookup holds every day by its day number and
    # every working day by its ordinal, shifted beyond any day number (_ORDINAL_KEYS).
    by_day = calendar.select(
        due_lookup=calendar.day.epoch_days().cast("int64"),
        due_day=calendar.on_or_after,
        due_ord=(calendar.ordinal + calendar.working.ifelse(0, 1)).cast("int32"),
    )
    working = calendar.filter(calendar.working)
    by_ordinal = working.select(
        due_lookup=working.ordinal.cast("int64") + _ORDINAL_KEYS,
        due_day=working.day,
        due_ord=working.ordinal.cast("int32"),
    )
    limit = t.time_limit_days.cast("int64")
    due_key = ibis.cases(
        (t.given_due_day.notnull(), t.given_due_day.epoch_days().cast("int64")),
        (limit > 0, t.received_ord.cast("int64") + limit + _ORDINAL_KEYS),
        (limit.notnull(), t.received_day.epoch_days().cast("int64")),
        else_=ibis.null("int64"),
    )
    on_due = by_day.union(by_ordinal)
    t = t.left_join(on_due, due_key == on_due.due_lookup)
    on_closed = days.select(closed_ord_day=days.day, closed_ord=days.ordinal)
    t = t.left_join(on_closed, t.closed_day == on_closed.closed_ord_day)
    on_end = days.filter(days.day == last).select(end_ord=days.ordinal)
    t = t.cross_join(on_end)

    done = t.closed_day.notnull() & (t.closed_day <= last)
    outcome = _coded(
        OUTCOMES,
        (done & t.status.isin(("tra_lai", "rut")), "returned_withdrawn"),
        (done & (t.closed_day < t.due_day), "early"),
        (done & (t.closed_day == t.due_day), "on_time"),
        (done, "late"),
        (t.due_day < last, "overdue"),
        otherwise="within_time",
    )
    intake = _coded(
        INTAKES,
        (t.received_day < first, "carried_over"),
        (t.channel == "truc_tuyen", "online"),
        (t.channel == "truc_tiep", "direct"),
        otherwise="post",
    )
    t = t.mutate(
        outcome_code=outcome,
        intake_code=intake,
        digitised=t.digitised.fill_null(False),
        paid_online=t.paid_online.fill_null(False),
        charges_fee=t.fee.fill_null(0) > 0,
    )
    resolved = CLASSES["resolved"](t)
    t = t.mutate(
        outcome=_named(t.outcome_code, OUTCOMES),
        intake=_named(t.intake_code, INTAKES),
        working_days_late=ibis.cases(
            (CLASSES["late"](t), t.closed_ord - t.due_ord),
            (CLASSES["overdue"](t), t.end_ord - t.due_ord),
            else_=0,
        ).cast("int64"),
        resolution_working_days=resolved.ifelse(t.closed_ord - t.received_ord, 0).cast("int64"),
        resolution_calendar_days=resolved.ifelse(t.closed_day.delta(t.received_day, unit="day"), 0).cast(
            "int64"
        ),
    )
    return t.drop(
        "received_ord_day",
        "due_lookup",
        "closed_ord_day",
        "given_due_day",
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


def fine_counts(classified: ir.Table) -> ir.Table:
    """Every count at the GRAIN, plus the names and the dossiers charging a fee (BM7 6.8).

    One aggregate per intake and per outcome but the last (the rest of the group's dossiers), one per
    class that needs its own (DossierClass.own_aggregate) and the sums of days; then each class is the
    sum of the counts of its intakes (or outcomes) in the groups of its online levels (a key of the
    group)."""
    import ibis

    t = classified
    # Every dossier has one intake and one outcome: a group's dossiers are the sum of its intake counts,
    # and its last outcome's count the rest, two aggregates fewer per dossier than counting them.
    by_intake = {f"_intake_{code}": count_if(t.intake_code == code) for code in range(len(INTAKES))}
    by_outcome = {f"_outcome_{code}": count_if(t.outcome_code == code) for code in range(len(OUTCOMES) - 1)}
    own = {name: count_if(klass(t)) for name, klass in CLASSES.items() if klass.own_aggregate}
    grouped = t.group_by(list(GRAIN)).aggregate(
        # Names depend on the codes: any one of them will do, and it is cheaper than the largest.
        unit_name=t.unit_name.arbitrary(),
        procedure_name=t.procedure_name.arbitrary(),
        charges_fee=count_if(t.charges_fee),
        **by_intake,
        **by_outcome,
        **own,
        **{name: value(t).sum().cast("int64") for name, value in _DAY_SUMS.items()},
    )
    intakes = [grouped[name] for name in by_intake]
    outcomes = [grouped[name] for name in by_outcome]
    dossiers = sum(intakes[1:], intakes[0])
    rest = dossiers - sum(outcomes[1:], outcomes[0])
    g = grouped.mutate(_dossiers=dossiers, **{f"_outcome_{len(OUTCOMES) - 1}": rest})

    def summed(klass: DossierClass) -> ir.IntegerValue:
        if klass.intakes is not None:
            parts = [g[f"_intake_{code}"] for code in _codes(INTAKES, klass.intakes)]
        elif klass.outcomes is not None:
            parts = [g[f"_outcome_{code}"] for code in _codes(OUTCOMES, klass.outcomes)]
        else:
            parts = [g._dossiers]
        total = sum(parts[1:], parts[0])
        if klass.online_levels is not None:
            total = g.online_level.isin(klass.online_levels).ifelse(total, ibis.literal(0, "int64"))
        return total.cast("int64")

    counted = {name: g[name] if klass.own_aggregate else summed(klass) for name, klass in CLASSES.items()}
    return g.select(
        *GRAIN,
        "unit_name",
        "procedure_name",
        "charges_fee",
        **counted,
        **{name: g[name] for name in _DAY_SUMS},
    )
