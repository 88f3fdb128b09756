"""The `cchc` command: thin wrappers over the checker and, later, the web application."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from cchc.checker import check_file, render_json, render_text
from cchc.core.catalogue import CatalogueError
from cchc.documents.model import ReportReadError

SAMPLE = "bao-cao-cchc-quy-I-2023-thanh-hoa.txt"


def sample_report() -> Path:
    """The bundled sample report (Thanh Hóa, Quý I năm 2023)."""
    return Path(str(resources.files("cchc.samples").joinpath(SAMPLE)))


def _check(path: Path, output: str) -> int:
    try:
        result = check_file(path)
    except (ReportReadError, CatalogueError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(render_json(result) if output == "json" else render_text(result))
    return 1 if result.errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="cchc", description="Báo cáo cải cách hành chính (CCHC) cấp tỉnh.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    check = commands.add_parser("check", help="kiểm tra một báo cáo CCHC đã hoàn thành (.docx hoặc .txt)")
    check.add_argument("report", type=Path, metavar="BÁO_CÁO")
    check.add_argument("--format", choices=("text", "json"), default="text")
    demo = commands.add_parser("demo", help="chạy thử: kiểm tra báo cáo mẫu Quý I/2023 của tỉnh Thanh Hóa")
    demo.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.report, args.format)
    code = _check(sample_report(), args.format)
    # The demo shows a report with known contradictions; finding them is the demo succeeding.
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    sys.exit(main())
