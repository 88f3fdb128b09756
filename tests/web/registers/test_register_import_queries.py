"""Re-importing unchanged lines costs the same queries for 10 lines as for 200 (no query per line)."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.db.backends import utils

from cchc.web.registers.models import Feedback, RegisterChange

D = dt.date
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


def _file(items) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for row, item in enumerate(items, start=1):
        line = [item.pk, "03/01/2023", "he-thong", item.subject, "", "so-tu-phap", "17/01/2023", "", ""]
        sheet.write_row(row, 0, line)
    workbook.close()
    buffer.seek(0)
    buffer.name = "pakn.xlsx"
    return buffer


def _queries(world, count: int, monkeypatch) -> int:
    Feedback.objects.all().delete()
    items = Feedback.objects.bulk_create(
        Feedback(received_on=D(2023, 1, 3), subject=f"PAKN {n}", unit=world.unit_a, due_on=D(2023, 1, 17))
        for n in range(count)
    )
    client = world.client(world.reporter_a)
    upload = _file(items)
    # Counted at the cursor, whatever thread or connection the request runs its queries on.
    queries: list[str] = []
    execute = utils.CursorWrapper.execute

    def counting(self, sql, params=None):
        queries.append(sql)
        return execute(self, sql, params)

    with monkeypatch.context() as patch:
        patch.setattr(utils.CursorWrapper, "execute", counting)
        response = client.post("/so-theo-doi/pakn/nhap-excel/", {"file": upload})
    assert response.status_code == 302
    shown = client.get("/so-theo-doi/pakn/").content.decode()
    assert "thêm 0 mục, sửa 0 mục" in shown
    return len(queries)


def test_reimporting_unchanged_lines_makes_no_query_per_line_and_no_change(world, monkeypatch) -> None:
    small, large = _queries(world, 10, monkeypatch), _queries(world, 200, monkeypatch)
    assert small > 10
    assert large == small
    assert not RegisterChange.objects.exists()
