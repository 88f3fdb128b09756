"""The province report shows how much of it is approved, and can be made from approved forms only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cchc import cli
from cchc.checker import check_file
from cchc.web.reporting.models import Status
from cchc.web.reporting.services import save_values, submission_for
from web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_report")]


def _two_departments_figures(world: World) -> None:
    """Sở Tư pháp's form 3 approved with 200 dossiers, Nga Sơn's still a draft with 100."""
    approved = submission_for(world.unit_a, world.period, 3)
    save_values(approved, world.reporter_a, {"BM3-3.1.1": ("200", None), "BM3-3.1.2": ("190", None)})
    approved.status = Status.APPROVED
    approved.save()
    draft = submission_for(world.unit_b, world.period, 3)
    save_values(draft, world.reporter_b, {"BM3-3.2.1": ("100", None), "BM3-3.2.2": ("90", None)})


def test_the_download_block_counts_the_approved_forms(world: World) -> None:
    _two_departments_figures(world)
    page = world.client(world.viewer).get("/ky/2023Q1/").content.decode()
    assert "1/2 biểu mẫu đã duyệt." in page
    assert 'href="/ky/2023Q1/bao-cao/tai-ve.docx?duyet=1"' in page


def test_the_approved_only_download_leaves_out_the_drafts(world: World, tmp_path: Path) -> None:
    _two_departments_figures(world)
    client = world.client(world.viewer)
    for query, district in (("", 100), ("?duyet=1", None)):
        response = client.get(f"/ky/2023Q1/bao-cao/tai-ve.docx{query}")
        assert response.status_code == 200
        path = tmp_path / f"bao-cao{len(query)}.docx"
        path.write_bytes(io.BytesIO(response.content).getvalue())
        values = check_file(path).values
        assert values["BM3-3.1.1"].number == 200
        assert values["BM3-3.2.1"].number == district
    assert "da-duyet" in client.get("/ky/2023Q1/bao-cao/tai-ve.xlsx?duyet=1")["Content-Disposition"]


def test_the_command_has_an_approved_only_option(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_migrate", lambda verbosity=1: None)
    _two_departments_figures(world)
    out = tmp_path / "bao-cao.docx"
    args = ["report", "--period", "2023Q1", "--approved-only", "--out", str(out), "--no-charts"]
    assert cli.main(args) == 0
    assert check_file(out).values["BM3-3.2.1"].number is None
