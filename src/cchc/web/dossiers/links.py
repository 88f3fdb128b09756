"""From a form figure computed from dossiers to the list of those dossiers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from cchc.web.dossiers.services import fills, latest_import
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for


def figure_link(unit: OrgUnit, period: ReportingPeriod, code: str) -> str | None:
    """The drill-down of one unit's figure, from the period's latest import; None for other rows."""
    if not fills(catalogue_for(period), code):
        return None
    record = latest_import(period)
    if record is None:
        return None
    query = urlencode({"chi-tieu": code, "don-vi": unit.code})
    return f"{reverse('dossier-list', args=[record.pk])}?{query}"
