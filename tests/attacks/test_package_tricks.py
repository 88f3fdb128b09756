"""Zip and XML tricks against the package check every upload passes (an independent attack's findings).

Each builds a small workbook or template in memory and hands it to `check_package` with the limits the
upload uses; the refusal must name the part in Vietnamese.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from cchc.documents.filling import TEMPLATE_LIMITS, TemplateRefused, _refuse_paragraph_flood
from cchc.documents.writer.template import TEMPLATE_PATH
from cchc.untrusted.packages import PackageError, PackageLimits, check_package

SHEET_LIMITS = PackageLimits("tệp Excel (.xlsx)", 500, 50 * 1024**2, 20 * 1024**2, max_sheet_cells=10_000_000)
DOCTYPE = '<!DOCTYPE x [<!ENTITY a "ha">]>'


def package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def refusal(parts: dict[str, bytes], limits: PackageLimits = SHEET_LIMITS) -> str:
    with pytest.raises(PackageError) as refused:
        check_package(package(parts), "Tệp", limits)
    return str(refused.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32-le", "utf-32-be"])
def test_a_doctype_in_another_encoding_is_refused(encoding: str) -> None:
    xml = f'<?xml version="1.0" encoding="{encoding}"?>{DOCTYPE}<workbook/>'.encode(encoding)
    assert "phần «xl/workbook.xml» có khai báo DOCTYPE/ENTITY" in refusal({"xl/workbook.xml": xml})


def test_a_processing_instruction_hiding_a_root_element_does_not_end_the_scan() -> None:
    xml = b"<?x <a ?>" + b" " * (2 * 1024 * 1024) + DOCTYPE.encode() + b"<worksheet/>"
    assert "phần «xl/worksheets/sheet1.xml» có khai báo DOCTYPE" in refusal({"xl/worksheets/sheet1.xml": xml})


def test_a_part_not_named_like_xml_is_scanned_too() -> None:
    assert "phần «word/styles.bin» có khai báo DOCTYPE" in refusal({"word/styles.bin": DOCTYPE.encode()})


def test_a_sheet_dimension_in_single_quotes_is_read_like_one_in_double_quotes() -> None:
    sheet = b"<?xml version='1.0'?><worksheet><dimension ref='A1:XFD1048576'/></worksheet>"
    assert "khai báo vùng A1:XFD1048576 (17.179.869.184 ô)" in refusal({"xl/worksheets/sheet1.xml": sheet})


def test_office_s_own_prolog_still_ends_the_scan_early() -> None:
    # A declaration then the root element: the rest of a large part is not read (nor needed).
    sheet = (
        b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet>'
        + b"x" * 5_000_000
    )
    check_package(package({"xl/worksheets/sheet1.xml": sheet + DOCTYPE.encode()}), "Tệp", SHEET_LIMITS)


def test_a_spreadsheet_may_link_out_but_a_template_may_not() -> None:
    rels = (
        b'<Relationships><Relationship Id="r1" Type="http://x/relationships/externalLinkPath" '
        b"Target='file:///C:/so-lieu.xlsx' TargetMode='External'/></Relationships>"
    )
    check_package(package({"xl/externalLinks/_rels/externalLink1.xml.rels": rels}), "Tệp", SHEET_LIMITS)
    assert "liên kết ra ngoài tệp («externalLinkPath» tới «file:///C:/so-lieu.xlsx»)" in refusal(
        {"word/_rels/document.xml.rels": rels}, TEMPLATE_LIMITS
    )


def test_paragraphs_are_counted_in_every_part_whatever_the_prefix() -> None:
    with zipfile.ZipFile(TEMPLATE_PATH) as shipped:
        parts = {item.filename: shipped.read(item) for item in shipped.infolist()}
    _refuse_paragraph_flood(package(parts))  # the shipped template's own paragraphs pass
    parts["word/khac.xml"] = b'<x:body xmlns:x="w">' + b"<x:p/>" * 6000 + b"</x:body>"
    with pytest.raises(TemplateRefused, match="Mẫu sinh ra 6"):
        _refuse_paragraph_flood(package(parts))
