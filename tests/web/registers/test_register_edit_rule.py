"""One access rule: the owner's editors change everything, the responsible unit reports progress only."""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from cchc.web.registers.kinds import PROGRESS_FIELDS, REGISTERS
from cchc.web.registers.models import AssignedTask, PlanTask
from cchc.web.registers.services import allowed_fields

D = dt.date
PLAN = REGISTERS["ke-hoach"]


def test_the_rule_gives_every_field_to_the_owner_and_the_progress_to_the_responsible_unit() -> None:
    assert allowed_fields(PLAN, 1, 2, {1}) == frozenset(PLAN.fields)
    assert allowed_fields(PLAN, 1, 2, {2}) == PROGRESS_FIELDS
    assert allowed_fields(PLAN, 1, 2, {3}) == frozenset()
    feedback = REGISTERS["pakn"]
    assert allowed_fields(feedback, 2, 2, {2}) == frozenset(feedback.fields)


def test_the_reviewer_enters_a_task_of_the_provinces_plan_for_a_department(world) -> None:
    post = {
        "year": "2023",
        "number": "5",
        "owner": str(world.province.pk),
        "title": "Kiểm tra CCHC tại Sở Tư pháp",
        "unit": str(world.unit_a.pk),
        "due_quarter": "2",
    }
    response = world.client(world.reviewer).post("/so-theo-doi/ke-hoach/them/", post)
    assert response.status_code == 302
    task = PlanTask.objects.get()
    assert (task.owner, task.unit) == (world.province, world.unit_a)


def test_the_reviewer_imports_assigned_tasks_for_departments(world) -> None:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(
        0, 0, ["Số, ký hiệu văn bản giao", "Ngày văn bản giao", "Nội dung nhiệm vụ", "Đơn vị chủ trì"]
    )
    sheet.write_row(1, 0, ["01/NQ-CP", "06/01/2023", "Cải thiện môi trường kinh doanh", "so-tu-phap"])
    sheet.write_row(2, 0, ["01/NQ-CP", "06/01/2023", "Đề án 06", "huyen-nga-son"])
    workbook.close()
    buffer.seek(0)
    buffer.name = "giao.xlsx"
    client = world.client(world.reviewer)
    text = client.post(
        "/so-theo-doi/nhiem-vu-giao/nhap-excel/", {"file": buffer}, follow=True
    ).content.decode()
    assert "thêm 2 mục" in text, re.findall(r"Dòng[^<]*|Thiếu[^<]*", text)
    assert set(AssignedTask.objects.values_list("unit__code", flat=True)) == {"so-tu-phap", "huyen-nga-son"}


def test_the_responsible_unit_reports_completion_but_cannot_change_the_task(world) -> None:
    task = PlanTask.objects.create(
        year=2023,
        number="1",
        title="Nhiệm vụ của tỉnh",
        owner=world.province,
        unit=world.unit_a,
        due_quarter=1,
    )
    client = world.client(world.reporter_a)
    page = client.get(f"/so-theo-doi/ke-hoach/{task.pk}/").content.decode()
    assert 'name="completed_on"' in page and 'name="title"' in page and "disabled" in page
    post = {
        "year": "2023",
        "number": "1",
        "title": "Đổi nội dung",
        "due_quarter": "1",
        "completed_on": "01/03/2023",
        "evidence_number": "12/BC-STP",
        "evidence_date": "01/03/2023",
    }
    assert client.post(f"/so-theo-doi/ke-hoach/{task.pk}/", post).status_code == 302
    task.refresh_from_db()
    assert task.title == "Nhiệm vụ của tỉnh" and task.completed_on == D(2023, 3, 1)
    assert task.owner == world.province and task.unit == world.unit_a
    # Deleting is the owner's: the responsible unit may not.
    assert client.post(f"/so-theo-doi/ke-hoach/{task.pk}/xoa/", {"confirm": "1"}).status_code == 403


def test_the_reviewer_edits_the_provinces_task_done_by_a_department(world) -> None:
    task = PlanTask.objects.create(
        year=2023, number="1", title="Nhiệm vụ", owner=world.province, unit=world.unit_a, due_quarter=1
    )
    post = {
        "year": "2023",
        "number": "1",
        "owner": str(world.province.pk),
        "title": "Nhiệm vụ đã sửa",
        "unit": str(world.unit_b.pk),
        "due_quarter": "2",
    }
    assert world.client(world.reviewer).post(f"/so-theo-doi/ke-hoach/{task.pk}/", post).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.unit) == ("Nhiệm vụ đã sửa", world.unit_b)


def test_a_department_is_not_offered_to_add_government_tasks_but_may_import_its_progress(world) -> None:
    client = world.client(world.reporter_a)
    page = client.get("/so-theo-doi/nhiem-vu-giao/").content.decode()
    assert "Thêm mục" not in page and "Nhập từ Excel" in page
    assert client.get("/so-theo-doi/nhiem-vu-giao/them/").status_code == 403
    assert "Thêm mục" in world.client(world.reviewer).get("/so-theo-doi/nhiem-vu-giao/").content.decode()
