"""Reading the text layout and understanding a report: title, period, sections, footnotes, appendix rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc.core.catalogue import Catalogue
from cchc.documents.model import Paragraph, ReportReadError, Table
from cchc.documents.report import extract_report
from cchc.documents.text_reader import describe_text_location, parse_text, read_text

HEADER = "STT\tChỉ tiêu thống kê <i>(Sử dụng trong kỳ báo cáo)</i>\tKết quả thống kê\t\tGhi chú\n\t\tĐơn vị tính\tSố liệu\t\n"

SMALL_REPORT = (
    "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n\nBÁO CÁO\n\n"
    "Tình hình thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024\n\n"
    "I. CÔNG TÁC TRIỂN KHAI\n\n1. Về tổ chức chỉ đạo\n\n"
    "UBND tỉnh ban hành Kế hoạch CCHC¹ và chỉ đạo các sở, ngành\n\n"
    "¹ Quyết định số 12/QĐ-UBND ngày 05/01/2024;\n\n"
    "thực hiện nghiêm túc.\n\n"
    "II. KẾT QUẢ\n\n2.1. Kiểm soát TTHC\n\nCông bố 12 thủ tục.\n\n"
    "Phụ lục\n\nBiểu mẫu 3\nCải cách thủ tục hành chính\n\n"
    + HEADER
    + "1.4\tTổng số TTHC thuộc thẩm quyền giải quyết tại địa phương\tThủ tục\t1.900\t\n"
    + "1.4.1.\t<i>Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)</i>\t<i>Thủ tục</i>\t<i>1.500</i>\t\n"
    + "\n"
    + HEADER
    + "9.9.\tMột chỉ tiêu lạ\tThủ tục\t5\tghi chú\n"
)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "ninh-binh.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    return path


def test_it_reads_tab_separated_lines_as_tables_and_strips_markup() -> None:
    document = parse_text("Đoạn <i>một</i>\nA\tB\n\t**C**\n\nĐoạn hai\n")
    assert document.blocks == (
        Paragraph("Đoạn một", 1),
        Table((("A", "B"), ("", "C")), 2, (2, 3)),
        Paragraph("Đoạn hai", 5),
    )


def test_it_finds_province_period_sections_and_footnotes(report_file: Path, catalogue: Catalogue) -> None:
    report = extract_report(read_text(report_file), catalogue, describe_text_location)
    assert report.province == "Ninh Bình"
    assert report.period is not None and report.period.code == "2024H1"
    assert report.title == "Tình hình thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024"
    body = {p.text: p.section for p in report.passages if p.footnote is None}
    assert body["UBND tỉnh ban hành Kế hoạch CCHC¹ và chỉ đạo các sở, ngành thực hiện nghiêm túc."] == "I.1"
    assert body["Công bố 12 thủ tục."] == "II.2.1"
    [footnote] = [p for p in report.passages if p.footnote is not None]
    assert (footnote.footnote, footnote.text) == (1, "Quyết định số 12/QĐ-UBND ngày 05/01/2024;")


def test_it_maps_appendix_rows_to_codes_and_keeps_unknown_rows(
    report_file: Path, catalogue: Catalogue
) -> None:
    report = extract_report(read_text(report_file), catalogue, describe_text_location)
    rows = [(r.code, r.stt, r.unit, r.value, r.note) for r in report.rows]
    assert rows == [
        ("BM3-1.4", "1.4", "Thủ tục", "1.900", ""),
        ("BM3-1.4.1", "1.4.1", "Thủ tục", "1.500", ""),
        (None, "9.9", "Thủ tục", "5", "ghi chú"),
    ]
    assert report.rows[2].location == "dòng 36"


def test_it_refuses_a_binary_or_non_utf8_file_with_a_clear_message(tmp_path: Path) -> None:
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    legacy = tmp_path / "cu.txt"
    legacy.write_bytes("Báo cáo".encode("cp1258"))
    with pytest.raises(ReportReadError, match=re.escape("«anh.txt» không phải văn bản")):
        read_text(binary)
    with pytest.raises(ReportReadError, match=re.escape("«cu.txt» không ở bảng mã UTF-8")):
        read_text(legacy)
    with pytest.raises(ReportReadError, match=re.escape("Không tìm thấy tệp «khong-co.txt»")):
        read_text(tmp_path / "khong-co.txt")


def test_it_reads_a_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("BÁO CÁO\nQuý II năm 2023\n", encoding="utf-16")
    assert [b.text for b in read_text(path).blocks if isinstance(b, Paragraph)] == [
        "BÁO CÁO",
        "Quý II năm 2023",
    ]


def test_the_checker_reports_rows_it_cannot_map(report_file: Path) -> None:
    from cchc.checker import check_file

    result = check_file(report_file)
    [unmapped] = [f for f in result.findings if f.rule == "unmapped-row"]
    assert unmapped.location == "dòng 36" and "STT 9.9 «Một chỉ tiêu lạ»" in unmapped.message


def test_it_reads_the_province_from_a_header_table(catalogue: Catalogue) -> None:
    document = parse_text(
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ TĨNH\tĐộc lập - Tự do - Hạnh phúc\n\n"
        "BÁO CÁO\nCông tác CCHC Quý III năm 2025\n\nSở Nội vụ tỉnh Nghệ An phối hợp.\n"
    )
    report = extract_report(document, catalogue, describe_text_location)
    assert (report.province, report.period and report.period.code) == ("Hà Tĩnh", "2025Q3")


def test_lettered_rows_roman_groups_and_column_numbers_are_read_as_the_form_means(
    catalogue: Catalogue,
) -> None:
    text = (
        "BÁO CÁO\n\nCông tác cải cách hành chính quý I năm 2023\n\nPhụ lục\n\nBiểu mẫu 6\nCải cách tài chính công\n\n"
        + HEADER
        + "(1)\t(2)\t(3)\t(4)\t(5)\n"
        + "I.\tTHỰC HIỆN TỰ CHỦ TÀI CHÍNH\t\t\t\n"
        + "2.4.\tSố ĐVSN tự bảo đảm một phần chi thường xuyên\tĐơn vị\t194\t\n"
        + "a)\tSố ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên\tĐơn vị\t35\t\n"
        + "b)\tSố ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên\tĐơn vị\t28\t\n"
        + "II\tThực hiện tự chủ tài chính của đơn vị sự nghiệp (ĐVSN) tại địa phương\t\t\t\n"
        + "2.1.\tTổng số ĐVSN công lập tại địa phương\tĐơn vị\t2.246\t\n"
    )
    report = extract_report(parse_text(text), catalogue, describe_text_location)
    assert [(row.stt, row.code, row.value) for row in report.rows] == [
        ("2.4", "BM6-2.4", "194"),
        ("a)", "BM6-2.4.1", "35"),
        ("b)", "BM6-2.4.2", "28"),
        ("II", "BM6-2", ""),
        ("2.1", "BM6-2.1", "2.246"),
    ]


def test_a_lettered_paragraph_is_its_own_passage_not_a_continuation(catalogue: Catalogue) -> None:
    text = "BÁO CÁO\n\nCông tác CCHC quý I năm 2023\n\n1. Cải cách TTHC\n\na) Về giải quyết TTHC: 12 hồ sơ.\n\nb) Về PAKN: 3 PAKN.\n"
    report = extract_report(parse_text(text), catalogue, describe_text_location)
    assert [passage.text for passage in report.passages][-2:] == [
        "a) Về giải quyết TTHC: 12 hồ sơ.",
        "b) Về PAKN: 3 PAKN.",
    ]
