"""The period's findings grouped for reading: by severity, then by form, each with where to fix it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.urls import reverse

from cchc.core.catalogue import Catalogue, Severity
from cchc.core.validation import Finding
from cchc.documents.writer.data import UNWRITTEN_RULE
from cchc.web.dashboard.tables import PROVINCE_NAME, entry_url
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.hooks import UNIT_REPORT_PENDING_RULE, UNIT_REPORT_RULE
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import UnitFinding, catalogue_for, period_findings

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "Lỗi",
    Severity.WARNING: "Cảnh báo",
    Severity.INFO: "Lưu ý",
}


@dataclass(frozen=True)
class FindingItem:
    """A finding as the findings page lists it: whose, which form, the message and where to fix it."""

    unit: OrgUnit | None
    finding: Finding
    form: int | None
    url: str
    # The rows the finding is about, each "Biểu mẫu 4, mục 1.5: Tổng số …" with the page to see it:
    # the unit's form at that row, or for the province the row unit by unit.
    rows: tuple[tuple[str, str], ...] = ()
    # For a province finding: the units whose own figures break the same rule, with their forms.
    units: tuple[tuple[str, str], ...] = ()
    # The link's words when they are not the form's or the aggregate's ("Soạn nội dung").
    action: str = ""

    @property
    def unit_name(self) -> str:
        """The unit's name, or "Toàn tỉnh" for the province aggregate."""
        return self.unit.name if self.unit is not None else PROVINCE_NAME


@dataclass(frozen=True)
class FormGroup:
    """The findings of one form (None: findings that span forms)."""

    form: int | None
    items: tuple[FindingItem, ...]


@dataclass(frozen=True)
class SeverityGroup:
    """The findings of one severity, by form."""

    severity: Severity
    label: str
    forms: tuple[FormGroup, ...]

    @property
    def count(self) -> int:
        """How many findings the group holds."""
        return sum(len(group.items) for group in self.forms)


@dataclass(frozen=True)
class FindingsListing:
    """The period's findings after the filters, grouped, with the unfiltered counts for the header."""

    groups: tuple[SeverityGroup, ...]
    counts: dict[Severity, int]
    forms: tuple[int, ...]
    total: int
    shown: int


def _finding_form(catalogue: Catalogue, finding: Finding) -> int | None:
    if finding.form is not None:
        return finding.form
    row = catalogue.rows.get(finding.codes[0]) if finding.codes else None
    return row.form if row else None


def _rows(period: ReportingPeriod, catalogue: Catalogue, found: UnitFinding) -> tuple[tuple[str, str], ...]:
    """The finding's rows by name, each with the unit's form at that row or the province's drill-down."""
    rows = []
    for code in found.finding.codes:
        row = catalogue.rows.get(code)
        if row is None:
            continue
        label = f"Biểu mẫu {row.form}, mục {row.stt}: {row.name}"
        if found.unit is None:
            url = (
                reverse("aggregate-row", kwargs={"period": period.code, "code": code})
                if row.has_value
                else ""
            )
        else:
            url = entry_url(period.code, found.unit.code, row.form, code)
        rows.append((label, url))
    return tuple(rows)


def _unit_url(period: ReportingPeriod, catalogue: Catalogue, unit: OrgUnit, finding: Finding) -> str:
    """A unit's form at the finding's first row."""
    code = next((c for c in finding.codes if c in catalogue.rows), None)
    form = catalogue.row(code).form if code else finding.form
    return entry_url(period.code, unit.code, form, code) if form is not None else ""


def findings_listing(
    period: ReportingPeriod, *, severity: Severity | None = None, form: int | None = None
) -> FindingsListing:
    """Every finding of the period grouped by severity then form, filtered by severity and form."""
    catalogue = catalogue_for(period)
    order = {code: index for index, code in enumerate(catalogue.rows)}
    aggregate_url = reverse("aggregate", kwargs={"period": period.code})
    found_all = period_findings(period)
    by_rule: dict[str, list[OrgUnit]] = defaultdict(list)
    for found in found_all:
        if found.unit is not None and found.unit not in by_rule[found.finding.rule]:
            by_rule[found.finding.rule].append(found.unit)
    items = []
    for found in found_all:
        number = _finding_form(catalogue, found.finding)
        code = next((c for c in found.finding.codes if c in catalogue.rows), None)
        action = ""
        if found.finding.rule == UNWRITTEN_RULE:
            # A section of the report not written yet: written on the report's page, not in a form.
            url, action = reverse("report-edit", kwargs={"period": period.code}), "Soạn nội dung"
        elif found.unit is None:
            url = f"{aggregate_url}#row-{code}" if code else aggregate_url
        elif found.finding.rule in (UNIT_REPORT_RULE, UNIT_REPORT_PENDING_RULE):
            url = reverse("unit-report", kwargs={"period": period.code, "unit": found.unit.code})
            action = "Xem báo cáo của đơn vị"
        elif number is not None:
            url = entry_url(period.code, found.unit.code, catalogue.row(code).form if code else number, code)
        else:
            url = ""
        behind = (
            tuple(
                (unit.name, _unit_url(period, catalogue, unit, found.finding))
                for unit in by_rule[found.finding.rule]
            )
            if found.unit is None
            else ()
        )
        items.append(
            FindingItem(
                found.unit, found.finding, number, url, _rows(period, catalogue, found), behind, action
            )
        )
    counts = Counter(item.finding.severity for item in items)
    forms = tuple(sorted({item.form for item in items if item.form is not None}))
    chosen = [
        item
        for item in items
        if (severity is None or item.finding.severity is severity) and (form is None or item.form == form)
    ]

    def position(item: FindingItem) -> tuple[int, int, str, int]:
        # Units in the tree's order, the province aggregate last, rows in printed order.
        unit = item.unit
        first = order.get(item.finding.codes[0], len(order)) if item.finding.codes else len(order)
        return (unit is None, unit.order if unit else 0, unit.name if unit else "", first)

    groups = []
    for level in SEVERITIES:
        mine = sorted((item for item in chosen if item.finding.severity is level), key=position)
        if not mine:
            continue
        by_form: dict[int | None, list[FindingItem]] = defaultdict(list)
        for item in mine:
            by_form[item.form].append(item)
        ordered = sorted(by_form, key=lambda number: (number is None, number or 0))
        groups.append(
            SeverityGroup(
                level,
                SEVERITY_LABELS[level],
                tuple(FormGroup(number, tuple(by_form[number])) for number in ordered),
            )
        )
    return FindingsListing(
        groups=tuple(groups),
        counts={level: counts.get(level, 0) for level in SEVERITIES},
        forms=forms,
        total=len(items),
        shown=len(chosen),
    )
