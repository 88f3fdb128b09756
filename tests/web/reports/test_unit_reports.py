"""A unit sends its own Word report with its forms; cchc reads it against the unit's figures, safely."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.documents.text_reader import read_text
from cchc.web.reporting.models import Status, Submission
from cchc.web.reporting.services import approve_clean, clean_forms, save_values, submission_for, transition
from cchc.web.reports.models import UnitEvidence, UnitReport
from cchc.web.reports.unit_reports import (
    MAX_EVIDENCE_BYTES,
    NOTHING_COMPARED,
    read_again_stale,
    report_findings,
)
from docx_builder import build_docx
from web.conftest import World

pytestmark = pytest.mark.django_db

PAGE = "/ky/2023Q1/don-vi/so-tu-phap/bao-cao/"
CORPUS = Path(__file__).parents[2] / "corpus" / "so-tu-phap-thanh-hoa-quy-I-2023.txt"


def the_report(tmp_path: Path, issuer: str = "SỞ TƯ PHÁP") -> bytes:
    """Sở Tư pháp's Quý I/2023 report as the office typed it (1.250 resolved, 1.245 on time), its heading
    naming `issuer`."""
    path = tmp_path / "bao-cao-so-tu-phap.docx"
    text = tmp_path / "bao-cao.txt"
    text.write_text(CORPUS.read_text(encoding="utf-8").replace("SỞ TƯ PHÁP", issuer, 1), encoding="utf-8")
    build_docx(read_text(text), path)
    return path.read_bytes()


def enter(world: World, on_time: str) -> None:
    figures = {
        1: {"BM1-1": "5"},
        3: {"BM3-3.1.1": "1.250", "BM3-3.1.2": on_time, "BM3-3.4.1": "4", "BM3-3.4.2": "4"},
        5: {"BM5-2.1": "2", "BM5-2.4": "3"},
    }
    for form, cells in figures.items():
        save_values(
            submission_for(world.unit_a, world.period, form),
            world.reporter_a,
            {code: (text, None) for code, text in cells.items()},
        )


def send(world: World, data: bytes, name: str = "bao-cao.docx") -> str:
    answer = world.client(world.reporter_a).post(PAGE, {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_report_that_contradicts_the_units_forms_is_shown_with_each_contradiction(
    world: World, tmp_path: Path
) -> None:
    enter(world, on_time="1.240")  # the form says 1.240 on time; the report says 1.245
    page = send(world, the_report(tmp_path), "Báo cáo quý I.docx")
    report = UnitReport.objects.get(unit=world.unit_a, period=world.period)
    messages = [finding["message"] for finding in report.findings if finding["severity"] == "error"]
    assert (
        "Số hồ sơ TTHC giải quyết đúng hạn: phụ lục của báo cáo ghi «1.245» nhưng biểu mẫu đơn vị "
        "đã nhập ghi «1.240»: sửa báo cáo cho khớp." in messages
    )
    assert (
        "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn: phụ lục của báo cáo "
        "ghi «99,60» nhưng biểu mẫu đơn vị đã nhập ghi «99,20»: sửa báo cáo cho khớp." in messages
    )
    assert f"Đã nhận báo cáo «Báo cáo quý I.docx»: {report.errors} lỗi" in page
    assert "1.245" in page and "1.240" in page
    # The report as sent, to whoever may see the unit; nobody else.
    file_url = f"{PAGE}{report.pk}.docx"
    assert bytes(world.client(world.reviewer).get(file_url).content) == bytes(report.content)
    assert world.client(world.reporter_b).get(file_url).status_code == 404
    assert (
        world.client(world.reporter_b).post(PAGE, {"file": SimpleUploadedFile("x.docx", b"")}).status_code
        == 404
    )


# The rows of Sở Tư pháp's report whose figures are compared with its forms (appendix and narrative).
COMPARED_IN_THE_REPORT = 10


def test_a_report_that_agrees_with_the_forms_has_no_error(world: World, tmp_path: Path) -> None:
    enter(world, on_time="1.245")
    page = send(world, the_report(tmp_path))
    report = UnitReport.objects.get(unit=world.unit_a, period=world.period)
    assert [f["message"] for f in report.findings if f["severity"] == "error"] == []
    # What was compared is said, so that an all-clear means something.
    assert report.compared == COMPARED_IN_THE_REPORT
    assert f"Đã đối chiếu {COMPARED_IN_THE_REPORT} số liệu với biểu mẫu đã nhập" in page


def test_a_report_with_no_figure_cchc_can_compare_is_not_an_all_clear(world: World, tmp_path: Path) -> None:
    enter(world, on_time="1.245")
    text = tmp_path / "bao-cao.txt"
    text.write_text(
        "SỞ TƯ PHÁP\nBÁO CÁO\nCông tác cải cách hành chính quý I năm 2023\n"
        "Sở đã quán triệt, triển khai đầy đủ các văn bản chỉ đạo của tỉnh về cải cách hành chính.\n",
        encoding="utf-8",
    )
    build_docx(read_text(text), tmp_path / "bao-cao.docx")
    page = send(world, (tmp_path / "bao-cao.docx").read_bytes())
    assert UnitReport.objects.get(unit=world.unit_a, period=world.period).compared == 0
    assert "Chưa đối chiếu được số liệu nào" in page and "không thấy mâu thuẫn" not in page
    # The reviewer's findings say it too, as a warning that blocks nothing.
    (warning,) = report_findings(world.period)[world.unit_a.pk]
    assert warning.message == NOTHING_COMPARED and warning.severity.value == "warning"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0 old word", "không phải .docx"),
        ("bao-cao.docx", b"not a zip at all", "không"),
        ("bao-cao.pdf", b"%PDF-1.4", "không phải .docx"),
    ],
)
def test_a_file_that_is_not_a_word_report_is_refused_and_nothing_is_kept(
    world: World, name: str, data: bytes, message: str
) -> None:
    page = send(world, data, name)
    assert message in page
    assert not UnitReport.objects.exists()


def test_a_package_built_to_exhaust_the_reader_is_refused_before_it_is_read(world: World) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (200 * 1024 * 1024) + "</w:document>")
    page = send(world, bomb.getvalue())
    assert "Tệp «bao-cao.docx»" in page and "MB" in page
    assert not UnitReport.objects.exists()


def test_returning_a_report_with_no_form_sent_says_so_without_a_zero(world: World, tmp_path: Path) -> None:
    send(world, the_report(tmp_path))
    page = world.client(world.reviewer).post(
        PAGE, {"tra-lai": "1", "ly-do": "Thiếu số liệu quý I."}, follow=True
    )
    text = page.content.decode()
    assert "Đã trả lại báo cáo của Sở Tư pháp; đơn vị chưa gửi biểu mẫu nào để trả lại." in text
    assert "và 0 biểu mẫu" not in text


def test_sở_nội_vụ_returns_the_report_and_the_forms_with_one_comment(world: World, tmp_path: Path) -> None:
    enter(world, on_time="1.240")
    send(world, the_report(tmp_path))
    for form in (1, 3, 5):
        transition(submission_for(world.unit_a, world.period, form), world.reporter_a, "submit")
    reviewer = world.client(world.reviewer)
    page = reviewer.post(
        PAGE, {"tra-lai": "1", "ly-do": "Số hồ sơ đúng hạn chưa khớp biểu mẫu 3."}, follow=True
    )
    assert "Đã trả lại báo cáo và 3 biểu mẫu đã gửi của Sở Tư pháp." in page.content.decode()
    statuses = set(
        Submission.objects.filter(unit=world.unit_a, period=world.period).values_list("status", flat=True)
    )
    assert statuses == {Status.RETURNED}
    report = UnitReport.objects.get(unit=world.unit_a)
    assert report.return_comment == "Số hồ sơ đúng hạn chưa khớp biểu mẫu 3."
    assert "Sở Nội vụ đã trả lại" in world.client(world.reporter_a).get(PAGE).content.decode()
    # A reporter cannot return anything.
    world.client(world.reporter_a).post(PAGE, {"tra-lai": "1", "ly-do": "x"})
    assert (
        UnitReport.objects.get(unit=world.unit_a).return_comment == "Số hồ sơ đúng hạn chưa khớp biểu mẫu 3."
    )


EVIDENCE = PAGE + "kiem-chung/"


def send_evidence(world: World, name: str, data: bytes) -> str:
    answer = world.client(world.reporter_a).post(
        PAGE, {"kiem-chung": SimpleUploadedFile(name, data)}, follow=True
    )
    assert answer.status_code == 200
    return answer.content.decode()


def test_an_evidence_file_is_kept_as_sent_and_downloaded_by_those_who_see_the_unit(world: World) -> None:
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    page = send_evidence(world, "Quyết định 12 về CCHC.pdf", pdf)
    assert "Đã nhận tài liệu kiểm chứng «Quyết định 12 về CCHC.pdf»." in page
    evidence = UnitEvidence.objects.get(unit=world.unit_a, period=world.period)
    assert (evidence.name, evidence.size) == ("Quyết định 12 về CCHC.pdf", len(pdf))
    url = f"{EVIDENCE}{evidence.pk}/"
    assert url in world.client(world.reviewer).get(PAGE).content.decode()
    answer = world.client(world.reviewer).get(url)
    assert bytes(answer.content) == pdf
    assert answer["Content-Type"] == "application/octet-stream"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert world.client(world.reporter_b).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("chay.exe", b"MZ\x90\x00", "Tệp «chay.exe» không nhận được: tài liệu kiểm chứng gửi dạng PDF"),
        ("quyet-dinh.pdf", b"<html>not a pdf</html>", "Tệp «quyet-dinh.pdf» không phải tệp PDF thật"),
        ("anh.png", b"\xff\xd8\xff\xe0 a jpeg named png", "Tệp «anh.png» không phải tệp PNG thật"),
        ("khong-ten", b"%PDF-1.4", "Tệp «khong-ten» không nhận được"),
    ],
)
def test_an_evidence_file_that_is_not_what_its_name_says_is_refused(
    world: World, name: str, data: bytes, message: str
) -> None:
    assert message in send_evidence(world, name, data)
    assert not UnitEvidence.objects.exists()


def test_an_evidence_file_above_the_limit_is_refused(world: World) -> None:
    big = b"%PDF-1.4" + b" " * MAX_EVIDENCE_BYTES
    assert f"Tệp «lon.pdf» lớn quá {MAX_EVIDENCE_BYTES // 1024 // 1024} MB." in send_evidence(
        world, "lon.pdf", big
    )
    assert not UnitEvidence.objects.exists()


def test_the_result_is_read_again_when_the_forms_change_and_never_shown_stale(
    world: World, tmp_path: Path
) -> None:
    enter(world, on_time="1.245")
    page = send(world, the_report(tmp_path))
    assert "với biểu mẫu đã nhập: không thấy mâu thuẫn." in page
    enter(world, on_time="1.240")  # the unit corrects its form after sending the report
    page = world.client(world.reporter_a).get(PAGE).content.decode()
    assert "Không thấy mâu thuẫn" not in page
    assert (
        "Số hồ sơ TTHC giải quyết đúng hạn: phụ lục của báo cáo ghi «1.245» nhưng biểu mẫu đơn vị đã nhập "
        "ghi «1.240»: sửa báo cáo cho khớp." in page
    )
    # Positions as the report's own headings give them, not the reader's block numbers.
    assert "(Phụ lục, Biểu mẫu 3, mục 3.1.2)" in page and "đoạn" not in page
    report = UnitReport.objects.get()
    assert report.errors >= 1 and report.issuer == "SỞ TƯ PHÁP"


def test_a_report_whose_heading_names_another_unit_is_refused_in_one_line(
    world: World, tmp_path: Path
) -> None:
    enter(world, on_time="1.245")
    page = send(world, the_report(tmp_path, issuer="UBND HUYỆN NGA SƠN"))
    assert (
        "Chưa nhận tệp «bao-cao.docx»: đây là báo cáo của UBND huyện Nga Sơn (tiêu đề ghi «UBND HUYỆN NGA "
        "SƠN»), không phải của Sở Tư pháp. Hãy gửi báo cáo của Sở Tư pháp." in page
    )
    assert "phụ lục của báo cáo ghi" not in page
    assert not UnitReport.objects.exists()
    # A heading naming no unit cchc knows is read as usual.
    send(world, the_report(tmp_path, issuer="PHÒNG HÀNH CHÍNH"))
    assert UnitReport.objects.get().issuer == "PHÒNG HÀNH CHÍNH"


def test_the_reviewer_sees_the_reports_contradictions_and_bulk_approval_leaves_those_forms_out(
    world: World, tmp_path: Path
) -> None:
    enter(world, on_time="1.245")
    send(world, the_report(tmp_path))
    enter(world, on_time="1.240")
    for form in (1, 3):
        transition(submission_for(world.unit_a, world.period, form), world.reporter_a, "submit")
    read_again_stale([world.period.pk])  # the server's background work after the change
    reviewer = world.client(world.reviewer)
    unit_page = reviewer.get("/ky/2023Q1/don-vi/so-tu-phap/").content.decode()
    # The appendix's 3.1.2 and 3.1, and the narrative's «số hồ sơ giải quyết đúng hạn là 1.245 hồ sơ»,
    # which the department's own phrases (aliases read in a unit's report) match with 3.1.2.
    assert "Báo cáo Word của đơn vị mâu thuẫn với số liệu đã nhập: 3 lỗi." in unit_page
    assert "báo cáo Word: " in unit_page
    findings = reviewer.get("/ky/2023Q1/kiem-tra/").content.decode()
    assert "Báo cáo Word của đơn vị: Số hồ sơ TTHC giải quyết đúng hạn: phụ lục của báo cáo ghi «1.245»" in (
        findings
    )
    assert (
        "Báo cáo Word của đơn vị: Thuyết minh ghi 1.245 hồ sơ cho số hồ sơ TTHC giải quyết đúng hạn, nhưng "
        "biểu mẫu đơn vị đã nhập ghi 1.240; hai nơi phải cùng một số."
    ) in findings
    listed = {item.submission.form: item.reason for item in clean_forms(world.reviewer, world.period)}
    assert listed[1] == ""
    assert listed[3] == (
        "còn 3 lỗi: Báo cáo Word của đơn vị: Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết "
        "đúng hạn: phụ lục của báo cáo ghi «99,60» nhưng biểu mẫu đơn vị đã nhập ghi «99,20»: sửa báo cáo "
        "cho khớp. (Phụ lục, Biểu mẫu 3, mục 3.1)"
    )
    approved, _ = approve_clean(
        world.reviewer, world.period, [s.pk for s in Submission.objects.filter(unit=world.unit_a)]
    )
    assert [s.form for s in approved] == [1]
    assert Submission.objects.get(unit=world.unit_a, form=3).status == Status.SUBMITTED
