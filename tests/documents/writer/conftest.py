"""A consistent province report (Thanh Hóa, Quý I năm 2023) and its Word file, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.catalogues import default_catalogue
from cchc.documents.writer import ReportData, read_values_file, write_docx

VALUES_FILE = Path(__file__).with_name("thanh-hoa-2023q1.json")


@pytest.fixture(scope="session")
def report() -> ReportData:
    return read_values_file(VALUES_FILE, default_catalogue())


@pytest.fixture(scope="session")
def report_docx(report: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bao-cao") / "bao-cao.docx"
    write_docx(report, path)
    return path
