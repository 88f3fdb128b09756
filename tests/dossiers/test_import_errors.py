"""A bad row refuses the whole import, and the message names the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cchc.dossiers import DossierImportError, import_files
from cchc.dossiers.generator import generate

HEADER = (
    "dossier_id,procedure_code,field,unit_code,level,channel,online_level,received_at,due_at,"
    "time_limit_days,resolved_at,status\n"
)
GOOD = "A{n},P1,Hộ tịch,xa-01,xa,Trực tiếp,Toàn trình,05/01/2023,06/01/2023,,06/01/2023,Đã giải quyết\n"


def _file(tmp_path: Path, *rows: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _refused(tmp_path: Path, path: Path) -> DossierImportError:
    out = tmp_path / "out.parquet"
    with pytest.raises(DossierImportError) as caught:
        import_files([path], out)
    assert not out.exists()
    return caught.value


def test_it_names_the_line_of_a_bad_date(tmp_path: Path) -> None:
    bad = GOOD.format(n=3).replace("05/01/2023", "31/02/2023")
    error = _refused(tmp_path, _file(tmp_path, GOOD.format(n=1), GOOD.format(n=2), bad))
    assert error.messages == [
        "Tệp export.csv, dòng 4: cột «received_at»: «31/02/2023» không phải ngày dạng dd/mm/yyyy."
    ]


def test_it_refuses_an_unknown_channel(tmp_path: Path) -> None:
    error = _refused(tmp_path, _file(tmp_path, GOOD.format(n=1).replace("Trực tiếp", "Fax")))
    assert error.messages == [
        "Tệp export.csv, dòng 2: cột «channel»: «Fax» không có trong danh mục hình thức nộp."
    ]


def test_it_lists_every_bad_row_not_only_the_first(tmp_path: Path) -> None:
    rows = [GOOD.format(n=i) for i in range(1, 6)]
    rows[1] = rows[1].replace("xa-01,xa", "xa-01,thôn")
    rows[3] = rows[3].replace(",Đã giải quyết", ",")
    error = _refused(tmp_path, _file(tmp_path, *rows))
    assert error.messages == [
        "Tệp export.csv, dòng 3: cột «level»: «thôn» không có trong danh mục cấp giải quyết.",
        "Tệp export.csv, dòng 5: thiếu «Trạng thái».",
    ]


def test_a_finished_status_needs_a_result_date(tmp_path: Path) -> None:
    row = GOOD.format(n=1).replace(",06/01/2023,Đã", ",,Đã")
    error = _refused(tmp_path, _file(tmp_path, row))
    assert error.messages == ["Tệp export.csv, dòng 2: trạng thái đã kết thúc nhưng thiếu ngày có kết quả."]


def test_a_result_before_receipt_is_refused(tmp_path: Path) -> None:
    row = GOOD.format(n=1).replace(",06/01/2023,Đã", ",04/01/2023,Đã")
    error = _refused(tmp_path, _file(tmp_path, row))
    assert error.messages == ["Tệp export.csv, dòng 2: ngày có kết quả trước ngày tiếp nhận."]


def test_a_dossier_id_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    error = _refused(tmp_path, _file(tmp_path, GOOD.format(n=1), GOOD.format(n=2), GOOD.format(n=1)))
    assert len(error.messages) == 1
    assert error.messages[0].startswith("Mã hồ sơ «A1» lặp lại: ")
    assert "dòng 2" in error.messages[0] and "dòng 4" in error.messages[0]


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(HEADER.replace(",channel", ",kenh") + GOOD.format(n=1), encoding="utf-8")
    error = _refused(tmp_path, path)
    assert error.messages == [
        "Tệp «export.csv» thiếu 1 cột bắt buộc: «Hình thức nộp». Hãy xuất lại tệp từ hệ thống một cửa, "
        "hoặc chọn bảng ánh xạ cột đúng với hệ thống đó."
    ]


def test_a_file_of_another_system_gets_one_message_naming_every_missing_column_by_its_header(
    tmp_path: Path,
) -> None:
    path = tmp_path / "so-theo-doi.csv"
    path.write_text("STT,Mã hồ sơ,Ngày tiếp nhận,Ghi chú\n1,A1,05/01/2023,\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    with pytest.raises(DossierImportError) as caught:
        import_files([path], out, mapping="mot-cua", names=["Sổ theo dõi quý I.csv"])
    assert caught.value.messages == [
        "Tệp «Sổ theo dõi quý I.csv» thiếu 5 cột bắt buộc: «Mã thủ tục», «Mã đơn vị», «Cấp thực hiện», "
        "«Hình thức nộp», «Trạng thái». Hãy xuất lại tệp từ hệ thống một cửa, hoặc chọn bảng ánh xạ cột "
        "đúng với hệ thống đó."
    ]
    assert not out.exists()


@pytest.mark.parametrize("mapping", ["mot-cua", "cchc"])
def test_every_mapping_reads_the_file_cchc_itself_generates(tmp_path: Path, mapping: str) -> None:
    source = generate(500, tmp_path / "ho-so.parquet", seed=3)
    result = import_files([source], tmp_path / "out.parquet", mapping=mapping)
    assert result.rows == 500
    assert pq.read_table(result.path).column("dossier_id").to_pylist() == (
        pq.read_table(source).column("dossier_id").to_pylist()
    )


def test_one_bad_file_stops_the_good_ones_too(tmp_path: Path) -> None:
    good = _file(tmp_path, GOOD.format(n=1), name="a.csv")
    bad = _file(tmp_path, GOOD.format(n=2).replace("05/01/2023", "hôm qua"), name="b.csv")
    out = tmp_path / "out.parquet"
    with pytest.raises(DossierImportError, match=r"Tệp b\.csv, dòng 2"):
        import_files([good, bad], out)
    assert not out.exists()


def test_line_numbers_hold_in_a_large_file(tmp_path: Path) -> None:
    rows = [GOOD.format(n=i) for i in range(1, 30_001)]
    rows[25_000] = rows[25_000].replace("Toàn trình", "Mức 9")
    error = _refused(tmp_path, _file(tmp_path, *rows))
    assert error.messages == [
        "Tệp export.csv, dòng 25002: cột «online_level»: «Mức 9» không có trong danh mục mức độ dịch vụ công trực tuyến."
    ]


def test_a_good_file_is_imported_with_its_count(tmp_path: Path) -> None:
    result = import_files([_file(tmp_path, GOOD.format(n=1), GOOD.format(n=2))], tmp_path / "out.parquet")
    assert result.rows == 2


def test_the_import_reports_its_steps_for_a_progress_bar(tmp_path: Path) -> None:
    steps: list[tuple[int, int, str]] = []
    import_files(
        [_file(tmp_path, GOOD.format(n=1))],
        tmp_path / "out.parquet",
        progress=lambda *step: steps.append(step),
    )
    assert steps == [(0, 3, "Đọc tệp export.csv"), (1, 3, "Kiểm tra từng hồ sơ"), (2, 3, "Ghi tệp Parquet")]


def test_a_blank_line_does_not_shift_the_line_named(tmp_path: Path) -> None:
    bad = GOOD.format(n=3).replace("Trực tiếp", "Fax")
    # Line 1 header, 2 A1, 3 blank, 4 A2, 5 blank, 6 blank, 7 the bad row.
    error = _refused(tmp_path, _file(tmp_path, GOOD.format(n=1), "\n", GOOD.format(n=2), "\n", "\n", bad))
    assert len(error.messages) == 1 and error.messages[0].startswith("Tệp export.csv, dòng 7: cột «channel»")


def test_a_date_outside_the_working_calendar_is_refused_naming_the_line(tmp_path: Path) -> None:
    # Excel's empty date shows as 00/01/1900 or 01/01/1900: the calendar starts on 01/01/2000.
    bad = GOOD.format(n=2).replace("05/01/2023", "01/01/1900")
    error = _refused(tmp_path, _file(tmp_path, GOOD.format(n=1), bad))
    assert error.messages == [
        "Tệp export.csv, dòng 3: ngày tiếp nhận ngoài khoảng của lịch ngày làm việc (01/01/2000 – 31/12/2045)."
    ]
