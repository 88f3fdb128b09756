"""`cchc demo`: Thanh Hóa's units, the demo users, the periods and their figures, loaded idempotently.

The units come from ``thanh-hoa.toml``; the figures of Quý I/2023 are synthesised from the bundled
sample report so that the province aggregate reproduces its appendix (``figures``); the four reports of
2022 (Quý I, 6 tháng, Quý III, năm) are derived from the sample in the same way as 2025–2026 (``today``).
Everything is written in one transaction. A second run changes nothing: units, users and periods that
exist are left as they are, and a unit's forms for a period are
written only when the unit has none yet (so figures typed in the web application are never overwritten).

Values are written in bulk rather than through ``services.save_values``: one save per form means about
1.600 saves, measured at ~13 ms of CPU each (~20 s for the five periods, against ~3 s for this whole
loader). The loader checks each unit's figures with the same core validation first and writes the
same audit records (ValueChange, WorkflowEvent, channel "demo") that a save and the workflow would.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from cchc.core.aggregation import rows_for_level, with_computed
from cchc.core.catalogue import Catalogue, Level, Severity
from cchc.core.numbers import CellKind
from cchc.core.validation import validate
from cchc.web.demo import today
from cchc.web.demo.figures import DemoUnit, UnitFigures, quarter_figures, sample_figures
from cchc.web.demo.registers import load_register_items, mark_sources, register_figures
from cchc.web.org.models import OrgUnit
from cchc.web.org.roles import Role
from cchc.web.org.units import import_units
from cchc.web.org.users import create_user
from cchc.web.par.demo import load_par_demo
from cchc.web.reporting.models import (
    Channel,
    ReportingPeriod,
    Status,
    Submission,
    Value,
    ValueChange,
    WorkflowEvent,
)
from cchc.web.reporting.services import catalogue_for, ensure_period
from cchc.web.reports.demo import load_report_texts, load_unit_reports

__all__ = ["EARLIER", "LATEST", "PASSWORD", "USERS", "load_demo", "organisation"]

PASSWORD = "cchc-demo-2023"
ORGANISATION = "thanh-hoa.toml"
REORGANISATION = "thanh-hoa-2025.toml"
LATEST = "2023Q1"
EARLIER = ("2022Q1", "2022H1", "2022Q3", "2022Y")  # the reports of 2022, three levels


@dataclass(frozen=True)
class DemoUser:
    """A demo login: its role, its units and what it is for (Vietnamese, printed by `cchc demo`)."""

    username: str
    role: Role
    units: tuple[str, ...]
    description: str


USERS = (
    DemoUser("quantri", Role.ADMIN, (), "quản trị hệ thống"),
    DemoUser(
        "thamdinh",
        Role.REVIEWER,
        ("ubnd-tinh",),
        "chuyên viên thẩm định Sở Nội vụ (duyệt báo cáo, nhập số liệu của UBND tỉnh)",
    ),
    DemoUser("xem", Role.VIEWER, (), "người xem: xem mọi đơn vị, không sửa"),
    DemoUser("sotuphap", Role.REPORTER, ("so-tu-phap",), "cán bộ báo cáo Sở Tư pháp"),
    DemoUser(
        "ngason", Role.REPORTER, ("huyen-nga-son",), "cán bộ báo cáo UBND huyện Nga Sơn (đến 30/6/2025)"
    ),
    DemoUser(
        "hacthanh", Role.REPORTER, ("phuong-hac-thanh",), "cán bộ báo cáo UBND phường Hạc Thành (từ 1/7/2025)"
    ),
)
ADMIN, REVIEWER = "quantri", "thamdinh"
DEMO_UNITS = frozenset(code for spec in USERS for code in spec.units)

# Quý I/2023 is still being collected: most units approved, these not (all their forms).
STATES: Mapping[str, str] = {
    "so-tu-phap": Status.DRAFT,
    "huyen-muong-lat": Status.DRAFT,
    "huyen-quan-son": Status.DRAFT,
    "so-giao-duc-va-dao-tao": Status.SUBMITTED,
    "so-y-te": Status.SUBMITTED,
    "tp-sam-son": Status.SUBMITTED,
    "huyen-tho-xuan": Status.SUBMITTED,
    "tx-nghi-son": Status.SUBMITTED,
}
# One form of these units was returned by the reviewer, with the reason.
RETURNS: Mapping[str, tuple[int, str]] = {
    "huyen-nga-son": (
        3,
        "Đề nghị rà soát lại Biểu mẫu 3, mục 3.2.2: số hồ sơ giải quyết đúng hạn chưa khớp với số liệu "
        "trên Hệ thống thông tin giải quyết TTHC của tỉnh.",
    ),
    "so-y-te": (
        4,
        "Đề nghị ghi rõ ở cột Ghi chú căn cứ số biên chế có mặt tại thời điểm báo cáo (Biểu mẫu 4, mục 2.2).",
    ),
}
# These sent Quý I/2023 after the units' deadline.
LATE = frozenset({"tx-nghi-son", "huyen-quan-hoa", "so-ngoai-vu"})


def organisation(name: str = ORGANISATION) -> list[dict[str, Any]]:
    """The units of a demo organisation file (thanh-hoa.toml, thanh-hoa-2025.toml) in order, each with the
    defaults filled in."""
    text = resources.files("cchc.web.demo").joinpath(name).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    defaults = data.get("defaults", {})
    return [{**defaults, **unit} for unit in data["unit"]]


def _as_line(spec: Mapping[str, Any]) -> dict[str, str]:
    """A unit of a demo file as a line of a units file (`org.units.import_units`)."""
    line = {}
    for key, value in spec.items():
        if isinstance(value, dt.date):
            line[key] = value.strftime("%d/%m/%Y")
        elif isinstance(value, list):
            line[key] = "; ".join(value)
        else:
            line[key] = str(value)
    return line


def _reorganise() -> None:
    """The 2025 reorganisation (thanh-hoa-2025.toml), imported once as a province imports its own file."""
    specs = organisation(REORGANISATION)
    if OrgUnit.objects.filter(code=specs[-1]["code"]).exists():
        return
    import_units([(number, _as_line(spec)) for number, spec in enumerate(specs, 1)])


def _ensure_units(specs: Sequence[Mapping[str, Any]]) -> dict[str, OrgUnit]:
    existing = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=[s["code"] for s in specs])}
    for order, spec in enumerate(specs):
        if spec["code"] in existing:
            continue
        parent = existing[spec["parent"]] if spec.get("parent") else None
        existing[spec["code"]] = OrgUnit.objects.create(
            code=spec["code"],
            name=spec["name"],
            short_name=spec.get("short_name", ""),
            level=spec["level"],
            parent=parent,
            valid_from=spec.get("valid_from", dt.date(2000, 1, 1)),
            valid_to=spec.get("valid_to"),
            order=order,
        )
    return existing


def _ensure_users() -> dict[str, User]:
    users = {user.username: user for user in User.objects.filter(username__in=[u.username for u in USERS])}
    missing = [spec for spec in USERS if spec.username not in users]
    # Hashing costs ~0.6 s per user (PBKDF2); the demo logins share one password, so hash it once.
    hashed = make_password(PASSWORD) if missing else ""
    for spec in missing:
        user = create_user(spec.username, None, role=spec.role.value, units=spec.units, check_password=False)
        user.password = hashed
        user.save(update_fields=["password"])
        users[spec.username] = user
    return users


def _ensure_periods() -> dict[str, ReportingPeriod]:
    periods: dict[str, ReportingPeriod] = {}
    for code in (*EARLIER, LATEST, *today.PERIODS):
        created = not ReportingPeriod.objects.filter(code=code).exists()
        period = ensure_period(code)
        if created and code not in (LATEST, today.OPEN):
            # Past quarters are closed; only the current one takes reports.
            period.is_open = False
            period.save(update_fields=["is_open"])
        periods[code] = period
    return periods


def _check(catalogue: Catalogue, period: str, figures: UnitFigures) -> None:
    """Refuse figures the core calls errors (a loader bug, never data a user typed)."""
    for unit, cells in figures.items():
        values = {code: figure.cell for code, figure in cells.items()}
        errors = [
            f for f in validate(catalogue, with_computed(catalogue, values)) if f.severity is Severity.ERROR
        ]
        if errors:
            raise RuntimeError(f"demo figures of {unit} for {period}: {errors[0].message}")


@dataclass(frozen=True)
class _Plan:
    """When and how far one unit's form went through the workflow."""

    status: str
    entered: dt.datetime
    submitted: dt.datetime | None
    decided: dt.datetime | None
    comment: str = ""


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in office hours of `day`, in the application's time zone."""
    naive = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _plan(period: ReportingPeriod, unit: str, form: int) -> _Plan:
    rng = random.Random(f"{period.code}:{unit}:workflow")
    if period.code == today.OPEN:
        return _collecting(rng, form, drafting=unit in DEMO_UNITS)
    latest = period.code == LATEST
    status = STATES.get(unit, Status.APPROVED) if latest else Status.APPROVED
    late = unit in LATE if latest else rng.random() < 0.05
    offset = rng.randint(1, 4) if late else -rng.randint(0, 8)
    submitted = _moment(period.unit_deadline + dt.timedelta(days=offset), rng) + dt.timedelta(
        minutes=3 * form
    )
    entered = submitted - dt.timedelta(hours=rng.randint(2, 40))
    decided = _moment((submitted + dt.timedelta(days=rng.randint(1, 3))).date(), rng)
    decided = max(decided, submitted + dt.timedelta(hours=1))
    if latest and unit in RETURNS and RETURNS[unit][0] == form:
        return _Plan(Status.RETURNED, entered, submitted, decided, RETURNS[unit][1])
    if status == Status.DRAFT:
        return _Plan(status, entered, None, None)
    if status == Status.SUBMITTED:
        return _Plan(status, entered, submitted, None)
    return _Plan(status, entered, submitted, decided)


