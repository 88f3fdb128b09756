"""The drill-down from a form cell the registers fill to the register list behind its figure."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from cchc.web.org.models import OrgUnit
from cchc.web.registers.services import REGISTERS
from cchc.web.reporting.models import ReportingPeriod


def cell_link(unit: OrgUnit, period: ReportingPeriod, code: str) -> str | None:
    """The register list filtered to the items counted in `unit`'s figure of row `code`, or None."""
    for register in REGISTERS.values():
        if code in register.codes:
            query = urlencode({"don-vi": unit.code, "ky": period.code, "chi-tieu": code})
            return f"{reverse('register-list', args=[register.kind.value])}?{query}"
    return None
