"""The report as PDF: the DOCX converted by LibreOffice headless, when LibreOffice is installed.

LibreOffice is an optional system package (Debian/Ubuntu: `libreoffice-writer-nogui fonts-liberation`);
without it the caller gets PdfUnavailableError with a Vietnamese message saying what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cchc.scratch import scratch_folder

__all__ = ["PdfError", "PdfUnavailableError", "docx_to_pdf", "soffice_path"]

TIMEOUT_SECONDS = 180


class PdfError(RuntimeError):
    """The conversion to PDF failed; the message is Vietnamese."""


class PdfUnavailableError(PdfError):
    """LibreOffice is not installed, so no PDF can be made."""


def soffice_path() -> str | None:
    """The LibreOffice program (soffice or libreoffice) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path) -> None:
    """Convert `docx` to `pdf` with `soffice --headless --convert-to pdf`, in a private profile."""
    program = soffice_path()
    if program is None:
        raise PdfUnavailableError(
            "Không tạo được tệp PDF: máy chưa cài LibreOffice. Hãy cài gói "
            "«libreoffice-writer-nogui» và «fonts-liberation» (Debian/Ubuntu: "
            "sudo apt-get install libreoffice-writer-nogui fonts-liberation), "
            "hoặc tải báo cáo dạng Word (.docx) rồi lưu thành PDF."
        )
    with scratch_folder("pdf") as work:
        # A private user profile: parallel conversions and a user's open LibreOffice do not collide.
        profile = Path(work, "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            work,
            str(docx),
        ]
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "HOME": work},
            )
        except subprocess.TimeoutExpired as error:
            raise PdfError(f"LibreOffice chuyển sang PDF quá {TIMEOUT_SECONDS} giây; hãy thử lại.") from error
        produced = Path(work, docx.with_suffix(".pdf").name)
        if completed.returncode != 0 or not produced.exists():
            detail = completed.stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfError(
                f"LibreOffice không chuyển được báo cáo sang PDF (mã {completed.returncode}). {detail}"
            )
        shutil.move(str(produced), pdf)
