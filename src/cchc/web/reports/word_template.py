"""The province's own Word template of the report: Sở Nội vụ changes the wording in Word and uploads it.

It is kept in the data folder (one province per installation) and used by every download and by
`cchc report` from the database. An upload is tried on the period's real figures before it replaces
anything, so a broken tag is refused with the line Word shows it on, and the template in use stays.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from django.conf import settings

from cchc.checker import check_file
from cchc.documents.writer import write_docx
from cchc.documents.writer.data import ReportData
from cchc.documents.writer.docx import TEMPLATE_ERRORS, template_problem
from cchc.scratch import scratch_folder

MAX_BYTES = 5 * 1024 * 1024
FILE_NAME = "mau-bao-cao.docx"


class TemplateError(ValueError):
    """An uploaded template refused, with the reason in Vietnamese; the template in use is unchanged."""


def province_template() -> Path | None:
    """The province's uploaded template, or None to use the one shipped with cchc."""
    path = Path(settings.DATA_DIR) / FILE_NAME
    return path if path.is_file() else None


def _render(template: Path | None, report: ReportData) -> bytes:
    # Charts included: the check fills the template with exactly what a download gives it.
    buffer = io.BytesIO()
    write_docx(report, buffer, template=template)
    return buffer.getvalue()


def _errors(document: bytes) -> int:
    with scratch_folder("template") as folder:
        path = Path(folder, "thu.docx")
        path.write_bytes(document)
        return check_file(path).errors


def install_template(data: bytes, report: ReportData) -> list[str]:
    """Try `data` on `report`, then make it the province's template; returns warnings for the user.

    Refuses (TemplateError) a file that is not a Word document, is bigger than a template can be once
    unzipped, or whose tags do not render within the confined worker's limits. Warns when
    the checker finds more contradictions in the report written with it than with the shipped
    template: a figure sentence was probably reworded so that it now states a different figure.
    """
    if len(data) > MAX_BYTES:
        raise TemplateError("Tệp mẫu lớn quá 5 MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            package.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError("Tệp tải lên không phải tài liệu Word (.docx).") from None
    with scratch_folder("template") as folder:
        candidate = Path(folder, FILE_NAME)
        candidate.write_bytes(data)
        try:
            rendered = _render(candidate, report)
        except TEMPLATE_ERRORS as error:
            raise TemplateError(template_problem(error)) from None
    warnings = []
    if _errors(rendered) > _errors(_render(None, report)):
        warnings.append(
            "Báo cáo lập bằng mẫu mới có nhiều mâu thuẫn hơn mẫu gốc khi kiểm tra: hãy xem lại các câu nêu "
            "số liệu vừa sửa (tải báo cáo Word rồi chạy kiểm tra)."
        )
    target = Path(settings.DATA_DIR) / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{FILE_NAME}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return warnings


def remove_template() -> bool:
    """Go back to the shipped template; False when the province had none."""
    path = province_template()
    if path is None:
        return False
    path.unlink()
    return True
