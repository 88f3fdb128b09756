"""The findings page: every finding of the period, by severity then form, with a link to the row."""

from __future__ import annotations

import re

import pytest

from cchc.web.reporting.services import save_values, submission_for
from cchc.web.reports.models import ReportText
from web.reports.conftest import READY_TEXTS


@pytest.fixture(autouse=True)
def report_written(world) -> None:
    """The report's own sections written, so that the page lists the figures' findings alone."""
    ReportText.objects.create(period=world.period, texts=READY_TEXTS)


def fill(world) -> None:
    """Unit A reports more PAKN handled than received (an error) and more staff present than
    allotted (a warning); unit B reports consistent figures."""
    period = world.period
    save_values(
        submission_for(world.unit_a, period, 3),
        world.reporter_a,
        {"BM3-3.4.1": ("10", None), "BM3-3.4.2": ("12", None)},
    )
    save_values(
        submission_for(world.unit_a, period, 4),
        world.reporter_a,
        {"BM4-2.1": ("40", None), "BM4-2.2": ("45", None)},
    )
    save_values(
        submission_for(world.unit_b, period, 3),
        world.reporter_b,
        {"BM3-3.2.1": ("100", None), "BM3-3.2.2": ("99", None)},
    )


def page(world, query: str = "") -> str:
    response = world.client(world.reviewer).get(f"/ky/{world.period.code}/kiem-tra/{query}")
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    """The text of each finding row, tags stripped, with its links kept as [href]."""
    found = []
    for row in re.findall(r'<tr class="finding [a-z]+">(.*?)</tr>', html, re.S):
        text = re.sub(r'<a href="([^"]+)">', r"[\1] ", row)
        found.append(" ".join(re.sub(r"<[^>]+>", " ", text).split()))
    return found


def test_it_lists_a_units_finding_with_a_link_to_its_row(world) -> None:
    fill(world)
    listed = rows(page(world))
    mine = [
        row
        for row in listed
        if row.startswith("Sở Tư pháp")
        and "Số PAKN đã giải quyết xong (12) lớn hơn tổng số PAKN đã tiếp nhận (10)" in row
    ]
    assert len(mine) == 1
    assert "[/ky/2023Q1/don-vi/so-tu-phap/bieu/3/#row-BM3-3.4.2]" in mine[0]


def test_a_finding_of_the_province_aggregate_is_listed_as_the_whole_province(world) -> None:
    fill(world)
    listed = rows(page(world))
    province = [row for row in listed if row.startswith("Toàn tỉnh") and "tính ra 120,00%" in row]
    assert len(province) == 1
    assert "[/ky/2023Q1/tong-hop/#row-BM3-3.4.2]" in province[0]


def test_findings_are_grouped_by_severity_then_form_with_counts_at_the_top(world) -> None:
    fill(world)
    html = page(world)
    counts = " ".join(
        re.sub(r"<[^>]+>", "", re.search(r'<p id="counts">(.*?)</p>', html, re.S).group(1)).split()
    )
    assert counts == "Tổng cộng 4 phát hiện: Lỗi: 2 · Cảnh báo: 2 · Lưu ý: 0"
    errors, warnings = html.index('id="muc-do-error"'), html.index('id="muc-do-warning"')
    assert errors < warnings
    assert html.index("<h3>Biểu mẫu 3</h3>", errors) < warnings
    assert html.index("<h3>Biểu mẫu 4</h3>", warnings)
    assert "Biên chế có mặt (" in html[warnings:]
    assert ") vượt biên chế được giao (" in html[warnings:]


def test_it_filters_by_severity(world) -> None:
    fill(world)
    listed = rows(page(world, "?muc-do=warning"))
    assert len(listed) == 2
    assert all("vượt biên chế được giao" in row for row in listed)
    assert "Đang hiển thị 2/4 phát hiện." in page(world, "?muc-do=warning")


def test_it_filters_by_form(world) -> None:
    fill(world)
    listed = rows(page(world, "?bieu=3"))
    assert len(listed) == 2
    assert not any("biên chế" in row for row in listed)
    assert rows(page(world, "?bieu=3&muc-do=warning")) == []


def test_a_period_without_findings_says_so(world) -> None:
    assert "Không phát hiện vấn đề nào" in page(world)


def test_an_unknown_filter_is_ignored(world) -> None:
    fill(world)
    assert len(rows(page(world, "?muc-do=nghiem-trong&bieu=x"))) == 4


def test_a_province_finding_names_its_row_and_the_units_with_the_same_mismatch(world) -> None:
    fill(world)
    province = [
        row
        for row in rows(page(world))
        if row.startswith("Toàn tỉnh") and "lớn hơn tổng số PAKN đã tiếp nhận" in row
    ]
    assert len(province) == 1
    # The rows by their names, linked to their figures unit by unit, the rate that follows last; no code.
    assert "[/ky/2023Q1/tong-hop/BM3-3.4.2/] Biểu mẫu 3, mục 3.4.2: Số PAKN đã giải quyết xong" in province[0]
    assert (
        "[/ky/2023Q1/tong-hop/BM3-3.4/] Biểu mẫu 3, mục 3.4: Tỷ lệ giải quyết phản ánh, kiến nghị"
        in province[0]
    )
    # The unit whose own figures break the same rule, linked to its form at that row.
    assert (
        "Đơn vị có cùng sai lệch: [/ky/2023Q1/don-vi/so-tu-phap/bieu/3/#row-BM3-3.4.2] Sở Tư pháp ."
        in province[0]
    )
    assert "BM3-3.4" not in re.sub(r"\[[^]]*\]", "", province[0])
