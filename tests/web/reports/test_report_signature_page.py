"""The signature block never stands alone on the report's last text page: body text travels with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.documents.writer import write_pdf
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reports.services import report_data
from documents.writer.test_report_pdf import _pages_text, _require_tools


@pytest.mark.pdf
def test_the_signature_page_of_the_demo_report_carries_body_text(demo, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _require_tools()
    path = tmp_path / "bao-cao.pdf"
    write_pdf(report_data(ReportingPeriod.objects.get(code="2026Y")), path)
    pages = _pages_text(path)
    (page,) = [text for text in pages if "Nơi nhận:" in text]
    # Above «Nơi nhận», besides the page number: the report's closing lines.
    above = [line for line in page.split("Nơi nhận:")[0].splitlines() if line.strip()]
    assert [line for line in above if not line.strip().isdigit()], page
