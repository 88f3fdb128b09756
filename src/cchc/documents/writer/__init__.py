"""Writers of the finished report: Word (Nghị định 30/2020 layout, narrative + Phụ lục), Excel, PDF.

report = read_values_file("so-lieu.json", default_catalogue())
write_docx(report, "bao-cao.docx"); write_xlsx(report, "bieu-mau.xlsx"); write_pdf(report, "bao-cao.pdf")
"""

from __future__ import annotations

from pathlib import Path

from cchc.documents.writer.data import (
    FORMAT_ID,
    SECTIONS,
    ReportData,
    ReportSettings,
    TrendPoint,
    ValuesFileError,
    dump_values,
    load_values,
    read_values_file,
)
from cchc.documents.writer.docx import write_docx
from cchc.documents.writer.pdf import PdfError, PdfUnavailableError, docx_to_pdf, soffice_path
from cchc.documents.writer.xlsx import write_xlsx
from cchc.scratch import scratch_folder

__all__ = [
    "FORMAT_ID",
    "SECTIONS",
    "PdfError",
    "PdfUnavailableError",
    "ReportData",
    "ReportSettings",
    "TrendPoint",
    "ValuesFileError",
    "dump_values",
    "load_values",
    "read_values_file",
    "soffice_path",
    "write_docx",
    "write_pdf",
    "write_xlsx",
]


def write_pdf(
    report: ReportData, out: str | Path, *, template: Path | None = None, charts: bool = True
) -> None:
    """Write the report as PDF: the DOCX, converted by LibreOffice (PdfUnavailableError without it)."""
    with scratch_folder("report") as work:
        docx = Path(work, "bao-cao.docx")
        write_docx(report, docx, template=template, charts=charts)
        docx_to_pdf(docx, Path(out))
