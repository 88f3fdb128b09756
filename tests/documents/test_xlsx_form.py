"""A unit's form as XLSX: written like the paper form, read back by row code, every bad file refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import openpyxl
import openpyxl.xml
import pytest

from cchc.catalogues import default_catalogue
from cchc.core.aggregation import rows_for_level, with_computed
from cchc.core.catalogue import Level
from cchc.core.numbers import parse_cell
from cchc.documents.xlsx_form import XlsxFormError, read_form, write_form

CATALOGUE = default_catalogue()
UNIT = {"unit_name": "Sở Tư pháp", "unit_code": "so-tu-phap"}
PERIOD = {"period_code": "2023Q1", "period_label": "Quý I năm 2023"}


def _rows(form: int, level: Level) -> tuple:
    return rows_for_level(CATALOGUE, form, level)


def _allowed(form: int, level: Level) -> set[str]:
    return {row.code for row in _rows(form, level) if row.has_value and row.formula is None}


def _write(
    entries: dict[str, tuple[str, str]] | None = None,
    *,
    form: int = 3,
    level: Level = Level.SO,
    unit: dict[str, str] = UNIT,
    period: dict[str, str] = PERIOD,
    template_id: str = "bnv-581",
) -> bytes:
    entries = entries or {}
    cells = with_computed(CATALOGUE, {code: parse_cell(raw)[0] for code, (raw, _) in entries.items()})
    notes = {code: note for code, (_, note) in entries.items() if note}
    return write_form(
        CATALOGUE, form, _rows(form, level), cells, notes, **unit, **period, template_id=template_id
    )


def _read(data: bytes, *, form: int = 3, level: Level = Level.SO) -> dict[str, tuple[str, str]]:
    return read_form(
        data,
        CATALOGUE,
        form,
        unit_code="so-tu-phap",
        period_code="2023Q1",
        allowed_codes=_allowed(form, level),
    )


def _problems(data: bytes, **kwargs: object) -> list[str]:
    with pytest.raises(XlsxFormError) as error:
        _read(data, **kwargs)  # type: ignore[arg-type]
    return error.value.problems


def _edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _line(sheet, code: str) -> int:
    """The Excel row number of a row code (hidden column F)."""
    return next(cell.row for cell in sheet["F"] if cell.value == code)


def _set(code: str, value: object, column: str = "D", form: int = 3) -> Callable[[openpyxl.Workbook], None]:
    def change(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[f"Biểu mẫu {form}"]
        sheet[f"{column}{_line(sheet, code)}"] = value

    return change


FILLED = {
    "BM3-3.1.1": ("1.250", ""),
    "BM3-3.1.2": ("1.200", "đúng hạn theo phần mềm một cửa"),
    "BM3-3.4.1": ("-", "không phát sinh"),
    "BM3-3.4.2": ("0", ""),
}


def test_a_filled_form_reads_back_as_exactly_the_same_entries() -> None:
    read = _read(_write(FILLED))
    assert read == FILLED
    assert read["BM3-3.4.1"] != read["BM3-3.4.2"]


def test_blank_dash_and_zero_stay_three_different_things() -> None:
    entries = {"BM3-3.1.1": ("", ""), "BM3-3.1.2": ("-", ""), "BM3-3.4.1": ("0", ""), "BM3-3.4.2": ("", "")}
    assert _read(_write(entries)) == entries


def test_percents_codes_and_money_read_back_in_vietnamese_notation() -> None:
    entries = {code: ("", "") for code in _allowed(7, Level.TINH)}
    entries.update({"BM7-1": ("1", ""), "BM7-2": ("2", ""), "BM7-3": ("96,6", ""), "BM7-5.2": ("100", "")})
    read = _read(_write(entries, form=7, level=Level.TINH), form=7, level=Level.TINH)
    assert read == entries


def test_numbers_are_stored_as_numbers_with_display_formats() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_write(FILLED)))
    sheet = workbook["Biểu mẫu 3"]
    total = sheet[f"D{_line(sheet, 'BM3-3.1.1')}"]
    rate = sheet[f"D{_line(sheet, 'BM3-3.1')}"]
    dash = sheet[f"D{_line(sheet, 'BM3-3.4.1')}"]
    assert (total.value, total.number_format) == (1250, "#,##0")
    assert (rate.value, rate.number_format) == (96, "0.00")
    assert (dash.value, dash.data_type) == ("-", "s")


def test_a_computed_row_is_grey_locked_and_marked_computed() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_write(FILLED)))
    sheet = workbook["Biểu mẫu 3"]
    line = _line(sheet, "BM3-3.1")
    assert sheet.protection.sheet is True
    assert sheet[f"D{line}"].protection.locked is True
    assert sheet[f"D{line}"].fill.fgColor.rgb == "FFE7E6E6"
    assert sheet[f"E{line}"].value == "tự tính"
    assert sheet[f"D{_line(sheet, 'BM3-3.1.1')}"].protection.locked is False


def test_the_sheet_is_laid_out_like_the_paper_form_for_a4_printing() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_write(FILLED)))
    sheet = workbook["Biểu mẫu 3"]
    assert workbook.sheetnames == ["Biểu mẫu 3", "cchc"]
    assert workbook["cchc"].sheet_state == "veryHidden"
    assert sheet["A1"].value == "SỞ TƯ PHÁP"
    assert sheet["A2"].value == "Biểu mẫu 3: Cải cách thủ tục hành chính"
    assert sheet["A3"].value == "Quý I năm 2023"
    assert [c.value for c in sheet[5][:5]] == [
        "STT",
        "Chỉ tiêu thống kê",
        "Đơn vị tính",
        "Số liệu",
        "Ghi chú",
    ]
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.column_dimensions["F"].hidden
    heading = sheet[f"B{_line(sheet, 'BM3-3')}"]
    assert heading.font.b and sheet[f"D{_line(sheet, 'BM3-3')}"].value is None
    assert sheet[f"B{_line(sheet, 'BM3-3.1.1')}"].alignment.wrap_text


def test_coded_rows_get_a_list_of_their_allowed_codes() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_write(form=7, level=Level.TINH)))
    sheet = workbook["Biểu mẫu 7"]
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists[f"D{_line(sheet, 'BM7-2')}"] == '"0,1,2,-"'
    assert lists[f"D{_line(sheet, 'BM7-4')}"] == '"0,1,2,-"'
    assert f"D{_line(sheet, 'BM7-3')}" not in lists


def test_a_blank_form_has_the_layout_and_no_values_or_notes() -> None:
    data = _write()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Biểu mẫu 3"]
    first, last = _line(sheet, "BM3-3"), _line(sheet, "BM3-3.4.2")
    assert [sheet[f"D{n}"].value for n in range(first, last + 1)] == [None] * (last - first + 1)
    assert _read(data) == {code: ("", "") for code in _allowed(3, Level.SO)}


def test_a_value_edited_with_openpyxl_is_read_back() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1.1", 1300))
    data = _edit(data, _set("BM3-3.1.1", "số liệu phần mềm", column="E"))
    assert _read(data)["BM3-3.1.1"] == ("1.300", "số liệu phần mềm")


def test_text_typed_in_a_number_cell_is_passed_as_typed() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1.1", "1.300"))
    data = _edit(data, _set("BM3-3.4.2", " – "))
    read = _read(data)
    assert read["BM3-3.1.1"][0] == "1.300" and read["BM3-3.4.2"][0] == " – "


def test_float_noise_is_rounded_to_the_rows_decimals() -> None:
    data = _write(form=7, level=Level.TINH)
    data = _edit(data, _set("BM7-3", 96.60000000000001, form=7))
    data = _edit(data, _set("BM7-5.2", 33.335, form=7))
    data = _edit(data, _set("BM7-6.4.1", 1250.0, form=7))
    read = _read(data, form=7, level=Level.TINH)
    assert (read["BM7-3"][0], read["BM7-5.2"][0], read["BM7-6.4.1"][0]) == ("96,6", "33,34", "1.250")


def test_it_rejects_text_in_a_number_cell_naming_the_sheet_and_the_cell() -> None:
    data = _write(FILLED)
    line = _line(openpyxl.load_workbook(io.BytesIO(data))["Biểu mẫu 3"], "BM3-3.1.2")
    problems = _problems(_edit(data, _set("BM3-3.1.2", "nhiều")))
    assert problems == [
        f"Trang «Biểu mẫu 3», ô D{line} (mục 3.1.2): «nhiều» không phải là số (ghi số, «-» hoặc để trống)."
    ]


def test_it_rejects_a_percent_above_100() -> None:
    data = _edit(_write(form=7, level=Level.TINH), _set("BM7-3", 120, form=7))
    [problem] = _problems(data, form=7, level=Level.TINH)
    assert problem.startswith("Trang «Biểu mẫu 7», ô D") and "(mục 3): tỷ lệ «120» vượt quá 100%" in problem


def test_it_rejects_a_negative_number_and_a_fraction_of_a_count() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1.1", -5))
    data = _edit(data, _set("BM3-3.1.2", "12,5"))
    problems = _problems(data)
    assert len(problems) == 2
    assert "(mục 3.1.1): «-5» là số âm" in problems[0]
    assert "(mục 3.1.2): «12,5» là số đếm, phải là số nguyên." in problems[1]


def test_it_rejects_a_code_not_among_the_rows_options() -> None:
    data = _edit(_write(form=7, level=Level.TINH), _set("BM7-2", 5, form=7))
    [problem] = _problems(data, form=7, level=Level.TINH)
    assert "(mục 2): mã «5» không có trong danh sách (0 = Chưa có; 1 = 2 cấp; 2 = 3 cấp)." in problem


def test_it_rejects_a_date_excel_made_from_a_typed_number() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1.1", dt.datetime(2023, 2, 1)))
    [problem] = _problems(data)
    assert "(mục 3.1.1): «01/02/2023» là ngày tháng, không phải là số" in problem


def test_it_collects_every_problem_not_just_the_first() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1.1", "nhiều"))
    data = _edit(data, _set("BM3-3.1.2", "ít"))
    data = _edit(data, _set("BM3-3.4.2", -1))
    assert len(_problems(data)) == 3


def test_a_value_typed_in_a_computed_row_is_ignored() -> None:
    data = _edit(_write(FILLED), _set("BM3-3.1", 55))
    read = _read(data)
    assert "BM3-3.1" not in read and read == FILLED


def test_a_formula_looking_note_is_written_as_text_and_read_back_unchanged() -> None:
    notes = {
        "BM3-3.1.1": ("1", '=HYPERLINK("http://ví-dụ.vn","bấm")'),
        "BM3-3.1.2": ("1", "+84 912 345 678"),
        "BM3-3.4.1": ("-", "-Không phát sinh"),
        "BM3-3.4.2": ("0", "@SUM(A1:A2)"),
    }
    data = _write(notes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert _read(data) == notes


def test_a_row_moved_with_its_code_is_still_read_by_its_code() -> None:
    def swap(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["Biểu mẫu 3"]
        a, b = _line(sheet, "BM3-3.4.1"), _line(sheet, "BM3-3.4.2")
        for column in "ABCDEF":
            sheet[f"{column}{a}"].value, sheet[f"{column}{b}"].value = (
                sheet[f"{column}{b}"].value,
                sheet[f"{column}{a}"].value,
            )

    assert _read(_edit(_write(FILLED), swap)) == FILLED


def test_it_rejects_rows_sorted_apart_from_their_codes() -> None:
    def sort_visible_columns(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["Biểu mẫu 3"]
        a, b = _line(sheet, "BM3-3.1.1"), _line(sheet, "BM3-3.1.2")
        for column in "ABCDE":
            sheet[f"{column}{a}"].value, sheet[f"{column}{b}"].value = (
                sheet[f"{column}{b}"].value,
                sheet[f"{column}{a}"].value,
            )

    problems = _problems(_edit(_write(FILLED), sort_visible_columns))
    assert len(problems) == 2
    assert "STT «3.1.2» không khớp mục 3.1.1" in problems[0]


def test_it_rejects_a_file_whose_row_was_deleted() -> None:
    def delete(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["Biểu mẫu 3"]
        sheet.delete_rows(_line(sheet, "BM3-3.1.2"))

    [problem] = _problems(_edit(_write(FILLED), delete))
    assert problem.startswith("Trang «Biểu mẫu 3»: không tìm thấy dòng mục 3.1.2")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"form": 2, "level": Level.SO}, "Tệp Excel là Biểu mẫu 2, không phải Biểu mẫu 3 đang nhập."),
        (
            {"unit": {"unit_name": "UBND huyện Nga Sơn", "unit_code": "huyen-nga-son"}},
            "Tệp Excel là của đơn vị «UBND huyện Nga Sơn» (mã huyen-nga-son), "
            "không phải của đơn vị đang nhập (mã so-tu-phap).",
        ),
        (
            {"period": {"period_code": "2022Q4", "period_label": "Quý IV năm 2022"}},
            "Tệp Excel là của kỳ «Quý IV năm 2022» (2022Q4), không phải kỳ 2023Q1 đang nhập.",
        ),
        (
            {"template_id": "bnv-2025"},
            "Tệp Excel được tạo theo mẫu biểu «bnv-2025», còn kỳ này dùng mẫu biểu «bnv-581».",
        ),
    ],
)
def test_it_rejects_a_file_made_for_another_form_unit_period_or_template(kwargs, expected) -> None:
    assert _problems(_write(**kwargs)) == [expected]


def test_it_rejects_a_workbook_that_was_not_downloaded_from_the_system() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Biểu mẫu 3"
    workbook.active["D7"] = 1250
    out = io.BytesIO()
    workbook.save(out)
    [problem] = _problems(out.getvalue())
    assert "thiếu trang ẩn «cchc»" in problem


def test_it_rejects_a_file_that_is_not_a_zip() -> None:
    assert _problems("STT;Chỉ tiêu;Số liệu\n1;Văn bản;5\n".encode()) == [
        "Tệp không phải là tệp Excel (.xlsx) hoặc đã bị hỏng."
    ]


def test_it_rejects_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet")
    assert _problems(out.getvalue()) == ["Tệp không phải là tệp Excel (.xlsx) hoặc đã bị hỏng."]


def test_it_rejects_an_old_binary_xls_file() -> None:
    [problem] = _problems(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "Excel cũ (.xls)" in problem


def test_it_rejects_a_file_over_5_mb() -> None:
    [problem] = _problems(_write(FILLED) + b"\0" * (5 * 1024 * 1024))
    assert problem.startswith("Tệp quá lớn") and "tối đa 5 MB" in problem


def test_it_rejects_a_zip_bomb_before_inflating_it() -> None:
    out = io.BytesIO(_write(FILLED))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/media/image1.png", b"\0" * (60 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    [problem] = _problems(data)
    assert "vượt giới hạn 50 MB" in problem


def test_it_rejects_a_sheet_with_more_than_2000_rows() -> None:
    def grow(workbook: openpyxl.Workbook) -> None:
        workbook["Biểu mẫu 3"]["B2500"] = "dòng thừa"

    [problem] = _problems(_edit(_write(FILLED), grow))
    assert problem == "Trang «Biểu mẫu 3» có hơn 2.000 dòng; mẫu của hệ thống ít hơn nhiều."


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_a_workbook_with_millions_of_styles_is_refused_before_openpyxl_loads_them() -> None:
    from cchc.documents.xlsx_form import open_workbook

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(
            "xl/styles.xml", "<styleSheet><cellXfs>" + "<xf/>" * 400_000 + "</cellXfs></styleSheet>"
        )
    with pytest.raises(XlsxFormError) as refused:
        open_workbook(out.getvalue())
    assert refused.value.problems == [
        "Tệp: phần «xl/styles.xml» khi giải nén lớn 2 MB, vượt giới hạn 1 MB cho một phần."
    ]