def _collecting(rng: random.Random, form: int, *, drafting: bool) -> _Plan:
    """A form of the period being collected now: typed so far, a third sent early (not the demo logins'
    own units, still drafting so that a newcomer can enter and send them); nothing after today."""
    day = today.DEMO_TODAY - dt.timedelta(days=rng.randint(2, 20))
    entered = _moment(day, rng) + dt.timedelta(minutes=form)
    if rng.random() < 0.35 and not drafting:
        return _Plan(Status.SUBMITTED, entered, entered + dt.timedelta(hours=rng.randint(1, 30)), None)
    return _Plan(Status.DRAFT, entered, None, None)


def _forms(catalogue: Catalogue, level: Level) -> list[int]:
    """The forms a unit of this level has rows in (the others do not concern it)."""
    return [
        form.number
        for form in catalogue.forms
        if any(row.has_value for row in rows_for_level(catalogue, form.number, level))
    ]


def _set_times(model: Any, key: str, field: str, moments: Mapping[int, dt.datetime]) -> None:
    """Set a timestamp per row: auto_now fields ignore the value given at creation (one executemany)."""
    meta = model._meta
    quote = connection.ops.quote_name
    column = quote(meta.get_field(field).column)
    where = quote(meta.pk.column if key == "pk" else meta.get_field(key.removesuffix("_id")).column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(meta.db_table)} SET {column} = %s WHERE {where} = %s",
            [(connection.ops.adapt_datetimefield_value(moment), pk) for pk, moment in moments.items()],
        )


