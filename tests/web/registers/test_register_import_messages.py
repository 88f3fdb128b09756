"""Import messages say what to write: numbers, quarters, channels, units; the header may sit lower."""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from cchc.web.org.models import OrgUnit
from cchc.web.registers.models import Feedback, PlanTask

D = dt.date


def _post(client, kind, rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row, line in enumerate(rows):
        sheet.write_row(row, 0, line)
    workbook.close()
    buffer.seek(0)
    buffer.name = "so.xlsx"
    text = client.post(f"/so-theo-doi/{kind}/nhap-excel/", {"file": buffer}, follow=True).content.decode()
    return re.findall(r"(?:Dòng|Thiếu|Đã nhập)[^<]*", text)


PLAN = ["Năm kế hoạch", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Hạn theo quý"]


def test_a_year_or_quarter_that_is_not_a_number_says_how_to_write_it(world) -> None:
    lines = _post(world.client(world.reporter_a), "ke-hoach", [PLAN, ["abc", "Nhiệm vụ", "so-tu-phap", "V"]])
    assert "Dòng 2, cột A (Năm kế hoạch): Năm kế hoạch ghi bằng số, ví dụ 2023." in lines
    assert "Dòng 2, cột D (Hạn theo quý): Hạn theo quý ghi 1, 2, 3, 4 hoặc I, II, III, IV." in lines


def test_an_unknown_channel_lists_the_channels(world) -> None:
    headers = [
        "Ngày tiếp nhận",
        "Kênh tiếp nhận",
        "Nội dung phản ánh, kiến nghị",
        "Đơn vị xử lý",
        "Hạn xử lý",
    ]
    line = ["03/01/2023", "Zalo", "PAKN", "so-tu-phap", "17/01/2023"]
    lines = _post(world.client(world.reporter_a), "pakn", [headers, line])
    assert any(
        text.startswith(
            "Dòng 2, cột B (Kênh tiếp nhận): Không có lựa chọn «Zalo»; ghi một trong: Hệ thống phản ánh"
        )
        for text in lines
    ), lines


def test_an_unknown_unit_gives_one_message_only(world) -> None:
    lines = _post(world.client(world.reporter_a), "ke-hoach", [PLAN, [2023, "Nhiệm vụ", "so-khong-co", 1]])
    assert lines == [
        "Dòng 2, cột C (Đơn vị chủ trì): không có đơn vị «so-khong-co» trong các đơn vị bạn được nhập sổ theo dõi."
    ]


def test_a_title_line_above_the_header_and_left_out_optional_columns_are_fine(world) -> None:
    rows = [
        ["Kế hoạch CCHC năm 2023 của Sở Tư pháp"],
        [],
        PLAN[:3],
        [2023, "Nhiệm vụ thứ nhất", "Sở Tư pháp"],
    ]
    lines = _post(world.client(world.reporter_a), "ke-hoach", rows)
    assert any("thêm 1 mục" in text for text in lines), lines
    task = PlanTask.objects.get()
    assert (task.title, task.owner, task.due_quarter) == ("Nhiệm vụ thứ nhất", world.unit_a, None)


def test_a_name_shared_by_two_units_is_refused_and_the_code_asked_for(world) -> None:
    OrgUnit.objects.create(code="so-tu-phap-2", name="Sở Tư pháp", level="so", parent=world.province)
    headers = ["Ngày tiếp nhận", "Nội dung phản ánh, kiến nghị", "Đơn vị xử lý", "Hạn xử lý"]
    lines = _post(
        world.client(world.admin), "pakn", [headers, ["03/01/2023", "PAKN", "Sở Tư pháp", "17/01/2023"]]
    )
    assert lines == [
        "Dòng 2, cột C (Đơn vị xử lý): tên «Sở Tư pháp» khớp nhiều đơn vị (so-tu-phap, so-tu-phap-2); hãy ghi mã đơn vị."
    ]
    assert not Feedback.objects.exists()
