"""Thanh Hóa before and after the sample: the 2022, 2025 and 2026 periods with figures synthesised for the
units in force in each.

The province's totals for one quarter come from the sample (Quý I/2023, ``figures.sample_figures``) as
they would stand in the structure of the period:
- up to 30/6/2025 (bnv-581): the sample's totals, spread over the departments in force (20 in 2022, 15
  after the mergers of 1/3/2025) and the 27 district-level units;
- from 1/7/2025 (bnv-581-hai-cap): what the districts reported goes to the communes (dossiers, legal
  documents, procedures of cấp xã), spread over the 166 communes; the public service units of the
  districts (BM4 1.5.3) are no longer asked, and BM6's breakdown of public service units is brought to
  the BM4 total it must equal (rule BM4-1.5 = BM6-2.1), so today's periods have no contradiction of
  the sample's own.
Each quarter's figures are then derived per unit (``figures.scaled_figures``): flows a little lower in
2022 than in the sample and growing a little each year after, stocks kept, each rate's shortfall wider in
2022 and narrowing year by year, the year-progress rows at their share for the quarter. A longer period
is its quarters put together as the system builds a longer period from its parts (flows added up, stocks
the last quarter's), so 2022's annual figures are its four quarters'.
From 2025 the registers' rows take the registers' counts (``registers.register_figures``), from the
demo items of 2025 and 2026 (``today_registers``).

Workflow: past periods approved; the open one, the 2026 annual report (cut-off 14/12/2026), is being
collected: units' forms in every state, nothing sent after today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils import timezone

from cchc.catalogues import load_catalogue
from cchc.core.catalogue import Catalogue, Kind, Level, Over
from cchc.core.numbers import Cell, CellKind, round_half_up
from cchc.core.periods import Period, PeriodKind
from cchc.web.demo.figures import (
    DemoUnit,
    Figure,
    UnitFigures,
    quarter_figures,
    sample_figures,
    scaled_figures,
    split,
)
from cchc.web.org.models import OrgUnit
from cchc.web.org.tree import in_force
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.prefill import from_parts, parts_of

__all__ = [
    "DEMO_TODAY",
    "OPEN",
    "PERIODS",
    "period_figures",
    "province_totals",
    "quarter_of",
    "quarters_of",
    "today_assigned_tasks",
    "today_feedback",
    "today_plan_tasks",
]

PERIODS = ("2025Q1", "2025H1", "2025Q3", "2025Y", "2026Q1", "2026H1", "2026Q3", "2026Y")
OPEN = "2026Y"  # the report due now: the province's annual report for 2026

# District rows whose figures the communes took over on 1/7/2025 (district row → commune row).
TO_COMMUNES = {
    "BM2-1.2": "BM2-1.3",
    "BM3-1.4.2": "BM3-1.4.3",
    "BM3-3.2.1": "BM3-3.3.1",
    "BM3-3.2.2": "BM3-3.3.2",
}
BM6_PARTS = ("BM6-2.2", "BM6-2.3", "BM6-2.4.1", "BM6-2.4.2", "BM6-2.4.3", "BM6-2.5")
# Flows per quarter against the sample's Quý I/2023: a little lower in 2022, growing a little each year
# after; each rate's shortfall (100 % − rate) against the sample's: wider in 2022, narrowing after.
GROWTH = {2022: 0.9, 2025: 1.06, 2026: 1.11}
SHORTFALL = {2022: 1.6, 2025: 0.8, 2026: 0.65}


def _number(figure: Figure | None) -> Decimal:
    cell = figure.cell if figure is not None else None
    return (
        cell.number
        if cell is not None and cell.kind is CellKind.NUMBER and cell.number is not None
        else Decimal(0)
    )


def province_totals(catalogue: Catalogue) -> dict[str, Figure]:
    """One quarter's province figures in the catalogue's structure (see the module doc)."""
    sample = sample_figures(load_catalogue("bnv-581"))
    totals = {code: figure for code, figure in sample.items() if code in catalogue.rows}
    if Level.HUYEN not in catalogue.levels:
        for district, commune in TO_COMMUNES.items():
            totals[commune] = Figure(Cell.of(_number(sample.get(commune)) + _number(sample.get(district))))
        for code, row in catalogue.rows.items():
            figure = totals.get(code)
            if row.options and figure is not None and figure.cell.number not in (None, *row.option_values):
                totals[code] = Figure(Cell.of(max(row.option_values)), figure.note)  # "3 cấp" is "2 cấp" now
    units = sum(_number(totals.get(code)) for code in ("BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3"))
    parts = [int(_number(totals.get(code))) for code in BM6_PARTS]
    for code, share in zip(BM6_PARTS, split(int(units), [float(part) for part in parts]), strict=True):
        totals[code] = Figure(Cell.of(share), totals[code].note if code in totals else "")
    # Units with approved job positions (BM5 1.2) are some of the public service units, whose number fell.
    before = sum(_number(sample.get(code)) for code in ("BM4-1.5.1", "BM4-1.5.2", "BM4-1.5.3"))
    positions = _number(sample.get("BM5-1.2"))
    totals["BM5-1.2"] = Figure(Cell.of(round_half_up(positions * units / before, 0) if before else positions))
    return totals


@cache
def _quarter(template: str, units: tuple[DemoUnit, ...]) -> UnitFigures:
    """One quarter's figures of `units` in the structure of `template` (the periods of one structure share
    it: it is derived once)."""
    catalogue = load_catalogue(template)
    return quarter_figures(catalogue, units, province_totals(catalogue))


def quarters_of(period: Period) -> range:
    """The quarters a period's window covers: Quý III → 3; 6 tháng → 1, 2; năm → 1 to 4."""
    last = period.end_month // 3
    return range(1 if period.kind is not PeriodKind.QUARTER else last, last + 1)


