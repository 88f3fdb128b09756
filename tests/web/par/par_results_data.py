"""The PAR Index year the results and survey tests start from: four departments and two communes
besides the personas' units, the 2025 round opened on the sample sets, and helpers to score them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, ParRound, Score
from cchc.web.par.scoring import open_round
from web.conftest import World


@dataclass
class ParWorld:
    """The personas plus the 2025 round and its units (Sở Tư pháp is the personas' unit A)."""

    world: World
    round: ParRound
    tai_chinh: OrgUnit
    xay_dung: OrgUnit
    y_te: OrgUnit
    xa_hoang_hoa: OrgUnit
    phuong_hac_thanh: OrgUnit

    def assessment(self, unit: OrgUnit) -> Assessment:
        """The unit's assessment of the round."""
        return Assessment.objects.get(round=self.round, unit=unit)

    def appraise(self, unit: OrgUnit, code: str, points: str) -> None:
        """The council's points for one criterion of the unit."""
        Score.objects.update_or_create(
            assessment=self.assessment(unit), code=code, defaults={"appraised_points": Decimal(points)}
        )


def make_par_world(world: World) -> ParWorld:
    """Create the units and open the 2025 round (the caller provides database access)."""
    province = world.province

    def unit(code: str, name: str, level: str, order: int) -> OrgUnit:
        return OrgUnit.objects.create(code=code, name=name, level=level, parent=province, order=order)

    par = ParWorld(
        world=world,
        round=ParRound(year=2025),  # replaced below, once the units exist
        tai_chinh=unit("so-tai-chinh", "Sở Tài chính", "so", 3),
        xay_dung=unit("so-xay-dung", "Sở Xây dựng", "so", 4),
        y_te=unit("so-y-te", "Sở Y tế", "so", 5),
        xa_hoang_hoa=unit("xa-hoang-hoa", "UBND xã Hoằng Hóa", "xa", 10),
        phuong_hac_thanh=unit("phuong-hac-thanh", "UBND phường Hạc Thành", "xa", 11),
    )
    par.round = open_round(2025, dt.date(2026, 1, 15))
    return par
