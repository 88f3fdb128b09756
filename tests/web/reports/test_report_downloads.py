"""The period's page links the province report; each format downloads as its own file type."""

from __future__ import annotations

import pytest

from cchc.documents.writer import pdf as pdf_module
from cchc.web.reporting.services import save_values, submission_for
from web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_report")]


def test_the_period_page_offers_the_report_downloads(world: World) -> None:
    page = world.client(world.viewer).get("/ky/2023Q1/").content.decode()
    for fmt in ("docx", "xlsx", "pdf"):
        assert f'href="/ky/2023Q1/bao-cao/tai-ve.{fmt}"' in page
    assert 'href="/ky/2023Q1/bao-cao/"' not in page  # the viewer may not write the texts


def test_the_reviewer_sees_the_link_to_write_the_texts(world: World) -> None:
    page = world.client(world.reviewer).get("/ky/2023Q1/").content.decode()
    assert 'href="/ky/2023Q1/bao-cao/"' in page


def test_the_excel_download_is_a_workbook(world: World) -> None:
    response = world.client(world.viewer).get("/ky/2023Q1/bao-cao/tai-ve.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response.content[:2] == b"PK"


def test_without_libreoffice_the_pdf_download_explains_what_to_install(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    response = world.client(world.viewer).get("/ky/2023Q1/bao-cao/tai-ve.pdf")
    assert response.status_code == 503
    assert "libreoffice-writer-nogui" in response.content.decode()


def test_the_downloads_say_what_the_periods_figures_still_contradict(world: World) -> None:
    reviewer = world.client(world.reviewer)
    assert "report-problems" not in reviewer.get("/ky/2023Q1/").content.decode()
    # A note dated to another period: the same error the findings page and `cchc check` report.
    save_values(
        submission_for(world.province, world.period, 1), world.reviewer, {"BM1-4.1": ("3", "Quý I năm 2022")}
    )
    for page in ("/ky/2023Q1/", "/ky/2023Q1/bao-cao/"):
        html = " ".join(reviewer.get(page).content.decode().split())
        assert "Báo cáo còn 1 lỗi: bản tải về sẽ mang theo các mâu thuẫn đó." in html
        assert 'href="/ky/2023Q1/kiem-tra/">Xem và sửa trước khi gửi</a>' in html
