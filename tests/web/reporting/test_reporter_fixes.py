"""The reporter's fixes: the return comment first, who corrects a figure taken from a source, the findings
of what is being typed (after a refused save and live while typing), never the saved figures' beside them."""

from __future__ import annotations

import io
import re

import openpyxl
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.web.reporting.models import Channel, Value
from cchc.web.reporting.services import save_values, submission_for, transition
from cchc.web.reporting.sources import write_sourced_values

URL = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Said to the unit's reporter, who makes the fix, and to the others (the reviewer), who do not.
REGISTER_HINT = "Sửa các mục của đơn vị trong sổ theo dõi (trang «Sổ theo dõi PAKN»)."
REGISTER_HINT_OTHERS = (
    "Muốn sửa: người nhập số liệu của đơn vị sửa các mục trong sổ theo dõi (trang «Sổ theo dõi PAKN»)."
)


def flat(html: bytes) -> str:
    return " ".join(html.decode().split())


def returned_with_a_pakn_figure(world) -> None:  # type: ignore[no-untyped-def]
    """Unit A's BM3 holds the PAKN register's figures; it is sent and returned with a comment on them."""
    write_sourced_values(
        world.unit_a,
        world.period,
        {"BM3-3.4.1": 12, "BM3-3.4.2": 10},
        source="Sổ theo dõi PAKN",
        channel=Channel.REGISTER,
    )
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("95", None)})
    transition(form, world.reporter_a, "submit")
    transition(form, world.reviewer, "return", "Mục 3.4.1: số PAKN tiếp nhận chưa khớp sổ theo dõi.")


def test_the_return_comment_is_at_the_top_of_the_form_and_on_the_reporters_home(world) -> None:
    returned_with_a_pakn_figure(world)
    client = world.client(world.reporter_a)
    page = flat(client.get(URL).content)
    top = page.index("Sở Nội vụ trả lại biểu mẫu để sửa")
    assert top < page.index('class="toolbar excel"') < page.index("Gửi và duyệt")
    assert "Mục 3.4.1: số PAKN tiếp nhận chưa khớp sổ theo dõi." in page[top : top + 600]
    assert "Nguyễn Văn C" in page[top : top + 600]
    home = flat(client.get("/").content)
    assert "Biểu mẫu bị trả lại, cần sửa và gửi lại (1)" in home
    # First on the page, as the guide says: above the deadline reminder and the forms' table.
    first = home.index('<section class="returned"')
    assert first < home.index('class="deadline-notice') < home.index('class="period-block"')
    assert home.index("<h1>") < first
    assert f'href="{URL}">Sở Tư pháp · Biểu mẫu 3 · Quý I năm 2023</a>' in home
    assert "Mục 3.4.1: số PAKN tiếp nhận chưa khớp sổ theo dõi." in home
    # Sent again: the comment leaves the top of the form and the home page (it stays in the history).
    transition(submission_for(world.unit_a, world.period, 3), world.reporter_a, "submit")
    assert "Sở Nội vụ trả lại biểu mẫu để sửa" not in flat(client.get(URL).content)
    assert "Biểu mẫu bị trả lại" not in flat(client.get("/").content)


def test_a_sourced_row_says_who_corrects_it_and_where(world) -> None:
    returned_with_a_pakn_figure(world)
    page = flat(world.client(world.reporter_a).get(URL).content)
    assert (
        'Tự động: <a href="/so-theo-doi/pakn/?don-vi=so-tu-phap&amp;ky=2023Q1&amp;chi-tieu=BM3-3.4.1">'
        in page
    )
    assert f'<small class="source-hint questioned">{REGISTER_HINT}</small>' in page
    assert "Dòng «Tự động» không sửa ở đây được: xem người sửa ghi dưới dòng đó." in page
    reviewer = flat(world.client(world.reviewer).get(URL).content)
    assert f'<small class="source-hint questioned">{REGISTER_HINT_OTHERS}</small>' in reviewer


def test_an_excel_upload_refusing_a_sourced_row_says_who_corrects_it(world) -> None:
    returned_with_a_pakn_figure(world)
    client = world.client(world.reporter_a)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(URL + "excel/").content))
    sheet = workbook["Biểu mẫu 3"]
    line = next(cell.row for cell in sheet["F"] if cell.value == "BM3-3.4.1")
    sheet[f"D{line}"] = 15
    out = io.BytesIO()
    workbook.save(out)
    response = client.post(
        URL + "excel/tai-len/", {"file": SimpleUploadedFile("bm3.xlsx", out.getvalue(), XLSX)}
    )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Tổng số PAKN đã tiếp nhận: số liệu lấy tự động từ «Sổ theo dõi PAKN»" in message
    assert "số liệu lấy tự động từ «Sổ theo dõi PAKN», không sửa ở biểu mẫu được." in message
    assert REGISTER_HINT in message
    assert Value.objects.get(code="BM3-3.4.1").text == "12"


