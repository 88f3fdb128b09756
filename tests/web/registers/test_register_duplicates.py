"""Importing the same plan or the same assigned tasks twice is refused, naming the line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from cchc.web.registers.kinds import REGISTERS, RegisterError
from cchc.web.registers.models import AssignedTask, PlanTask
from cchc.web.registers.services import save_items

PLAN_HEADERS = [
    "Năm kế hoạch",
    "Số thứ tự trong kế hoạch",
    "Kế hoạch của",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
]


def _xlsx(headers, lines) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row, line in enumerate([headers, *lines]):
        sheet.write_row(row, 0, line)
    workbook.close()
    buffer.seek(0)
    buffer.name = "ke-hoach.xlsx"
    return buffer


def test_importing_the_same_plan_twice_is_refused_and_names_the_line(world) -> None:
    lines = [[2023, str(n), "ubnd-tinh", f"Nhiệm vụ {n}", "so-tu-phap"] for n in (1, 2, 3)]
    client = world.client(world.reviewer)
    first = client.post(
        "/so-theo-doi/ke-hoach/nhap-excel/", {"file": _xlsx(PLAN_HEADERS, lines)}, follow=True
    )
    assert "thêm 3 mục" in first.content.decode()
    again = client.post(
        "/so-theo-doi/ke-hoach/nhap-excel/", {"file": _xlsx(PLAN_HEADERS, lines)}, follow=True
    )
    text = again.content.decode()
    assert "Dòng 2: trùng nhiệm vụ cùng năm, cùng kế hoạch và cùng số thứ tự" in text
    assert "Dòng 4: trùng" in text
    assert PlanTask.objects.count() == 3


def test_two_lines_of_one_file_with_the_same_number_are_refused(world) -> None:
    lines = [
        [2023, "1", "ubnd-tinh", "Nhiệm vụ A", "so-tu-phap"],
        [2023, "1", "ubnd-tinh", "Nhiệm vụ B", "so-tu-phap"],
    ]
    client = world.client(world.reviewer)
    text = client.post(
        "/so-theo-doi/ke-hoach/nhap-excel/", {"file": _xlsx(PLAN_HEADERS, lines)}, follow=True
    ).content.decode()
    assert (
        "Dòng 3: trùng nhiệm vụ cùng năm, cùng kế hoạch và cùng số thứ tự (hoặc nội dung) với dòng 2" in text
    )
    assert not PlanTask.objects.exists()


def test_the_same_number_in_another_units_plan_is_not_a_duplicate(world) -> None:
    base = {"year": 2023, "number": "1", "title": "Nhiệm vụ", "due_quarter": 1}
    save_items(
        REGISTERS["ke-hoach"], [(None, base | {"owner": world.province, "unit": world.unit_a})], world.admin
    )
    save_items(
        REGISTERS["ke-hoach"], [(None, base | {"owner": world.unit_a, "unit": world.unit_a})], world.admin
    )
    assert PlanTask.objects.count() == 2


def test_an_assigned_task_from_the_same_document_with_the_same_title_is_refused(world) -> None:
    values = {
        "issuer": "cp",
        "source_number": "01/NQ-CP",
        "assigned_on": dt.date(2023, 1, 6),
        "title": "Cải thiện môi trường kinh doanh",
        "unit": world.unit_a,
    }
    register = REGISTERS["nhiem-vu-giao"]
    save_items(register, [(None, values)], world.reviewer)
    with pytest.raises(RegisterError) as refused:
        save_items(register, [(None, values | {"unit": world.unit_b})], world.reviewer)
    assert "trùng nhiệm vụ cùng văn bản giao và cùng nội dung với mục số" in refused.value.problems[0]
    assert AssignedTask.objects.count() == 1
