"""A unit's PAR Index sheet and the year's results, always computed from the current figures, survey
results and appraisals (nothing computed is stored, so a changed figure shows on the next page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from cchc.catalogues import criteria_set_for, criteria_sets
from cchc.core.aggregation import with_computed
from cchc.core.catalogue import Level
from cchc.core.numbers import Cell
from cchc.core.par import (
    Computed,
    CriteriaSet,
    CriteriaSetError,
    Criterion,
    Method,
    Ranked,
    State,
    Totals,
    compute,
    rank,
    survey_points,
    totals,
)
from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, ParRound, Score, SurveyAnswer
from cchc.web.reporting.models import ReportingPeriod, Value, stored_cell
from cchc.web.reporting.services import catalogue_for
from cchc.web.reports.models import UnitEvidence

SCORED_LEVELS = (Level.SO, Level.XA)
# A score's evidence files without their content: a sheet lists them, never reads them.
_EVIDENCE = Prefetch("evidence", queryset=UnitEvidence.objects.defer("content"))


def available_sets() -> tuple[CriteriaSet, ...]:
    """The shipped criteria sets and the province's own (settings.PAR_CRITERIA_DIR)."""
    return criteria_sets(settings.PAR_CRITERIA_DIR)


def criteria_set_of(assessment: Assessment) -> CriteriaSet:
    """The criteria set the assessment was opened on (id and version)."""
    for criteria_set in available_sets():
        if (criteria_set.id, criteria_set.version) == (assessment.set_id, assessment.set_version):
            return criteria_set
    raise CriteriaSetError(
        f"Bộ tiêu chí «{assessment.set_id}» phiên bản {assessment.set_version} của {assessment.unit} "
        "không còn trong cchc."
    )


def annual_period(year: int) -> ReportingPeriod | None:
    """The year's annual report period (Năm …), whose forms hold the figures the criteria read."""
    return ReportingPeriod.objects.filter(code=f"{year}Y").first()


def year_evidence(assessment: Assessment) -> QuerySet[UnitEvidence]:
    """The evidence files a criterion of the assessment may cite: the unit's, sent with a report of the
    assessed year (any of its periods), without their content."""
    return UnitEvidence.objects.filter(
        unit=assessment.unit, period__code__startswith=str(assessment.round.year)
    ).defer("content")


def year_figures(units: Iterable[OrgUnit], year: int) -> dict[int, dict[str, Cell]]:
    """Each unit's cells of the year's annual forms with their computed rows (unit pk → code → cell)."""
    period = annual_period(year)
    units = list(units)
    cells: dict[int, dict[str, Cell]] = {unit.pk: {} for unit in units}
    if period is None:
        return cells
    stored = Value.objects.filter(submission__period=period, submission__unit__in=units)
    for unit_id, code, kind, number, text in stored.values_list(
        "submission__unit_id", "code", "kind", "number", "text"
    ):
        cells[unit_id][code] = stored_cell(kind, number, text)
    catalogue = catalogue_for(period)
    return {pk: with_computed(catalogue, unit_cells) for pk, unit_cells in cells.items()}


def survey_results(round_: ParRound, units: Iterable[OrgUnit]) -> dict[int, dict[str, tuple[int, int]]]:
    """Each unit's survey answers (unit pk → question → (respondents, satisfied))."""
    answers: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for answer in SurveyAnswer.objects.filter(round=round_, unit__in=list(units)):
        answers[answer.unit_id][answer.question] = (answer.respondents, answer.satisfied)
    return answers


