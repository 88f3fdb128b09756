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
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Severity
from cchc.core.validation import Finding
from cchc.untrusted.packages import PackageError, PackageLimits, check_package, env_int
from cchc.untrusted.worker import Confinement, WorkerError, run
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.background import Refresher
from cchc.web.reporting.hooks import UNIT_REPORT_PENDING_RULE, UNIT_REPORT_RULE, SentReport
from cchc.web.reporting.models import ReportingPeriod, Status, Submission
from cchc.web.reporting.services import catalogue_for, transition
from cchc.web.reporting.values import unit_cells
from cchc.web.reports.models import UnitEvidence, UnitReport

__all__ = [
    "BEING_READ_AGAIN",
    "EVIDENCE_KINDS",
    "MAX_EVIDENCE_BYTES",
    "MAX_REPORT_BYTES",
    "UnitReportError",
    "checked",
    "entered",
    "figures_digest",
    "issuing_unit",
    "keep_report",
    "read_again_after_changes",
    "read_again_stale",
    "receive_evidence",
    "receive_report",
    "report_findings",
    "report_sent",
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


def figures_digest(figures: dict[str, str]) -> str:
    """A digest of the figures a report was checked against: another digest means the forms changed."""
    return hashlib.sha256(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _check(data: bytes, unit: OrgUnit, period: ReportingPeriod, figures: dict[str, str], what: str) -> bytes:
    """The check job's JSON output for `unit`'s report against `figures`, run in the confined worker."""
    template = catalogue_for(period).id
    try:
        return run("check-unit-report", data, template, figures, unit.level, limits=_confinement(), what=what)
    except WorkerError as error:
        raise UnitReportError(" ".join(error.messages)) from None


def receive_report(unit: OrgUnit, period: ReportingPeriod, user: Any, name: str, data: bytes) -> UnitReport:
    """Check an uploaded report against the unit's forms and keep it (all or nothing); a report whose
    heading names another unit of the province is refused (docs/decisions.md)."""
    shown = (name or "bao-cao.docx")[-200:]
    if not shown.lower().endswith(".docx"):
        raise UnitReportError(
            f"Tệp «{shown}» không phải .docx: hãy lưu báo cáo bằng Word dạng .docx rồi gửi lại."
        )
    if len(data) > MAX_REPORT_BYTES:
        raise UnitReportError(f"Tệp «{shown}» lớn quá {MAX_REPORT_BYTES // _MB} MB.")
    try:
        check_package(data, f"Tệp «{shown}»", REPORT_LIMITS)
    except PackageError as error:
        raise UnitReportError(str(error)) from None
    figures = entered(unit, period)
    found = _check(data, unit, period, figures, f"Tệp «{shown}»")
    issuer = json.loads(found).get("issuer", "")
    other = issuing_unit(issuer, unit)
    if other is not None:
        raise UnitReportError(
            f"Chưa nhận tệp «{shown}»: đây là báo cáo của {other.name} (tiêu đề ghi «{issuer}»), không phải "
            f"của {unit.name}. Hãy gửi báo cáo của {unit.name}."
        )
    return keep_report(unit, period, user, shown, data, found, figures)


def _plain(name: str) -> str:
    """A unit's name as a heading writes it, compared without case and without «UBND»."""
    text = " ".join(
        name.casefold().replace("ủy ban nhân dân", "ubnd").replace("uỷ ban nhân dân", "ubnd").split()
    )
    return text.removeprefix("ubnd ")


def issuing_unit(issuer: str, unit: OrgUnit) -> OrgUnit | None:
    """Another unit of the province that the report's heading names, or None (this unit's name, or a
    heading that names no unit cchc knows)."""
    plain = _plain(issuer)
    if not plain or plain in {_plain(unit.name), _plain(unit.short_name)}:
        return None
    others = OrgUnit.objects.exclude(pk=unit.pk).only("name", "short_name")
    return next((other for other in others if plain in {_plain(other.name), _plain(other.short_name)}), None)


def keep_report(
    unit: OrgUnit,
    period: ReportingPeriod,
    user: Any,
    name: str,
    data: bytes,
    found: bytes,
    figures: dict[str, str],
) -> UnitReport:
    """Keep a report as sent with what the check job found in it (its JSON output) against `figures`."""
    result = json.loads(found)
    return UnitReport.objects.create(
        unit=unit,
        period=period,
        name=name,
        findings=result["findings"],
        issuer=result["issuer"][:255],
        compared=result.get("compared"),
        checked_figures=figures_digest(figures),
        **_as_sent(data, user),
    )


def checked(report: UnitReport) -> UnitReport:
    """The report with its result against the unit's current figures: read again at once when the forms
    have changed since it was last checked (its own page; never an old result shown as current)."""
    _read_again_if_stale(report)
    return report


def _read_again_if_stale(report: UnitReport) -> bool:
    """Read the report again when its unit's figures changed since it was checked; whether it was."""
    figures = entered(report.unit, report.period)
    if figures_digest(figures) == report.checked_figures:
        return False
    _read_again(report, figures)
    return True


def _read_again(report: UnitReport, figures: dict[str, str]) -> None:
    """Check the report again against `figures` and keep the result, or why it could not be read: either
    stands until the figures change again or the unit sends another report (docs/decisions.md)."""
    try:
        content = bytes(report.content)
        found = json.loads(_check(content, report.unit, report.period, figures, f"Tệp «{report.name}»"))
    except UnitReportError as error:
        message = f"Chưa đọc lại được báo cáo theo số liệu mới: {error} Hãy gửi lại báo cáo."
        found = {"findings": [{"severity": "error", "message": message}], "issuer": report.issuer}
    report.findings, report.issuer, report.compared, report.checked_figures = (
        found["findings"],
        found["issuer"][:255],
        found.get("compared"),
        figures_digest(figures),
    )
    report.save(update_fields=["findings", "issuer", "compared", "checked_figures"])


def _newest_reports(period_ids: Iterable[int] | None, unit: OrgUnit | None = None) -> list[UnitReport]:
    """Each unit's newest report of these periods (every period when None), or only `unit`'s; without the
    file, read only when a report must be checked again."""
    reports = UnitReport.objects.select_related("unit", "period").defer("content")
    if period_ids is not None:
        reports = reports.filter(period_id__in=list(period_ids))
    if unit is not None:
        reports = reports.filter(unit=unit)
    newest: dict[tuple[int, int], UnitReport] = {}
    for report in reports:  # newest first (the model's ordering)
        newest.setdefault((report.period_id, report.unit_id), report)
    return list(newest.values())


def read_again_stale(period_ids: Iterable[int] | None) -> list[str]:
    """Check again, and keep, every newest report of these periods (all when None) whose unit's figures
    changed since it was checked, one after another: the background refresher's work after a change.
    Returns the names of the units whose report was read again."""
    return [report.unit.name for report in _newest_reports(period_ids) if _read_again_if_stale(report)]


_refresher = Refresher("unit-report-refresh", read_again_stale)


def read_again_after_changes() -> None:
    """From now on, read the stale reports again in the background as soon as a change of figures commits,
    and now those left stale while no server ran (the server calls this when it starts)."""
    _refresher.start()
    _refresher.changed(period_ids=None)


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


# Shown, in place of a result, for a report whose unit's figures changed since it was read: the
# background refresher is reading it again (bulk approval leaves the unit's forms out meanwhile).
BEING_READ_AGAIN = "Báo cáo Word đang được đọc lại theo số liệu mới, tải lại trang sau ít phút."


# A report none of whose figures cchc could match with a form row: not an all-clear.
NOTHING_COMPARED = (
    "Báo cáo Word của đơn vị: chưa đối chiếu được số liệu nào với biểu mẫu (hệ thống không nhận ra số liệu "
    "của biểu mẫu trong thuyết minh hay phụ lục); cần soát số liệu của báo cáo bằng mắt."
)


def report_findings(period: ReportingPeriod, unit: OrgUnit | None = None) -> dict[int, list[Finding]]:
    """The errors and warnings of each unit's newest report (or one unit's) against its current forms, as
    the forms' findings: unit id → findings, each saying it is the report's and where in it. A report
    whose unit's figures changed since it was read is not read here: it says it is being read again."""
    found: dict[int, list[Finding]] = {}
    stale = False
    for report in _newest_reports([period.pk], unit):
        if figures_digest(entered(report.unit, period)) != report.checked_figures:
            stale = True
            found[report.unit_id] = [Finding(UNIT_REPORT_PENDING_RULE, Severity.WARNING, BEING_READ_AGAIN)]
            continue
        findings = [
            Finding(
                UNIT_REPORT_RULE,
                Severity(item["severity"]),
                f"Báo cáo Word của đơn vị: {item['message']}"
                + (f" ({item['location']})" if item.get("location") else ""),
                item.get("form"),
                tuple(item.get("codes") or ()),
            )
            for item in report.findings
            if item.get("severity") in (Severity.ERROR.value, Severity.WARNING.value)
        ]
        if report.compared == 0:
            findings.append(Finding(UNIT_REPORT_RULE, Severity.WARNING, NOTHING_COMPARED))
        if findings:
            found[report.unit_id] = findings
    if stale:
        # Changed where this process did not hear of it (a command, another server process).
        _refresher.remind([period.pk])
    return found


def report_sent(unit: OrgUnit, period: ReportingPeriod) -> SentReport | None:
    """The unit's newest report of the period as a form's send names it (its file is not read)."""
    report = (
        UnitReport.objects.filter(unit=unit, period=period).only("name", "uploaded_at", "returned_at").first()
    )
    if report is None:
        return None
    return SentReport(report.name, report.uploaded_at, report.returned_at is not None)


def _newest(unit: OrgUnit, period: ReportingPeriod) -> UnitReport | None:
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
        report = _newest(unit, period)
        if report is not None:
            report.returned_at, report.return_comment = timezone.now(), comment
            report.save(update_fields=["returned_at", "return_comment"])
    return len(forms)
