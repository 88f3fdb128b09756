"""The units' own reports: a unit sends its narrative report (.docx) with its forms, cchc reads it against
the figures the unit entered and shows what contradicts them before Sở Nội vụ reads it; Sở Nội vụ can
return the report and the forms with one comment.

With its report a unit may send evidence files (tài liệu kiểm chứng: PDF, Word, Excel, images), bounded
and checked to be what their name says, stored and downloadable, never opened.

An upload is never trusted: its size is bounded, its package checked (`untrusted.packages`: members,
unzipped size, no DOCTYPE, no external parts) and it is read only in the confined worker
(`untrusted.worker`); it is stored as sent and offered for download, never opened or run by cchc.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from cchc.core.aggregation import with_computed
from cchc.untrusted.packages import PackageError, PackageLimits, check_package, env_int
from cchc.untrusted.worker import Confinement, WorkerError, run
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod, Status, Submission
from cchc.web.reporting.services import catalogue_for, transition
from cchc.web.reporting.values import unit_cells
from cchc.web.reports.models import UnitEvidence, UnitReport

__all__ = [
    "EVIDENCE_KINDS",
    "MAX_EVIDENCE_BYTES",
    "MAX_REPORT_BYTES",
    "UnitReportError",
    "entered",
    "keep_report",
    "latest_report",
    "receive_evidence",
    "receive_report",
    "return_unit",
]

_MB = 1024 * 1024
MAX_REPORT_BYTES = 10 * _MB
REPORT_LIMITS = PackageLimits(
    kind="báo cáo Word (.docx)",
    max_members=1000,
    max_unzipped_bytes=100 * _MB,
    max_part_bytes=30 * _MB,
    external_links=False,
)


class UnitReportError(ValueError):
    """An upload refused; the message says why in Vietnamese."""


def _confinement() -> Confinement:
    cpu = env_int("CCHC_REPORT_CHECK_CPU_SECONDS", 20)
    return Confinement(cpu, env_int("CCHC_REPORT_CHECK_MEMORY_MB", 1024) * _MB, 3 * cpu + 10)


def entered(unit: OrgUnit, period: ReportingPeriod) -> dict[str, str]:
    """The unit's figures for the period as its forms show them (computed rows too), code → text."""
    cells = with_computed(catalogue_for(period), unit_cells(unit, period))
    return {code: cell.text for code, cell in cells.items()}


def receive_report(unit: OrgUnit, period: ReportingPeriod, user: Any, name: str, data: bytes) -> UnitReport:
    """Check an uploaded report against the unit's forms and keep it (all or nothing)."""
    shown = (name or "bao-cao.docx")[-200:]
    if not shown.lower().endswith(".docx"):
        raise UnitReportError(
            f"Tệp «{shown}» không phải .docx: hãy lưu báo cáo bằng Word dạng .docx rồi gửi lại."
        )
    if len(data) > MAX_REPORT_BYTES:
        raise UnitReportError(f"Tệp «{shown}» lớn quá {MAX_REPORT_BYTES // _MB} MB.")
    try:
        check_package(data, f"Tệp «{shown}»", REPORT_LIMITS)
        found = run(
            "check-unit-report",
            data,
            catalogue_for(period).id,
            entered(unit, period),
            limits=_confinement(),
            what=f"Tệp «{shown}»",
        )
    except PackageError as error:
        raise UnitReportError(str(error)) from None
    except WorkerError as error:
        raise UnitReportError(" ".join(error.messages)) from None
    return keep_report(unit, period, user, shown, data, found)


def keep_report(
    unit: OrgUnit, period: ReportingPeriod, user: Any, name: str, data: bytes, found: bytes
) -> UnitReport:
    """Keep a report as sent with what the check job found in it (its JSON output)."""
    return UnitReport.objects.create(
        unit=unit, period=period, name=name, findings=json.loads(found), **_as_sent(data, user)
    )


def _as_sent(data: bytes, user: Any) -> dict[str, Any]:
    """A kept file's content, size, digest and sender (none for a file the demo loader makes)."""
    return {
        "content": data,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
    }


# What an evidence file may be, by its name's ending, and how such a file begins.
EVIDENCE_KINDS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_EVIDENCE_BYTES = 20 * _MB


def receive_evidence(
    unit: OrgUnit, period: ReportingPeriod, user: Any, name: str, data: bytes
) -> UnitEvidence:
    """Keep an evidence file the unit sends with its report: bounded, of a known kind, never opened."""
    shown = (name or "tai-lieu")[-200:]
    ending = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if ending not in EVIDENCE_KINDS:
        raise UnitReportError(
            f"Tệp «{shown}» không nhận được: tài liệu kiểm chứng gửi dạng PDF, Word (.docx), Excel (.xlsx) "
            "hoặc ảnh (.jpg, .png)."
        )
    if len(data) > MAX_EVIDENCE_BYTES:
        raise UnitReportError(f"Tệp «{shown}» lớn quá {MAX_EVIDENCE_BYTES // _MB} MB.")
    if not data.startswith(EVIDENCE_KINDS[ending]):
        raise UnitReportError(f"Tệp «{shown}» không phải tệp {ending[1:].upper()} thật: hãy lưu lại rồi gửi.")
    return UnitEvidence.objects.create(unit=unit, period=period, name=shown, **_as_sent(data, user))


def latest_report(unit: OrgUnit, period: ReportingPeriod) -> UnitReport | None:
    """The unit's newest report for the period."""
    return UnitReport.objects.filter(unit=unit, period=period).select_related("uploaded_by").first()


def return_unit(unit: OrgUnit, period: ReportingPeriod, user: Any, comment: str) -> int:
    """Return the unit's sent forms and its report with one comment; how many forms went back."""
    comment = comment.strip()
    if not comment:
        raise UnitReportError("Trả lại báo cáo và biểu mẫu cần ghi lý do.")
    with transaction.atomic():
        forms = list(Submission.objects.filter(unit=unit, period=period, status=Status.SUBMITTED))
        for submission in forms:
            transition(submission, user, "return", comment)
        report = latest_report(unit, period)
        if report is not None:
            report.returned_at, report.return_comment = timezone.now(), comment
            report.save(update_fields=["returned_at", "return_comment"])
    return len(forms)