def quarter_of(catalogue: Catalogue, units: Sequence[DemoUnit], year: int, quarter: int) -> UnitFigures:
    """Each unit's figures for one quarter of `year`: flows growing (or, before the sample's year, lower)
    by `GROWTH`, stocks kept, each rate's shortfall × `SHORTFALL`, the year-progress rows at the quarter's
    share. A quarter is the same whichever period's window it is part of."""
    return scaled_figures(
        catalogue,
        _quarter(catalogue.id, tuple(units)),
        seed=f"{year}Q{quarter}",
        flows=GROWTH[year],
        shortfall=SHORTFALL[year],
        progress=quarter,
    )


def period_figures(
    period: ReportingPeriod, catalogue: Catalogue, earlier: Mapping[str, UnitFigures] | None = None
) -> UnitFigures:
    """Every unit's typed figures for a period (units in force on its cut-off date): each row over the
    quarters of its window as a longer period is built from its parts (`prefill.from_parts`: flows added
    up, stocks and lũy kế rows the last quarter's). A flow is at least what the earlier periods of the
    window (`earlier`, by period code) gave the unit, which a split made for another structure (before
    1/7/2025) need not respect."""
    units = [
        DemoUnit(unit.code, unit.level_enum)
        for unit in OrgUnit.objects.active_on(period.window_end).order_by("order", "name")
        if unit.level_enum in catalogue.levels
    ]
    year = period.period.year
    quarters = [quarter_of(catalogue, units, year, quarter) for quarter in quarters_of(period.period)]
    figures: UnitFigures = {}
    for unit, last in quarters[-1].items():
        figures[unit] = {
            code: Figure(
                from_parts(catalogue.rows[code], [q[unit][code].cell for q in quarters if code in q[unit]]),
                # The sample's notes speak of Quý I/2023 ("Hoàn thành 8/8 nhiệm vụ của quý I"); another
                # period keeps only those that state what still stands (a decision, an address).
                figure.note if catalogue.rows[code].time is Over.STOCK else "",
            )
            for code, figure in last.items()
        }
    parts = [earlier[part.code] for part in parts_of(period)[0] if earlier and part.code in earlier]
    for unit, cells in figures.items():
        for code, figure in cells.items():
            row = catalogue.rows[code]
            if row.time is not Over.FLOW or row.kind is Kind.CODE or figure.cell.number is None:
                continue
            counted = sum((_number(part.get(unit, {}).get(code)) for part in parts), Decimal(0))
            if figure.cell.number < counted:
                cells[code] = Figure(Cell.of(counted), figure.note)
    return figures


