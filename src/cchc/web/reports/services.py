"""The report's data from the database: the province aggregate (or one unit's figures), the notes,
the texts the province wrote for the period and the trend of recent quarters.
"""

from __future__ import annotations

import dataclasses

from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Level
from cchc.core.periods import PeriodKind
from cchc.documents.writer.data import ReportData, ReportSettings, TrendPoint
from cchc.web.dashboard.figures import ONLINE_ROW, load_targets, overall_on_time
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod, Value
from cchc.web.reporting.services import catalogue_for, province_aggregate, unit_cells
from cchc.web.reports.models import ReportText

TREND_QUARTERS = 5


def province_unit(period: ReportingPeriod) -> OrgUnit | None:
    """The province's own unit (UBND tỉnh) in force at the end of the period's window."""
    return OrgUnit.objects.active_on(period.window_end).filter(level=Level.TINH.value).first()


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


def trend(period: ReportingPeriod) -> tuple[TrendPoint, ...]:
    """The province's on-time and online rates of the last quarters up to this period, oldest first."""
    quarters = sorted(
        (
            p
            for p in ReportingPeriod.objects.all()
            if p.period.kind is PeriodKind.QUARTER and p.period <= period.period
        ),
        key=lambda p: p.period,
    )[-TREND_QUARTERS:]
    points = []
    for quarter in quarters:
        catalogue = catalogue_for(quarter)
        cells = province_aggregate(quarter)
        online = cells.get(ONLINE_ROW)
        points.append(
            TrendPoint(
                quarter.code, overall_on_time(catalogue, cells).rate, online.number if online else None
            )
        )
    return tuple(points)


def settings_of(text: ReportText | None) -> ReportSettings:
    """The document settings the province saved for the period (defaults when none)."""
    if text is None:
        return ReportSettings()
    return ReportSettings(
        number=text.number,
        place=text.place,
        date=text.date,
        signer_mode=text.signer_mode,
        signer_title=text.signer_title,
        signer_name=text.signer_name,
        recipients=tuple(line.strip() for line in text.recipients.splitlines() if line.strip()),
    )


def report_data(period: ReportingPeriod, unit: OrgUnit | None = None) -> ReportData:
    """What the report of the period is written from: the province's by default, or one unit's own."""
    catalogue = catalogue_for(period)
    province = province_unit(period)
    text = ReportText.objects.filter(period=period).first()
    if unit is None or unit.level_enum is Level.TINH:
        cells = province_aggregate(period)
        issuer_unit = province if unit is None else unit
        notes = _notes(period, issuer_unit) if issuer_unit else {}
        texts = dict(text.texts) if text else {}
        settings = settings_of(text)
        points = trend(period)
    else:
        # A unit's own report: its figures with the computed rows; the province's texts are not its own.
        cells = with_computed(catalogue, unit_cells(unit, period))
        issuer_unit = unit
        notes = _notes(period, unit)
        texts = {}
        settings = ReportSettings(place=province_name(province))
        points = ()
    place = settings.place or province_name(province)
    return ReportData(
        catalogue=catalogue,
        period=period.period,
        cells=cells,
        issuer=issuer_of(issuer_unit),
        province=province_name(province),
        unit_name="" if issuer_unit is province else issuer_unit.name if issuer_unit else "",
        notes=notes,
        texts=texts,
        settings=dataclasses.replace(settings, place=place),
        trend=points,
        target=load_targets().get("on_time_rate"),
    )
