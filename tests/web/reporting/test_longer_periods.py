"""A 6-month form starts from what Quý I (and Quý II) already hold, row by row by what the row is over time."""

from __future__ import annotations

import re
from decimal import Decimal

from cchc.core.indicators import indicator_figures
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.prefill import parts_of
from cchc.web.reporting.services import (
    catalogue_for,
    ensure_period,
    province_aggregate,
    save_values,
    submission_for,
    unit_findings,
)

H1 = "/ky/2023H1/don-vi/so-tu-phap/bieu/{form}/"


def typed(world, period: ReportingPeriod, form: int, cells: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    save_values(
        submission_for(world.unit_a, period, form), world.reporter_a, {c: (v, None) for c, v in cells.items()}
    )


def field(html: str, code: str) -> tuple[str, str]:
    """The value of a row's entry field and the line saying where it came from."""
    value = re.search(rf'name="v-{re.escape(code)}" value="([^"]*)"', html)
    assert value, code
    row = re.search(rf'<tr id="row-{re.escape(code)}".*?</tr>', html, re.S)
    assert row, code
    earlier = re.search(r'<small class="muted earlier">([^<]*)</small>', row.group(0))
    return value.group(1), earlier.group(1).strip() if earlier else ""


def test_a_six_month_form_is_prefilled_from_quarter_one_then_from_quarters_one_and_two(world) -> None:  # type: ignore[no-untyped-def]
    typed(world, world.period, 3, {"BM3-3.1.1": "100", "BM3-3.1.2": "95"})
    typed(world, world.period, 4, {"BM4-2.2": "50", "BM4-2.1": "55"})
    typed(world, world.period, 5, {"BM5-3": "2"})
    half = ensure_period("2023H1")
    assert [p.code for p in parts_of(half)[0]] == ["2023Q1"]
    client = world.client(world.reporter_a)
    html = client.get(H1.format(form=3)).content.decode()
    assert "Biểu mẫu chưa lưu lần nào" in html
    assert field(html, "BM3-3.1.1") == (
        "100",
        "Điền sẵn · 6 tháng = Quý I (100) + phát sinh từ 15/03 đến 14/06 (0, chưa kỳ nào báo cáo)",
    )
    # With Quý II on record the window is covered: a flow adds both, a stock takes the latest.
    q2 = ensure_period("2023Q2")
    typed(world, q2, 3, {"BM3-3.1.1": "120", "BM3-3.1.2": "118"})
    typed(world, q2, 4, {"BM4-2.2": "52", "BM4-2.1": "55"})
    html = client.get(H1.format(form=3)).content.decode()
    assert field(html, "BM3-3.1.1") == ("220", "Điền sẵn · 6 tháng = Quý I (100) + Quý II (120)")
    assert field(html, "BM3-3.1.2") == ("213", "Điền sẵn · 6 tháng = Quý I (95) + Quý II (118)")
    html = client.get(H1.format(form=4)).content.decode()
    assert field(html, "BM4-2.2") == ("52", "Điền sẵn · Quý I: 50; Quý II: 52 (số mới nhất)")
    html = client.get(H1.format(form=5)).content.decode()
    assert field(html, "BM5-3") == ("2", "Điền sẵn · Quý I: 2; Quý II: chưa nhập (lũy kế mới nhất)")
    # The unit confirms: the figures are saved as shown, and the form is no longer pre-filled.
    answer = client.post(H1.format(form=3), {"version": "0", "v-BM3-3.1.1": "220", "v-BM3-3.1.2": "213"})
    assert answer.status_code == 302
    html = client.get(H1.format(form=3)).content.decode()
    assert "Biểu mẫu chưa lưu lần nào" not in html
    assert field(html, "BM3-3.1.1") == ("220", "6 tháng = Quý I (100) + Quý II (120)")


def test_an_annual_figure_says_what_it_is_made_of_and_a_yes_no_row_takes_any_yes(world) -> None:  # type: ignore[no-untyped-def]
    half, q3 = ensure_period("2023H1"), ensure_period("2023Q3")
    typed(world, half, 3, {"BM3-3.1.1": "871", "BM3-3.1.2": "850"})
    typed(world, q3, 3, {"BM3-3.1.1": "442"})
    typed(world, half, 1, {"BM1-6": "1", "BM1-7": "0"})
    typed(world, q3, 1, {"BM1-6": "0"})
    ensure_period("2023Y")
    client = world.client(world.reporter_a)
    html = client.get("/ky/2023Y/don-vi/so-tu-phap/bieu/3/").content.decode()
    assert field(html, "BM3-3.1.1") == (
        "1.313",
        "Điền sẵn · Cả năm = 6 tháng (871) + Quý III (442) + phát sinh từ 15/09 đến 14/12 (0, chưa kỳ nào báo cáo)",
    )
    assert field(html, "BM3-3.1.2")[1] == (
        "Điền sẵn · Cả năm = 6 tháng (850) + Quý III (chưa nhập) + phát sinh từ 15/09 đến 14/12 "
        "(0, chưa kỳ nào báo cáo)"
    )
    html = client.get("/ky/2023Y/don-vi/so-tu-phap/bieu/1/").content.decode()
    six = re.search(r'<tr id="row-BM1-6".*?</tr>', html, re.S)
    assert six and '<option value="1" selected>Có</option>' in six.group(0)
    assert (
        '<small class="muted earlier">Điền sẵn · 6 tháng: Có; Quý III: Không (Có nếu một kỳ đã có)'
        in six.group(0)
    )
    seven = re.search(r'<tr id="row-BM1-7".*?</tr>', html, re.S)
    assert seven and "6 tháng: Không; Quý III: chưa nhập (Có nếu một kỳ đã có)" in seven.group(0)
    assert "cộng dồn" not in html and "dưới mỗi ô ghi cách lấy" in html


def test_a_saved_annual_figure_says_what_it_adds_to_its_parts_so_the_note_adds_up(world) -> None:  # type: ignore[no-untyped-def]
    half, q3 = ensure_period("2023H1"), ensure_period("2023Q3")
    typed(world, half, 3, {"BM3-3.1.1": "3.328", "BM3-3.1.2": "3.300"})
    typed(world, q3, 3, {"BM3-3.1.1": "1.628", "BM3-3.1.2": "1.700"})
    typed(world, half, 1, {"BM1-6.2": "0"})
    typed(world, q3, 1, {"BM1-6.2": "0"})
    year = ensure_period("2023Y")
    # 6.659 = 3.328 + 1.628 + 1.703; a figure below its parts (4.900 < 5.000) gets no remainder.
    typed(world, year, 3, {"BM3-3.1.1": "6.659", "BM3-3.1.2": "4.900"})
    html = world.client(world.reporter_a).get("/ky/2023Y/don-vi/so-tu-phap/bieu/3/").content.decode()
    assert field(html, "BM3-3.1.1") == (
        "6.659",
        "Cả năm = 6 tháng (3.328) + Quý III (1.628) + phát sinh từ 15/09 đến 14/12 (1.703, chưa kỳ nào báo cáo)",
    )
    assert field(html, "BM3-3.1.2")[1] == (
        "Cả năm = 6 tháng (3.300) + Quý III (1.700) + phát sinh từ 15/09 đến 14/12 (chưa kỳ nào báo cáo)"
    )
    # A choice that is not yes/no: the parts' answers and a plain «kiểm tra lại».
    html = world.client(world.reporter_a).get("/ky/2023Y/don-vi/so-tu-phap/bieu/1/").content.decode()
    row = re.search(r'<tr id="row-BM1-6\.2".*?</tr>', html, re.S)
    assert row and "6 tháng: Trực tuyến; Quý III: Trực tuyến (kiểm tra lại)</small>" in row.group(0)


def test_a_longer_periods_flow_below_its_parts_is_a_finding(world) -> None:  # type: ignore[no-untyped-def]
    typed(world, world.period, 3, {"BM3-3.1.1": "100", "BM3-3.1.2": "95"})
    q2 = ensure_period("2023Q2")
    typed(world, q2, 3, {"BM3-3.1.1": "120", "BM3-3.1.2": "118"})
    half = ensure_period("2023H1")
    typed(world, half, 3, {"BM3-3.1.1": "150", "BM3-3.1.2": "140"})
    found = [
        f for f in unit_findings(catalogue_for(half), world.unit_a, half) if f.rule == "flow-below-parts"
    ]
    assert [(f.codes, f.expected, f.actual) for f in found] == [
        (("BM3-3.1.1",), Decimal(220), Decimal(150)),
        (("BM3-3.1.2",), Decimal(213), Decimal(140)),
    ]
    assert found[0].message == (
        "Tổng số hồ sơ TTHC đã giải quyết xong ghi 150, ít hơn 220 mà Quý I và Quý II đã báo cáo cộng lại: "
        "kỳ này phải gồm cả các kỳ đó."
    )


def test_an_annual_period_is_tiled_by_six_months_then_quarter_three(world) -> None:  # type: ignore[no-untyped-def]
    for code in ("2023H1", "2023Q3", "2023Y"):
        ensure_period(code)
    parts, rest = parts_of(ReportingPeriod.objects.get(code="2023Y"))
    assert [p.code for p in parts] == ["2023H1", "2023Q3"]
    assert rest is not None and (rest[0].isoformat(), rest[1].isoformat()) == ("2023-09-15", "2023-12-14")
    assert parts_of(world.period) == ([], None)  # a quarter stands on its own


def test_an_annual_aggregate_is_the_hand_computation(world) -> None:  # type: ignore[no-untyped-def]
    year = ensure_period("2023Y")
    typed(world, year, 3, {"BM3-3.1.1": "2.140", "BM3-3.1.2": "2.097"})
    typed(world, year, 4, {"BM4-2.1": "55", "BM4-2.2": "52"})
    save_values(
        submission_for(world.unit_b, year, 3),
        world.reporter_b,
        {
            "BM3-3.2.1": ("8.410", None),
            "BM3-3.2.2": ("8.391", None),
            "BM3-3.3.1": ("12.006", None),
            "BM3-3.3.2": ("11.950", None),
        },
    )
    total = province_aggregate(year)
    # Σ on time / Σ resolved: (2.097 + 8.391 + 11.950) / (2.140 + 8.410 + 12.006) = 22.438 / 22.556.
    assert (total["BM3-3.1.1"].number, total["BM3-3.2.1"].number, total["BM3-3.3.1"].number) == (
        2140,
        8410,
        12006,
    )
    whole, _ = indicator_figures(catalogue_for(year), total, "dung-han")
    assert whole.value == Decimal("99.48") and (whole.numerator, whole.denominator) == (22438, 22556)
    assert total["BM4-2.2"].number == 52