def _store(
    catalogue: Catalogue,
    period: ReportingPeriod,
    units: Mapping[str, OrgUnit],
    figures: UnitFigures,
    users: Mapping[str, User],
) -> None:
    """Write the forms of the units that have none for the period yet, with audit and workflow records."""
    done = set(Submission.objects.filter(period=period).values_list("unit__code", flat=True))
    enterers = {code: users[spec.username] for spec in USERS for code in spec.units}
    plans: dict[tuple[str, int], _Plan] = {}
    submissions: list[Submission] = []
    for code, cells in figures.items():
        unit = units[code]
        if code in done:
            continue
        for form in _forms(catalogue, unit.level_enum):
            plan = _plan(period, code, form)
            plans[(code, form)] = plan
            has_values = any(catalogue.rows[c].form == form for c in cells)
            submissions.append(
                Submission(
                    unit=unit,
                    period=period,
                    form=form,
                    status=plan.status,
                    version=1 if has_values else 0,
                    submitted_at=plan.submitted,
                    approved_at=plan.decided if plan.status == Status.APPROVED else None,
                )
            )
    if not submissions:
        return
    Submission.objects.bulk_create(submissions, batch_size=500)
    values: list[Value] = []
    changes: list[ValueChange] = []
    events: list[tuple[WorkflowEvent, dt.datetime]] = []
    updated: dict[int, dt.datetime] = {}
    entered: dict[int, dt.datetime] = {}
    for submission in submissions:
        code = submission.unit.code
        plan = plans[(code, submission.form)]
        enterer = enterers.get(code, users[ADMIN])
        for row_code, figure in figures[code].items():
            if catalogue.rows[row_code].form != submission.form:
                continue
            cell = figure.cell
            text = cell.text if cell.kind is not CellKind.BLANK else ""
            values.append(
                Value(
                    submission=submission,
                    code=row_code,
                    kind=cell.kind.value,
                    number=cell.number,
                    text=text,
                    note=figure.note,
                )
            )
            changes.append(
                ValueChange(
                    submission=submission,
                    code=row_code,
                    new_text=text,
                    new_note=figure.note,
                    user=enterer,
                    channel=Channel.DEMO,
                )
            )
        entered[submission.pk] = plan.entered
        updated[submission.pk] = plan.decided or plan.submitted or plan.entered
        events.extend(_events(submission, plan, enterer, users[REVIEWER]))
    Value.objects.bulk_create(values, batch_size=1000)
    ValueChange.objects.bulk_create(changes, batch_size=1000)
    WorkflowEvent.objects.bulk_create([event for event, _ in events], batch_size=1000)
    _set_times(Submission, "pk", "updated_at", updated)
    _set_times(ValueChange, "submission_id", "at", entered)
    _set_times(WorkflowEvent, "pk", "at", {event.pk: moment for event, moment in events})


