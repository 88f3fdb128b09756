"""The `cchc` command speaks Vietnamese where argparse writes its own text, and is quiet on a closed pipe."""

from __future__ import annotations

import argparse
import ast
import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import cli_text
from cchc.cli import build_parser

# argparse's own English, as it writes it in help and errors.
ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help",
    "error:",
    "argument",
    "required",
    "invalid",
    "choose from",
    "expected",
    "unrecognized",
)
SAMPLE_FIRST_LINE = "Báo cáo: bao-cao-cchc-quy-I-2023-thanh-hoa.txt\n"


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command, wide enough that argparse wraps no line."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, env=env, check=False
    )


def parsers() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every command and subcommand of `cchc` by its words, read from its parser so that a new one is
    covered."""
    with cli_text.vietnamese_argparse():
        parser = build_parser()
    found = {(): parser}

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    found[(*path, name)] = child
                    walk(child, (*path, name))

    walk(parser, ())
    return found


def commands() -> list[tuple[str, ...]]:
    """The words of every command and subcommand (the first is `cchc` itself)."""
    return list(parsers())


def test_the_command_list_holds_every_command_and_subcommand() -> None:
    names = {" ".join(command) for command in commands()}
    assert {"check", "check-sample", "serve", "demo", "migrate", "createuser", "remind"} <= names
    assert {"report", "par", "units export", "units import"} <= names
    assert {"dossiers compute", "dossiers import", "dossiers list", "dossiers generate"} <= names


@pytest.mark.parametrize("command", commands(), ids=lambda command: " ".join(command) or "cchc")
def test_every_help_is_vietnamese(command: tuple[str, ...]) -> None:
    result = cchc(*command, "--help")
    assert result.returncode == 0
    assert result.stderr == ""
    text = result.stdout
    assert text.startswith(f"Cách dùng: {' '.join(('cchc', *command))} [-h]")
    assert "\ntùy chọn:\n" in text
    assert "  -h, --help" in text
    assert "hiện trợ giúp này rồi thoát" in text
    for english in ENGLISH:
        assert english not in text.lower()


@pytest.mark.parametrize("command", commands(), ids=lambda command: " ".join(command) or "cchc")
def test_every_argument_has_a_help_text_and_a_vietnamese_placeholder(command: tuple[str, ...]) -> None:
    for action in parsers()[command]._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = action.option_strings[-1] if action.option_strings else action.dest
        if not isinstance(action, argparse._SubParsersAction):
            assert action.help, name
        if action.nargs != 0 and action.choices is None:
            # Without one argparse shows the name in capitals (`--port PORT`).
            assert action.metavar, name


def test_check_help_names_the_report_and_the_formats() -> None:
    text = cchc("check", "--help").stdout
    assert text.startswith("Cách dùng: cchc check [-h] [--format {text,json}] BÁO_CÁO\n")
    assert "\ntham số bắt buộc:\n  BÁO_CÁO               tệp báo cáo .docx hoặc .txt\n" in text
    assert "--format {text,json}  định dạng kết quả: text (văn bản, mặc định) hoặc json\n" in text


def test_the_top_level_help_lists_the_commands_in_vietnamese() -> None:
    text = cchc("--help").stdout
    assert "Báo cáo cải cách hành chính (CCHC) cấp tỉnh." in text
    assert "\ntham số bắt buộc:\n  LỆNH\n" in text
    assert "check       kiểm tra một báo cáo CCHC đã hoàn thành (.docx hoặc .txt)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check",), "cchc check: lỗi: thiếu tham số bắt buộc: BÁO_CÁO"),
        ((), "cchc: lỗi: thiếu tham số bắt buộc: LỆNH"),
        (("units",), "cchc units: lỗi: thiếu tham số bắt buộc: VIỆC"),
        (("dossiers", "compute"), "cchc dossiers compute: lỗi: thiếu tham số bắt buộc: TỆP, --period"),
        (
            ("sample",),
            "cchc: lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'sample' (chọn một trong: 'check', "
            "'check-sample', 'serve', 'demo', 'migrate', 'createuser', 'remind', 'report', 'dossiers', "
            "'units', 'par')",
        ),
        (
            ("check", "bao-cao.docx", "--format", "pdf"),
            "cchc check: lỗi: tham số --format: lựa chọn không hợp lệ: 'pdf' (chọn một trong: 'text', 'json')",
        ),
        (("check-sample", "--bogus", "x"), "cchc: lỗi: không nhận ra tham số: --bogus x"),
        (("serve", "--port"), "cchc serve: lỗi: tham số --port: cần một giá trị"),
        (("remind", "--days", "ba"), "cchc remind: lỗi: tham số --days: «ba» không phải số nguyên"),
        (
            ("par", "--year", "2025.5", "--out", "x.json"),
            "cchc par: lỗi: tham số --year: «2025.5» không phải số nguyên",
        ),
        (
            ("units", "export", "--on", "31/02/2025"),
            "cchc units export: lỗi: tham số --on: ngày «31/02/2025» không đọc được (dạng dd/mm/yyyy hoặc "
            "yyyy-mm-dd)",
        ),
        (
            ("demo", "--no-serve=1"),
            "cchc demo: lỗi: tham số --no-serve: tùy chọn này không nhận giá trị (đã cho '1')",
        ),
    ],
)
def test_a_command_line_mistake_is_told_in_vietnamese_with_exit_code_2(
    args: tuple[str, ...], message: str
) -> None:
    result = cchc(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Cách dùng: {message.split(':')[0]} [-h]")
    assert lines[-1] == message
    for english in ENGLISH:
        assert english not in result.stderr.lower()


def vietnamese_parser() -> argparse.ArgumentParser:
    """A parser with what cchc's commands do not use yet: exclusive options, counted values, a float."""
    parser = argparse.ArgumentParser(prog="cchc thu", exit_on_error=False)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--docx", action="store_true")
    group.add_argument("--xlsx", action="store_true")
    parser.add_argument("--khung", nargs=2)
    parser.add_argument("--ty-le", type=float)
    parser.add_argument("--tep", nargs="+")
    return parser


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--docx", "--xlsx"], "tham số --xlsx: không dùng được cùng với tham số --docx"),
        (["--docx", "--khung", "1"], "tham số --khung: cần 2 giá trị"),
        (["--docx", "--ty-le", "nhiều"], "tham số --ty-le: giá trị float không hợp lệ: 'nhiều'"),
        (["--docx", "--tep"], "tham số --tep: cần ít nhất một giá trị"),
    ],
)
def test_the_errors_cchc_does_not_cause_yet_are_vietnamese_too(args: list[str], message: str) -> None:
    with cli_text.vietnamese_argparse():
        with pytest.raises(argparse.ArgumentError) as raised:
            vietnamese_parser().parse_args(args)
        # argparse puts the message together when it is shown.
        shown = str(raised.value)
    assert shown == message


