"""Cùng kỳ: each figure beside the same period of the previous year, across a merger of departments."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cchc.catalogues import default_catalogue
from cchc.core.compare import change_text
from cchc.core.numbers import parse_cell
from cchc.web.org.models import OrgUnit
from cchc.web.org.users import create_user
from cchc.web.reporting.services import ensure_period, save_values, submission_for
from web.conftest import PASSWORD
from web.dashboard.test_aggregate_page import cell


@pytest.mark.parametrize(
    ("code", "now", "before", "shown"),
    [
        ("BM3-3.1.1", "120", "100", "+20 (+20,00%)"),
        ("BM3-3.1.1", "90", "100", "−10 (−10,00%)"),
        ("BM3-3.1.1", "1.234", "1.234", "0 (0,00%)"),
        ("BM3-3.1.1", "5", "0", "+5"),
        ("BM3-3.1", "96,60", "95,40", "+1,20 điểm %"),
        # Points between the rates as printed (98,64 − 98,31), not between the exact ones (0,336).
        ("BM3-3.1", "98,6449", "98,3088", "+0,33 điểm %"),
        ("BM3-3.1", "98,644", "98,636", "0,00 điểm %"),
        ("BM3-3.1.1", "-", "100", ""),
        ("BM1-6", "1", "0", ""),
    ],
)
def test_a_change_is_written_the_vietnamese_way(code: str, now: str, before: str, shown: str) -> None:
    row = default_catalogue().row(code)
    assert change_text(row.kind, row.decimals, parse_cell(now)[0], parse_cell(before)[0]) == shown


def test_the_aggregate_shows_cung_ky_and_the_change(world) -> None:  # type: ignore[no-untyped-def]
    last_year = ensure_period("2022Q1")
    save_values(
        submission_for(world.unit_a, last_year, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("400", None), "BM3-3.1.2": ("380", None)},
    )
    save_values(
        submission_for(world.unit_a, world.period, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("500", None), "BM3-3.1.2": ("483", None)},
    )
    html = world.client(world.reviewer).get("/ky/2023Q1/tong-hop/").content.decode()
    assert "Cùng kỳ<br>2022" in html
    assert (cell(html, "BM3-3.1.1", "cung-ky"), cell(html, "BM3-3.1.1", "tang-giam")) == (
        "400",
        "+100 (+25,00%)",
    )
    assert (cell(html, "BM3-3.1", "cung-ky"), cell(html, "BM3-3.1", "tang-giam")) == ("95,00", "+1,60 điểm %")
    # Without the same period of last year on record there is no such column.
    assert "Cùng kỳ" not in world.client(world.reviewer).get("/ky/2022Q1/tong-hop/").content.decode()


def test_a_merged_department_is_compared_with_the_departments_it_was_formed_from(world) -> None:  # type: ignore[no-untyped-def]
    before_merger = dt.date(2025, 2, 28)
    world.unit_a.valid_to = before_merger
    world.unit_a.save()
    other = OrgUnit.objects.create(
        code="so-ke-hoach",
        name="Sở Kế hoạch và Đầu tư",
        level="so",
        parent=world.province,
        valid_to=before_merger,
    )
    merged = OrgUnit.objects.create(
        code="so-tai-chinh-2025",
        name="Sở Tài chính",
        level="so",
        parent=world.province,
        valid_from=dt.date(2025, 3, 1),
    )
    merged.predecessors.set([world.unit_a, other])
    reporter = create_user("bc-tc", PASSWORD, role="bao-cao", units=["so-tai-chinh-2025"])
    old = create_user("bc-kh", PASSWORD, role="bao-cao", units=["so-ke-hoach"])
    q1_2024, q1_2025 = ensure_period("2024Q1"), ensure_period("2025Q1")
    save_values(
        submission_for(world.unit_a, q1_2024, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("300", None), "BM3-3.1.2": ("290", None)},
    )
    save_values(
        submission_for(other, q1_2024, 3), old, {"BM3-3.1.1": ("200", None), "BM3-3.1.2": ("190", None)}
    )
    save_values(
        submission_for(merged, q1_2025, 3), reporter, {"BM3-3.1.1": ("600", None), "BM3-3.1.2": ("594", None)}
    )
    html = world.client(reporter).get("/ky/2025Q1/don-vi/so-tai-chinh-2025/bieu/3/").content.decode()
    assert "Cùng kỳ: Quý I năm 2024 (của Sở Kế hoạch và Đầu tư, Sở Tư pháp)." in html
    befores = dict(
        re.findall(r'<tr id="row-(BM3-[\d.]+)".*?<small class="muted before">([^<]*)</small>', html, re.S)
    )
    assert befores["BM3-3.1.1"] == "Cùng kỳ 2024: 500; kỳ này tăng 100 (20,00%)"
    assert befores["BM3-3.1"] == "Cùng kỳ 2024: 96,00; kỳ này tăng 3,00 điểm phần trăm"
    # The province's totals compare whatever the units: 600 against 300 + 200.
    page = world.client(world.reviewer).get("/ky/2025Q1/tong-hop/").content.decode()
    assert (cell(page, "BM3-3.1.1", "cung-ky"), cell(page, "BM3-3.1.1", "tang-giam")) == (
        "500",
        "+100 (+20,00%)",
    )


def test_a_yes_no_row_shows_last_years_answer_by_its_name(world) -> None:  # type: ignore[no-untyped-def]
    save_values(
        submission_for(world.unit_a, ensure_period("2022Q1"), 1), world.reporter_a, {"BM1-6": ("1", None)}
    )
    html = world.client(world.reporter_a).get("/ky/2023Q1/don-vi/so-tu-phap/bieu/1/").content.decode()
    row = re.search(r'<tr id="row-BM1-6" .*?</tr>', html, re.S)
    assert row is not None
    assert '<small class="muted before">Cùng kỳ 2022: Có</small>' in row.group(0)


def test_a_rates_change_is_the_difference_of_the_printed_rates_on_the_aggregate_and_dashboard(world) -> None:  # type: ignore[no-untyped-def]
    # 523.620/530.813 = 98,6449 % against 497.809/506.373 = 98,3088 %: a reader subtracts 98,64 − 98,31.
    for period, solved, on_time in (
        (ensure_period("2022Q1"), "506.373", "497.809"),
        (world.period, "530.813", "523.620"),
    ):
        save_values(
            submission_for(world.unit_a, period, 3),
            world.reporter_a,
            {"BM3-3.1.1": (solved, None), "BM3-3.1.2": (on_time, None)},
        )
        # The district and its communes resolved none: the province's rate is the departments' one.
        save_values(
            submission_for(world.unit_b, period, 3),
            world.reporter_b,
            {code: ("0", None) for code in ("BM3-3.2.1", "BM3-3.2.2", "BM3-3.3.1", "BM3-3.3.2")},
        )
    html = world.client(world.reviewer).get("/ky/2023Q1/tong-hop/").content.decode()
    assert (cell(html, "BM3-3.1", "cung-ky"), cell(html, "BM3-3.1", "tang-giam")) == ("98,31", "+0,33 điểm %")
    board = world.client(world.viewer).get("/tong-quan/?ky=2023Q1").content.decode()
    cards = re.findall(
        r'<div class="label">([^<]*)</div>(?:(?!class="label").)*?<div class="detail then">([^<]*)</div>',
        board,
        re.S,
    )
    assert ("Tỷ lệ giải quyết đúng hạn — toàn tỉnh", "Cùng kỳ 2022: 98,31% · +0,33 điểm %") in cards
