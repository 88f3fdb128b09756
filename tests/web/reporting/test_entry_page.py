"""The data entry page: rows laid out like the paper form, saving exactly what was typed, refusals."""

from __future__ import annotations

import re

from cchc.core.numbers import CellKind
from cchc.web.reporting.models import Submission, Value, ValueChange
from cchc.web.reporting.services import save_values, submission_for, transition

URL = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
PREVIEW = URL + "tinh-thu/"


def row_html(content: str, code: str) -> str:
    """The <tr> of one row of the entry table."""
    match = re.search(rf'<tr id="row-{re.escape(code)}".*?</tr>', content, re.S)
    assert match, f"no row {code}"
    return match.group(0)


def post(client, version: int = 0, **cells: str):
    """Post the entry form with cells given as BM3_3_1_1="…" (dots and dash spelled with _)."""
    data = {"version": str(version)}
    for name, text in cells.items():
        form, stt = name.split("_", 1)
        data[f"v-{form}-{stt.replace('_', '.')}"] = text
    return client.post(URL, data)


def test_it_shows_the_rows_a_department_fills_in_and_not_those_of_a_district(world) -> None:
    response = world.client(world.reporter_a).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Biểu mẫu 3: Cải cách thủ tục hành chính" in content
    assert "Quý I năm 2023" in content and "Sở Tư pháp" in content
    assert 'name="v-BM3-3.1.1"' in content and 'name="n-BM3-3.1.1"' in content
    assert "BM3-3.2.1" not in content
    assert 'aria-label="Mục 3.1.1: Tổng số hồ sơ TTHC đã giải quyết xong"' in content
    assert '<tr class="heading" id="row-BM3-3">' in content
    assert "<th>STT</th><th>Chỉ tiêu thống kê</th><th>ĐVT</th>" in content


def test_a_computed_rate_is_shown_and_never_an_input(world) -> None:
    save_values(
        submission_for(world.unit_a, world.period, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("1.250", None), "BM3-3.1.2": ("1.200", None)},
    )
    content = world.client(world.reporter_a).get(URL).content.decode()
    rate = row_html(content, "BM3-3.1")
    assert '<span id="computed-BM3-3.1" title="Tự tính, không nhập">96,00</span>' in rate
    assert "<input" not in rate and "<select" not in rate
    assert 'name="v-BM3-3.1"' not in content


def test_saving_keeps_exactly_what_was_typed_dash_zero_and_blank_apart(world) -> None:
    client = world.client(world.reporter_a)
    response = client.post(
        URL,
        {
            "version": "0",
            "v-BM3-3.1.1": "1.250",
            "n-BM3-3.1.1": "gồm hồ sơ trực tuyến",
            "v-BM3-3.1.2": "",
            "v-BM3-3.4.1": "-",
            "v-BM3-3.4.2": "0",
        },
    )
    assert response.status_code == 302 and response["Location"] == URL
    stored = {v.code: v for v in Value.objects.filter(submission__unit=world.unit_a)}
    assert stored["BM3-3.1.1"].text == "1.250" and stored["BM3-3.1.1"].cell.number == 1250
    assert stored["BM3-3.1.1"].note == "gồm hồ sơ trực tuyến"
    assert stored["BM3-3.4.1"].text == "-" and stored["BM3-3.4.1"].kind == CellKind.DASH
    assert stored["BM3-3.4.2"].text == "0" and stored["BM3-3.4.2"].kind == CellKind.NUMBER
    assert "BM3-3.1.2" not in stored
    page = client.get(URL).content.decode()
    assert "Đã lưu 3 thay đổi." in page
    assert 'name="v-BM3-3.1.1" value="1.250"' in page
    assert 'value="gồm hồ sơ trực tuyến"' in page
    assert 'name="v-BM3-3.1.2" value=""' in page
    assert 'name="v-BM3-3.4.1" value="-"' in page
    assert 'name="v-BM3-3.4.2" value="0"' in page
    assert 'name="version" value="1"' in page
    assert ValueChange.objects.filter(channel="web").exclude(request_id="").count() == 3


def test_clearing_a_cell_leaves_it_blank_not_zero(world) -> None:
    client = world.client(world.reporter_a)
    client.post(URL, {"version": "0", "v-BM3-3.4.2": "7"})
    response = client.post(URL, {"version": "1", "v-BM3-3.4.2": ""})
    assert response.status_code == 302
    assert not Value.objects.filter(code="BM3-3.4.2").exists()
    page = client.get(URL).content.decode()
    assert 'name="v-BM3-3.4.2" value=""' in page and "Đã lưu 1 thay đổi." in page


