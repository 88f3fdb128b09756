"""Template tags of the report's download block."""

from __future__ import annotations

from django import template

from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reports.services import approval_counts

register = template.Library()


@register.simple_tag
def approved_forms(period: ReportingPeriod) -> tuple[int, int]:
    """(approved, all) forms of the period, for "x/y biểu mẫu đã duyệt"."""
    return approval_counts(period)
