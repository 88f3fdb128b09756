"""A unit's own report states its dossier figures in its own words («Sở đã giải quyết xong 6.660 hồ sơ
TTHC, trong đó đúng hạn 6.120 hồ sơ»); they are compared with the BM3 rows of the unit's level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue_copy import copy_with
from cchc.catalogues import default_catalogue, load_catalogue
from cchc.checker import check_against, check_document, unit_report_job
from cchc.core.aggregation import with_computed
from cchc.core.catalogue import CatalogueError, Level
from cchc.core.numbers import parse_cell
from cchc.documents.text_reader import parse_text
from docx_builder import build_docx

SENTENCE = "đã giải quyết xong 6.660 hồ sơ TTHC, trong đó đúng hạn 6.120 hồ sơ."
ON_TIME_WRONG = (
    "Thuyết minh ghi 6.120 hồ sơ cho số hồ sơ TTHC giải quyết đúng hạn, nhưng biểu mẫu đơn vị đã nhập "
    "ghi 6.100; hai nơi phải cùng một số."
)
RESOLVED_WRONG = (
    "Thuyết minh ghi 6.660 hồ sơ cho tổng số hồ sơ TTHC đã giải quyết xong, nhưng biểu mẫu đơn vị đã "
    "nhập ghi 6.600; hai nơi phải cùng một số."
)

# Each unit: its level, the heading of its report, the subject of its sentence, the BM3 rows it enters.
UNITS = {
    "department": (Level.SO, "SỞ TƯ PHÁP", "Trong quý, Sở", "3.1"),
    "district": (Level.HUYEN, "UBND HUYỆN HOẰNG HÓA", "Trong quý, UBND huyện", "3.2"),
    "commune": (Level.XA, "UBND XÃ HOẰNG ĐẠO", "Trong quý, UBND xã", "3.3"),
}


def _report(heading: str, body: str) -> str:
    return (
        f"UBND TỈNH THANH HÓA\n{heading}\n\nBÁO CÁO\n\n"
        "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023\n\n"
        f"2. Cải cách thủ tục hành chính\n\n- {body}\n\nCHỦ TỊCH\n"
    )


def _check(
    text: str, level: Level | None, entered: dict[str, str]
) -> tuple[list[tuple[str, tuple[str, ...], str]], set[str]]:
    """The findings (rule, codes, message) of a report checked against `entered`, and the rows compared."""
    catalogue = default_catalogue()
    cells = with_computed(catalogue, {code: parse_cell(value)[0] for code, value in entered.items()})
    compared: set[str] = set()
    findings = check_against(parse_text(text), catalogue, cells, compared, level)
    return [(f.rule, f.codes, f.message) for f in findings], compared


# The figures each form holds: one agrees with the sentence, the other does not (and the finding).
CASES = {
    "on time disagrees": (("6.660", "6.100"), 2, ON_TIME_WRONG),
    "total disagrees": (("6.600", "6.120"), 1, RESOLVED_WRONG),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("unit", UNITS)
def test_a_units_dossier_figure_that_disagrees_with_its_form_is_found_in_its_levels_row(
    unit: str, case: str
) -> None:
    level, heading, subject, stt = UNITS[unit]
    (resolved, on_time), wrong, message = CASES[case]
    entered = {f"BM3-{stt}.1": resolved, f"BM3-{stt}.2": on_time}
    findings, compared = _check(_report(heading, f"{subject} {SENTENCE}"), level, entered)
    assert compared == {f"BM3-{stt}.1", f"BM3-{stt}.2"}
    assert findings == [("narrative-vs-table", (f"BM3-{stt}.{wrong}",), message)]


def test_the_figures_after_them_and_other_wordings_are_matched_too() -> None:
    text = _report(
        "SỞ TƯ PHÁP",
        "Sở tiếp nhận 7.000 hồ sơ, trong đó 6.660 hồ sơ đã giải quyết xong, 340 hồ sơ đang giải quyết. "
        "Sở giải quyết đúng và trước hạn 6.120 hồ sơ.",
    )
    findings, compared = _check(text, Level.SO, {"BM3-3.1.1": "6.660", "BM3-3.1.2": "6.100"})
    assert compared == {"BM3-3.1.1", "BM3-3.1.2"}
    # 340 is what is still being resolved: the phrase before the comma is not its.
    assert findings == [("narrative-vs-table", ("BM3-3.1.2",), ON_TIME_WRONG)]


def test_on_time_given_apart_from_early_is_not_the_forms_on_time_count() -> None:
    text = _report(
        "SỞ TƯ PHÁP",
        "Sở đã giải quyết xong 6.660 hồ sơ, trong đó trước hạn 500 hồ sơ, đúng hạn 5.620 hồ sơ, "
        "quá hạn 540 hồ sơ.",
    )
    findings, compared = _check(text, Level.SO, {"BM3-3.1.1": "6.660", "BM3-3.1.2": "6.120"})
    # 5.620 is on time alone, the form's 3.1.2 early and on time (500 + 5.620): not compared, no error.
    assert (findings, compared) == ([], {"BM3-3.1.1"})


def test_a_districts_sentence_about_one_of_its_communes_is_not_the_districts_figure() -> None:
    text = _report("UBND HUYỆN HOẰNG HÓA", f"UBND xã Hoằng Đạo {SENTENCE}")
    findings, compared = _check(text, Level.HUYEN, {"BM3-3.2.1": "9.000", "BM3-3.2.2": "8.000"})
    assert (findings, compared) == ([], set())


def test_a_report_checked_with_no_unit_level_leaves_the_units_phrases_alone() -> None:
    findings, compared = _check(
        _report("SỞ TƯ PHÁP", f"Sở {SENTENCE}"), None, {"BM3-3.1.1": "6.660", "BM3-3.1.2": "6.100"}
    )
    assert (findings, compared) == ([], set())


def test_the_provinces_report_does_not_read_a_units_phrases() -> None:
    text = _report("UBND TỈNH THANH HÓA", f"Các sở, ngành {SENTENCE}") + (
        "\nPhụ lục\n\nBiểu mẫu 3\n\nSTT\tChỉ tiêu thống kê\tĐVT\tSố liệu\tGhi chú\n"
        "3.1.1.\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t6.660\t\n"
        "3.1.2.\tSố hồ sơ TTHC giải quyết đúng hạn\tHồ sơ\t6.100\t\n"
    )
    # `cchc check` reads it as before this change: the unit's phrases are not read in a province's
    # report, and its own phrases do not cover this sentence (docs/decisions.md).
    result = check_document(parse_text(text))
    assert result.values["BM3-3.1.2"].text == "6.100"
    assert not [f for f in result.findings if f.rule == "narrative-vs-table"]


def test_the_worker_job_reads_a_districts_word_report_with_the_districts_rows(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    build_docx(parse_text(_report("UBND HUYỆN HOẰNG HÓA", f"UBND huyện {SENTENCE}")), path)
    entered = {"BM3-3.2.1": "6.660", "BM3-3.2.2": "6.100"}
    found = json.loads(unit_report_job(path.read_bytes(), "bnv-581", entered, "huyen"))
    assert found["compared"] == 2
    assert [(item["codes"], item["message"]) for item in found["findings"]] == [
        (["BM3-3.2.2"], ON_TIME_WRONG)
    ]


def test_an_alias_for_an_unknown_kind_of_report_is_refused(tmp_path: Path) -> None:
    old = 'levels = ["huyen"]\naliases = [\n  { pattern = "giải quyết xong {n} hồ sơ", report = "unit" },'
    folder = copy_with(tmp_path, ("bm3.toml", old, old.replace('"unit"', '"huyen"')))
    with pytest.raises(CatalogueError, match="«report» chỉ nhận «unit»"):
        load_catalogue(folder)