# --- the registers of 2025 and 2026 ----------------------------------------------------------------------

# The demo's items are dated as of this day (its "today"), whenever the demo is loaded.
DEMO_TODAY = dt.date(2026, 12, 3)
DEMO_COMMUNE, DEMO_DEPARTMENT = "phuong-hac-thanh", "so-tu-phap"  # the demo logins' units
OVERDUE_TASK = (2026, 44)  # (year, position) of an assigned task left open past its deadline
PLAN_TOPICS = (
    "Rà soát, đơn giản hóa thủ tục hành chính nội bộ",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
    "Đánh giá, xếp hạng Chỉ số cải cách hành chính của các sở, ngành và UBND cấp xã",
    "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
    "Kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính cấp xã",
    "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
    "Cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
    "Tuyên truyền cải cách hành chính trên các phương tiện thông tin đại chúng",
    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh",
)
ASSIGNED_TOPICS_TODAY = (
    "Vận hành chính quyền địa phương hai cấp thông suốt, hiệu quả",
    "Cắt giảm thời gian giải quyết thủ tục hành chính",
    "Triển khai Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Bàn giao, sử dụng trụ sở, tài sản công sau sắp xếp",
    "Cải thiện môi trường đầu tư kinh doanh",
)
FEEDBACK_SUBJECTS = (
    ("Phản ánh chậm trả kết quả cấp Giấy chứng nhận quyền sử dụng đất", "Đăng ký đất đai lần đầu"),
    (
        "Kiến nghị hướng dẫn thành phần hồ sơ đăng ký kinh doanh hộ kinh doanh",
        "Đăng ký thành lập hộ kinh doanh",
    ),
    ("Phản ánh yêu cầu nộp thêm giấy tờ không có trong quy định", "Chứng thực bản sao từ bản chính"),
    ("Kiến nghị rút ngắn thời gian cấp giấy phép xây dựng nhà ở riêng lẻ", "Cấp giấy phép xây dựng"),
    ("Phản ánh lỗi thanh toán phí trực tuyến trên Cổng Dịch vụ công", "Cấp phiếu lý lịch tư pháp"),
)


def _departments(units: Mapping[str, OrgUnit], day: dt.date) -> list[OrgUnit]:
    return sorted(
        (u for u in units.values() if u.level == Level.SO.value and in_force(u, day)), key=lambda u: u.code
    )


def today_plan_tasks(units: Mapping[str, OrgUnit], reviewer: Any) -> list[PlanTask]:
    """UBND tỉnh's CCHC plans of 2025 and 2026: 40 tasks each, by quarter, most done, a few late or open."""
    tasks = []
    for year in (2025, 2026):
        rng = random.Random(f"plan:{year}")
        doers = _departments(units, dt.date(year, 12, 14))
        for index in range(40):
            quarter = 1 + index % 4
            end = dt.date(year, quarter * 3, 28)
            finished = end - dt.timedelta(days=rng.randint(0, 60))
            if rng.random() < 0.08:
                finished = end + dt.timedelta(days=rng.randint(5, 30))  # done late
            # Not done by the demo's today, or still open.
            done = None if finished > DEMO_TODAY or rng.random() < 0.04 else finished
            confirmed = done is not None and done + dt.timedelta(days=5) <= DEMO_TODAY and rng.random() < 0.9
            moment = (
                dt.datetime.combine(done + dt.timedelta(days=4), dt.time(9)) if confirmed and done else None
            )
            tasks.append(
                PlanTask(
                    year=year,
                    number=str(index + 1),
                    title=f"{PLAN_TOPICS[index % len(PLAN_TOPICS)]} (quý {quarter}/{year})",
                    owner=units["ubnd-tinh"],
                    unit=doers[index % len(doers)],
                    due_quarter=quarter,
                    completed_on=done,
                    evidence_number=f"{100 + index}/BC-UBND" if done else "",
                    evidence_date=done,
                    confirmed_at=timezone.make_aware(moment) if moment else None,
                    confirmed_by=reviewer if moment else None,
                )
            )
    return tasks


