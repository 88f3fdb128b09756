"""The report's data from the database: the province aggregate (or one unit's figures), the notes,
the texts the province wrote for the period and the trend of recent quarters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Catalogue, Level, Severity
from cchc.core.narrative import NarrativeText, check_narrative
from cchc.core.numbers import Cell
from cchc.core.periods import Period, PeriodKind
from cchc.core.validation import Finding, effective_values
from cchc.documents.writer.data import (
    UNWRITTEN_RULE,
    Comparison,
    ReportData,
    ReportSettings,
    TrendPoint,
    default_recipients,
    outline,
    unwritten_finding,
    unwritten_sections,
)
from cchc.documents.writer.narrative import reviewed_period, signature_warnings
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.compare import same_period_last_year, unit_before
from cchc.web.reporting.hooks import UNIT_REPORT_RULE
from cchc.web.reporting.models import ReportingPeriod, Status, Submission, Value
from cchc.web.reporting.services import catalogue_for, period_findings, province_aggregate, province_unit
from cchc.web.reporting.targets import load_targets
from cchc.web.reporting.trend import quarter_rates
from cchc.web.reporting.values import unit_cells
from cchc.web.reports.models import DownloadConfirmation, ReportText

# The report's trend: the reports on record up to this one (two years of four reports), on a time axis.
TREND_REPORTS = 8


def issuer_of(unit: OrgUnit | None) -> tuple[str, ...]:
    """The issuing body's lines for the header: ("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA")."""
    if unit is None:
        return ("ỦY BAN NHÂN DÂN", "TỈNH")
    name = unit.name.strip()
    for prefix in ("UBND ", "Ủy ban nhân dân ", "ỦY BAN NHÂN DÂN "):
        if name.startswith(prefix):
            return ("ỦY BAN NHÂN DÂN", name[len(prefix) :].upper())
    parent = unit.parent
    if parent is not None:
        return (parent.name.upper().replace("ỦY BAN NHÂN DÂN", "UBND"), name.upper())
    return (name.upper(),)


def province_name(unit: OrgUnit | None) -> str:
    """ "Thanh Hóa" from "UBND tỉnh Thanh Hóa"."""
    if unit is None:
        return ""
    name = unit.name
    index = name.lower().find("tỉnh ")
    return name[index + 5 :].strip() if index >= 0 else name


def _notes(period: ReportingPeriod, unit: OrgUnit) -> dict[str, str]:
    return dict(
        Value.objects.filter(submission__period=period, submission__unit=unit)
        .exclude(note="")
        .values_list("code", "note")
    )


def approval_counts(period: ReportingPeriod) -> tuple[int, int]:
    """(approved, all) forms the units have for the period: how much of the report is reviewed."""
    submissions = Submission.objects.filter(period=period)
    return submissions.filter(status=Status.APPROVED).count(), submissions.count()


# The head a deputy signs for, by the first words of a unit's name.
_HEADS = (
    ("UBND ", "CHỦ TỊCH"),
    ("Ủy ban nhân dân ", "CHỦ TỊCH"),
    ("Sở ", "GIÁM ĐỐC"),
    ("Ban ", "TRƯỞNG BAN"),
    ("BQL ", "TRƯỞNG BAN"),
    ("Thanh tra ", "CHÁNH THANH TRA"),
    ("Văn phòng ", "CHÁNH VĂN PHÒNG"),
)
_DISTRICT_PREFIXES = ("UBND huyện ", "UBND thị xã ", "UBND thành phố ", "UBND quận ")


def unit_settings(unit: OrgUnit, province: OrgUnit | None) -> ReportSettings:
    """A unit's own report: signed for its head, its own số hiệu suffix, place and Nơi nhận."""
    name = unit.name.strip()
    head = next((title for prefix, title in _HEADS if name.startswith(prefix)), "THỦ TRƯỞNG")
    committee = head == "CHỦ TỊCH"
    # "Sở Tư pháp" → "BC-STP": the initials of the name, as the unit's documents are numbered.
    suffix = (
        "BC-UBND"
        if committee
        else "BC-" + "".join(word[0].upper() for word in name.split() if word[0].isalpha())
    )
    # A district dates its documents at its own seat (Nga Sơn), a department at the province's.
    district = next((name[len(prefix) :] for prefix in _DISTRICT_PREFIXES if name.startswith(prefix)), "")
    return ReportSettings(
        place=district or province_name(province),
        # A committee is a collective (TM. + KT.); a Sở's director signs in his own name (KT. alone).
        signer_mode="TM-KT" if committee else "KT",
        signer_title=f"PHÓ {head}",
        recipients=("UBND tỉnh (để b/c)", "Sở Nội vụ (để t/h)", "Lưu: VT"),
        number_suffix=suffix,
        head_title=head,
    )


