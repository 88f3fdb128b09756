"""`cchc report` refuses bad templates, paths and options with a Vietnamese message and exit code 2."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cchc.cli import main
from documents.writer.conftest import VALUES_FILE


def _run(tmp_path: Path, *extra: str, out: Path | None = None) -> list[str]:
    target = out or tmp_path / "bao-cao.docx"
    return ["report", "--values", str(VALUES_FILE), "--out", str(target), "--no-charts", *extra]


def _word(tmp_path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 2
    error = capsys.readouterr().err
    assert error.startswith("Lỗi: ")
    return error


def test_a_template_without_the_appendix_styles_is_named_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _word(tmp_path, "{{ trich_yeu }}")
    error = _refused(_run(tmp_path, "--template", str(template)), capsys)
    assert "Mẫu thiếu kiểu định dạng «CCHC Phụ lục»" in error
    assert "no style" not in error


def test_a_misspelt_tag_is_named_in_vietnamese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _word(tmp_path, "{{ trich_yeuu }}")
    error = _refused(_run(tmp_path, "--template", str(template)), capsys)
    assert "Mẫu có thẻ «trich_yeuu» không có trong danh sách thẻ" in error


def test_a_broken_tag_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _word(tmp_path, "{{ trich_yeu ")
    assert "Mẫu có chỗ đánh dấu trong ngoặc nhọn bị viết sai ở dòng" in _refused(
        _run(tmp_path, "--template", str(template)), capsys
    )


def test_a_template_that_is_not_a_word_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mau.docx"
    template.write_text("không phải Word", encoding="utf-8")
    assert "không phải tài liệu Word" in _refused(_run(tmp_path, "--template", str(template)), capsys)


def test_a_missing_template_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = _refused(_run(tmp_path, "--template", str(tmp_path / "khong-co.docx")), capsys)
    assert "Không tìm thấy tệp mẫu Word" in error


def test_a_missing_output_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = _refused(_run(tmp_path, out=tmp_path / "chua-tao" / "bao-cao.docx"), capsys)
    assert "chua-tao" in error and "không tồn tại" in error


def test_a_unit_cannot_be_chosen_for_a_values_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Không dùng --unit cùng --values" in _refused(_run(tmp_path, "--unit", "so-tu-phap"), capsys)
    assert not (tmp_path / "bao-cao.docx").exists()
