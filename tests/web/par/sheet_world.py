"""The PAR Index 2025 on top of the web personas: the round opened for Sở Tư pháp (unit A) and Sở Y tế
(a second department nobody in the personas reports for), and helpers to store 2025 figures and evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client

from cchc.core.numbers import CellKind
from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, ParRound
from cchc.web.par.scoring import open_round
from cchc.web.reporting.models import Submission, Value
from cchc.web.reporting.services import ensure_period
from cchc.web.reports.models import UnitEvidence
from cchc.web.reports.unit_reports import receive_evidence
from web.conftest import World

PDF = b"%PDF-1.4\n% ke hoach CCHC\n"
YEAR = 2025


@dataclass
class ParWorld:
    """The personas with the year's round and the two departments' assessments."""

    world: World
    round: ParRound
    other_unit: OrgUnit
    assessment: Assessment
    other: Assessment

    def client(self, user: object) -> Client:
        """A test client logged in as `user`."""
        return self.world.client(user)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """Unit A's sheet."""
        return f"/chi-so-cchc/{YEAR}/don-vi/{self.world.unit_a.code}/"

    def fresh(self) -> Assessment:
        """Unit A's assessment as stored now."""
        return Assessment.objects.get(pk=self.assessment.pk)


def make_par_world(world: World) -> ParWorld:
    """Open the 2025 round over the personas' units plus Sở Y tế."""
    other_unit = OrgUnit.objects.create(
        code="so-y-te", name="Sở Y tế", level="so", parent=world.province, order=3
    )
    round_ = open_round(YEAR, dt.date(2026, 1, 15))
    return ParWorld(
        world,
        round_,
        other_unit,
        Assessment.objects.get(round=round_, unit=world.unit_a),
        Assessment.objects.get(round=round_, unit=other_unit),
    )


def store_figures(unit: OrgUnit, form: int, figures: dict[str, Decimal | int]) -> None:
    """Store a unit's figures of one form of the year's annual period (Năm 2025)."""
    period = ensure_period(f"{YEAR}Y")
    submission, _ = Submission.objects.get_or_create(unit=unit, period=period, form=form)
    for code, number in figures.items():
        Value.objects.update_or_create(
            submission=submission,
            code=code,
            defaults={"kind": CellKind.NUMBER.value, "number": Decimal(number), "text": str(number)},
        )


def evidence_of(world: World, unit: OrgUnit, name: str = "ke-hoach-cchc-2025.pdf") -> UnitEvidence:
    """An evidence file the unit already sent for the year."""
    return receive_evidence(unit, ensure_period(f"{YEAR}Y"), world.reporter_a, name, PDF)


def judgement_codes(par: ParWorld) -> list[str]:
    """The codes of the judgement criteria of unit A's set, in order."""
    from cchc.core.par import Method
    from cchc.web.par.scoring import criteria_set_of

    return [c.code for c in criteria_set_of(par.assessment).criteria.values() if c.method is Method.JUDGEMENT]


def score_all(par: ParWorld, *, but: tuple[str, ...] = ()) -> None:
    """Unit A scores every judgement criterion (1.1 at 1,5 points with a file, the others 0), leaving `but`."""
    from cchc.web.par.services import SelfEntry, save_self_scores

    plan = evidence_of(par.world, par.world.unit_a)
    entries = [
        SelfEntry(code, Decimal("1.5"), evidence=(plan.pk,)) if code == "1.1" else SelfEntry(code, Decimal(0))
        for code in judgement_codes(par)
        if code not in but
    ]
    save_self_scores(par.assessment, par.world.reporter_a, entries, par.fresh().version)
