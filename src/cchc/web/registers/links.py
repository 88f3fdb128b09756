"""The drill-down from a form cell (or a province aggregate) the registers fill to the items behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from cchc.core.catalogue import Aggregation
from cchc.web.org.models import OrgUnit
from cchc.web.registers.figures import row_codes
from cchc.web.registers.kinds import REGISTERS
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for, province_unit


def cell_link(unit: OrgUnit, period: ReportingPeriod, code: str) -> str | None:
    """The register list filtered to the items counted in `unit`'s figure of row `code`, or None."""
    for register in REGISTERS.values():
        if code in row_codes(register, period):
            query = urlencode({"don-vi": unit.code, "ky": period.code, "chi-tieu": code})
            return f"{reverse('register-list', args=[register.kind.value])}?{query}"
    return None


def province_links(period: ReportingPeriod) -> dict[str, str]:
    """The register list behind each province aggregate figure the registers fill (row code → URL).

    Rows the province takes from its own form (the plan, BM1 2.1/2.2) list the province unit's items.
    """
    catalogue = catalogue_for(period)
    province = province_unit(period)
    links = {}
    for register in REGISTERS.values():
        for code in row_codes(register, period):
            row = catalogue.rows[code]
            query = {"ky": period.code, "chi-tieu": code}
            if row.aggregation in (Aggregation.PROVINCE, Aggregation.NONE) and province is not None:
                query = {"don-vi": province.code} | query
            links[code] = f"{reverse('register-list', args=[register.kind.value])}?{urlencode(query)}"
    return links
