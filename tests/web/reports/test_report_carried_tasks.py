"""Each period's report page shows, for review, the tasks the report before it set for it: Năm 2026 the
ones Năm 2025 set for 2026, never an older report's that happens to have tasks on record."""

from __future__ import annotations

import pytest

from cchc.web.reporting.services import ensure_period
from cchc.web.reports.models import ReportText
from web.conftest import World

pytestmark = pytest.mark.django_db

HEADING = "Nhiệm vụ trọng tâm đã đề ra trong báo cáo {} (để rà soát kết quả kỳ này)"


@pytest.fixture
def tasks_on_record(world: World) -> None:
    """Every report of 2025–2026 but the last set tasks naming itself; Quý I/2023 set its own too."""
    for code in ("2023Q1", "2025Y", "2026Q1", "2026H1", "2026Q3"):
        ReportText.objects.create(
            period=ensure_period(code), texts={"nhiem_vu": f"Nhiệm vụ do báo cáo {code} đề ra."}
        )
    ensure_period("2026Y")


@pytest.mark.parametrize(
    ("code", "label", "reviewed"),
    [
        ("2026Q1", "năm 2025", "2025Y"),
        ("2026H1", "Quý I năm 2026", "2026Q1"),
        ("2026Q3", "6 tháng đầu năm 2026", "2026H1"),
        ("2026Y", "năm 2025", "2025Y"),
    ],
)
def test_each_report_of_a_year_reviews_the_tasks_set_for_it(
    world: World, tasks_on_record: None, code: str, label: str, reviewed: str
) -> None:
    page = world.client(world.reviewer).get(f"/ky/{code}/bao-cao/").content.decode()
    carried = page[
        page.index('id="carried-title"') : page.index("</section>", page.index('id="carried-title"'))
    ]
    assert HEADING.format(label) in carried
    # The section lists the reviewed report's tasks and nothing else (the page's own box is below it).
    assert carried.count("<p>") == 1 and f"<p>Nhiệm vụ do báo cáo {reviewed} đề ra.</p>" in carried


def test_without_the_reviewed_report_the_page_says_so_rather_than_show_an_older_one(world: World) -> None:
    ReportText.objects.create(period=world.period, texts={"nhiem_vu": "Nhiệm vụ Quý II năm 2023."})
    ensure_period("2026Y")
    page = world.client(world.reviewer).get("/ky/2026Y/bao-cao/").content.decode()
    assert HEADING.format("năm 2025") in page
    assert "Báo cáo năm 2025 chưa ghi nhiệm vụ trọng tâm trong cchc" in page
    assert "Nhiệm vụ Quý II năm 2023." not in page
