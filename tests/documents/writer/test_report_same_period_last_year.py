"""Cùng kỳ in the report: the key figures against the same period of last year, exact, in the values file too."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from cchc.catalogues import default_catalogue
from cchc.checker import check_file
from cchc.core.catalogue import Kind
from cchc.core.compare import change_words
from cchc.core.numbers import Cell, parse_cell
from cchc.core.periods import parse_period
from cchc.documents.writer import ReportData, write_docx
from cchc.documents.writer.data import Comparison, ValuesFileError, dump_values, load_values


def last_year(report: ReportData) -> ReportData:
    """The report with a cùng kỳ: last year's dossiers 10 % fewer, on time 1 point lower, online the same."""
    before = dict(report.cells)
    for code in ("BM3-3.1.1", "BM3-3.2.1", "BM3-3.3.1"):
        number = report.cell(code).number
        assert number is not None
        before[code] = Cell.of(number * 9 / 10)
        on_time = report.cell(code[:-1] + "2").number
        assert on_time is not None
        before[code[:-1] + "2"] = Cell.of(number * 9 / 10 * (on_time / number - Decimal("0.01")))
    return dataclasses.replace(report, previous=Comparison(parse_period("2022Q1"), before))


@pytest.mark.parametrize(
    ("kind", "now", "before", "unit", "words"),
    [
        (Kind.COUNT, "45.700", "41.130", "Hồ sơ", "tăng 4.570 hồ sơ (11,11%)"),
        (Kind.COUNT, "90", "100", "", "giảm 10 (10,00%)"),
        (Kind.PERCENT, "96,60", "97,10", "", "giảm 0,50 điểm phần trăm"),
        (Kind.COUNT, "12", "12", "Văn bản", "không thay đổi"),
        (Kind.COUNT, "5", "0", "Văn bản", "tăng 5 văn bản"),
        (Kind.COUNT, "-", "5", "", ""),
    ],
)
def test_a_movement_is_said_the_vietnamese_way(
    kind: Kind, now: str, before: str, unit: str, words: str
) -> None:
    assert (
        change_words(kind, 2 if kind is Kind.PERCENT else 0, parse_cell(now)[0], parse_cell(before)[0], unit)
        == words
    )


def test_the_report_says_how_the_key_figures_moved(report: ReportData, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    write_docx(last_year(report), path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    now = sum(report.cell(f"BM3-3.{level}.1").number or 0 for level in (1, 2, 3))
    before = now * 9 / 10
    sentence = next(line for line in text.splitlines() if line.startswith("- So với cùng kỳ năm 2022"))
    assert sentence.startswith(
        f"- So với cùng kỳ năm 2022, số hồ sơ TTHC đã giải quyết xong "
        f"{change_words(Kind.COUNT, 0, Cell.of(now), Cell.of(before), 'Hồ sơ')}, tỷ lệ giải quyết đúng hạn tăng "
    )
    assert sentence.endswith("tỷ lệ hồ sơ tiếp nhận trực tuyến không thay đổi.")
    # A comparison is not a figure of this period: the checker reads no contradiction into it.
    assert not [f.rule for f in check_file(path).findings if f.rule.startswith("narrative")]


def test_without_a_comparison_the_report_says_nothing_of_it(report_docx: Path) -> None:
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(report_docx)).paragraphs)
    assert "cùng kỳ" not in text


def test_the_values_file_carries_cung_ky_both_ways(report: ReportData) -> None:
    compared = last_year(report)
    data = dump_values(compared)
    assert data["cung_ky"]["period"] == "2022Q1"
    back = load_values(data, default_catalogue())
    assert back.previous is not None and back.previous.period == parse_period("2022Q1")
    assert back.previous.cells["BM3-3.1.1"] == compared.previous.cells["BM3-3.1.1"]  # type: ignore[union-attr]
    wrong = {**data, "cung_ky": {**data["cung_ky"], "period": "2022Q2"}}
    with pytest.raises(
        ValuesFileError, match="cùng kỳ của Quý I năm 2023 là Quý I năm 2022, không phải Quý II năm 2022"
    ):
        load_values(wrong, default_catalogue())


def test_the_change_of_a_rate_is_the_difference_of_the_printed_rates(
    report: ReportData, tmp_path: Path
) -> None:
    # 523.620/530.813 = 98,6449 % against 497.809/506.373 = 98,3088 %: the reader subtracts 98,64 − 98,31.
    def cells(solved: int, on_time: int) -> dict[str, Cell]:
        cells = dict(report.cells)
        for level, (all_, in_time) in enumerate(((solved, on_time), (0, 0), (0, 0)), start=1):
            cells[f"BM3-3.{level}.1"], cells[f"BM3-3.{level}.2"] = Cell.of(all_), Cell.of(in_time)
        return cells

    now = dataclasses.replace(
        report,
        cells=cells(530_813, 523_620),
        previous=Comparison(parse_period("2022Q1"), cells(506_373, 497_809)),
    )
    path = tmp_path / "bao-cao.docx"
    write_docx(now, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "(đạt tỷ lệ 98,64%)" in text
    assert "tỷ lệ giải quyết đúng hạn tăng 0,33 điểm phần trăm" in text
