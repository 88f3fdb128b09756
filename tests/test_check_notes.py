"""The notes column (Ghi chú): a ratio, listed parts or a period that contradict the row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cchc.checker import check_file

HEAD = "BÁO CÁO\n\nTình hình thực hiện công tác cải cách hành chính Quý I năm 2023\n\n"


def findings(tmp_path: Path, form: int, line: str) -> list[tuple[str, str, tuple[str, ...], object, object]]:
    path = tmp_path / "bao-cao.txt"
    path.write_text(f"{HEAD}Biểu mẫu {form}\n{line}\n", encoding="utf-8")
    return [
        (f.rule, f.severity.value, f.codes, f.expected, f.actual)
        for f in check_file(path).findings
        if f.rule.startswith("note")
    ]


def test_a_rate_must_match_the_ratio_its_note_gives(tmp_path: Path) -> None:
    row = "5.2.1.\tTỷ lệ sử dụng văn bản điện tử của các sở, ban, ngành cấp tỉnh\t%\t{}\tSố lượng 36.099/36.336 vb gửi đi"
    assert findings(tmp_path, 7, row.format("99,35")) == []
    assert findings(tmp_path, 7, row.format("99,53")) == [
        ("note-ratio", "error", ("BM7-5.2.1",), Decimal("99.35"), Decimal("99.53"))
    ]


def test_a_count_must_match_the_parts_its_note_lists(tmp_path: Path) -> None:
    row = "1.3.\tSố TTHC bãi bỏ, thay thế\tThủ tục\t{}\t51 bãi bỏ, 168 sửa đổi"
    assert findings(tmp_path, 3, row.format("219")) == []
    assert findings(tmp_path, 3, row.format("218")) == [
        ("note-parts-sum", "warning", ("BM3-1.3",), Decimal(219), Decimal(218))
    ]


def test_a_note_naming_another_period_is_flagged_but_document_dates_are_not(tmp_path: Path) -> None:
    row = "3.1.\tSố sở, ngành đã kiểm tra\tCơ quan, đơn vị\t-\t{}"
    assert (
        findings(tmp_path, 1, row.format("Trong quý I năm 2023, chưa kiểm tra. Dự kiến tháng 4/2023")) == []
    )
    assert findings(tmp_path, 1, row.format("Quyết định số 5447/QĐ-UBND ngày 22/12/2020")) == []
    assert findings(tmp_path, 1, row.format("Số liệu Quý IV/2022")) == [
        ("note-period", "error", ("BM1-3.1",), None, None)
    ]
    assert findings(tmp_path, 1, row.format("Kết quả năm 2022")) == [
        ("note-period", "warning", ("BM1-3.1",), None, None)
    ]
    assert findings(tmp_path, 1, row.format("Tỷ lệ cắt giảm so với năm 2015")) == []


def test_a_total_in_a_note_must_equal_its_listed_parts(tmp_path: Path) -> None:
    row = "2.\tXây dựng và vận hành Hệ thống hợp trực tuyến\tChưa có = 0 2 cấp = 1 3 cấp = 2\t2\t600 điểm cầu (31 điểm cầu cấp tỉnh; 10 điểm cầu khối Đảng; {} điểm cầu cấp xã"
    assert findings(tmp_path, 7, row.format("559")) == []
    assert findings(tmp_path, 7, row.format("549")) == []  # reported as narrative-parts-sum below
    path = tmp_path / "bao-cao.txt"
    path.write_text(f"{HEAD}Biểu mẫu 7\n{row.format('549')}\n", encoding="utf-8")
    [finding] = [f for f in check_file(path).findings if f.rule == "narrative-parts-sum"]
    assert (finding.form, finding.codes, finding.expected, finding.actual) == (
        7,
        ("BM7-2",),
        Decimal(590),
        Decimal(600),
    )


# (the row's line with the note left open, its code)
INSPECTED = ("3.1.\tSố sở, ngành đã kiểm tra\tCơ quan, đơn vị\t-\t{}", "BM1-3.1")
ASSIGNED = ("5.1.\tTổng số nhiệm vụ được giao\tNhiệm vụ\t44\t{}", "BM1-5.1")
ISSUED = ("1.\tSố văn bản chỉ đạo CCHC đã ban hành\tVăn bản\t17\t{}", "BM1-1")


@pytest.mark.parametrize(
    ("row", "note", "severity"),
    [
        # A plan or a comparison names another period on purpose.
        (INSPECTED, "Dự kiến kiểm tra trong quý II năm 2023", None),
        (INSPECTED, "Theo kế hoạch, sẽ kiểm tra 6 tháng cuối năm 2023", None),
        (INSPECTED, "Kiểm tra trong quý II năm 2023", "error"),
        (ASSIGNED, "So với 6 tháng đầu năm 2022 tăng 10 nhiệm vụ", None),
        (ASSIGNED, "Số liệu 6 tháng đầu năm 2022", "error"),
        # Quý I/2023 counts from 15/12/2022 to 14/03/2023.
        (ISSUED, "Số liệu từ ngày 15/12/2022 đến ngày 14/3/2023", None),
        (ISSUED, "Từ ngày 01/01/2023 đến ngày 31/3/2023", "warning"),
        (ISSUED, "Số liệu từ ngày 15/12/2021 đến ngày 14/3/2022", "error"),
    ],
)
def test_a_notes_period_is_what_the_figure_covers(
    tmp_path: Path, row: tuple[str, str], note: str, severity: str | None
) -> None:
    line, code = row
    wanted = [("note-period", severity, (code,), None, None)] if severity else []
    assert findings(tmp_path, 1, line.format(note)) == wanted
