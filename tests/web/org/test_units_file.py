"""The unit tree imported and exported as a province's file: all or nothing, each bad line named."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.web.org.excel import UnitsFileError, read_units_file, write_units_csv, write_units_xlsx
from cchc.web.org.models import OrgUnit
from cchc.web.org.units import UnitsImportError, export_rows, import_units
from cchc.web.reporting.services import save_values, submission_for

HEADER = "Mã,Tên,Cấp,Mã đơn vị cấp trên,Hiệu lực từ,Hiệu lực đến,Mã đơn vị tiền thân,Độ tin cậy"


def lines(*rows: str) -> list[tuple[int, dict[str, str]]]:
    return read_units_file("don-vi.csv", "\n".join((HEADER, *rows)).encode("utf-8"))


def refused(*rows: str) -> list[str]:
    before = OrgUnit.objects.count()
    with pytest.raises(UnitsImportError) as error:
        import_units(lines(*rows))
    assert OrgUnit.objects.count() == before  # nothing half-written
    return error.value.problems


def test_communes_and_a_merged_department_are_imported_with_their_history(world) -> None:  # type: ignore[no-untyped-def]
    result = import_units(
        lines(
            "so-tu-phap,Sở Tư pháp,so,ubnd-tinh,,28/02/2025,,Suy luận",
            "so-tu-phap-2025,Sở Tư pháp,Sở, ban, ngành,ubnd-tinh,01/03/2025,,so-tu-phap,Đã xác nhận".replace(
                "Sở, ban, ngành", '"Sở, ban, ngành"'
            ),
            "xa-cac-son,Xã Các Sơn,UBND cấp xã,ubnd-tinh,01/07/2025,,,confirmed",
        )
    )
    assert (sorted(result.created), result.changed, result.unchanged) == (
        ["so-tu-phap-2025", "xa-cac-son"],
        ["so-tu-phap"],
        0,
    )
    new = OrgUnit.objects.get(code="so-tu-phap-2025")
    assert [p.code for p in new.predecessors.all()] == ["so-tu-phap"]
    assert (new.level, new.parent, new.valid_from, new.confidence) == (
        "so",
        world.province,
        dt.date(2025, 3, 1),
        "confirmed",
    )
    assert OrgUnit.objects.get(code="so-tu-phap").valid_to == dt.date(2025, 2, 28)
    commune = OrgUnit.objects.get(code="xa-cac-son")
    assert (commune.level, commune.parent, commune.valid_from) == ("xa", world.province, dt.date(2025, 7, 1))
    # On a day after 1/7/2025 the tree has the province, the new department and the commune.
    assert [row["code"] for row in export_rows(dt.date(2026, 12, 14))] == [
        "ubnd-tinh",
        "so-tu-phap-2025",
        "xa-cac-son",
    ]
    # The same file again changes nothing.
    again = import_units(lines("xa-cac-son,Xã Các Sơn,xa,ubnd-tinh,01/07/2025,,,Đã xác nhận"))
    assert (again.created, again.changed, again.unchanged) == ([], [], 1)


def test_a_bad_parent_a_cycle_overlapping_validity_and_an_unknown_predecessor_are_refused_whole(
    world,
) -> None:  # type: ignore[no-untyped-def]
    problems = refused(
        "xa-moi,Xã Mới,xa,khong-co,01/07/2025,,,",
        "xa-a,Xã A,xa,xa-b,01/07/2025,,,",
        "xa-b,Xã B,huyen,xa-a,01/07/2025,,,",
        "xa-c,Xã C,xa,ubnd-tinh,01/07/2025,,xa-zz,",
        "xa-d,Xã D,xa,ubnd-tinh,01/07/2025,,so-tu-phap,",
        "xa-e,Xã E,xa,huyen-nga-son,01/07/2025,,,",
        "xa-f,Xã F,phuong,ubnd-tinh,31/02/2025,,,chắc chắn",
        "xa-c,Xã C lần hai,xa,ubnd-tinh,,,,",
    )
    assert problems == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: không có đơn vị mã «khong-co».",
        "Dòng 3, cột «Mã đơn vị cấp trên»: cây đơn vị tạo vòng lặp (xa-a → xa-b → xa-a).",
        "Dòng 4, cột «Mã đơn vị cấp trên»: «Xã A» (UBND cấp xã) không thể là cấp trên của một đơn vị «UBND cấp huyện».",
        "Dòng 4, cột «Mã đơn vị cấp trên»: cây đơn vị tạo vòng lặp (xa-b → xa-a → xa-b).",
        "Dòng 5, cột «Mã đơn vị tiền thân»: không có đơn vị mã «xa-zz».",
        "Dòng 6, cột «Mã đơn vị tiền thân»: đơn vị tiền thân «Sở Tư pháp» còn hiệu lực (từ 01/01/2000) khi «Xã D» "
        "bắt đầu (01/07/2025); tiền thân phải hết hiệu lực trước đó.",
        "Dòng 7, cột «Hiệu lực từ»: hiệu lực từ 01/07/2025 nằm ngoài hiệu lực của đơn vị cấp trên «UBND huyện "
        "Nga Sơn» (từ 01/01/2000 đến 30/06/2025).",
        "Dòng 8, cột «Cấp»: cấp «phuong» không hợp lệ (tinh, so, huyen, xa hoặc Cấp tỉnh, Sở, ban, ngành, UBND cấp "
        "huyện, UBND cấp xã).",
        "Dòng 8, cột «Hiệu lực từ»: ngày «31/02/2025» không đọc được (dạng dd/mm/yyyy).",
        "Dòng 8, cột «Độ tin cậy»: «chắc chắn» không phải Đã xác nhận, Nguồn thứ cấp, cần kiểm tra, Suy luận, cần "
        "kiểm tra.",
        "Dòng 9, cột «Mã»: mã «xa-c» đã có ở dòng 5.",
    ]


def test_a_unit_keeps_the_dates_of_the_figures_it_has_reported(world) -> None:  # type: ignore[no-untyped-def]
    save_values(submission_for(world.unit_a, world.period, 3), world.reporter_a, {"BM3-3.1.1": ("4", None)})
    problems = refused("so-tu-phap,Sở Tư pháp,so,ubnd-tinh,01/01/2024,,,")
    assert problems == [
        "Dòng 2, cột «Hiệu lực đến»: «Sở Tư pháp» đã có số liệu kỳ 2023Q1 (chốt ngày 14/03/2023), ngoài hiệu "
        "lực mới (từ 01/01/2024)."
    ]
    assert refused("so-tu-phap,Sở Tư pháp,xa,ubnd-tinh,,,,") == [
        "Dòng 2, cột «Cấp»: «Sở Tư pháp» đã có số liệu kỳ 2023Q1; không đổi được cấp."
    ]


def test_a_file_that_is_not_a_units_file_is_named(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitsFileError) as error:
        read_units_file("don-vi.csv", "Mã,Tên,Điện thoại\n".encode())
    assert error.value.problems == [
        "Dòng 1, cột 3: không có cột «Điện thoại» (các cột: Mã, Tên, Tên ngắn, Cấp, Mã đơn vị cấp trên, Hiệu lực "
        "từ, Hiệu lực đến, Mã đơn vị tiền thân, Thứ tự, Độ tin cậy, Ghi chú)."
    ]
    with pytest.raises(UnitsFileError, match="thiếu cột «Cấp»"):
        read_units_file("don-vi.csv", "Mã,Tên\nx,y\n".encode())
    with pytest.raises(UnitsFileError, match="không phải UTF-8"):
        read_units_file("don-vi.csv", "Mã,Tên,Cấp\nxa,Xã Hà,xa\n".encode("utf-16"))
    with pytest.raises(UnitsFileError, match="không phải là tệp Excel"):
        read_units_file("don-vi.xlsx", b"PK\x03\x04 not a workbook")


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(world, writer: str) -> None:  # type: ignore[no-untyped-def]
    import_units(
        lines(
            "xa-cac-son,Xã Các Sơn,xa,ubnd-tinh,01/07/2025,,,Suy luận, cần kiểm tra".replace(
                "Suy luận, cần kiểm tra", '"Suy luận, cần kiểm tra"'
            )
        )
    )
    rows = export_rows()
    data = write_units_csv(rows) if writer == "csv" else write_units_xlsx(rows, title="Đơn vị")
    back = import_units(read_units_file(f"don-vi.{writer}", data))
    assert (back.created, back.changed, back.unchanged) == ([], [], 4)
    commune = next(row for row in rows if row["code"] == "xa-cac-son")
    assert (commune["level"], commune["valid_from"], commune["confidence"]) == (
        "UBND cấp xã",
        "01/07/2025",
        "Suy luận, cần kiểm tra",
    )


def test_a_csv_that_is_not_a_table_is_named_not_crashed_on(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitsFileError, match="thiếu cột «Tên», «Cấp»"):
        read_units_file("don-vi.csv", "Mã\nxa-ha\n".encode())
    with pytest.raises(UnitsFileError, match="Tệp CSV không đọc được"):
        read_units_file("don-vi.csv", ("Mã,Tên,Cấp\n" + 'x,"' + "a" * 200_000 + '",xa\n').encode())
