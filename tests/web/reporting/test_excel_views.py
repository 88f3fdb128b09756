"""Downloading a unit's form as Excel and uploading it back, with the same access rules as the pages."""

from __future__ import annotations

import io

import openpyxl
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.catalogues import default_catalogue
from cchc.core.aggregation import rows_for_level
from cchc.core.catalogue import Level
from cchc.documents.xlsx_form import read_form, write_form
from cchc.web.reporting.models import Channel, Status, Submission, Value, ValueChange
from cchc.web.reporting.services import input_codes, save_values, submission_for
from cchc.web.reporting.sources import write_sourced_values

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download_url(unit: str = "so-tu-phap", form: int = 3) -> str:
    return f"/ky/2023Q1/don-vi/{unit}/bieu/{form}/excel/"


def _upload_url(unit: str = "so-tu-phap", form: int = 3) -> str:
    return _download_url(unit, form) + "tai-len/"


def _entry_url(unit: str = "so-tu-phap", form: int = 3) -> str:
    return f"/ky/2023Q1/don-vi/{unit}/bieu/{form}/"


def _upload(client, data: bytes, unit: str = "so-tu-phap"):
    return client.post(_upload_url(unit), {"file": SimpleUploadedFile("bm3.xlsx", data, XLSX)})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _set(data: bytes, values: dict[str, object]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Biểu mẫu 3"]
    lines = {cell.value: cell.row for cell in sheet["F"]}
    for code, value in values.items():
        sheet[f"D{lines[code]}"] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _file_of_unit_b() -> bytes:
    catalogue = default_catalogue()
    return write_form(
        catalogue,
        3,
        rows_for_level(catalogue, 3, Level.HUYEN),
        {},
        {},
        unit_name="UBND huyện Nga Sơn",
        unit_code="huyen-nga-son",
        period_code="2023Q1",
        period_label="Quý I năm 2023",
        template_id="bnv-581",
    )


def test_a_reporter_downloads_their_units_filled_form(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("1.250", None), "BM3-3.1.2": ("1.200", "ghi chú")})
    response = world.client(world.reporter_a).get(_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="BM3-so-tu-phap-2023Q1.xlsx"'
    catalogue = default_catalogue()
    entries = read_form(
        response.content,
        catalogue,
        3,
        unit_code="so-tu-phap",
        period_code="2023Q1",
        allowed_codes=input_codes(catalogue, world.unit_a, 3),
    )
    assert entries["BM3-3.1.1"] == ("1.250", "") and entries["BM3-3.1.2"] == ("1.200", "ghi chú")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Biểu mẫu 3"]
    assert 96 in [cell.value for cell in sheet["D"]]  # the computed rate 3.1


def test_a_blank_download_has_the_layout_without_values(world) -> None:
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.1": ("7", "x")})
    response = world.client(world.reporter_a).get(_download_url() + "?trong=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="BM3-so-tu-phap-2023Q1-trong.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Biểu mẫu 3"]
    assert [row[3] for row in sheet.iter_rows(min_row=6, values_only=True)] == [None] * (sheet.max_row - 5)


def test_a_reporter_gets_404_for_another_units_download_and_upload(world) -> None:
    client = world.client(world.reporter_a)
    assert client.get(_download_url("huyen-nga-son")).status_code == 404
    data = _set(_file_of_unit_b(), {"BM3-3.2.1": 10})
    assert _upload(client, data, unit="huyen-nga-son").status_code == 404
    assert not Value.objects.exists() and not ValueChange.objects.exists()


def test_a_viewer_may_download_but_not_upload(world) -> None:
    client = world.client(world.viewer)
    assert client.get(_download_url()).status_code == 200
    data = _set(client.get(_download_url()).content, {"BM3-3.1.1": 10})
    assert _upload(client, data).status_code == 403
    assert not Value.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(world) -> None:
    client = world.client(None)
    for response in (client.get(_download_url()), _upload(client, b"x")):
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


def test_an_unknown_period_or_form_is_404(world) -> None:
    client = world.client(world.reporter_a)
    assert client.get("/ky/2019Q1/don-vi/so-tu-phap/bieu/3/excel/").status_code == 404
    assert client.get(_download_url(form=9)).status_code == 404


def test_an_upload_saves_the_values_and_records_excel_changes(world) -> None:
    client = world.client(world.reporter_a)
    data = _set(client.get(_download_url()).content, {"BM3-3.1.1": 1250, "BM3-3.1.2": 1200, "BM3-3.4.1": "-"})
    response = _upload(client, data)
    assert response.status_code == 302 and response["Location"] == _entry_url()
    assert _messages(response) == ["Đã nhận tệp Excel: 3 thay đổi."]
    stored = {v.code: v.text for v in Value.objects.filter(submission__unit=world.unit_a)}
    assert stored == {"BM3-3.1.1": "1.250", "BM3-3.1.2": "1.200", "BM3-3.4.1": "-"}
    changes = ValueChange.objects.filter(submission__unit=world.unit_a)
    assert {c.channel for c in changes} == {"excel"} and {c.user for c in changes} == {world.reporter_a}
    assert len({c.request_id for c in changes}) == 1 and changes[0].request_id == response["X-Request-Id"]


def test_uploading_the_downloaded_file_again_records_no_change(world) -> None:
    save_values(
        submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.1": ("1250", None)}
    )
    client = world.client(world.reporter_a)
    response = _upload(client, client.get(_download_url()).content)
    assert _messages(response) == ["Đã nhận tệp Excel: 0 thay đổi."]
    assert ValueChange.objects.count() == 1


def test_a_bad_upload_lists_every_problem_and_saves_nothing(world) -> None:
    client = world.client(world.reporter_a)
    data = _set(
        client.get(_download_url()).content, {"BM3-3.1.1": 1250, "BM3-3.1.2": "nhiều", "BM3-3.4.2": -3}
    )
    response = _upload(client, data)
    assert response.status_code == 302 and response["Location"] == _entry_url()
    [message] = _messages(response)
    assert "ô D" in message and "(mục 3.1.2): «nhiều» không phải là số" in message
    assert "(mục 3.4.2): «-3» là số âm" in message
    assert not Value.objects.exists() and not ValueChange.objects.exists()


def test_an_upload_of_another_units_file_is_refused(world) -> None:
    response = _upload(world.client(world.reporter_a), _set(_file_of_unit_b(), {"BM3-3.2.1": 10}))
    [message] = _messages(response)
    assert "của đơn vị «UBND huyện Nga Sơn» (mã huyen-nga-son)" in message
    assert not Value.objects.exists()


def test_an_upload_that_is_not_an_excel_file_is_refused(world) -> None:
    response = _upload(world.client(world.reporter_a), b"PK\x03\x04 not really a zip")
    assert _messages(response) == [
        "Chưa nhận tệp Excel, chưa lưu số liệu nào:<ul><li>Tệp không phải là tệp Excel (.xlsx) hoặc đã bị hỏng."
        "</li></ul>"
    ]


def test_an_upload_over_5_mb_is_refused_unread(world) -> None:
    response = _upload(world.client(world.reporter_a), b"\0" * (5 * 1024 * 1024 + 1))
    [message] = _messages(response)
    assert "tối đa 5 MB" in message and not Value.objects.exists()


def test_an_upload_without_a_file_is_refused(world) -> None:
    response = world.client(world.reporter_a).post(_upload_url())
    assert _messages(response) == ["Chưa chọn tệp Excel để tải lên."]


def test_an_upload_to_a_submitted_form_is_refused(world) -> None:
    client = world.client(world.reporter_a)
    data = _set(client.get(_download_url()).content, {"BM3-3.1.1": 5})
    Submission.objects.filter(pk=submission_for(world.unit_a, world.period, 3).pk).update(
        status=Status.SUBMITTED
    )
    [message] = _messages(_upload(client, data))
    assert "«Đã gửi»" in message and not Value.objects.exists()


def test_the_download_escapes_nothing_a_unit_typed_as_a_formula(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("5", '=HYPERLINK("http://x","y")')})
    sheet = openpyxl.load_workbook(io.BytesIO(world.client(world.reporter_a).get(_download_url()).content))[
        "Biểu mẫu 3"
    ]
    notes = [cell for cell in sheet["E"] if cell.value and str(cell.value).startswith("=")]
    assert [(c.value, c.data_type) for c in notes] == [('=HYPERLINK("http://x","y")', "s")]


def test_a_file_downloaded_before_a_colleagues_save_is_refused_and_keeps_their_figures(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("5", None)})
    client = world.client(world.reporter_a)
    downloaded = client.get(_download_url()).content
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("7", None)})
    response = _upload(client, _set(downloaded, {"BM3-3.1.2": 4}))
    assert "Biểu mẫu đã được lưu lại sau khi tệp Excel này được tải về" in _messages(response)[0]
    stored = {v.code: v.text for v in Value.objects.filter(submission__unit=world.unit_a)}
    assert stored == {"BM3-3.1.1": "7"}