def test_it_refuses_text_in_a_number_cell_naming_the_row_and_keeps_what_was_typed(world) -> None:
    client = world.client(world.reporter_a)
    response = client.post(
        URL, {"version": "0", "v-BM3-3.1.1": "1.250", "v-BM3-3.1.2": "nhiều", "n-BM3-3.1.2": "ghi chú"}
    )
    assert response.status_code == 422
    content = response.content.decode()
    problem = row_html(content, "BM3-3.1.2")
    assert "mục 3.1.2" in problem and "«nhiều» không phải là số" in problem
    assert 'value="nhiều"' in problem and 'value="ghi chú"' in problem and 'aria-invalid="true"' in problem
    assert 'name="v-BM3-3.1.1" value="1.250"' in content
    assert "Chưa lưu: 1 ô cần sửa" in content
    assert not Value.objects.exists()
    assert not Submission.objects.filter(unit=world.unit_a, form=3).exists()


def test_a_stale_version_gets_the_conflict_message_and_saves_nothing(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None)})
    response = world.client(world.reporter_a).post(URL, {"version": "0", "v-BM3-3.1.1": "11"})
    assert response.status_code == 422
    content = response.content.decode()
    assert "vừa được người khác lưu" in content
    assert 'name="v-BM3-3.1.1" value="11"' in content
    assert "đang lưu: «10»" in content
    assert Value.objects.get(code="BM3-3.1.1").text == "10"
    assert Submission.objects.get(pk=form.pk).version == 1


def test_a_finding_appears_beside_its_row_and_in_the_summary(world) -> None:
    client = world.client(world.reporter_a)
    assert client.post(URL, {"version": "0", "v-BM3-3.1.1": "10", "v-BM3-3.1.2": "12"}).status_code == 302
    content = client.get(URL).content.decode()
    beside = row_html(content, "BM3-3.1.2")
    assert (
        '<p class="finding error">Số hồ sơ TTHC giải quyết đúng hạn (12) lớn hơn tổng số hồ sơ TTHC đã giải '
        "quyết xong (10), nên tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn tính ra "
        "120,00%: sửa một trong hai số.</p>"
    ) in beside
    # One mistake, one error: the computed rate (120,00) is marked as following from its two numbers.
    rate = row_html(content, "BM3-3.1")
    assert ">120,00</span>" in rate
    assert (
        '<p class="finding info">Tỷ lệ tự tính từ hai số bên dưới, đang mâu thuẫn: sửa hai số đó, tỷ lệ sẽ '
        "tự tính lại.</p>"
    ) in rate
    assert "vượt quá 100%" not in content
    assert '<span class="finding error">1 lỗi</span>' in content
    assert "lớn hơn" not in row_html(content, "BM3-3.1.1")


def test_a_figure_under_a_dashed_total_is_one_error_beside_the_figure(world) -> None:
    client = world.client(world.reporter_a)
    assert client.post(URL, {"version": "0", "v-BM3-3.1.1": "-", "v-BM3-3.1.2": "2"}).status_code == 302
    content = client.get(URL).content.decode()
    assert (
        '<p class="finding error">Số hồ sơ TTHC giải quyết đúng hạn ghi 2 nhưng tổng số hồ sơ TTHC đã giải '
        "quyết xong ghi «-»: sửa một trong hai.</p>"
    ) in row_html(content, "BM3-3.1.2")
    assert '<p class="finding info">Tỷ lệ tự tính từ hai số bên dưới' in row_html(content, "BM3-3.1")
    assert '<span class="finding error">1 lỗi</span>' in content


