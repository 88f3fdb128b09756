"""The lists behind the figures: a unit outside the rows' levels, the province aggregate's drill-down."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers.models import AssignedTask, Feedback, PlanTask

D = dt.date


def test_a_unit_whose_forms_do_not_report_the_rows_sees_its_own_items_and_who_counts_them(world) -> None:
    for n in range(4):
        AssignedTask.objects.create(
            source_number="01/NQ-CP", assigned_on=D(2023, 1, 6), title=f"Nhiệm vụ {n}", unit=world.unit_a
        )
    page = world.client(world.reviewer).get("/so-theo-doi/nhiem-vu-giao/?don-vi=so-tu-phap&ky=2023Q1")
    text = page.content.decode()
    assert "4 mục." in text
    assert "được tính vào biểu mẫu của <strong>UBND tỉnh Thanh Hóa</strong>" in text


def test_the_province_aggregate_links_the_register_figures_to_their_items(world) -> None:
    PlanTask.objects.create(
        year=2023, number="1", title="Nhiệm vụ của tỉnh", owner=world.province, unit=world.unit_a
    )
    PlanTask.objects.create(
        year=2023, number="1", title="Nhiệm vụ của sở", owner=world.unit_a, unit=world.unit_a
    )
    Feedback.objects.create(
        received_on=D(2023, 1, 3), subject="PAKN", unit=world.unit_b, due_on=D(2023, 1, 17)
    )
    client = world.client(world.reviewer)
    client.post("/so-theo-doi/ke-hoach/tinh-lai/", {"confirm": "1"})
    client.post("/so-theo-doi/pakn/tinh-lai/", {"confirm": "1"})
    page = client.get("/ky/2023Q1/tong-hop/").content.decode()
    plan = "/so-theo-doi/ke-hoach/?don-vi=ubnd-tinh&amp;ky=2023Q1&amp;chi-tieu=BM1-2.1"
    feedback = "/so-theo-doi/pakn/?ky=2023Q1&amp;chi-tieu=BM3-3.4.1"
    assert f'<a href="{plan}"' in page and f'<a href="{feedback}"' in page
    listing = client.get(plan.replace("&amp;", "&")).content.decode()
    assert "Nhiệm vụ của tỉnh" in listing and "Nhiệm vụ của sở" not in listing
