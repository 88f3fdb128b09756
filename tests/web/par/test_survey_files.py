"""Reading a survey file treats it as hostile: whatever the bytes, the reader returns lines or refuses
with a Vietnamese message, never an unexpected error; a damaged zip is refused like any Excel upload."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.web.par.survey import SurveyImportError, read_lines


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_lines_or_a_vietnamese_refusal(data: bytes) -> None:
    try:
        lines = read_lines(data)
    except SurveyImportError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    else:
        assert isinstance(lines, list)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    with pytest.raises(SurveyImportError) as refused:
        read_lines(buffer.getvalue())
    assert refused.value.problems == ["Tệp không phải là tệp Excel (.xlsx) hoặc đã bị hỏng."]


def _windows_1258(text: str) -> bytes:
    """Text as old Vietnamese Windows writes it: a precomposed letter where the code page has one
    (â, ơ, đ), the tone as a combining mark after it."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize("NFC", base + "".join(marks[:-1]))
            out += letter.encode("cp1258") + marks[-1].encode("cp1258")
    return out


def test_a_csv_in_windows_1258_reads_its_vietnamese_headers() -> None:
    text = "Mã đơn vị;Câu hỏi;Số phiếu;Số phiếu hài lòng\r\nso-tu-phap;KS1;100;90\r\n"
    lines = read_lines(_windows_1258(text))
    assert lines[0] == ("Mã đơn vị", "Câu hỏi", "Số phiếu", "Số phiếu hài lòng")
    assert lines[1] == ("so-tu-phap", "KS1", "100", "90")