@dataclass(frozen=True)
class Line:
    """One criterion on a unit's sheet: what cchc computed, what the unit gave, what the council set."""

    criterion: Criterion
    computed: Computed | None
    score: Score | None

    @property
    def self_points(self) -> Decimal | None:
        """The self-assessed points (computed ones follow the figures); None: không áp dụng."""
        if self.computed is not None:
            return self.computed.points
        if self.score is None or self.score.self_not_applicable:
            return None
        return self.score.self_points

    @property
    def self_not_applicable(self) -> bool:
        """Whether the self-assessment says the criterion does not apply."""
        if self.computed is not None:
            return self.computed.state is State.NOT_APPLICABLE
        return self.score is not None and self.score.self_not_applicable

    @property
    def scored(self) -> bool:
        """Whether the criterion has a self-assessed score (or does not apply)."""
        return self.computed is not None or (
            self.score is not None and (self.score.self_points is not None or self.score.self_not_applicable)
        )

    @property
    def appraised(self) -> bool:
        """Whether the council set its own score."""
        return self.score is not None and self.score.appraised

    @property
    def final_points(self) -> Decimal | None:
        """The points that count: the appraised ones when set, else the self-assessed ones."""
        if self.appraised:
            assert self.score is not None
            return None if self.score.appraised_not_applicable else self.score.appraised_points
        return self.self_points

    @property
    def final_not_applicable(self) -> bool:
        """Whether the criterion leaves the unit's maximum."""
        if self.appraised:
            assert self.score is not None
            return self.score.appraised_not_applicable
        return self.self_not_applicable

    @property
    def difference(self) -> Decimal | None:
        """Appraised − self-assessed points, when both are numbers and they differ."""
        if not self.appraised or self.final_points is None or self.self_points is None:
            return None
        change = self.final_points - self.self_points
        return change or None


@dataclass(frozen=True)
class Sheet:
    """A unit's whole sheet: the set, a line per criterion and the totals (self-assessed and final)."""

    assessment: Assessment
    criteria_set: CriteriaSet
    lines: tuple[Line, ...]
    self_totals: Totals
    final_totals: Totals
    figures: Mapping[str, Cell] = field(default_factory=dict)

    def line(self, code: str) -> Line:
        """The line of one criterion."""
        return next(line for line in self.lines if line.criterion.code == code)


def _lines(
    criteria_set: CriteriaSet,
    figures: Mapping[str, Cell],
    answers: Mapping[str, tuple[int, int]],
    scores: Mapping[str, Score],
) -> tuple[Line, ...]:
    lines = []
    for criterion in criteria_set.criteria.values():
        computed = None
        if criterion.method in (Method.FORMULA, Method.STEPS):
            computed = compute(criterion, figures.get)
        elif criterion.method is Method.SURVEY:
            computed = survey_points(criterion, answers)
        lines.append(Line(criterion, computed, scores.get(criterion.code)))
    return tuple(lines)


def _totals(criteria_set: CriteriaSet, lines: Iterable[Line], final: bool) -> Totals:
    points: dict[str, Decimal | None] = {}
    for line in lines:
        not_applicable = line.final_not_applicable if final else line.self_not_applicable
        value = line.final_points if final else line.self_points
        points[line.criterion.code] = None if not_applicable else (value or Decimal(0))
    return totals(criteria_set, points)


def _sheet(
    assessment: Assessment,
    figures: Mapping[str, Cell],
    answers: Mapping[str, tuple[int, int]],
    scores: Iterable[Score],
) -> Sheet:
    criteria_set = criteria_set_of(assessment)
    lines = _lines(criteria_set, figures, answers, {score.code: score for score in scores})
    return Sheet(
        assessment,
        criteria_set,
        lines,
        _totals(criteria_set, lines, final=False),
        _totals(criteria_set, lines, final=True),
        figures,
    )


def sheet(assessment: Assessment) -> Sheet:
    """The assessment's sheet, from the unit's current figures, survey answers and scores."""
    unit, round_ = assessment.unit, assessment.round
    figures = year_figures([unit], round_.year)[unit.pk]
    answers = survey_results(round_, [unit]).get(unit.pk, {})
    return _sheet(assessment, figures, answers, assessment.scores.prefetch_related(_EVIDENCE))


