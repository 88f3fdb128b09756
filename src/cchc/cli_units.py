"""The `cchc units` command: the organisation tree exported to, or imported from, Excel or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cchc import cli_text


def add_parser(commands: Any) -> None:
    """Register `cchc units export|import`."""
    units = commands.add_parser("units", help="xuất hoặc nhập cây đơn vị (Excel, CSV)")
    actions = units.add_subparsers(dest="action", required=True, metavar="VIỆC")
    export = actions.add_parser("export", help="xuất các đơn vị ra tệp .xlsx hoặc .csv")
    export.add_argument(
        "--out", type=Path, metavar="TỆP", help="tệp .xlsx hoặc .csv (mặc định: CSV ra màn hình)"
    )
    export.add_argument("--on", type=cli_text.day, metavar="NGÀY", help="chỉ các đơn vị có hiệu lực ngày đó")
    load = actions.add_parser("import", help="nhập các đơn vị từ tệp .xlsx hoặc .csv (tất cả hoặc không)")
    load.add_argument("file", type=Path, metavar="TỆP", help="tệp .xlsx hoặc .csv các đơn vị")


def run(args: argparse.Namespace) -> int:
    """Run `cchc units`; 2 when the file is refused (nothing written)."""
    from cchc.web.server import migrate

    migrate(0)
    from cchc.web.org.excel import UnitsFileError, read_units_file, write_units_csv, write_units_xlsx
    from cchc.web.org.units import UnitsImportError, export_rows, import_units

    if args.action == "export":
        rows = export_rows(args.on)
        if args.out is None:
            sys.stdout.write(write_units_csv(rows).decode("utf-8").removeprefix("\ufeff"))
            return 0
        if args.out.suffix.lower() == ".xlsx":
            args.out.write_bytes(write_units_xlsx(rows, title="Danh sách đơn vị"))
        else:
            args.out.write_bytes(write_units_csv(rows))
        print(f"Đã xuất {len(rows)} đơn vị ra «{args.out}».")
        return 0
    try:
        data = args.file.read_bytes()
        result = import_units(read_units_file(args.file.name, data))
    except OSError as error:
        print(f"Lỗi: không đọc được tệp «{args.file}» ({error.strerror}).", file=sys.stderr)
        return 2
    except (UnitsFileError, UnitsImportError) as error:
        print(f"Chưa nhập tệp «{args.file}» (không đơn vị nào được ghi):", file=sys.stderr)
        for problem in error.problems:
            print(f"- {problem}", file=sys.stderr)
        return 2
    print(
        f"Đã nhập «{args.file}»: thêm {len(result.created)} đơn vị, sửa {len(result.changed)}, "
        f"giữ nguyên {result.unchanged}."
    )
    return 0
