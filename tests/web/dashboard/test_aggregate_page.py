"""The province aggregate page: the province's forms by level, the approved-only toggle, the drill-down."""

from __future__ import annotations

import re

import pytest

from cchc.core.catalogue import Level
from cchc.web.reporting.services import province_aggregate, save_values, submission_for, transition


def fill(world) -> None:
    """Unit A (Sở) and unit B (huyện) report BM3 and BM7; the province enters its own BM3 rows."""
    period = world.period
    save_values(
        submission_for(world.unit_a, period, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("500", None), "BM3-3.1.2": ("483", None)},
    )
    save_values(
        submission_for(world.unit_a, period, 7),
        world.reporter_a,
        {"BM7-6.7.1": ("100", None), "BM7-6.7.2": ("50", None)},
    )
    save_values(
        submission_for(world.unit_b, period, 3),
        world.reporter_b,
        {"BM3-3.2.1": ("1.000", None), "BM3-3.2.2": ("990", None)},
    )
    save_values(
        submission_for(world.unit_b, period, 7),
        world.reporter_b,
        {"BM7-6.7.1": ("300", None), "BM7-6.7.2": ("270", None)},
    )
    save_values(
        submission_for(world.province, period, 3),
        world.reviewer,
        {"BM3-1.2": ("12", "Quyết định 123/QĐ-UBND"), "BM3-1.3": ("-", None)},
    )


