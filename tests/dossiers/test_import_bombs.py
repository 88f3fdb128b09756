"""Spreadsheets built to take the reader down are refused with a message; the importing process lives on."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from cchc.dossiers.importer import DossierImportError, import_files


def _far_cell(path: Path, *, declared: bool) -> Path:
    """A 5 KB workbook with a header in A1 and one cell at XFD1048576, the last cell of a sheet."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "Mã hồ sơ")
    sheet.write(1048575, 16383, "x")
    workbook.close()
    if not declared:
        with zipfile.ZipFile(path) as source:
            parts = {item.filename: source.read(item) for item in source.infolist()}
        name = "xl/worksheets/sheet1.xml"
        parts[name] = re.sub(rb"<dimension[^>]*/>", b"", parts[name])
        _write(path, parts)
    return path


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _refusal(path: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(DossierImportError) as caught:
        import_files([path], tmp_path / "ho-so.parquet")
    assert not (tmp_path / "ho-so.parquet").exists()
    return caught.value.messages


def test_a_sheet_declaring_the_whole_grid_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _far_cell(tmp_path / "luoi.xlsx", declared=True)
    assert _refusal(path, tmp_path) == [
        "Tệp luoi.xlsx: trang tính «xl/worksheets/sheet1.xml» khai báo vùng A1:XFD1048576 "
        "(17.179.869.184 ô), vượt giới hạn 100.000.000 ô; hãy xóa các ô thừa ở cuối trang rồi lưu lại."
    ]


def test_a_far_cell_without_a_declared_range_ends_the_worker_not_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_PARSE_MEMORY_MB", "1024")
    path = _far_cell(tmp_path / "o-xa.xlsx", declared=False)
    assert _refusal(path, tmp_path) == [
        "Tệp o-xa.xlsx: việc đọc cần nhiều bộ nhớ hơn giới hạn 1024 MB nên đã dừng (tệp có vùng dữ liệu "
        "quá lớn hoặc được tạo để làm tràn bộ nhớ)."
    ]


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_DOSSIER_XLSX_MAX_UNZIPPED_MB", "20")
    path = _far_cell(tmp_path / "bom.xlsx", declared=True)
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
        for i in range(2, 500_000)
    )
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb"<dimension[^>]*/>", b'<dimension ref="A1:A500000"/>', parts["xl/worksheets/sheet1.xml"]
    ).replace(b"<sheetData>", b"<sheetData>" + rows)
    _write(path, parts)
    assert path.stat().st_size < 5 * 1024 * 1024
    (message,) = _refusal(path, tmp_path)
    assert message.startswith("Tệp bom.xlsx khi giải nén lớn ")
    assert message.endswith("vượt giới hạn 20 MB; không đọc tệp này.")


def test_a_sheet_with_an_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = _far_cell(tmp_path / "thuc-the.xlsx", declared=False)
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><sst>&a;</sst>'
    )
    _write(path, parts)
    assert _refusal(path, tmp_path) == [
        "Tệp thuc-the.xlsx: phần «xl/sharedStrings.xml» có khai báo DOCTYPE/ENTITY, điều mà Word và Excel "
        "không bao giờ ghi; không đọc tệp này."
    ]
