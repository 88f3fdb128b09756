"""The `cchc report` command."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register `cchc report`."""
    commands.add_parser("report", help="lập báo cáo CCHC (Word, Excel, PDF) từ số liệu")


def run(args: argparse.Namespace) -> int:
    """Run `cchc report`."""
    raise SystemExit("Lệnh chưa sẵn sàng.")