def carried_tasks(period: ReportingPeriod) -> tuple[Period, str]:
    """The focus tasks the report before this one set for it ("nhiệm vụ trọng tâm năm 2026" in the
    Năm 2025 report), shown on this period's report page for review: that report's period and its
    tasks ("" when it is not on record or wrote none; never an older report's)."""
    before = reviewed_period(period.period)
    text = ReportText.objects.filter(period__code=before.code).first()
    return before, str(text.texts.get("nhiem_vu", "")).strip() if text else ""


def settings_of(text: ReportText | None, catalogue: Catalogue) -> ReportSettings:
    """The document settings the province saved for the period (defaults when none)."""
    if text is None:
        return ReportSettings(recipients=default_recipients(catalogue))
    return ReportSettings(
        number=text.number,
        place=text.place,
        date=text.date,
        signer_mode=text.signer_mode,
        signer_title=text.signer_title,
        signer_name=text.signer_name,
        recipients=tuple(line.strip() for line in text.recipients.splitlines() if line.strip()),
    )


def report_data(
    period: ReportingPeriod, unit: OrgUnit | None = None, *, approved_only: bool = False
) -> ReportData:
    """What the report of the period is written from: the province's by default, or one unit's own.

    The province's figures are every unit's figures, as on the aggregate page; `approved_only` keeps
    only the forms Sở Nội vụ has approved (the figures fit to sign).
    """
    catalogue = catalogue_for(period)
    province = province_unit(period)
    text = ReportText.objects.filter(period=period).first()
    statuses = (Status.APPROVED.value,) if approved_only else None
    earlier = same_period_last_year(period)
    if unit is None or unit.level_enum is Level.TINH:
        cells = province_aggregate(period, statuses=statuses)
        before = province_aggregate(earlier, statuses=statuses) if earlier else None
        issuer_unit = province if unit is None else unit
        notes = _notes(period, issuer_unit) if issuer_unit else {}
        texts = dict(text.texts) if text else {}
        settings = settings_of(text, catalogue)
        points = tuple(
            TrendPoint(q.period.code, q.on_time, q.online)
            for q in quarter_rates(period, last=TREND_REPORTS, statuses=statuses, kinds=frozenset(PeriodKind))
        )
    else:
        # A unit's own report: its figures with the computed rows; the province's texts are not its own.
        own = (
            {
                value.code: value.cell
                for value in Value.objects.filter(
                    submission__unit=unit, submission__period=period, submission__status__in=statuses
                )
            }
            if statuses
            else unit_cells(unit, period)
        )
        cells = with_computed(catalogue, own)
        before = unit_before(catalogue, unit, earlier)[0] if earlier else None
        issuer_unit = unit
        notes = _notes(period, unit)
        texts = {}
        settings = unit_settings(unit, province)
        points = ()
    place = settings.place or province_name(province)
    return ReportData(
        catalogue=catalogue,
        period=period.period,
        cells=cells,
        issuer=issuer_of(issuer_unit),
        province=province_name(province),
        unit_name=""
        if issuer_unit is None or (province and issuer_unit.pk == province.pk)
        else issuer_unit.name,
        notes=notes,
        texts=texts,
        settings=dataclasses.replace(settings, place=place),
        trend=points,
        target=load_targets().get("on_time_rate"),
        previous=Comparison(earlier.period, before) if earlier and before else None,
    )


