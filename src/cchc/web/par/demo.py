"""The demo's PAR Index: 2025 scored and published for the current units (synthesised self-assessments
with an evidence file each, the council's appraisal of some criteria, survey results), and 2026 open for
self-assessment."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cchc.core.numbers import round_half_up
from cchc.core.par import Method
from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, AssessmentEvent, ParRound, Score, SurveyAnswer
from cchc.web.par.scoring import annual_period, criteria_set_of, open_round
from cchc.web.reporting.models import Channel, ReportingPeriod, Status
from cchc.web.reports.demo import evidence_file
from cchc.web.reports.models import UnitEvidence

SCORED_YEAR = 2025
OPEN_YEAR = 2026
# Share of each judgement criterion's points a unit gives itself: most units full marks, some less.
_SELF_SHARES = (Decimal(1), Decimal(1), Decimal(1), Decimal("0.75"), Decimal("0.5"))
_APPRAISAL_REASONS = (
    "Tài liệu kiểm chứng chưa thể hiện kết quả thực hiện trong năm.",
    "Văn bản ban hành chậm so với thời hạn của kế hoạch.",
    "Chưa có báo cáo kết quả kiểm tra kèm theo.",
)
_QUESTIONS = ("KS1", "KS2", "KS3", "KS4", "KS5")


def load_par_demo(senders: Mapping[str, object]) -> None:
    """Score 2025 and open 2026; nothing when the demo already has a PAR Index."""
    if ParRound.objects.exists():
        return
    scored = open_round(SCORED_YEAR, dt.date(SCORED_YEAR + 1, 1, 15))
    _self_assess(scored, senders)
    _survey(scored)
    _appraise_and_approve(scored)
    published = timezone.make_aware(dt.datetime(SCORED_YEAR + 1, 2, 10, 9, 0))
    ParRound.objects.filter(pk=scored.pk).update(is_open=False, published_at=published)
    open_round(OPEN_YEAR, dt.date(OPEN_YEAR + 1, 1, 15))


def _self_assess(round_: ParRound, senders: Mapping[str, object]) -> None:
    period = annual_period(round_.year)
    assert period is not None, "the demo's annual period of the scored year"
    assessments = list(Assessment.objects.filter(round=round_).select_related("unit"))
    evidence = UnitEvidence.objects.bulk_create(
        [_evidence(a.unit, period, senders.get(a.unit.code), round_.year) for a in assessments]
    )
    scores: list[Score] = []
    links = []
    for assessment, proof in zip(assessments, evidence, strict=True):
        rng = random.Random(f"par-{round_.year}-{assessment.unit.code}")
        for criterion in criteria_set_of(assessment).criteria.values():
            if criterion.method is not Method.JUDGEMENT:
                continue
            if criterion.may_not_apply and rng.random() < 0.2:
                note = "Đơn vị không có đơn vị trực thuộc thực hiện nội dung này."
                scores.append(
                    Score(
                        assessment=assessment, code=criterion.code, self_not_applicable=True, self_note=note
                    )
                )
                continue
            points = round_half_up(criterion.max_points * rng.choice(_SELF_SHARES), 2)
            scores.append(Score(assessment=assessment, code=criterion.code, self_points=points))
            links.append((len(scores) - 1, proof))
    Score.objects.bulk_create(scores)
    through = Score.evidence.through
    through.objects.bulk_create(
        [through(score_id=scores[i].pk, unitevidence_id=proof.pk) for i, proof in links]
    )


def _evidence(unit: OrgUnit, period: ReportingPeriod, sender: Any, year: int) -> UnitEvidence:
    data = evidence_file(period, unit)
    return UnitEvidence(
        unit=unit,
        period=period,
        name=f"Tài liệu kiểm chứng Chỉ số CCHC năm {year}.xlsx",
        content=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=sender if getattr(sender, "is_authenticated", False) else None,
    )


def _survey(round_: ParRound) -> None:
    answers = []
    for unit in OrgUnit.objects.filter(assessments__round=round_):
        rng = random.Random(f"survey-{round_.year}-{unit.code}")
        for question in _QUESTIONS:
            respondents = rng.randint(30, 60) if unit.level == "xa" else rng.randint(80, 150)
            satisfied = round(respondents * rng.uniform(0.82, 0.99))
            answers.append(
                SurveyAnswer(
                    round=round_, unit=unit, question=question, respondents=respondents, satisfied=satisfied
                )
            )
    SurveyAnswer.objects.bulk_create(answers)


def _appraise_and_approve(round_: ParRound) -> None:
    """Every unit sent its self-assessment on time; the council lowered one judgement score of about a
    third of them, with its reason, and approved them all."""
    sent = timezone.make_aware(dt.datetime(round_.year + 1, 1, 12, 10, 0))
    approved = timezone.make_aware(dt.datetime(round_.year + 1, 2, 5, 16, 0))
    lowered = []
    for assessment in Assessment.objects.filter(round=round_).select_related("unit"):
        rng = random.Random(f"appraise-{round_.year}-{assessment.unit.code}")
        if rng.random() >= 0.33:
            continue
        full = list(assessment.scores.filter(self_points__gt=0).order_by("code"))
        if not full:
            continue
        score = rng.choice(full)
        assert score.self_points is not None
        score.appraised_points = round_half_up(score.self_points / 2, 2)
        score.appraisal_reason = rng.choice(_APPRAISAL_REASONS)
        score.appraised_at = approved
        lowered.append(score)
    Score.objects.bulk_update(lowered, ["appraised_points", "appraisal_reason", "appraised_at"])
    Assessment.objects.filter(round=round_).update(
        status=Status.APPROVED, submitted_at=sent, approved_at=approved
    )
    events = []
    for assessment in Assessment.objects.filter(round=round_):
        for action, before, after in (
            ("submit", Status.DRAFT, Status.SUBMITTED),
            ("approve", Status.SUBMITTED, Status.APPROVED),
        ):
            events.append(
                AssessmentEvent(
                    assessment=assessment,
                    action=action,
                    from_status=before,
                    to_status=after,
                    channel=Channel.DEMO,
                )
            )
    AssessmentEvent.objects.bulk_create(events)
    steps = AssessmentEvent.objects.filter(assessment__round=round_)
    steps.filter(action="submit").update(at=sent)
    steps.filter(action="approve").update(at=approved)