def row_html(html: str, code: str) -> str:
    """The <tr> of one row of the aggregate page."""
    match = re.search(rf'<tr id="row-{re.escape(code)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {code}"
    return match.group(1)


def cell(html: str, code: str, column: str) -> str:
    """The text of one cell ("total", "so", "huyen", "xa", "tinh") of an aggregate row."""
    match = re.search(rf'data-col="{column}"[^>]*>([^<]*)<', row_html(html, code))
    assert match, f"no column {column} in row {code}"
    return match.group(1).strip()


def page(world, query: str = "") -> str:
    response = world.client(world.reviewer).get(f"/ky/{world.period.code}/tong-hop/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_province_figure_of_a_row_is_the_aggregate_of_the_units(world) -> None:
    fill(world)
    html = page(world)
    expected = province_aggregate(world.period)["BM7-6.7.1"].text
    assert expected == "400"
    assert cell(html, "BM7-6.7.1", "total") == expected


def test_a_rate_is_recomputed_from_the_summed_counts_not_averaged(world) -> None:
    fill(world)
    html = page(world)
    # A: 50/100 = 50 %, B: 270/300 = 90 %; the average would be 70,00, the province is 320/400.
    assert cell(html, "BM7-6.7", "total") == "80,00"
    assert cell(html, "BM7-6.7.2", "total") == "320"


def test_the_level_columns_split_each_row_by_the_level_of_the_units(world) -> None:
    fill(world)
    html = page(world)
    assert cell(html, "BM7-6.7.1", "so") == "100"
    assert cell(html, "BM7-6.7.1", "huyen") == "300"
    assert cell(html, "BM3-3.1", "so") == "96,60"
    assert cell(html, "BM3-3.2", "huyen") == "99,00"
    assert cell(html, "BM3-3.2.1", "huyen") == "1.000"
    assert province_aggregate(world.period, level=Level.HUYEN)["BM3-3.2"].text == "99,00"
    # A department has no row 3.2: its column is marked as not applicable, not left blank.
    assert re.search(r'class="na" data-col="so"', row_html(html, "BM3-3.2"))
    assert cell(html, "BM3-1.2", "tinh") == "12"


def test_a_dash_and_a_blank_stay_different_and_the_province_note_is_shown(world) -> None:
    fill(world)
    html = page(world)
    assert cell(html, "BM3-1.3", "total") == "-"
    assert cell(html, "BM3-1.1", "total") == ""
    assert "Quyết định 123/QĐ-UBND" in row_html(html, "BM3-1.2")


def test_the_page_lays_out_the_seven_forms_like_the_paper_forms(world) -> None:
    html = page(world)
    for number in range(1, 8):
        assert f'href="#bieu-{number}"' in html and f'id="bieu-{number}"' in html
    for heading in (
        "STT",
        "Chỉ tiêu thống kê",
        "ĐVT",
        "Số liệu",
        "Ghi chú",
        "Sở, ban, ngành",
        "UBND cấp huyện",
    ):
        assert f">{heading}<" in html


def test_the_approved_only_toggle_counts_only_approved_forms(world) -> None:
    fill(world)
    form = transition(submission_for(world.unit_a, world.period, 7), world.reporter_a, "submit")
    transition(form, world.reviewer, "approve")
    html = page(world, "?da-duyet=1")
    assert "Chỉ tính biểu mẫu đã duyệt." in html
    assert cell(html, "BM7-6.7.1", "total") == "100"
    assert cell(html, "BM7-6.7", "total") == "50,00"
    assert cell(html, "BM7-6.7.1", "huyen") == ""
    assert cell(page(world), "BM7-6.7.1", "total") == "400"


def test_it_says_how_many_units_contributed_and_how_many_were_approved(world) -> None:
    fill(world)
    form = transition(submission_for(world.unit_a, world.period, 7), world.reporter_a, "submit")
    transition(form, world.reviewer, "approve")
    html = page(world)
    progress = re.search(r'id="progress">(.*?)</p>', html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", "", progress).split())
    assert "3/3 đơn vị đã có số liệu" in text
    assert "1 đơn vị đã gửi" in text
    assert "1/5 biểu mẫu có số liệu đã được duyệt" in text
    assert "2 đơn vị có số liệu, 1 đã được duyệt" in html  # Biểu mẫu 7


def test_the_drill_down_lists_each_units_figure_and_the_sums(world) -> None:
    fill(world)
    response = world.client(world.viewer).get(f"/ky/{world.period.code}/tong-hop/BM7-6.7/")
    assert response.status_code == 200
    html = response.content.decode()
    a = re.search(r'<tr id="unit-so-tu-phap"[^>]*>(.*?)</tr>', html, re.S).group(1)
    b = re.search(r'<tr id="unit-huyen-nga-son"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "Sở Tư pháp" in a and ">50,00<" in a and ">100<" in a
    assert "UBND huyện Nga Sơn" in b and ">90,00<" in b and ">270<" in b
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/7/#row-BM7-6.7"' in a
    assert "Đang nhập" in a
    total = re.search(r'<tr id="total">(.*?)</tr>', html, re.S).group(1)
    for figure in (">320<", ">400<", ">80,00<"):
        assert figure in total


def test_the_approved_only_drill_down_shows_the_unapproved_unit_as_left_out(world) -> None:
    fill(world)
    form = transition(submission_for(world.unit_a, world.period, 7), world.reporter_a, "submit")
    transition(form, world.reviewer, "approve")
    html = (
        world.client(world.reviewer)
        .get(f"/ky/{world.period.code}/tong-hop/BM7-6.7/?da-duyet=1")
        .content.decode()
    )
    b = re.search(r'<tr id="unit-huyen-nga-son"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "không tính (biểu mẫu chưa được duyệt)" in b and ">90,00<" in b
    total = re.search(r'<tr id="total">(.*?)</tr>', html, re.S).group(1)
    assert ">50,00<" in total and ">100<" in total


def test_the_drill_down_of_the_aggregate_rows_links_back_from_the_aggregate_page(world) -> None:
    fill(world)
    html = page(world, "?da-duyet=1")
    assert 'href="/ky/2023Q1/tong-hop/BM7-6.7.1/?da-duyet=1"' in html


@pytest.mark.parametrize("code", ["BM9-1", "BM3-3", "khong-co"])
def test_the_drill_down_of_an_unknown_row_or_a_heading_is_not_found(world, code) -> None:
    response = world.client(world.reviewer).get(f"/ky/{world.period.code}/tong-hop/{code}/")
    assert response.status_code == 404


def test_an_unknown_period_is_not_found(world) -> None:
    assert world.client(world.reviewer).get("/ky/2019Q1/tong-hop/").status_code == 404


def test_the_drill_down_counts_the_units_that_gave_a_part_and_says_the_formula_in_words(world) -> None:
    from cchc.web.reporting.services import save_values, submission_for

    for unit, reporter, code in (
        (world.unit_a, world.reporter_a, "BM4-1.5.2"),
        (world.unit_b, world.reporter_b, "BM4-1.5.3"),
    ):
        save_values(submission_for(unit, world.period, 4), reporter, {code: ("7", None)})
    html = world.client(world.reviewer).get("/ky/2023Q1/tong-hop/BM4-1.5/").content.decode()
    # Each unit gave one part of the total, none the total itself: both are counted.
    assert "2 đơn vị có số liệu được tính vào số toàn tỉnh." in html
    assert "Chỉ tiêu tự tính: tổng của mục 1.5.1, mục 1.5.2 và mục 1.5.3;" in html
    assert "<code>" not in html and "BM4-1.5.1 +" not in html


def test_a_rate_s_formula_reads_as_a_division() -> None:
    from cchc.catalogues import default_catalogue
    from cchc.web.dashboard.tables import formula_words

    catalogue = default_catalogue()
    assert formula_words(catalogue, catalogue.row("BM3-3.1")) == "mục 3.1.2 chia cho mục 3.1.1, nhân 100"


def test_a_coded_row_shows_its_meaning_not_its_code(world) -> None:
    period = world.period
    save_values(
        submission_for(world.province, period, 1),
        world.reviewer,
        {"BM1-6": ("1", None), "BM1-6.2": ("0", None)},
    )
    save_values(
        submission_for(world.unit_a, period, 1),
        world.reporter_a,
        {"BM1-6": ("1", None), "BM1-6.2": ("2", None)},
    )
    html = page(world)
    # 6.2 takes the province's own answer (0); 6 the highest of every unit's (1).
    assert cell(html, "BM1-6.2", "total") == "Trực tuyến" and cell(html, "BM1-6", "total") == "Có"
    assert cell(html, "BM1-6", "so") == "Có"
    note = re.search(r'<td class="note"[^>]*>([^<]*)</td>', row_html(html, "BM1-6.2")).group(1)
    assert "Trực tuyến" not in note  # said in the figure, not again in the note
    drill = world.client(world.viewer).get(f"/ky/{period.code}/tong-hop/BM1-6.2/").content.decode()
    mine = re.search(r'<tr id="unit-so-tu-phap"[^>]*>(.*?)</tr>', drill, re.S).group(1)
    assert '<td class="num value">Kết hợp</td>' in mine
    total = re.search(r'<tr id="total">(.*?)</tr>', drill, re.S).group(1)
    assert ">Trực tuyến<" in total
