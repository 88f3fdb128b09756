"""Exports in every encoding and format give the same dossiers: UTF-8 (BOM), UTF-16, Windows-1258, XLSX, Parquet."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from cchc.dossiers import DossierImportError, detect_encoding, import_files

# A one-stop export with Vietnamese headers (mapping "mot-cua") and semicolons, as Excel writes in Vietnam.
HEADER = "Mã hồ sơ;Mã thủ tục;Tên thủ tục;Lĩnh vực;Mã đơn vị;Cấp thực hiện;Hình thức nộp;Mức độ DVC;Ngày tiếp nhận;Ngày hẹn trả;Ngày có kết quả;Trạng thái;Phí, lệ phí;Thanh toán trực tuyến"
ROWS = [
    "HS-1;T1;Đăng ký khai sinh;Hộ tịch;xa-01;Cấp xã;Trực tuyến;Toàn trình;05/01/2023 08:15;06/01/2023;06/01/2023 10:00;Đã trả kết quả;0;Không",
    "HS-2;T2;Chứng thực chữ ký;Chứng thực;xa-01;Cấp xã;Bưu chính công ích;Mức độ 3;06/01/2023;06/01/2023;;Đang giải quyết;10.000;Có",
]
TEXT = HEADER.replace(";Phí, lệ phí;", ';"Phí, lệ phí";') + "\r\n" + "\r\n".join(ROWS) + "\r\n"
EXPECTED = [
    {
        "dossier_id": "HS-1",
        "procedure_name": "Đăng ký khai sinh",
        "level": "xa",
        "channel": "truc_tuyen",
        "online_level": "toan_trinh",
        "received_at": datetime(2023, 1, 5, 8, 15),
        "resolved_at": datetime(2023, 1, 6, 10, 0),
        "status": "da_giai_quyet",
        "fee": 0,
        "paid_online": False,
    },
    {
        "dossier_id": "HS-2",
        "procedure_name": "Chứng thực chữ ký",
        "level": "xa",
        "channel": "buu_chinh",
        "online_level": "muc_3",
        "received_at": datetime(2023, 1, 6),
        "resolved_at": None,
        "status": "dang_xu_ly",
        "fee": 10000,
        "paid_online": True,
    },
]


def _windows_1258(text: str) -> bytes:
    """How Windows-1258 stores Vietnamese: â ê ô ă ơ ư precomposed, the tone marks as combining accents."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def _imported(tmp_path: Path, path: Path) -> list[dict]:
    result = import_files([path], tmp_path / "out.parquet", mapping="mot-cua")
    rows = pq.read_table(result.path).to_pylist()
    return [{key: row[key] for key in EXPECTED[0]} for row in rows]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1258", "cp1258")],
)
def test_a_csv_in_any_usual_encoding_reads_the_same(tmp_path: Path, encoding: str, detected: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(_windows_1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding))
    assert detect_encoding(path) == detected
    assert _imported(tmp_path, path) == EXPECTED


def test_an_xlsx_export_reads_the_same_with_real_date_cells(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    dates = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_string(0, 0, "Sổ theo dõi hồ sơ")  # a title line above the header is not a header
    for column, name in enumerate(HEADER.split(";")):
        sheet.write_string(2, column, name)
    for line, row in enumerate(ROWS, start=3):
        for column, value in enumerate(row.split(";")):
            if column == 8:
                sheet.write_datetime(
                    line,
                    column,
                    datetime.strptime(
                        value.ljust(16, " ")[:16].strip(), "%d/%m/%Y %H:%M" if ":" in value else "%d/%m/%Y"
                    ),
                    dates,
                )
            elif column == 12:
                sheet.write_number(line, column, int(value.replace(".", "")))
            elif value:
                sheet.write_string(line, column, value)
    workbook.close()
    assert _imported(tmp_path, path) == EXPECTED


def test_an_xlsx_error_names_the_sheet_row(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for column, name in enumerate(HEADER.split(";")):
        sheet.write_string(0, column, name)
    for line, row in enumerate(ROWS, start=1):
        for column, value in enumerate(row.split(";")):
            sheet.write_string(line, column, "mai" if (line, column) == (2, 8) else value)
    workbook.close()
    with pytest.raises(DossierImportError) as caught:
        import_files([path], tmp_path / "out.parquet", mapping="mot-cua")
    assert caught.value.messages == [
        "Tệp export.xlsx, dòng 3: cột «Ngày tiếp nhận»: «mai» không phải ngày dạng dd/mm/yyyy."
    ]


def test_a_parquet_export_with_its_own_headers_is_mapped(tmp_path: Path) -> None:
    names = HEADER.split(";")
    columns = list(zip(*(row.split(";") for row in ROWS), strict=True))
    path = tmp_path / "export.parquet"
    pq.write_table(pa.table({name: list(values) for name, values in zip(names, columns, strict=True)}), path)
    assert _imported(tmp_path, path) == EXPECTED
