"""Reading finished reports from .docx files, checked by round-tripping documents built with docx_builder."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from cchc.documents import docx_reader
from cchc.documents.docx_reader import describe_docx_location, read_docx
from cchc.documents.model import Paragraph, RawDocument, ReportReadError, Table
from docx_builder import build_docx

HEADER_TOP = ("STT", "Chỉ tiêu thống kê <i>(Sử dụng trong kỳ báo cáo)</i>", "Kết quả thống kê", "", "Ghi chú")
HEADER_BOTTOM = ("", "", "Đơn vị tính", "Số liệu", "")
REPEATED_TOP = ("STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo)", "Kết quả thống kê", "", "Ghi chú")
DATA_ROWS = (
    ("1.", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "12", ""),
    ("2.", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", "22,22", ""),
    ("2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "36", "Hoàn thành 8/8 nhiệm vụ của quý I"),
)
LAST_ROW = ("3.", "Kiểm tra CCHC", "", "", "")

NARRATIVE = (
    "- Ban hành các kế hoạch: Kế hoạch CCHC¹, Kế hoạch Kiểm soát TTHC²; Kế hoạch Chuyển đổi số năm 2023."
)
FOOTNOTE_1 = "Quyết định số 4750/QĐ-UBND ngày 30/12/2022;"
FOOTNOTE_2 = "Quyết định số 4657 /QĐ-UBND ngày 26/12/2022;"


def sample_report() -> RawDocument:
    """A report shaped like the Thanh Hóa sample: narrative, typed footnote lines, an appendix table."""
    table_rows = (HEADER_TOP, HEADER_BOTTOM, *DATA_ROWS, REPEATED_TOP, HEADER_BOTTOM, LAST_ROW)
    return RawDocument(
        source="bao-cao.txt",
        blocks=(
            Paragraph("BÁO CÁO", 1),
            Paragraph("I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN", 3),
            Paragraph(NARRATIVE, 5),
            Paragraph(f"¹ {FOOTNOTE_1}", 7),
            Paragraph(f"² {FOOTNOTE_2}", 9),
            Paragraph("Biểu mẫu 1", 11),
            Table(rows=table_rows, line=13, row_lines=tuple(range(13, 13 + len(table_rows)))),
            Paragraph("Nơi nhận:\n- Bộ Nội vụ;\t(để b/c)", 30),
        ),
    )


def expected_table_rows() -> tuple[tuple[str, ...], ...]:
    plain_top = (HEADER_TOP[0], "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo)", *HEADER_TOP[2:])
    return (plain_top, HEADER_BOTTOM, *DATA_ROWS, REPEATED_TOP, HEADER_BOTTOM, LAST_ROW)


def only_table(document: RawDocument) -> Table:
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def test_it_reads_real_footnotes_as_superscript_markers(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    document = read_docx(path)

    assert document.source == "bao-cao.docx"
    assert document.blocks[2] == Paragraph(NARRATIVE, 3)
    assert document.footnotes == ((1, FOOTNOTE_1), (2, FOOTNOTE_2))


def test_it_reads_every_block_in_document_order_numbered_from_one(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    document = read_docx(path)

    rows = expected_table_rows()
    assert document.blocks == (
        Paragraph("BÁO CÁO", 1),
        Paragraph("I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN", 2),
        Paragraph(NARRATIVE, 3),
        Paragraph("Biểu mẫu 1", 4),
        Table(rows=rows, line=5, row_lines=tuple(5001 + r for r in range(len(rows)))),
        Paragraph("Nơi nhận:\n- Bộ Nội vụ;\t(để b/c)", 6),
    )


def test_it_keeps_typed_footnote_lines_as_paragraphs_when_the_footnotes_are_not_real(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path, real_footnotes=False)

    document = read_docx(path)

    texts = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    assert texts[2:5] == [NARRATIVE, f"¹ {FOOTNOTE_1}", f"² {FOOTNOTE_2}"]
    assert document.footnotes == ()


def test_it_writes_footnotes_given_only_in_the_footnote_list_as_typed_lines_when_not_real(
    tmp_path: Path,
) -> None:
    report = RawDocument("x", (Paragraph("Kế hoạch CCHC¹.", 1),), footnotes=((1, FOOTNOTE_1),))
    path = tmp_path / "bao-cao.docx"
    build_docx(report, path, real_footnotes=False)

    assert read_docx(path).blocks == (Paragraph("Kế hoạch CCHC¹.", 1), Paragraph(f"¹ {FOOTNOTE_1}", 2))


def test_it_takes_footnote_texts_from_the_footnote_list_as_well(tmp_path: Path) -> None:
    report = RawDocument("x", (Paragraph("Kế hoạch CCHC¹.", 1),), footnotes=((1, FOOTNOTE_1),))
    path = tmp_path / "bao-cao.docx"
    build_docx(report, path)

    document = read_docx(path)

    assert document.blocks == (Paragraph("Kế hoạch CCHC¹.", 1),)
    assert document.footnotes == ((1, FOOTNOTE_1),)


def test_it_gives_merged_header_cells_once_and_pads_rows_to_the_grid_width(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    rows = only_table(read_docx(path)).rows

    # "Kết quả thống kê" spans two grid columns; STT, Chỉ tiêu and Ghi chú span two rows.
    assert rows[0][2:4] == ("Kết quả thống kê", "")
    assert rows[1] == ("", "", "Đơn vị tính", "Số liệu", "")
    assert {len(row) for row in rows} == {5}


def test_the_builder_really_merges_the_header_cells(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    table = docx.Document(str(path)).tables[0]

    # python-docx repeats a merged cell in row.cells; the reader must not.
    assert [cell.text for cell in table.rows[0].cells][2:4] == ["Kết quả thống kê", "Kết quả thống kê"]
    assert table.rows[1].cells[0].text == "STT"


def test_it_reads_a_repeated_header_after_the_data_rows(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    rows = only_table(read_docx(path)).rows

    assert rows[5:7] == (REPEATED_TOP, HEADER_BOTTOM)


def test_it_reads_an_italic_cell_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)

    assert only_table(read_docx(path)).rows[0][1] == "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo)"
    italic_runs = [run.text for run in docx.Document(str(path)).tables[0].cell(0, 1).paragraphs[0].runs]
    assert italic_runs == ["Chỉ tiêu thống kê ", "(Sử dụng trong kỳ báo cáo)"]


def test_it_keeps_a_line_break_inside_a_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(RawDocument("x", (Paragraph("Nơi nhận:\n- Như trên;\n- Lưu: VT.", 1),)), path)

    assert read_docx(path).blocks == (Paragraph("Nơi nhận:\n- Như trên;\n- Lưu: VT.", 1),)


def test_it_joins_the_paragraphs_of_a_cell_with_line_breaks(tmp_path: Path) -> None:
    rows = (("1.", "Dòng một\nDòng hai"),)
    path = tmp_path / "bao-cao.docx"
    build_docx(RawDocument("x", (Table(rows=rows, line=1, row_lines=(1,)),)), path)

    assert only_table(read_docx(path)).rows == rows


def test_it_turns_hand_typed_superscript_digits_into_superscript_markers(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Kế hoạch CCHC")
    paragraph.add_run("12").font.superscript = True
    paragraph.add_run(", ngày 5")
    paragraph.add_run("th").font.superscript = True
    path = tmp_path / "go-tay.docx"
    word.save(str(path))

    assert read_docx(path).blocks == (Paragraph("Kế hoạch CCHC¹², ngày 5th", 1),)


def test_it_numbers_footnotes_in_reading_order_whatever_their_ids(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(sample_report(), path)
    # LibreOffice numbers the separators 0 and 1 and the first real footnote 2; Word still shows it as 1.
    shift_footnote_ids(path, by=1)

    document = read_docx(path)

    assert document.blocks[2] == Paragraph(NARRATIVE, 3)
    assert document.footnotes == ((1, FOOTNOTE_1), (2, FOOTNOTE_2))


def shift_footnote_ids(path: Path, *, by: int) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}

    def shift(match: re.Match[str]) -> str:
        return f'{match.group(1)}w:id="{int(match.group(2)) + by}"'

    for name in ("word/document.xml", "word/footnotes.xml"):
        text = members[name].decode()
        text = re.sub(r'(<w:footnote(?:Reference)?\b[^>]*?)w:id="(-?\d+)"', shift, text)
        members[name] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_it_skips_empty_paragraphs_when_numbering_blocks(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Kính gửi: Bộ Nội vụ")
    word.add_paragraph("")
    word.add_paragraph("   \t ")
    word.add_paragraph("I. KẾT QUẢ")
    path = tmp_path / "trong.docx"
    word.save(str(path))

    assert read_docx(path).blocks == (Paragraph("Kính gửi: Bộ Nội vụ", 1), Paragraph("I. KẾT QUẢ", 2))


def test_it_flattens_a_nested_table_into_the_cell_text(tmp_path: Path) -> None:
    word = docx.Document()
    outer = word.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1."
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Quý I", (0, 1): "12", (1, 0): "Quý II", (1, 1): "15"}.items():
        inner.cell(r, c).text = text
    path = tmp_path / "long-bang.docx"
    word.save(str(path))

    assert only_table(read_docx(path)).rows == (("1.", "Quý I 12\nQuý II 15"),)


def test_it_reads_paragraphs_inside_content_controls(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Trước")
    wrapped = word.add_paragraph("Trong điều khiển nội dung")._p
    word.add_paragraph("Sau")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped)
    path = tmp_path / "sdt.docx"
    word.save(str(path))

    texts = [block.text for block in read_docx(path).blocks if isinstance(block, Paragraph)]
    assert texts == ["Trước", "Trong điều khiển nội dung", "Sau"]


@pytest.mark.parametrize(
    ("line", "description"),
    [(12, "đoạn 12"), (40003, "bảng ở đoạn 40, dòng 3"), (5001, "bảng ở đoạn 5, dòng 1")],
)
def test_it_describes_docx_locations_in_vietnamese(line: int, description: str) -> None:
    assert describe_docx_location(line) == description


def test_it_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportReadError) as error:
        read_docx(tmp_path / "x.docx")
    assert str(error.value) == "Không tìm thấy tệp «x.docx»."


def test_it_reports_a_folder_as_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "thu-muc.docx"
    folder.mkdir()
    with pytest.raises(ReportReadError, match=r"Không tìm thấy tệp «thu-muc\.docx»"):
        read_docx(folder)


def test_it_rejects_a_text_file_renamed_to_docx(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_text("BÁO CÁO\nTình hình thực hiện công tác cải cách hành chính", encoding="utf-8")
    with pytest.raises(ReportReadError) as error:
        read_docx(path)
    assert str(error.value).startswith("Tệp «bao-cao.docx» không phải tài liệu Word (.docx) hợp lệ: ")


def test_it_rejects_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "nen.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bao-cao.txt", "BÁO CÁO")
    with pytest.raises(ReportReadError, match=r"«nen\.docx» không phải tài liệu Word"):
        read_docx(path)


def test_it_asks_to_save_an_old_doc_file_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(ReportReadError) as error:
        read_docx(path)
    assert "«bao-cao.doc»" in str(error.value)
    assert ".docx" in str(error.value)


def test_it_refuses_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lon.docx"
    build_docx(sample_report(), path)
    monkeypatch.setattr(docx_reader, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ReportReadError, match=r"Tệp «lon\.docx» quá lớn"):
        read_docx(path)


def test_it_refuses_a_document_that_inflates_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bom.docx"
    build_docx(sample_report(), path)
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(ReportReadError, match=r"«bom\.docx».*giải nén quá lớn"):
        read_docx(path)


def test_it_reports_damaged_xml_inside_the_package(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    build_docx(sample_report(), path)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["word/document.xml"] = members["word/document.xml"][:-40]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ReportReadError, match=r"«hong\.docx».*XML bị hỏng"):
        read_docx(path)
