"""What the sources of figures (registers, dossier imports) plug into the forms: drill-down links per
cell and a refresher the workflow calls. The apps register them when they start (their `ready`), so
this app never imports theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cchc.core.numbers import Cell
from cchc.core.validation import Finding
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod

LinkBuilder = Callable[[OrgUnit, ReportingPeriod, str], str | None]
# fn(user, unit) -> whether this user is the one who corrects the unit's figures at their source.
Corrects = Callable[[Any, OrgUnit], bool]
# fn(unit, period, *, user, request_id) -> skipped messages: rewrites what a source puts in unit's forms.
Refresher = Callable[..., list[str]]

_LINKS: dict[str, LinkBuilder] = {}


@dataclass(frozen=True)
class Correction:
    """Who corrects a source's figure (said to others) and how (said to that person), and who that is."""

    who: str
    fix: str
    corrects: Corrects | None

    def worded_for(self, user: Any, unit: OrgUnit) -> str:
        """The hint in the reader's terms: the fix to the one who makes it ("Sửa các mục …"), who makes it
        to the others ("Muốn sửa: người nhập số liệu của đơn vị sửa …"); "" when nobody was named."""
        if self.fix and self.corrects is not None and user is not None and self.corrects(user, unit):
            return self.fix
        return f"Muốn sửa: {self.who}" if self.who else ""


_CORRECTORS: dict[str, Correction] = {}
_REFRESHERS: dict[str, Refresher] = {}


def register_link(
    name: str,
    builder: LinkBuilder,
    *,
    corrector: str = "",
    fix: str = "",
    corrects: Corrects | None = None,
) -> None:
    """Let a source link the cells it fills to the records behind them (builder: URL or None), and say
    who corrects such a figure, and how (Vietnamese, e.g. "Sở Nội vụ nhập lại tệp hồ sơ TTHC"), with
    the same fix said to the user who makes it (`corrects(user, unit)`: e.g. "Nhập lại tệp hồ sơ TTHC")."""
    _LINKS[name] = builder
    _CORRECTORS[name] = Correction(corrector, fix, corrects)


def source_for(unit: OrgUnit, period: ReportingPeriod, code: str, user: Any = None) -> tuple[str | None, str]:
    """Where a sourced cell's figure is corrected: the drill-down URL of the first registered source
    that claims it, and who corrects it there, worded for `user` ((None, "") when no source claims it)."""
    for name, builder in _LINKS.items():
        url = builder(unit, period, code)
        if url:
            return url, _CORRECTORS[name].worded_for(user, unit)
    return None, ""


def link_for(unit: OrgUnit, period: ReportingPeriod, code: str) -> str | None:
    """The drill-down URL of a sourced cell: the first registered source that claims it."""
    return source_for(unit, period, code)[0]


def register_refresher(name: str, refresher: Refresher) -> None:
    """Let a source rewrite its figures of one unit and period when the workflow asks for it."""
    _REFRESHERS[name] = refresher


def refresh_sources(
    unit: OrgUnit, period: ReportingPeriod, *, user: Any = None, request_id: str = ""
) -> list[str]:
    """Bring every source's figures of the unit's forms up to date (before a submit, after a return)."""
    skipped: list[str] = []
    for refresher in _REFRESHERS.values():
        skipped += refresher(unit, period, user=user, request_id=request_id)
    return skipped


# fn(period, cells) -> findings: a rule another app runs on the province aggregate (e.g. the report's texts).
AggregateCheck = Callable[[ReportingPeriod, Mapping[str, Cell]], list[Finding]]
_AGGREGATE_CHECKS: dict[str, AggregateCheck] = {}


def register_aggregate_check(name: str, check: AggregateCheck) -> None:
    """Let an app check the province aggregate with what it holds (the report's own paragraphs), so the
    period's findings list what `cchc check` finds in the report written from them."""
    _AGGREGATE_CHECKS[name] = check


def aggregate_findings(period: ReportingPeriod, cells: Mapping[str, Cell]) -> list[Finding]:
    """Every registered check's findings on the province aggregate of the period."""
    found: list[Finding] = []
    for check in _AGGREGATE_CHECKS.values():
        found += check(period, cells)
    return found


# fn(period, unit or None) -> unit id → findings: what another app finds in what a unit sent besides its
# forms (its own Word report against its forms), shown beside the forms and kept out of bulk approval.
UnitCheck = Callable[[ReportingPeriod, OrgUnit | None], dict[int, list[Finding]]]
_UNIT_CHECKS: dict[str, UnitCheck] = {}
# The rule of a unit check's findings: one about no single form concerns every form of the unit.
UNIT_REPORT_RULE = "unit-report"
# The rule of a unit check's finding that what the unit sent is still being checked against its current
# figures: no result to show yet, so the unit's forms stay out of bulk approval until there is one.
UNIT_REPORT_PENDING_RULE = "unit-report-pending"


def register_unit_check(name: str, check: UnitCheck) -> None:
    """Let an app report findings on what a unit sent with its forms (its own report)."""
    _UNIT_CHECKS[name] = check


def unit_check_findings(period: ReportingPeriod, unit: OrgUnit | None = None) -> dict[int, list[Finding]]:
    """Every registered unit check's findings for the period's units (or one unit): unit id → findings."""
    found: dict[int, list[Finding]] = {}
    for check in _UNIT_CHECKS.values():
        for unit_id, findings in check(period, unit).items():
            found.setdefault(unit_id, []).extend(findings)
    return found


@dataclass(frozen=True)
class SentReport:
    """The newest own report (báo cáo Word) a unit sent for a period: its file, when, whether returned."""

    name: str
    sent_at: datetime
    returned: bool


# fn(unit, period) -> the unit's newest own report of the period, None when it sent none.
ReportOf = Callable[[OrgUnit, ReportingPeriod], SentReport | None]
_REPORTS_OF: dict[str, ReportOf] = {}


def register_report_of(name: str, report_of: ReportOf) -> None:
    """Let the app that keeps the units' own reports say which one a unit sent (shown before a send)."""
    _REPORTS_OF[name] = report_of


def sent_report(unit: OrgUnit, period: ReportingPeriod) -> SentReport | None:
    """The unit's newest own report of the period, from the first registered app that has one."""
    for report_of in _REPORTS_OF.values():
        found = report_of(unit, period)
        if found is not None:
            return found
    return None