def today_assigned_tasks(units: Mapping[str, OrgUnit]) -> list[AssignedTask]:
    """Tasks the Government and the Prime Minister assigned in 2025 and 2026, about one a week."""
    tasks = []
    for year in (2025, 2026):
        rng = random.Random(f"assigned:{year}")
        for index in range(48):
            issued = dt.date(year, 1, 6) + dt.timedelta(days=7 * index)
            if issued > DEMO_TODAY:
                break
            doers = _departments(units, issued)
            deadline = issued + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
            finished = issued + dt.timedelta(days=rng.randint(10, (deadline - issued).days))
            if rng.random() < 0.07:
                finished = deadline + dt.timedelta(days=rng.randint(3, 20))
            done = None if finished > DEMO_TODAY or rng.random() < 0.03 else finished
            issuer = AssignedTask.Issuer.PRIME_MINISTER if index % 3 == 2 else AssignedTask.Issuer.GOVERNMENT
            topic = ASSIGNED_TOPICS_TODAY[index % len(ASSIGNED_TOPICS_TODAY)]
            number = f"{index + 10}/{'CĐ-TTg' if issuer == AssignedTask.Issuer.PRIME_MINISTER else 'NQ-CP'}"
            if (year, index) == OVERDUE_TASK:
                # The demo department's reporter finds one task past its deadline.
                doers, deadline, done = [units[DEMO_DEPARTMENT]], DEMO_TODAY - dt.timedelta(days=3), None
            tasks.append(
                AssignedTask(
                    issuer=issuer,
                    source_number=f"{number} năm {year}",
                    assigned_on=issued,
                    title=f"{topic} (nhiệm vụ {index + 1}/{year})",
                    unit=doers[index % len(doers)],
                    deadline=deadline,
                    completed_on=done,
                    evidence_number=f"{300 + index}/BC-UBND" if done else "",
                    evidence_date=done,
                )
            )
    return tasks


def today_feedback(units: Mapping[str, OrgUnit]) -> list[Feedback]:
    """Feedback received in 2025 and 2026, about three a week, handled by departments and communes."""
    items = []
    rng = random.Random("feedback:today")
    day = dt.date(2024, 12, 16)
    while day <= DEMO_TODAY:
        handlers = [
            u
            for u in units.values()
            if u.level in (Level.SO.value, Level.HUYEN.value, Level.XA.value) and in_force(u, day)
        ]
        handlers.sort(key=lambda u: u.code)
        unit = rng.choice(handlers)
        due = day + dt.timedelta(days=14)
        finished = day + dt.timedelta(days=rng.randint(1, 12))
        if rng.random() < 0.05:
            finished = due + dt.timedelta(days=rng.randint(2, 10))
        handled = finished if finished <= DEMO_TODAY else None
        subject, procedure = FEEDBACK_SUBJECTS[rng.randrange(len(FEEDBACK_SUBJECTS))]
        items.append(
            Feedback(
                received_on=day,
                via=Feedback.Via.SYSTEM if rng.random() < 0.8 else Feedback.Via.PORTAL,
                subject=subject,
                procedure=procedure,
                unit=unit,
                due_on=due,
                handled_on=handled,
                result="Đã trả lời tổ chức, cá nhân." if handled else "",
            )
        )
        day += dt.timedelta(days=rng.choice((1, 2, 3, 3)))
    # The last two, still being handled, are the demo commune's: its reporter sees them due soon.
    for item in items[-2:]:
        item.unit, item.handled_on, item.result = units[DEMO_COMMUNE], None, ""
    return items
