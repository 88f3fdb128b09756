"""Excel import of a register: all or nothing, every problem naming the line and the column."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from cchc.web.registers.models import Feedback, RegisterChange
from cchc.web.reporting.models import Value

HEADERS = [
    "Mã số",
    "Ngày tiếp nhận",
    "Kênh tiếp nhận",
    "Nội dung phản ánh, kiến nghị",
    "Thủ tục hành chính liên quan",
    "Đơn vị xử lý",
    "Hạn xử lý",
    "Ngày xử lý xong",
    "Kết quả xử lý",
]


def _xlsx(lines: list[list[object]]) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for row, line in enumerate([HEADERS, *lines]):
        for column, value in enumerate(line):
            if isinstance(value, dt.date):
                sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                sheet.write(row, column, value)
    workbook.close()
    buffer.seek(0)
    buffer.name = "pakn.xlsx"
    return buffer


GOOD = [
    None,
    dt.date(2023, 1, 3),
    "Hệ thống phản ánh, kiến nghị",
    "Phản ánh chậm trả kết quả",
    "Cấp Phiếu lý lịch tư pháp",
    "Sở Tư pháp",
    dt.date(2023, 1, 17),
    dt.date(2023, 1, 10),
    "Đã trả lời công dân",
]


def _upload(client, lines):
    return client.post("/so-theo-doi/pakn/nhap-excel/", {"file": _xlsx(lines)}, follow=True)


def test_it_imports_every_line_and_fills_the_form(world) -> None:
    second = [
        *GOOD[:1],
        "15/02/2023",
        "cong-dvc",
        "Kiến nghị giảm hồ sơ",
        "",
        "so-tu-phap",
        "01/03/2023",
        None,
        None,
    ]
    response = _upload(world.client(world.reporter_a), [GOOD, second])
    text = response.content.decode()
    assert "thêm 2 mục, sửa 0 mục" in text
    assert Feedback.objects.count() == 2
    assert Feedback.objects.get(subject="Kiến nghị giảm hồ sơ").via == "cong-dvc"
    figures = dict(Value.objects.filter(submission__unit=world.unit_a).values_list("code", "text"))
    assert figures == {"BM3-3.4.1": "2", "BM3-3.4.2": "1"}
    assert set(RegisterChange.objects.values_list("channel", flat=True)) == {"excel"}


def test_one_bad_line_refuses_the_whole_file_naming_the_line_and_column(world) -> None:
    bad_date = [*GOOD[:1], "31/02/2023", *GOOD[2:]]
    handled_before_received = [*GOOD[:7], dt.date(2022, 12, 1), *GOOD[8:]]
    no_result = [*GOOD[:8], ""]
    other_unit = [*GOOD[:5], "UBND huyện Nga Sơn", *GOOD[6:]]
    response = _upload(
        world.client(world.reporter_a), [GOOD, bad_date, handled_before_received, no_result, other_unit]
    )
    text = response.content.decode()
    assert "không có mục nào được ghi" in text
    assert "Dòng 3, cột B (Ngày tiếp nhận): Ngày không hợp lệ" in text
    assert "Dòng 4, cột H (Ngày xử lý xong): Ngày 01/12/2022 trước ngày tiếp nhận (03/01/2023)." in text
    assert "Dòng 5, cột I (Kết quả xử lý): PAKN đã xử lý xong cần ghi kết quả xử lý." in text
    assert "Dòng 6, cột F (Đơn vị xử lý): không có đơn vị «UBND huyện Nga Sơn»" in text
    assert Feedback.objects.count() == 0
    assert not Value.objects.exists() and not RegisterChange.objects.exists()


def test_a_line_with_a_number_changes_that_item_and_audits_it(world) -> None:
    client = world.client(world.reporter_a)
    _upload(client, [GOOD])
    item = Feedback.objects.get()
    changed = [item.pk, *GOOD[1:8], "Đã trả lời và hướng dẫn"]
    text = _upload(client, [changed]).content.decode()
    assert "thêm 0 mục, sửa 1 mục" in text
    item.refresh_from_db()
    assert item.result == "Đã trả lời và hướng dẫn"
    change = RegisterChange.objects.get(action="update")
    assert (change.field, change.old_text, change.new_text) == (
        "result",
        "Đã trả lời công dân",
        "Đã trả lời và hướng dẫn",
    )


def test_a_missing_column_and_a_non_excel_file_are_refused(world) -> None:
    client = world.client(world.reporter_a)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet().write_row(0, 0, [h for h in HEADERS if h != "Hạn xử lý"])
    workbook.close()
    buffer.seek(0)
    buffer.name = "thieu.xlsx"
    text = client.post("/so-theo-doi/pakn/nhap-excel/", {"file": buffer}, follow=True).content.decode()
    assert "Thiếu cột «Hạn xử lý» ở dòng tiêu đề (dòng 1)." in text
    junk = io.BytesIO(b"khong phai excel")
    junk.name = "x.xlsx"
    text = client.post("/so-theo-doi/pakn/nhap-excel/", {"file": junk}, follow=True).content.decode()
    assert "không phải là tệp Excel" in text
    assert Feedback.objects.count() == 0