def test_the_preview_returns_the_recomputed_rate_and_saves_nothing(world) -> None:
    response = world.client(world.reporter_a).post(
        PREVIEW, {"version": "0", "v-BM3-3.1.1": "1.250", "v-BM3-3.1.2": "1.200", "v-BM3-3.4.1": "4"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert '<span id="computed-BM3-3.1" hx-swap-oob="true">96,00</span>' in content
    assert '<span id="computed-BM3-3.4" hx-swap-oob="true"></span>' in content
    assert "<html" not in content
    assert not Value.objects.exists() and not Submission.objects.exists()


def test_the_form_posts_its_preview_through_htmx_while_typing(world) -> None:
    content = world.client(world.reporter_a).get(URL).content.decode()
    assert f'hx-post="{PREVIEW}" hx-trigger="input changed delay:300ms" hx-swap="none"' in content
    assert "cchc/entry.js" in content
    assert '<button type="submit" name="save" value="1">Lưu</button>' in content


def test_a_coded_row_is_a_list_of_its_codes_with_blank_and_dash(world) -> None:
    client = world.client(world.reporter_a)
    content = client.get("/ky/2023Q1/don-vi/so-tu-phap/bieu/1/").content.decode()
    select = row_html(content, "BM1-6")
    assert '<select class="cell" name="v-BM1-6"' in select
    assert '<option value="" selected></option>' in select and '<option value="-">-</option>' in select
    assert '<option value="1">Có</option>' in select and '<option value="0">Không</option>' in select
    response = client.post("/ky/2023Q1/don-vi/so-tu-phap/bieu/1/", {"version": "0", "v-BM1-6": "1"})
    assert response.status_code == 302
    assert Value.objects.get(code="BM1-6").text == "1"
    again = row_html(client.get("/ky/2023Q1/don-vi/so-tu-phap/bieu/1/").content.decode(), "BM1-6")
    assert '<option value="1" selected>Có</option>' in again


def test_a_submitted_form_is_read_only_with_no_inputs_and_no_upload(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", None)})
    transition(form, world.reporter_a, "submit")
    content = world.client(world.reporter_a).get(URL).content.decode()
    assert 'name="v-' not in content and 'name="file"' not in content
    assert re.search(r'<td class="num value">\s*10\s*</td>', row_html(content, "BM3-3.1.1"))
    assert "Đã gửi" in content and "Biểu mẫu chỉ xem" in content
    response = world.client(world.reporter_a).post(URL, {"version": "2", "v-BM3-3.1.1": "11"})
    assert response.status_code == 422
    assert "không sửa được" in response.content.decode()
    assert Value.objects.get(code="BM3-3.1.1").text == "10"


def test_it_links_the_excel_files_and_offers_the_upload_only_to_who_may_edit(world) -> None:
    mine = world.client(world.reporter_a).get(URL).content.decode()
    assert f'href="{URL}excel/"' in mine and f'href="{URL}excel/?trong=1"' in mine
    assert f'action="{URL}excel/tai-len/" enctype="multipart/form-data"' in mine
    assert 'type="file" name="file"' in mine
    viewer = world.client(world.viewer).get(URL).content.decode()
    assert f'href="{URL}excel/"' in viewer and 'name="file"' not in viewer and 'name="v-' not in viewer


def test_a_form_with_no_rows_for_the_units_level_says_so(world) -> None:
    content = world.client(world.reporter_a).get("/ky/2023Q1/don-vi/so-tu-phap/bieu/2/").content.decode()
    assert "không có chỉ tiêu nào cho đơn vị" in content and 'name="v-' not in content


BM1 = "/ky/2023Q1/don-vi/so-tu-phap/bieu/1/"


def test_a_refused_cell_is_said_once_under_its_row_and_counted_once_with_the_other_errors(world) -> None:
    client = world.client(world.reporter_a)
    data = {"version": "0", "v-BM1-2.1": "10", "v-BM1-2.2": "12", "v-BM1-6.1": "abc"}
    content = client.post(BM1, data).content.decode()
    message = "Số lượng phiếu khảo sát: «abc» không phải là số; ghi số, «-» hoặc để trống."
    assert row_html(content, "BM1-6.1").count(message) == 1
    assert 'aria-describedby="findings-BM1-6.1"' in row_html(content, "BM1-6.1")
    # 12 > 10 does not stop a save, «abc» does: two errors, one of them the cell to fix before saving.
    assert "Chưa lưu: 2 lỗi cần sửa; phải sửa 1 ô thì mới lưu được" in content
    assert '<span class="finding error">2 lỗi</span>' in content
    assert content.count(message) == 2  # the list at the top and under the row


def test_a_number_too_long_to_keep_is_one_of_the_listed_errors(world) -> None:
    digits = "1" * 40
    content = world.client(world.reporter_a).post(BM1, {"version": "0", "v-BM1-6.1": digits}).content.decode()
    assert "Chưa lưu: 1 ô cần sửa" in content
    assert '<span class="finding error">1 lỗi</span>' in content
    assert row_html(content, "BM1-6.1").count("vượt quá giới hạn lưu trữ") == 1
    assert content.count("vượt quá giới hạn lưu trữ") == 2


def test_a_coded_row_reads_by_its_meaning_on_the_sent_form(world) -> None:
    form = submission_for(world.unit_a, world.period, 1)
    save_values(form, world.reporter_a, {"BM1-6": ("1", None), "BM1-6.2": ("0", None)})
    transition(form, world.reporter_a, "submit")
    content = world.client(world.reviewer).get(BM1).content.decode()
    assert re.search(r'<td class="num value">\s*Có\s*</td>', row_html(content, "BM1-6"))
    assert re.search(r'<td class="num value">\s*Trực tuyến\s*</td>', row_html(content, "BM1-6.2"))
