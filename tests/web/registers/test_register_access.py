"""The registers have the forms' scoping: another unit's items are a 404 by page, URL, export and import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import xlsxwriter

from cchc.web.registers.models import Feedback, PlanTask

D = dt.date


def _items(world):
    mine = PlanTask.objects.create(
        year=2023, title="Nhiệm vụ của Sở Tư pháp", unit=world.unit_a, due_quarter=1
    )
    theirs = PlanTask.objects.create(
        year=2023, title="Nhiệm vụ của Nga Sơn", unit=world.unit_b, due_quarter=1
    )
    return mine, theirs


def test_a_reporter_sees_only_the_items_of_their_unit(world) -> None:
    _items(world)
    page = world.client(world.reporter_a).get("/so-theo-doi/ke-hoach/").content.decode()
    assert "Nhiệm vụ của Sở Tư pháp" in page and "Nhiệm vụ của Nga Sơn" not in page


def test_another_units_item_is_a_404_by_page_edit_and_confirmation(world) -> None:
    _, theirs = _items(world)
    client = world.client(world.reporter_a)
    assert client.get(f"/so-theo-doi/ke-hoach/{theirs.pk}/").status_code == 404
    data = {"year": "2023", "title": "Đổi", "unit": str(world.unit_a.pk), "due_quarter": "1"}
    assert client.post(f"/so-theo-doi/ke-hoach/{theirs.pk}/", data).status_code == 404
    assert (
        client.post(f"/so-theo-doi/ke-hoach/{theirs.pk}/xac-nhan/", {"action": "confirm"}).status_code == 404
    )
    assert client.get("/so-theo-doi/ke-hoach/99999/").status_code == 404
    assert client.get("/so-theo-doi/ke-hoach/?don-vi=huyen-nga-son").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Nhiệm vụ của Nga Sơn"


def test_another_unit_is_a_404_for_the_export_and_absent_from_it(world) -> None:
    _items(world)
    client = world.client(world.reporter_a)
    assert client.get("/so-theo-doi/ke-hoach/excel/?don-vi=huyen-nga-son").status_code == 404
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/so-theo-doi/ke-hoach/excel/").content)).worksheets[
        0
    ]
    assert [cell.value for cell in sheet["E"]][1:] == ["Nhiệm vụ của Sở Tư pháp"]


def test_an_import_cannot_reach_another_units_item_or_unit(world) -> None:
    _, theirs = _items(world)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(
        0,
        0,
        [
            "Mã số",
            "Năm kế hoạch",
            "Số thứ tự trong kế hoạch",
            "Nội dung nhiệm vụ",
            "Đơn vị chủ trì",
            "Hạn hoàn thành",
            "Hạn theo quý",
            "Ngày hoàn thành",
            "Số văn bản kết quả",
            "Ngày văn bản kết quả",
            "Ghi chú",
        ],
    )
    sheet.write_row(1, 0, [theirs.pk, 2023, "1", "Sửa trộm", "Sở Tư pháp", None, 1])
    sheet.write_row(2, 0, [None, 2023, "2", "Thêm cho đơn vị khác", "huyen-nga-son", None, 2])
    workbook.close()
    buffer.seek(0)
    buffer.name = "ke-hoach.xlsx"
    response = world.client(world.reporter_a).post(
        "/so-theo-doi/ke-hoach/nhap-excel/", {"file": buffer}, follow=True
    )
    text = response.content.decode()
    assert f"Dòng 2, cột A (Mã số): không có mục số «{theirs.pk}»" in text
    assert "Dòng 3, cột E (Đơn vị chủ trì): không có đơn vị «huyen-nga-son»" in text
    assert PlanTask.objects.count() == 2
    theirs.refresh_from_db()
    assert theirs.title == "Nhiệm vụ của Nga Sơn"


def test_a_reporter_cannot_add_an_item_for_another_unit(world) -> None:
    data = {"year": "2023", "title": "Nhiệm vụ", "unit": str(world.unit_b.pk), "due_quarter": "1"}
    response = world.client(world.reporter_a).post("/so-theo-doi/ke-hoach/them/", data)
    assert response.status_code == 422
    assert "Không có đơn vị này trong các đơn vị bạn được nhập sổ theo dõi." in response.content.decode()
    assert not PlanTask.objects.exists()


def test_a_viewer_sees_everything_and_changes_nothing(world) -> None:
    mine, _ = _items(world)
    client = world.client(world.viewer)
    page = client.get("/so-theo-doi/ke-hoach/").content.decode()
    assert "Nhiệm vụ của Sở Tư pháp" in page and "Nhiệm vụ của Nga Sơn" in page
    item_page = client.get(f"/so-theo-doi/ke-hoach/{mine.pk}/").content.decode()
    assert "<th>Đơn vị chủ trì</th><td>Sở Tư pháp</td>" in item_page
    assert 'name="title"' not in item_page and "Xóa mục" not in item_page
    data = {"year": "2023", "title": "Đổi", "unit": str(world.unit_a.pk), "due_quarter": "1"}
    assert client.post(f"/so-theo-doi/ke-hoach/{mine.pk}/", data).status_code == 403
    assert client.get("/so-theo-doi/ke-hoach/them/").status_code == 403
    assert client.post("/so-theo-doi/ke-hoach/nhap-excel/", {}).status_code == 403


def test_the_reviewer_sees_every_unit_but_edits_only_their_own(world) -> None:
    mine, _ = _items(world)
    client = world.client(world.reviewer)
    assert client.get(f"/so-theo-doi/ke-hoach/{mine.pk}/").status_code == 200
    data = {"year": "2023", "title": "Đổi", "unit": str(world.unit_a.pk), "due_quarter": "1"}
    assert client.post(f"/so-theo-doi/ke-hoach/{mine.pk}/", data).status_code == 403
    Feedback.objects.create(
        received_on=D(2023, 1, 3), subject="PAKN", unit=world.province, due_on=D(2023, 1, 17)
    )
    assert "PAKN" in client.get("/so-theo-doi/pakn/?don-vi=ubnd-tinh").content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(world) -> None:
    response = world.client(None).get("/so-theo-doi/ke-hoach/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