def test_after_a_refused_save_the_findings_are_those_of_the_typed_figures(world) -> None:
    client = world.client(world.reporter_a)
    # Saved: 95 of 100 resolved on time, nothing to find.
    client.post(URL, {"version": "0", "v-BM3-3.1.1": "100", "v-BM3-3.1.2": "95"})
    # Typed: more on time than resolved (a finding) and a word where a number goes (refused).
    response = client.post(
        URL, {"version": "1", "v-BM3-3.1.1": "100", "v-BM3-3.1.2": "120", "v-BM3-3.2.1": "ba"}
    )
    assert response.status_code == 422
    page = flat(response.content)
    assert "Kết quả kiểm tra số liệu đã lưu" not in page
    assert "Kết quả kiểm tra số liệu đang nhập (chưa lưu)" in page
    assert "(120)" in page and 'value="120"' in page


def test_the_live_check_returns_the_findings_of_the_draft_and_saves_nothing(world) -> None:
    client = world.client(world.reporter_a)
    client.post(URL, {"version": "0", "v-BM3-3.1.1": "100", "v-BM3-3.1.2": "95"})
    response = client.post(URL + "tinh-thu/", {"v-BM3-3.1.1": "100", "v-BM3-3.1.2": "120"})
    html = flat(response.content)
    assert '<section class="findings-summary" id="findings-summary"' in html and 'hx-swap-oob="true"' in html
    assert 'Kết quả kiểm tra số liệu đang nhập (chưa lưu): <span class="finding error">1 lỗi</span>' in html
    assert "đúng hạn (120) lớn hơn tổng số hồ sơ TTHC đã giải quyết xong (100)" in html
    assert "tính ra 120,00%: sửa một trong hai số." in html and "vượt quá 100%" not in html
    assert (
        '<div class="row-findings" id="findings-BM3-3.1" hx-swap-oob="true"><p class="finding info">'
        "Tỷ lệ tự tính từ hai số bên dưới, đang mâu thuẫn"
    ) in html
    assert (
        '<div class="row-findings" id="findings-BM3-3.1.2" hx-swap-oob="true"><p class="finding error">'
        in html
    )
    # Nothing saved; once saved, the page lists the very findings the live check gave.
    assert Value.objects.get(code="BM3-3.1.2").text == "95"
    live = re.findall(r'<li class="finding (\w+)"><a href="([^"]+)">([^<]+)</a></li>', html)
    client.post(URL, {"version": "1", "v-BM3-3.1.1": "100", "v-BM3-3.1.2": "120"})
    saved = flat(client.get(URL).content)
    assert "Kết quả kiểm tra số liệu đã lưu" in saved
    assert re.findall(r'<li class="finding (\w+)"><a href="([^"]+)">([^<]+)</a></li>', saved) == live
    assert len(live) == 1
    clean = flat(client.post(URL + "tinh-thu/", {"v-BM3-3.1.1": "100", "v-BM3-3.1.2": "90"}).content)
    assert Value.objects.get(code="BM3-3.1.2").text == "120"
    assert "Số liệu đang nhập không có lỗi hay cảnh báo nào." in clean
    assert '<div class="row-findings" id="findings-BM3-3.1.2" hx-swap-oob="true"></div>' in clean


def test_the_comment_box_is_worded_for_the_actions_the_reader_has(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("95", None)})
    reporter = world.client(world.reporter_a)
    page = flat(reporter.get(URL).content)
    assert '<label for="workflow-comment">Ghi chú gửi kèm cho Sở Nội vụ (không bắt buộc)</label>' in page
    assert 'value="submit" class="primary">Gửi Sở Nội vụ</button>' in page
    assert "bắt buộc khi" not in page
    # The note goes with the form, in its history.
    reporter.post(URL + "chuyen/", {"action": "submit", "xac-nhan": "1", "comment": "Số liệu đến 14/3."})
    assert form.events.get(action="submit").comment == "Số liệu đến 14/3."
    page = flat(world.client(world.reviewer).get(URL).content)
    assert '<label for="workflow-comment">Ý kiến (bắt buộc khi trả lại)</label>' in page
    transition(submission_for(world.unit_a, world.period, 3), world.reviewer, "approve")
    page = flat(world.client(world.reviewer).get(URL).content)
    assert '<label for="workflow-comment">Ý kiến (bắt buộc khi mở lại)</label>' in page
    # Once the form is sent, its reporter has no action and no comment box.
    assert "workflow-comment" not in flat(reporter.get(URL).content)