def test_a_number_too_large_to_store_is_refused_naming_the_row(world) -> None:
    client = world.client(world.reporter_a)
    response = _upload(client, _set(client.get(_download_url()).content, {"BM3-3.1.1": 10**19}))
    assert "mục 3.1.1" in _messages(response)[0] and "vượt quá giới hạn lưu trữ" in _messages(response)[0]
    assert not Value.objects.exists()


def test_a_register_fed_row_is_locked_and_marked_and_a_typed_change_is_named_with_every_problem(
    world,
) -> None:
    write_sourced_values(
        world.unit_a,
        world.period,
        {"BM3-3.4.1": 4},
        source="Sổ theo dõi phản ánh, kiến nghị",
        channel=Channel.REGISTER,
    )
    client = world.client(world.reporter_a)
    downloaded = client.get(_download_url()).content
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded))["Biểu mẫu 3"]
    lines = {cell.value: cell.row for cell in sheet["F"]}
    fed, typed = sheet[f"D{lines['BM3-3.4.1']}"], sheet[f"D{lines['BM3-3.1.1']}"]
    assert sheet.protection.sheet and fed.protection.locked and not typed.protection.locked
    assert sheet[f"E{lines['BM3-3.4.1']}"].value == "tự động: Sổ theo dõi phản ánh, kiến nghị"
    assert fed.value == 4

    data = _set(downloaded, {"BM3-3.1.1": 1770, "BM3-3.1.2": 1800, "BM3-3.4.1": 5})
    [message] = _messages(_upload(client, data))
    assert (
        f"Trang «Biểu mẫu 3», ô D{lines['BM3-3.4.1']} (mục 3.4.1): Tổng số PAKN đã tiếp nhận: số liệu lấy "
        "tự động từ «Sổ theo dõi phản ánh, kiến nghị», không sửa ở biểu mẫu được." in message
    )
    # The same file's other error is named at once, with its cell.
    assert (
        f"ô D{lines['BM3-3.1.2']} (mục 3.1.2): Số hồ sơ TTHC giải quyết đúng hạn (1.800) lớn hơn" in message
    )
    assert Value.objects.get(code="BM3-3.4.1").cell.number == 4
    assert not Value.objects.filter(code__in=["BM3-3.1.1", "BM3-3.1.2"]).exists()
