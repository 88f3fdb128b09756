"""The registers' pages: the index counts the user's items, the list filters by status, the item page."""

from __future__ import annotations

import datetime as dt

from cchc.web.org.models import OrgUnit
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask

D = dt.date


def test_the_index_counts_only_the_items_the_user_may_see(world) -> None:
    PlanTask.objects.create(year=2023, title="A", unit=world.unit_a, due_quarter=1)
    PlanTask.objects.create(year=2023, title="B", unit=world.unit_b, due_quarter=1)
    page = world.client(world.reporter_a).get("/so-theo-doi/").content.decode()
    assert "Nhiệm vụ Kế hoạch CCHC" in page
    assert '<td class="num">1</td>' in page and '<td class="num">2</td>' not in page
    page = world.client(world.viewer).get("/so-theo-doi/").content.decode()
    assert '<td class="num">2</td>' in page


def test_the_index_names_the_form_rows_each_register_fills(world) -> None:
    page = world.client(world.reporter_a).get("/so-theo-doi/").content.decode()
    assert "<td>Biểu mẫu 1, mục 2.1, 2.2</td>" in page
    assert "<td>Biểu mẫu 1, mục 5.1, 5.2, 5.3, 5.4</td>" in page
    assert "<td>Biểu mẫu 3, mục 3.4.1, 3.4.2</td>" in page


def test_the_unit_filter_tells_a_department_before_and_after_a_merger_apart(world) -> None:
    top = world.unit_a.parent
    for code, start, end in (("so-xd-cu", D(2000, 1, 1), D(2025, 2, 28)), ("so-xd", D(2025, 3, 1), None)):
        OrgUnit.objects.create(
            code=code, name="Sở Xây dựng", level="so", parent=top, valid_from=start, valid_to=end
        )
    page = world.client(world.viewer).get("/so-theo-doi/ke-hoach/").content.decode()
    assert '<option value="so-xd-cu">Sở Xây dựng (đến 28/02/2025)</option>' in page
    assert '<option value="so-xd">Sở Xây dựng (từ 01/03/2025)</option>' in page
    assert f'<option value="{world.unit_a.code}">{world.unit_a.name}</option>' in page


def test_the_list_filters_by_todays_status(world) -> None:
    base = {"source_number": "01/NQ-CP", "assigned_on": D(2023, 1, 6), "unit": world.unit_a}
    AssignedTask.objects.create(title="Nhiệm vụ quá hạn", deadline=D(2023, 2, 1), **base)
    AssignedTask.objects.create(
        title="Nhiệm vụ đúng hạn", deadline=D(2023, 2, 1), completed_on=D(2023, 1, 20), **base
    )
    client = world.client(world.reporter_a)
    page = client.get("/so-theo-doi/nhiem-vu-giao/?tinh-trang=qua-han").content.decode()
    assert "Nhiệm vụ quá hạn" in page and "Nhiệm vụ đúng hạn" not in page
    page = client.get("/so-theo-doi/nhiem-vu-giao/?tinh-trang=dung-han").content.decode()
    assert "Nhiệm vụ quá hạn" not in page and "Nhiệm vụ đúng hạn" in page


def test_an_unknown_register_period_or_row_is_a_404(world) -> None:
    client = world.client(world.reviewer)
    assert client.get("/so-theo-doi/khong-co/").status_code == 404
    assert client.get("/so-theo-doi/pakn/?ky=2099Q1").status_code == 404
    assert client.get("/so-theo-doi/pakn/?ky=2023Q1&chi-tieu=BM1-2.1").status_code == 404


def test_the_feedback_list_of_a_period_shows_the_on_time_rate_of_qd_766(world) -> None:
    for handled in (D(2023, 1, 10), D(2023, 1, 20), D(2023, 1, 12)):
        Feedback.objects.create(
            received_on=D(2023, 1, 3),
            subject="PAKN",
            unit=world.unit_a,
            due_on=D(2023, 1, 17),
            handled_on=handled,
        )
    page = world.client(world.reporter_a).get("/so-theo-doi/pakn/?ky=2023Q1").content.decode()
    assert "Tỷ lệ xử lý PAKN đúng hạn (QĐ 766/QĐ-TTg)" in page and "66,67%" in page


def test_a_long_list_comes_in_pages_that_keep_the_filters(world) -> None:
    Feedback.objects.bulk_create(
        Feedback(
            received_on=D(2023, 1, 3), subject=f"PAKN số {i:03d}", unit=world.unit_a, due_on=D(2023, 1, 17)
        )
        for i in range(250)
    )
    client = world.client(world.reporter_a)
    first = client.get("/so-theo-doi/pakn/?don-vi=so-tu-phap").content.decode()
    assert "250 mục." in first and "Trang 1/2" in first
    assert "PAKN số 000" in first and "PAKN số 249" not in first
    assert 'href="?don-vi=so-tu-phap&amp;trang=2"' in first
    second = client.get("/so-theo-doi/pakn/?don-vi=so-tu-phap&trang=2").content.decode()
    assert "PAKN số 249" in second and "PAKN số 000" not in second