@dataclass(frozen=True)
class UnitResult:
    """A unit's place in the year's ranking of its type, with last year's index when there is one."""

    assessment: Assessment
    sheet: Sheet
    rank: int
    band: str
    last_year: Decimal | None

    @property
    def unit(self) -> OrgUnit:
        """The unit."""
        return self.assessment.unit

    @property
    def totals(self) -> Totals:
        """The final totals (appraised where the council appraised)."""
        return self.sheet.final_totals

    @property
    def change(self) -> Decimal | None:
        """Index points gained (+) or lost (−) since last year."""
        return None if self.last_year is None else self.totals.index - self.last_year


def sheets(round_: ParRound, assessments: Iterable[Assessment], *, evidence: bool = True) -> list[Sheet]:
    """The sheets of many assessments of one year, read with a few queries (`evidence=False`: without
    the scores' evidence files, which totals and rankings never read)."""
    assessments = list(assessments)
    units = [a.unit for a in assessments]
    figures = year_figures(units, round_.year)
    answers = survey_results(round_, units)
    scores: dict[int, list[Score]] = defaultdict(list)
    stored = Score.objects.filter(assessment__in=assessments)
    for score in stored.prefetch_related(_EVIDENCE) if evidence else stored:
        scores[score.assessment_id].append(score)
    return [_sheet(a, figures[a.unit_id], answers.get(a.unit_id, {}), scores[a.pk]) for a in assessments]


def results(round_: ParRound, unit_type: Level) -> list[UnitResult]:
    """The year's ranking of one type of unit (sở, ban, ngành or UBND cấp xã), best first."""
    assessments = list(
        Assessment.objects.filter(round=round_, unit__level=unit_type.value).select_related("unit", "round")
    )
    by_key = {str(sheet.assessment.pk): sheet for sheet in sheets(round_, assessments, evidence=False)}
    if not by_key:
        return []
    criteria_set = next(iter(by_key.values())).criteria_set
    ranked: list[Ranked] = rank(criteria_set, [(key, sheet.final_totals) for key, sheet in by_key.items()])
    last = _last_year(round_, [sheet.assessment.unit for sheet in by_key.values()])
    return [
        UnitResult(
            by_key[r.key].assessment,
            by_key[r.key],
            r.rank,
            r.band,
            last.get(by_key[r.key].assessment.unit_id),
        )
        for r in ranked
    ]


def _last_year(round_: ParRound, units: list[OrgUnit]) -> dict[int, Decimal]:
    """Last year's final index of each unit that was scored then (the same unit; a unit formed by a merger
    has none)."""
    previous = ParRound.objects.filter(year=round_.year - 1).first()
    if previous is None:
        return {}
    assessments = Assessment.objects.filter(round=previous, unit__in=units).select_related("unit", "round")
    return {
        sheet.assessment.unit_id: sheet.final_totals.index
        for sheet in sheets(previous, assessments, evidence=False)
    }


def open_round(year: int, self_deadline: dt.date) -> ParRound:
    """Open a year's PAR Index: an assessment for every sở, ban, ngành and UBND cấp xã in existence at
    the year's end, on the criteria set in force for its type (refused whole when a type has no set)."""
    end = dt.date(year, 12, 31)
    units = list(OrgUnit.objects.active_on(end).filter(level__in=[level.value for level in SCORED_LEVELS]))
    sets = available_sets()
    chosen = {level: criteria_set_for(level, year, sets) for level in {Level(unit.level) for unit in units}}
    with transaction.atomic():
        round_, _ = ParRound.objects.get_or_create(year=year, defaults={"self_deadline": self_deadline})
        existing = set(Assessment.objects.filter(round=round_).values_list("unit_id", flat=True))
        Assessment.objects.bulk_create(
            Assessment(
                round=round_,
                unit=unit,
                set_id=chosen[Level(unit.level)].id,
                set_version=chosen[Level(unit.level)].version,
            )
            for unit in units
            if unit.pk not in existing
        )
    return round_
