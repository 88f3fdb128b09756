"""Excel export of a register: the page's filters and scope, dates as dates, user text never a formula."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from cchc.web.registers.models import Feedback, PlanTask


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def test_text_that_looks_like_a_formula_is_written_as_text(world) -> None:
    subjects = ['=HYPERLINK("http://x","bấm")', "+84 912 000 000", "-1", "@SUM(A1)"]
    for subject in subjects:
        Feedback.objects.create(
            received_on=dt.date(2023, 1, 3), subject=subject, unit=world.unit_a, due_on=dt.date(2023, 1, 17)
        )
    sheet = _sheet(world.client(world.reporter_a).get("/so-theo-doi/pakn/excel/"))
    column = [cell.value for cell in sheet["D"]][1:]
    assert column == subjects
    assert all(cell.data_type == "s" for cell in sheet["D"][1:])


def test_the_export_has_the_headers_the_import_reads_and_dates_as_dates(world) -> None:
    PlanTask.objects.create(
        year=2023,
        number="7",
        title="Kiểm tra CCHC",
        unit=world.unit_a,
        due_quarter=2,
        completed_on=dt.date(2023, 5, 3),
        evidence_number="65/KH-SNV",
        evidence_date=dt.date(2023, 5, 3),
    )
    sheet = _sheet(world.client(world.reviewer).get("/so-theo-doi/ke-hoach/excel/"))
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == [
        "Mã số",
        "Năm kế hoạch",
        "Số thứ tự trong kế hoạch",
        "Kế hoạch của",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
    ]
    assert headers[-2:] == ["Tình trạng hôm nay", "Sở Nội vụ xác nhận"]
    line = [cell.value for cell in sheet[2]]
    assert line[3] == line[5] == "Sở Tư pháp (so-tu-phap)"
    assert line[8] == dt.datetime(2023, 5, 3)
    assert line[-2:] == ["Hoàn thành đúng hạn", "Chờ xác nhận"]


def test_the_export_keeps_the_lists_filters(world) -> None:
    for unit in (world.unit_a, world.unit_b):
        Feedback.objects.create(
            received_on=dt.date(2023, 1, 3),
            subject=f"PAKN của {unit.name}",
            unit=unit,
            due_on=dt.date(2023, 1, 17),
        )
    sheet = _sheet(world.client(world.reviewer).get("/so-theo-doi/pakn/excel/?don-vi=huyen-nga-son"))
    assert [cell.value for cell in sheet["D"]][1:] == ["PAKN của UBND huyện Nga Sơn"]
