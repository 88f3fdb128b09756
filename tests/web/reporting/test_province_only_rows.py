"""A row the province takes from its own unit (catalogue «aggregate = "province"», BM1 2.1/2.2: the plan's
tasks) says so where a department enters it and in the aggregate's Ghi chú, since its figure is not added."""

from __future__ import annotations

import re

import pytest

from cchc.web.reporting.services import save_values, submission_for
from web.conftest import World

pytestmark = pytest.mark.django_db

NOTE = "Số toàn tỉnh là số của UBND tỉnh, không cộng số của sở, ban, ngành"


def row_html(page: str, code: str) -> str:
    return re.search(rf'<tr id="row-{re.escape(code)}".*?</tr>', page, re.S).group(0)  # type: ignore[union-attr]


def test_a_departments_plan_rows_say_the_province_does_not_add_them(world: World) -> None:
    page = world.client(world.reporter_a).get("/ky/2023Q1/don-vi/so-tu-phap/bieu/1/").content.decode()
    for code in ("BM1-2.1", "BM1-2.2"):
        assert f"Ghi theo riêng đơn vị mình. {NOTE}" in row_html(page, code)
        # The register's tasks of the department are the province plan's, counted for UBND tỉnh.
        assert "Nhiệm vụ của đơn vị trong Sổ theo dõi là nhiệm vụ của tỉnh giao" in row_html(page, code)
    # Rows summed as usual, and the province's own page, say nothing of the kind.
    assert NOTE not in row_html(page, "BM1-1")
    own = world.client(world.reviewer).get("/ky/2023Q1/don-vi/ubnd-tinh/bieu/1/").content.decode()
    assert NOTE not in own


def test_the_aggregate_says_it_beside_the_province_figure(world: World) -> None:
    save_values(submission_for(world.unit_a, world.period, 1), world.reporter_a, {"BM1-2.1": ("10", None)})
    save_values(submission_for(world.province, world.period, 1), world.reviewer, {"BM1-2.1": ("40", None)})
    page = world.client(world.reviewer).get("/ky/2023Q1/tong-hop/").content.decode()
    line = next(tr for tr in page.split("<tr") if ">2.1<" in tr and "Số nhiệm vụ đề ra trong kế hoạch" in tr)
    assert ">40<" in line and NOTE in line
