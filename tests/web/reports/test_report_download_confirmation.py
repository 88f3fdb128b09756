"""A province report downloaded while its period still has errors: only after a confirmation naming how
many, recorded with who confirmed, when and which errors; without errors, no extra step."""

from __future__ import annotations

import pytest

from cchc.web.reporting.services import save_values, submission_for
from cchc.web.reports.models import DownloadConfirmation
from web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_report")]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def note_in_another_period(world: World) -> None:
    """The province's BM1 with a note dated to last year: one error of the period."""
    save_values(
        submission_for(world.province, world.period, 1), world.reviewer, {"BM1-4.1": ("3", "Quý I năm 2022")}
    )


def test_without_errors_the_report_downloads_at_once(world: World) -> None:
    response = world.client(world.reviewer).get("/ky/2023Q1/bao-cao/tai-ve.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert DownloadConfirmation.objects.count() == 0
    # The confirmation page has nothing to ask: it goes to the download.
    response = world.client(world.reviewer).get("/ky/2023Q1/bao-cao/xac-nhan/docx/?duyet=1")
    assert response["Location"] == "/ky/2023Q1/bao-cao/tai-ve.docx?duyet=1"


def test_with_errors_the_download_asks_for_a_confirmation_naming_them(world: World) -> None:
    note_in_another_period(world)
    reviewer = world.client(world.reviewer)
    response = reviewer.get("/ky/2023Q1/bao-cao/tai-ve.xlsx?duyet=1")
    assert response.status_code == 302
    assert response["Location"] == "/ky/2023Q1/bao-cao/xac-nhan/xlsx/?duyet=1"
    html = " ".join(reviewer.get(response["Location"]).content.decode().split())
    assert "Báo cáo Quý I năm 2023 còn 1 lỗi số liệu" in html
    assert "Tôi đã biết báo cáo còn 1 lỗi số liệu, và vẫn tải về." in html
    assert 'href="/ky/2023Q1/kiem-tra/?muc-do=error">Xem và sửa các lỗi</a>' in html
    assert "ghi chú nêu «Quý I năm 2022»" in html


def test_a_download_without_the_box_ticked_is_refused_and_nothing_is_recorded(world: World) -> None:
    note_in_another_period(world)
    response = world.client(world.reviewer).post("/ky/2023Q1/bao-cao/xac-nhan/docx/", {"so-loi": "1"})
    assert response.status_code == 422
    assert "Hãy đánh dấu ô xác nhận đã biết báo cáo còn 1 lỗi số liệu." in response.content.decode()
    assert DownloadConfirmation.objects.count() == 0


def test_a_confirmation_of_an_older_count_is_asked_again(world: World) -> None:
    note_in_another_period(world)
    response = world.client(world.reviewer).post(
        "/ky/2023Q1/bao-cao/xac-nhan/docx/", {"so-loi": "0", "xac-nhan": "1"}
    )
    assert response.status_code == 422
    assert "nay còn 1 lỗi số liệu" in response.content.decode()
    assert DownloadConfirmation.objects.count() == 0


def test_the_confirmed_download_is_the_report_and_is_recorded_with_who_what_and_when(world: World) -> None:
    note_in_another_period(world)
    response = world.client(world.viewer).post(
        "/ky/2023Q1/bao-cao/xac-nhan/docx/", {"so-loi": "1", "xac-nhan": "1", "duyet": "1"}
    )
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-cchc-2023Q1-da-duyet.docx"'
    assert response.content[:2] == b"PK"
    record = DownloadConfirmation.objects.get()
    assert (record.period, record.user, record.file_format, record.approved_only, record.errors) == (
        world.period,
        world.viewer,
        "docx",
        True,
        1,
    )
    assert len(record.messages) == 1 and "ghi chú nêu «Quý I năm 2022»" in record.messages[0]
    assert record.at is not None and len(record.request_id) == 36


def test_a_reporter_cannot_confirm_a_province_download(world: World) -> None:
    note_in_another_period(world)
    response = world.client(world.reporter_a).post(
        "/ky/2023Q1/bao-cao/xac-nhan/docx/", {"so-loi": "1", "xac-nhan": "1"}
    )
    assert response.status_code == 403
    assert DownloadConfirmation.objects.count() == 0


def test_unwritten_sections_and_an_unnamed_signer_are_listed_and_counted(world: World, ready_report) -> None:
    ready_report.texts = {"tuyen_truyen": "Công tác tuyên truyền được đẩy mạnh."}
    ready_report.signer_name = ""
    ready_report.save()
    reviewer = world.client(world.reviewer)
    response = reviewer.get("/ky/2023Q1/bao-cao/tai-ve.pdf")
    assert response["Location"] == "/ky/2023Q1/bao-cao/xac-nhan/pdf/"
    html = " ".join(reviewer.get(response["Location"]).content.decode().split())
    assert "Báo cáo Quý I năm 2023 còn 1 mục chưa soạn và 1 điểm cần sửa ở khối chữ ký" in html
    # The section by number and title, with the way to its box on the report's page.
    assert (
        '<a href="/ky/2023Q1/bao-cao/#id_muc_nhiem_vu">III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới</a>'
        in html
    )
    assert "Chưa ghi họ tên người ký: khối chữ ký để trống dòng tên dưới «PHÓ CHỦ TỊCH»." in html
    assert 'name="so-loi" value="2"' in html
    response = reviewer.post("/ky/2023Q1/bao-cao/xac-nhan/pdf/", {"so-loi": "2", "xac-nhan": "1"})
    assert response.status_code in (200, 503)  # 503: the machine has no LibreOffice; recorded all the same
    record = DownloadConfirmation.objects.get()
    assert record.errors == 2
    assert record.messages == [
        "Mục III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới: chưa soạn nội dung.",
        "Chưa ghi họ tên người ký: khối chữ ký để trống dòng tên dưới «PHÓ CHỦ TỊCH». Ghi ở ô «Họ tên người ký».",
    ]


def test_a_deputy_signing_without_tm_is_warned_on_the_period_page(world: World, ready_report) -> None:
    ready_report.signer_mode = "KT"
    ready_report.save()
    html = " ".join(world.client(world.reviewer).get("/ky/2023Q1/").content.decode().split())
    assert (
        "Khối chữ ký ghi «KT. CHỦ TỊCH» mà không có «TM. ỦY BAN NHÂN DÂN»: báo cáo của UBND do phó chủ tịch ký "
        "phải ghi «TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH»"
    ) in html
    assert world.client(world.reviewer).get("/ky/2023Q1/bao-cao/tai-ve.docx").status_code == 302


def test_the_period_page_lists_the_unwritten_sections(world: World, ready_report) -> None:
    ready_report.texts = {}
    ready_report.save()
    html = " ".join(world.client(world.reviewer).get("/ky/2023Q1/").content.decode().split())
    assert "Báo cáo còn 2 mục chưa soạn nội dung" in html
    assert (
        '<a href="/ky/2023Q1/bao-cao/#id_muc_tuyen_truyen">I.3. Về công tác tuyên truyền cải cách hành chính</a>'
        in html
    )
    findings = " ".join(world.client(world.reviewer).get("/ky/2023Q1/kiem-tra/").content.decode().split())
    assert "Tổng cộng <strong>2</strong> phát hiện" in findings
    assert "Mục I.3. Về công tác tuyên truyền cải cách hành chính: chưa soạn nội dung" in findings
    assert '<a href="/ky/2023Q1/bao-cao/">Soạn nội dung</a>' in findings