@dataclass(frozen=True)
class ReportProblems:
    """What stands between the period's report and a clerk's signature, each line in Vietnamese: the
    errors the downloaded report carries (its aggregate's rules, its narrative, its appendix: what `cchc
    check` finds in it), the sections not written yet, the signature block's gaps. The units' own errors,
    which the province report does not carry, are named apart and not asked about."""

    errors: tuple[str, ...]
    unwritten: tuple[tuple[str, str], ...]  # (key, heading) of each section still to write
    signature: tuple[str, ...]
    warnings: int = 0  # the report's warnings: shown with the downloads, not asked about
    # The units (by name) whose forms still have errors, and those whose own Word report contradicts
    # their forms: on the findings page, not in the province report.
    unit_forms: tuple[str, ...] = ()
    unit_reports: tuple[str, ...] = ()
    # Those of `errors` in the forms' figures, not in the province's own paragraphs: all an Excel file holds.
    figure_errors: tuple[str, ...] = ()

    def of_format(self, fmt: str) -> ReportProblems:
        """What a download of `fmt` carries: the Excel file holds only the forms' figures (no paragraphs,
        no signature block), Word and PDF everything."""
        if fmt != "xlsx":
            return self
        return dataclasses.replace(self, errors=self.figure_errors, unwritten=(), signature=())

    @property
    def count(self) -> int:
        """How many things the confirmation lists."""
        return len(self.errors) + len(self.unwritten) + len(self.signature)

    @property
    def summary(self) -> str:
        """ "2 lỗi số liệu, 5 mục chưa soạn và 1 điểm ở khối chữ ký" ("" when nothing is listed)."""
        parts = [
            f"{count} {what}"
            for count, what in (
                (len(self.errors), "lỗi số liệu"),
                (len(self.unwritten), "mục chưa soạn"),
                (len(self.signature), "điểm cần sửa ở khối chữ ký"),
            )
            if count
        ]
        return " và ".join(filter(None, (", ".join(parts[:-1]), parts[-1]))) if parts else ""

    def messages(self) -> list[str]:
        """Every line listed, as the confirmation records them."""
        return [
            *self.errors,
            *(f"Mục {heading}: chưa soạn nội dung." for _, heading in self.unwritten),
            *self.signature,
        ]


# The rules of the province's own paragraphs (core.narrative): in the Word and PDF report, not in Excel.
NARRATIVE_RULES = "narrative-"


def report_problems(period: ReportingPeriod) -> ReportProblems:
    """The period's report as the confirmation before its download lists it: the province aggregate's
    errors of the findings page (the unwritten sections apart, by section number and title), the
    signature block's warnings, and the units whose own forms or Word reports still have errors."""
    found = period_findings(period)
    text = ReportText.objects.filter(period=period).first()

    def units_with_errors(*, own_report: bool) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                item.unit.name
                for item in found
                if item.unit is not None
                and item.finding.severity is Severity.ERROR
                and (item.finding.rule == UNIT_REPORT_RULE) is own_report
            )
        )

    carried = [item.finding for item in found if item.unit is None]
    errors = [f for f in carried if f.severity is Severity.ERROR and f.rule != UNWRITTEN_RULE]
    return ReportProblems(
        errors=tuple(finding.message for finding in errors),
        figure_errors=tuple(f.message for f in errors if not f.rule.startswith(NARRATIVE_RULES)),
        unwritten=unwritten_sections(period.period, text.texts if text else {}),
        signature=tuple(signature_warnings(settings_of(text, catalogue_for(period)))),
        warnings=sum(1 for finding in carried if finding.severity is Severity.WARNING),
        unit_forms=units_with_errors(own_report=False),
        unit_reports=units_with_errors(own_report=True),
    )


def confirm_download(
    period: ReportingPeriod,
    user: Any,
    *,
    file_format: str,
    approved_only: bool,
    problems: ReportProblems,
    request_id: str = "",
) -> DownloadConfirmation:
    """Record that `user` downloads the province report knowing what it was shown (the audit)."""
    return DownloadConfirmation.objects.create(
        period=period,
        user=user if getattr(user, "is_authenticated", False) else None,
        file_format=file_format,
        approved_only=approved_only,
        errors=problems.count,
        messages=problems.messages(),
        request_id=request_id,
    )


def text_findings(period: ReportingPeriod, cells: Mapping[str, Cell]) -> list[Finding]:
    """What `cchc check` finds in the paragraphs the province wrote for the period's report, read
    against the aggregate its appendix prints (a figure the text states that the table contradicts),
    and each section it has not written yet (the report prints a placeholder there)."""
    text = ReportText.objects.filter(period=period).first()
    texts = text.texts if text else {}
    found = [
        unwritten_finding(heading, location=f"mục «{heading}»")
        for _, heading in unwritten_sections(period.period, texts)
    ]
    if not texts:
        return found
    catalogue = catalogue_for(period)
    passages = [
        NarrativeText(paragraph.strip(), f"mục «{heading}»")
        for key, heading in outline(period.period)
        for paragraph in str(texts.get(key, "")).split("\n")
        if paragraph.strip()
    ]
    return found + check_narrative(catalogue, passages, cells, effective_values(catalogue, cells))
