"""The province report's figures are sums over its units: its sentences do not ascribe them to UBND tỉnh."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx

from cchc.documents.writer import ReportData, write_docx


def _body(report: ReportData, path: Path) -> list[str]:
    write_docx(report, path, charts=False)
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def test_the_province_directives_are_those_of_every_level(report: ReportData, tmp_path: Path) -> None:
    body = _body(report, tmp_path / "bao-cao.docx")
    sentence = next(text for text in body if "văn bản chỉ đạo CCHC (kết luận" in text)
    assert sentence.startswith(
        "- Trong kỳ báo cáo, các cấp, các ngành trên địa bàn tỉnh đã ban hành 17 văn bản"
    )
    assert "UBND tỉnh, Chủ tịch UBND tỉnh đã ban hành" not in "\n".join(body)


def test_a_units_own_report_speaks_of_the_unit(report: ReportData, tmp_path: Path) -> None:
    own = dataclasses.replace(report, unit_name="Sở Tư pháp", texts={})
    body = _body(own, tmp_path / "so-tu-phap.docx")
    assert any(text.startswith("- Trong kỳ báo cáo, Sở Tư pháp đã ban hành 17 văn bản") for text in body)
