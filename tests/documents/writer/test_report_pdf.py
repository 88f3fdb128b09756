"""The PDF through LibreOffice: page count and no page number on page 1 (pages rendered by pdftoppm)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cchc.documents.writer import PdfUnavailableError, ReportData, write_pdf
from cchc.documents.writer import pdf as pdf_module

TOOLS = ("soffice", "pdftoppm", "pdftotext")


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CCHC_REQUIRE_PDF") == "1":
            pytest.fail(
                f"missing {', '.join(missing)} (apt-get install libreoffice-writer-nogui poppler-utils)"
            )
        pytest.skip(f"missing {', '.join(missing)}")


@pytest.fixture(scope="module")
def pdf(report: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_tools()
    path = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    write_pdf(report, path)
    return path


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def _top_strip_dark_pixels(pdf: Path, page: int, work: Path) -> int:
    """Dark pixels in the top 18 mm of a page (where the page number sits), from a greyscale render."""
    prefix = work / f"strip-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "50",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    data = prefix.with_suffix(".pgm").read_bytes()
    fields = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][-width * height :]
    strip = pixels[: width * round(height * 18 / 297)]
    return sum(1 for value in strip if value < 128)


@pytest.mark.pdf
def test_the_pdf_has_the_body_then_one_page_per_form(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "trang")], check=True)
    pngs = sorted(tmp_path.glob("trang-*.png"))
    pages = _pages_text(pdf)
    assert len(pngs) == len(pages)
    starts = [next(i for i, text in enumerate(pages) if f"Biểu mẫu {n}" in text) for n in range(1, 8)]
    assert starts == sorted(starts) and len(set(starts)) == 7
    # The body (title, narrative, signature) comes first, then the forms: no form shares a page.
    assert starts[0] >= 2
    assert len(pngs) >= starts[-1] + 1


@pytest.mark.pdf
def test_page_one_has_no_page_number_and_page_two_has_one(pdf: Path, tmp_path: Path) -> None:
    assert _top_strip_dark_pixels(pdf, 1, tmp_path) == 0
    assert _top_strip_dark_pixels(pdf, 2, tmp_path) > 0
    pages = _pages_text(pdf)
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert pages[0].strip().splitlines()[0].split()[0] == "ỦY"


def test_without_libreoffice_the_message_says_what_to_install(
    report: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(PdfUnavailableError, match=r"libreoffice-writer-nogui.*fonts-liberation"):
        write_pdf(report, tmp_path / "bao-cao.pdf", charts=False)
