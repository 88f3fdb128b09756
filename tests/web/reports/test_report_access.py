"""Who may write the province report's texts and who may download it.

The province report aggregates every unit: those who see the whole province (administrator, reviewer,
viewer) may download it; only the administrator and reviewers may write its texts; a unit's reporter
gets 403 for both, as on the period's page; anonymous users are sent to log in.
"""

from __future__ import annotations

import pytest

from web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_report")]

EDIT = "/ky/2023Q1/bao-cao/"
DOCX = "/ky/2023Q1/bao-cao/tai-ve.docx"


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_and_administrators_may_write_the_texts(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).get(EDIT)
    assert response.status_code == 200
    assert "Nội dung theo đề cương" in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "reporter_a", "reporter_b"])
def test_others_may_not_write_the_texts(world: World, who: str) -> None:
    client = world.client(getattr(world, who))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"number": "9"}).status_code == 403


@pytest.mark.parametrize("who", ["viewer", "reviewer", "admin"])
def test_province_users_may_download_the_report(world: World, who: str) -> None:
    response = world.client(getattr(world, who)).get(DOCX)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-cchc-2023Q1.docx"'


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_a_units_reporter_may_not_download_the_province_report(world: World, fmt: str) -> None:
    response = world.client(world.reporter_a).get(f"/ky/2023Q1/bao-cao/tai-ve.{fmt}")
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_log_in(world: World) -> None:
    for url in (EDIT, DOCX):
        response = world.client(None).get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_an_unknown_period_or_format_is_not_found(world: World) -> None:
    client = world.client(world.reviewer)
    assert client.get("/ky/2031Q1/bao-cao/tai-ve.docx").status_code == 404
    assert client.get("/ky/2023Q1/bao-cao/tai-ve.odt").status_code == 404
    assert client.get("/ky/2031Q1/bao-cao/").status_code == 404
