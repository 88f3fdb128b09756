"""The issuing body of a Word report's heading, and positions in the words of the report's headings."""

from __future__ import annotations

from cchc.documents.model import Paragraph, RawDocument, Table
from cchc.documents.positions import issuing_body, section_locator

HEADING = Table(
    rows=(
        ("UBND TỈNH THANH HÓA\nPHƯỜNG HẠC THÀNH\n\nSố:        /BC-PHT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ),
    line=1,
    row_lines=(1001,),
)


def test_the_issuing_body_is_the_line_above_the_number_in_the_headings_left_column() -> None:
    assert issuing_body(RawDocument("x", (HEADING, Paragraph("BÁO CÁO", 2)))) == "PHƯỜNG HẠC THÀNH"
    text = RawDocument(
        "x", (Paragraph("UBND TỈNH THANH HÓA", 1), Paragraph("SỞ TƯ PHÁP", 2), Paragraph("BÁO CÁO", 3))
    )
    assert issuing_body(text) == "SỞ TƯ PHÁP"
    assert issuing_body(RawDocument("x", (Paragraph("Kết quả quý I", 1),))) == ""


def test_positions_name_the_heading_above_and_the_appendix_form() -> None:
    document = RawDocument(
        "x",
        (
            HEADING,
            Paragraph("II. KẾT QUẢ THỰC HIỆN", 2),
            Paragraph("2.2. Tình hình thực hiện cơ chế một cửa", 3),
            Paragraph("- Cấp xã giải quyết đúng hạn đạt tỷ lệ 99,77% (1.756/1.760 hồ sơ).", 4),
            Paragraph("Phụ lục", 5),
            Paragraph("Biểu mẫu 3", 6),
            Table(rows=(("STT",), ("3.3",)), line=7, row_lines=(7001, 7002)),
        ),
    )
    describe = section_locator(document)
    assert describe(4) == "mục «2.2. Tình hình thực hiện cơ chế một cửa»"
    assert describe(7002) == "Phụ lục, Biểu mẫu 3, dòng 2 của bảng"
    assert describe(1001) == "đầu báo cáo, dòng 1 của bảng"