def test_a_missing_exclusive_option_is_told_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="cchc thu")
    parser.add_mutually_exclusive_group(required=True).add_argument("--docx", action="store_true")
    with cli_text.vietnamese_argparse(), pytest.raises(SystemExit) as raised:
        parser.parse_args([])
    assert raised.value.code == 2
    assert capsys.readouterr().err.endswith("cchc thu: lỗi: cần một trong các tham số --docx\n")


def test_argparse_is_english_again_outside_the_cchc_command() -> None:
    with cli_text.vietnamese_argparse():
        pass
    assert vars(argparse)["_"] is gettext.gettext
    assert vars(argparse)["ngettext"] is gettext.ngettext
    assert "usage: prog" in argparse.ArgumentParser(prog="prog").format_help()


def test_every_translated_message_is_one_argparse_writes() -> None:
    source = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    # The texts given to `_` and `ngettext`, also as a default (`_(kwargs.pop('title', 'subcommands'))`).
    ids = {
        text.value
        for node in ast.walk(source)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext")
        for text in ast.walk(node.args[0])
        if isinstance(text, ast.Constant) and isinstance(text.value, str)
    }
    assert set(cli_text.MESSAGES) | set(cli_text.PLURAL_MESSAGES) <= ids


def test_check_sample_piped_into_head_ends_without_a_traceback() -> None:
    command = f'"{sys.executable}" -m cchc.cli check-sample | head -1'
    for _ in range(3):  # whether the pipe closes before the last write is a race: a few tries
        result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
        assert result.stdout == SAMPLE_FIRST_LINE
        assert "Traceback" not in result.stderr
        assert "BrokenPipeError" not in result.stderr
        assert result.stderr == ""


def test_output_into_a_closed_pipe_ends_quietly_with_the_pipe_signal_code() -> None:
    # The reading end is closed before cchc writes: its first write fails, every time.
    read, write = os.pipe()
    os.close(read)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "cchc.cli", "check-sample"],
            stdout=write,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write)
    assert process.stderr == b""
    assert process.returncode == 141