def _events(
    submission: Submission, plan: _Plan, enterer: User, reviewer: User
) -> Iterable[tuple[WorkflowEvent, dt.datetime]]:
    """The workflow steps that led to the plan's status, each with its moment (set after creation)."""
    steps: list[tuple[str, str, str, str, User, dt.datetime]] = []
    if plan.submitted is not None:
        steps.append(("submit", Status.DRAFT, Status.SUBMITTED, "", enterer, plan.submitted))
    if plan.decided is not None and plan.status == Status.APPROVED:
        steps.append(("approve", Status.SUBMITTED, Status.APPROVED, "", reviewer, plan.decided))
    if plan.decided is not None and plan.status == Status.RETURNED:
        steps.append(("return", Status.SUBMITTED, Status.RETURNED, plan.comment, reviewer, plan.decided))
    for action, source, target, comment, user, moment in steps:
        event = WorkflowEvent(
            submission=submission,
            action=action,
            from_status=source,
            to_status=target,
            comment=comment,
            user=user,
            channel=Channel.DEMO,
        )
        yield event, moment


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Load the demo (units, users, the periods of 2022, Quý I/2023 and 2025–2026, their figures); return
    (login, what for)."""
    specs = organisation()
    units = _ensure_units(specs)
    _reorganise()
    users = _ensure_users()
    periods = _ensure_periods()
    catalogue = catalogue_for(periods[LATEST])
    demo_units = [DemoUnit(spec["code"], Level(spec["level"])) for spec in specs]
    latest = quarter_figures(catalogue, demo_units, sample_figures(catalogue))
    # The registers first, so that Quý I/2023 is written with their figures (same totals).
    load_register_items()
    with_registers = register_figures(periods[LATEST], latest)
    _check(catalogue, LATEST, with_registers)
    _store(catalogue, periods[LATEST], units, with_registers, users)
    mark_sources(periods[LATEST])
    load_report_texts(periods[LATEST])
    everyone = {unit.code: unit for unit in OrgUnit.objects.all()}
    made: dict[str, UnitFigures] = {}
    for code in (*EARLIER, *today.PERIODS):
        period = periods[code]
        catalogue = catalogue_for(period)
        made[code] = today.period_figures(period, catalogue, made)
        # The registers start with 2023: 2022's register rows were typed like the others.
        figures = made[code] if code in EARLIER else register_figures(period, made[code])
        _check(catalogue, code, figures)
        _store(catalogue, period, everyone, figures, users)
        if code not in EARLIER:
            mark_sources(period)
    senders = {code: users[spec.username] for spec in USERS for code in spec.units}
    load_unit_reports(periods[today.OPEN], today.DEMO_TODAY, senders)
    load_par_demo(senders)
    return [(spec.username, spec.description) for spec in USERS]
