"""The reviewer's day and the reporter's fixes in Chromium, at a desktop (1366 px) and a phone (390 px)
width: live findings while typing, the return comment first, bulk approval, the confirmed final download.

Screenshots go to $CCHC_SCREENSHOTS (a temporary folder by default) to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from cchc.web.reporting.models import Status, Submission
from cchc.web.reporting.services import save_values, submission_for, transition
from cchc.web.reports.models import DownloadConfirmation
from e2e.conftest import log_in
from web.reporting.test_reporter_fixes import returned_with_a_pakn_figure

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
WIDTHS = (1366, 390)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CCHC_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(page, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at both widths, whole, and nothing wider than the window at either."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {width} px is {overflow} px too wide"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_entry_page_shows_the_drafts_findings_while_the_reporter_types(page, world, shots) -> None:
    log_in(page, "bc-a")
    page.goto(ENTRY)
    page.locator('input[name="v-BM3-3.1.1"]').fill("100")
    page.locator('input[name="v-BM3-3.1.2"]').fill("120")
    summary = page.locator("#findings-summary")
    summary.filter(has_text="Kết quả kiểm tra số liệu đang nhập (chưa lưu): 1 lỗi").wait_for()
    assert (
        "đúng hạn (120) lớn hơn tổng số hồ sơ TTHC đã giải quyết xong (100)"
        in page.locator("#findings-BM3-3\\.1\\.2").inner_text()
    )
    # The rate that follows is marked as such, not a second error.
    assert "đang mâu thuẫn" in page.locator("#findings-BM3-3\\.1").inner_text()
    snap(page, shots, "nhap-kiem-tra-truc-tiep")
    # Corrected while typing: the findings go, and nothing was saved meanwhile.
    page.locator('input[name="v-BM3-3.1.2"]').fill("95")
    summary.filter(has_text="Số liệu đang nhập không có lỗi hay cảnh báo nào.").wait_for()
    assert page.locator("#findings-BM3-3\\.1\\.2").inner_text() == ""
    assert not Submission.objects.filter(unit=world.unit_a, form=3).exists()


def test_a_returned_form_opens_with_the_comment_and_who_corrects_a_sourced_row(page, world, shots) -> None:
    returned_with_a_pakn_figure(world)
    log_in(page, "bc-a")
    home = page.locator("section.returned")
    assert "Mục 3.4.1: số PAKN tiếp nhận chưa khớp sổ theo dõi." in home.inner_text()
    snap(page, shots, "trang-chu-bi-tra-lai")
    home.get_by_role("link", name="Sở Tư pháp · Biểu mẫu 3 · Quý I năm 2023").click()
    page.wait_for_load_state()
    top = page.locator("main section").first
    assert "Sở Nội vụ trả lại biểu mẫu để sửa" in top.inner_text()
    assert "Nguyễn Văn C" in top.inner_text()
    hint = page.locator("#row-BM3-3\\.4\\.1 .source-hint")
    assert hint.inner_text() == ("Sửa các mục của đơn vị trong sổ theo dõi (trang «Sổ theo dõi PAKN»).")
    snap(page, shots, "bieu-mau-bi-tra-lai")


def test_the_reviewer_approves_the_clean_forms_in_one_step(page, world, shots) -> None:
    for unit, user, form, values in (
        (world.unit_a, world.reporter_a, 3, {"BM3-3.1.1": "100", "BM3-3.1.2": "95"}),
        (world.unit_b, world.reporter_b, 4, {"BM4-1.5.3": "7"}),
        (world.unit_a, world.reporter_a, 1, {"BM1-1": "3"}),
    ):
        submission = submission_for(unit, world.period, form)
        save_values(submission, user, {code: (text, None) for code, text in values.items()})
        transition(submission, user, "submit")
    # A form sent with a note dated to another period (as older databases hold): left out, with why.
    left = submission_for(world.unit_a, world.period, 1)
    save_values_unlocked(left, world, {"BM1-1": ("3", "Quý I năm 2022")})
    log_in(page, "thamdinh")
    page.get_by_role("link", name="Duyệt các biểu mẫu không có lỗi").first.click()
    page.wait_for_load_state()
    assert page.locator("#ready tbody tr").count() == 2
    # The counts and the button first; the list to approve folded, the one with errors open.
    assert "Sẽ duyệt: 2 biểu mẫu của 2 đơn vị" in page.locator("#bulk-counts").inner_text()
    assert not page.locator("#ready").is_visible()
    assert "Biểu mẫu 1: còn 1 lỗi" in page.locator("#with-errors").inner_text()
    button = page.get_by_role("button", name="Duyệt 2 biểu mẫu").bounding_box()
    assert button and button["y"] < page.locator("#with-errors").bounding_box()["y"]
    snap(page, shots, "duyet-hang-loat")
    page.get_by_role("button", name="Duyệt 2 biểu mẫu").click()
    page.wait_for_load_state()
    assert "Đã duyệt 2 biểu mẫu." in page.locator(".messages").inner_text()
    assert Submission.objects.filter(status=Status.APPROVED).count() == 2
    assert Submission.objects.get(pk=left.pk).status == Status.SUBMITTED


def save_values_unlocked(submission: Submission, world, entries) -> None:  # type: ignore[no-untyped-def]
    """Write a note into a sent form as an older version of cchc let through, then mark it sent again."""
    Submission.objects.filter(pk=submission.pk).update(status=Status.DRAFT)
    submission.refresh_from_db()
    save_values(submission, world.reporter_a, entries)
    Submission.objects.filter(pk=submission.pk).update(status=Status.SUBMITTED, submitted_at=timezone.now())


def test_a_final_download_with_errors_is_confirmed_then_recorded(page, world, shots) -> None:
    save_values(
        submission_for(world.province, world.period, 1), world.reviewer, {"BM1-4.1": ("3", "Quý I năm 2022")}
    )
    log_in(page, "thamdinh")
    page.goto("/ky/2023Q1/")
    page.locator("#bao-cao-tinh").get_by_role("link", name="Word (.docx)").click()
    page.wait_for_load_state()
    # Nothing written yet: the error, the two sections no figure speaks for, the signer without a name.
    summary = "1 lỗi số liệu, 2 mục chưa soạn và 1 điểm cần sửa ở khối chữ ký"
    assert page.locator("h1").inner_text() == f"Báo cáo Quý I năm 2023 còn {summary}"
    assert (
        page.get_by_role("link", name="Xem và sửa các lỗi").get_attribute("href")
        == "/ky/2023Q1/kiem-tra/?muc-do=error"
    )
    assert (
        page.get_by_role("link", name="I.3. Về công tác tuyên truyền cải cách hành chính").get_attribute(
            "href"
        )
        == "/ky/2023Q1/bao-cao/#id_muc_tuyen_truyen"
    )
    snap(page, shots, "xac-nhan-tai-bao-cao")
    # The box must be ticked (the browser refuses the form without it).
    page.get_by_role("button", name="Vẫn tải báo cáo Word").click()
    assert DownloadConfirmation.objects.count() == 0
    page.get_by_label(f"Tôi đã biết báo cáo còn {summary}, và vẫn tải về.").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Vẫn tải báo cáo Word").click()
    assert download.value.suggested_filename == "bao-cao-cchc-2023Q1.docx"
    record = DownloadConfirmation.objects.get()
    assert (record.user, record.file_format, record.errors) == (world.reviewer, "docx", 4)
