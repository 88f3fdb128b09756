"""`cchc check` calls a section left unwritten an error naming it: a placeholder the report still
prints, or a section no figure speaks for whose heading has nothing under it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx

from cchc.catalogues import default_catalogue
from cchc.checker import check_document, check_file
from cchc.core.catalogue import Severity
from cchc.core.periods import parse_period
from cchc.documents.text_reader import parse_text
from cchc.documents.writer import ReportData, write_docx

TITLE = (
    "BÁO CÁO\n\nTình hình thực hiện công tác cải cách hành chính Quý I năm 2023, nhiệm vụ trọng tâm Quý II "
    "năm 2023\n\nI. CÔNG TÁC TRIỂN KHAI THỰC HIỆN\n\n1. Về tổ chức chỉ đạo, điều hành cải cách hành chính\n\n"
    "Nội dung chỉ đạo.\n\n"
)


def unwritten(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in findings if f.rule == "section-unwritten" and f.severity is Severity.ERROR]


def unwritten_in_text(text: str) -> list[str]:
    """What `cchc check` calls unwritten in a text report."""
    return unwritten(check_document(parse_text(text, "bao-cao.txt"), default_catalogue()).findings)


def test_a_placeholder_left_in_a_generated_report_is_an_error_naming_its_section(tmp_path: Path) -> None:
    report = ReportData(catalogue=default_catalogue(), period=parse_period("2023Q1"), cells={})
    path = tmp_path / "bao-cao.docx"
    write_docx(report, path, charts=False)
    result = check_file(path)
    assert unwritten(result.findings) == [
        "Mục I.3. Về công tác tuyên truyền cải cách hành chính: chưa soạn nội dung (báo cáo in dòng «[Chưa "
        "soạn nội dung mục này]»). Soạn mục này rồi lập lại báo cáo.",
        "Mục III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới: chưa soạn nội dung (báo cáo in dòng «[Chưa "
        "soạn nội dung mục này]»). Soạn mục này rồi lập lại báo cáo.",
    ]
    assert result.errors == 2
    # The placeholder is the mark alone: no web address, no instruction (the web page names where).
    body = [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]
    assert [text for text in body if text.startswith("[")] == ["[Chưa soạn nội dung mục này]"] * 2
    written = dataclasses.replace(
        report, texts={"tuyen_truyen": "Tuyên truyền được đẩy mạnh.", "nhiem_vu": "1. Cải cách thủ tục."}
    )
    write_docx(written, path, charts=False)
    assert unwritten(check_file(path).findings) == []


def test_a_heading_with_nothing_under_it_is_an_error_but_numbered_tasks_are_content() -> None:
    text = (
        TITLE + "3. Về công tác tuyên truyền cải cách hành chính\n\n"
        "4. Kết quả thực hiện các nhiệm vụ theo Kế hoạch CCHC năm 2023\n\nNội dung kế hoạch.\n\n"
        "III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM QUÝ II NĂM 2023\n\n1. Tiếp tục cải cách.\n\n"
        "2. Đẩy mạnh chuyển đổi số.\n"
    )
    assert unwritten_in_text(text) == [
        "Mục I.3. Về công tác tuyên truyền cải cách hành chính: chưa soạn nội dung (báo cáo không có nội dung "
        "nào dưới đề mục). Soạn mục này rồi lập lại báo cáo."
    ]
    # Section III holds its tasks, and I.1's heading is followed by its text: nothing else is found.
    filled = text.replace("hành chính\n\n4.", "hành chính\n\nTuyên truyền được đẩy mạnh.\n\n4.")
    assert unwritten_in_text(filled) == []


def test_an_older_drafts_longer_placeholder_is_still_found() -> None:
    text = (
        TITLE + "3. Về công tác tuyên truyền cải cách hành chính\n\n[Chưa soạn nội dung mục này: soạn tại "
        "trang «Báo cáo CCHC của tỉnh» của kỳ, rồi tải lại báo cáo.]\n\n"
        "III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM QUÝ II NĂM 2023\n\n1. Tiếp tục cải cách.\n"
    )
    assert unwritten_in_text(text) == [
        "Mục I.3. Về công tác tuyên truyền cải cách hành chính: chưa soạn nội dung (báo cáo in dòng «[Chưa "
        "soạn nội dung mục này]»). Soạn mục này rồi lập lại báo cáo."
    ]
