"""The `cchc` command: exit codes, text and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.cli import main


def test_check_sample_checks_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-sample"]) == 0
    out = capsys.readouterr().out
    assert "Tỉnh: Thanh Hóa; kỳ: Quý I năm 2023" in out
    assert "Kết quả: 12 lỗi, 7 cảnh báo, 3 lưu ý." in out
    assert (
        "[LỖI] Câu nêu tỷ lệ 97,65% nhưng 116.760/119.560 = 97,66%: sửa tỷ lệ hoặc các số trong câu." in out
    )
    assert "đúng: 58.142; ghi: 58.146; độ tin cậy: " in out


def test_check_exits_1_on_errors_and_prints_json(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(sample_path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {
        "rule",
        "severity",
        "form",
        "codes",
        "expected",
        "actual",
        "message",
        "quote",
        "confidence",
    } <= set(findings[0])
    staff = next(f for f in findings if f["codes"] == ["BM4-3.2"])
    assert staff["message"] == (
        "Thuyết minh ghi 58.146 người cho tổng số người làm việc có mặt tại thời điểm báo cáo, "
        "nhưng phụ lục ghi 58.142; hai nơi phải cùng một số."
    )
    assert 0.5 <= float(staff["confidence"].replace(",", ".")) <= 1
    total = next(f for f in findings if f["rule"] == "total-formula")
    assert (total["form"], total["expected"], total["actual"], total["difference"]) == (
        6,
        "2.226",
        "2.246",
        "20",
    )


def test_check_exits_0_on_a_clean_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sach.txt"
    path.write_text(
        "BÁO CÁO\n\nCông tác CCHC Quý I năm 2023\n\nBiểu mẫu 2\n1.\tTổng số VBQPPL\tVăn bản\t3\t\n"
        "1.1.\tSố VBQPPL do cấp tỉnh ban hành\tVăn bản\t3\t\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    assert "0 lỗi" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("khong-co.docx", None, "Không tìm thấy tệp «khong-co.docx»"),
        ("hong.docx", b"day khong phai zip", "không phải tài liệu Word (.docx) hợp lệ"),
        ("bang.xlsx", b"PK", "hãy lưu báo cáo dạng .docx hoặc .txt"),
    ],
)
def test_check_exits_2_with_a_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
