"""The `cchc dossiers` command."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register `cchc dossiers`."""
    commands.add_parser("dossiers", help="số liệu hồ sơ TTHC từ tệp xuất của hệ thống một cửa")


def run(args: argparse.Namespace) -> int:
    """Run `cchc dossiers`."""
    raise SystemExit("Lệnh chưa sẵn sàng.")
