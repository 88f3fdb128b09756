"""Template tags of the report's download block."""

from __future__ import annotations

from django import template

from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reports.services import ReportProblems, approval_counts, report_problems

register = template.Library()


@register.simple_tag
def approved_forms(period: ReportingPeriod) -> tuple[int, int]:
    """(approved, all) forms of the period, for "x/y biểu mẫu đã duyệt"."""
    return approval_counts(period)


@register.simple_tag
def period_problems(period: ReportingPeriod) -> ReportProblems:
    """What the period's report still has before it can be signed: the figures' errors and warnings (as
    the findings page and `cchc check` list them), the sections not written, the signature's gaps."""
    return report_problems(period)
