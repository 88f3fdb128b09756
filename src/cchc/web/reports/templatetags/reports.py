"""Template tags of the report's download block."""

from __future__ import annotations

from django import template

from cchc.core.catalogue import Severity
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import period_findings
from cchc.web.reports.services import approval_counts

register = template.Library()


@register.simple_tag
def approved_forms(period: ReportingPeriod) -> tuple[int, int]:
    """(approved, all) forms of the period, for "x/y biểu mẫu đã duyệt"."""
    return approval_counts(period)


@register.simple_tag
def period_problems(period: ReportingPeriod) -> tuple[int, int]:
    """(errors, warnings) the period's figures have, as the findings page and `cchc check` list them."""
    found = period_findings(period)
    errors = sum(1 for item in found if item.finding.severity is Severity.ERROR)
    return errors, sum(1 for item in found if item.finding.severity is Severity.WARNING)
