"""The `cchc dossiers` command: import, compute, list and generate dossier data."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cchc import cli_text
from cchc.scratch import scratch_folder


def add_parser(commands: Any) -> None:
    """Register `cchc dossiers`."""
    parser = commands.add_parser("dossiers", help="số liệu hồ sơ TTHC từ tệp xuất của hệ thống một cửa")
    sub = parser.add_subparsers(dest="dossiers_command", required=True, metavar="LỆNH")

    compute = sub.add_parser("compute", help="tính số liệu hồ sơ của một kỳ báo cáo")
    compute.add_argument(
        "files", nargs="+", metavar="TỆP", help="CSV, XLSX, Parquet, thư mục Parquet phân vùng"
    )
    _period_option(compute)
    _mapping_option(compute)
    compute.add_argument(
        "--calendar", type=Path, metavar="TỆP", help="tệp lịch ngày làm việc (mặc định: lịch có sẵn)"
    )
    compute.add_argument(
        "--format", choices=("json", "csv", "xlsx"), default="json", help="định dạng kết quả (mặc định json)"
    )
    compute.add_argument(
        "--table",
        choices=("one-stop", "units", "procedures"),
        default="one-stop",
        help="bảng: one-stop (bộ phận một cửa, mặc định), units (theo đơn vị), procedures (theo thủ tục)",
    )
    _out_option(compute)
    _engine_option(compute)
    _province_option(compute)

    imports = sub.add_parser("import", help="nhập tệp xuất hồ sơ thành tệp Parquet chuẩn")
    imports.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp xuất CSV hoặc XLSX")
    _mapping_option(imports)
    imports.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp Parquet kết quả")

    listing = sub.add_parser("list", help="liệt kê hồ sơ đứng sau một số liệu")
    listing.add_argument(
        "files", nargs="+", metavar="TỆP", help="CSV, XLSX, Parquet, thư mục Parquet phân vùng"
    )
    _period_option(listing)
    _mapping_option(listing)
    listing.add_argument(
        "--class",
        dest="klass",
        default="received",
        metavar="NHÓM",
        help="nhóm hồ sơ, ví dụ overdue (mặc định received)",
    )
    listing.add_argument(
        "--figure", metavar="CHỈ_TIÊU", help="chỉ tiêu biểu mẫu, ví dụ BM3-3.2.2 (cần --report-unit)"
    )
    for name, metavar, text in (
        ("unit", "MÃ_ĐƠN_VỊ", "chỉ hồ sơ của đơn vị giải quyết này"),
        ("report-unit", "MÃ_ĐƠN_VỊ", "chỉ hồ sơ tính vào báo cáo của đơn vị này, ví dụ huyen-nga-son"),
        ("level", "CẤP", "chỉ hồ sơ của cấp này: tinh, huyen hoặc xa"),
        ("field", "LĨNH_VỰC", "chỉ hồ sơ của lĩnh vực này"),
        ("procedure", "MÃ_THỦ_TỤC", "chỉ hồ sơ của thủ tục này"),
    ):
        listing.add_argument(f"--{name}", metavar=metavar, help=text)
    listing.add_argument(
        "--limit", type=cli_text.integer, metavar="SỐ", help="chỉ lấy ngần này hồ sơ đầu tiên"
    )
    listing.add_argument(
        "--format", choices=("csv", "xlsx"), default="csv", help="định dạng kết quả (mặc định csv)"
    )
    _out_option(listing)
    _engine_option(listing)
    _province_option(listing)

    generate = sub.add_parser("generate", help="tạo tệp hồ sơ mẫu (Parquet) để thử và đo")
    generate.add_argument(
        "--rows", type=cli_text.integer, required=True, metavar="SỐ", help="số hồ sơ cần tạo"
    )
    generate.add_argument(
        "--seed",
        type=cli_text.integer,
        default=0,
        metavar="SỐ",
        help="hạt giống ngẫu nhiên: cùng hạt giống, cùng hồ sơ (mặc định 0)",
    )
    generate.add_argument(
        "--out", type=Path, required=True, metavar="TỆP", help="tệp hoặc thư mục Parquet kết quả"
    )
    generate.add_argument(
        "--start",
        type=cli_text.day,
        metavar="NGÀY",
        help="ngày tiếp nhận đầu tiên (dd/mm/yyyy hoặc yyyy-mm-dd)",
    )
    generate.add_argument(
        "--end", type=cli_text.day, metavar="NGÀY", help="ngày xuất dữ liệu (dd/mm/yyyy hoặc yyyy-mm-dd)"
    )
    generate.add_argument(
        "--partitioned", action="store_true", help="ghi thư mục Parquet phân vùng year=/month=/province="
    )


def _period_option(parser: Any) -> None:
    parser.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo, ví dụ 2023Q1")


def _mapping_option(parser: Any) -> None:
    parser.add_argument(
        "--mapping",
        default="cchc",
        metavar="ÁNH_XẠ",
        help="tệp ánh xạ cột (tên có sẵn hoặc đường dẫn; mặc định cchc)",
    )


def _out_option(parser: Any) -> None:
    parser.add_argument(
        "--out", type=Path, metavar="TỆP", help="tệp kết quả (mặc định: in ra màn hình; bắt buộc với xlsx)"
    )


def _engine_option(parser: Any) -> None:
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        help="bộ máy tính: duckdb trên máy này (mặc định) hoặc spark "
        "(CCHC_SPARK_MASTER, CCHC_SPARK_REMOTE; mặc định theo CCHC_DOSSIER_ENGINE)",
    )


def _province_option(parser: Any) -> None:
    parser.add_argument(
        "--province",
        metavar="TỈNH",
        help="chỉ đọc phân vùng province= này của thư mục Parquet phân vùng (ví dụ thanh-hoa)",
    )


def _sources(
    files: list[str], mapping: str, folder: str, period: str, province: str | None = None
) -> list[str]:
    """Canonical Parquet files and partitioned folders as they are, paths with a scheme (hdfs://,
    s3a://) passed to the engine; every other file imported (all or nothing) into one file. A folder is
    checked on a file of the partitions the period needs."""
    from cchc.dossiers.engine import cut_off_window
    from cchc.dossiers.schema import is_canonical

    _, _, until = cut_off_window(period, None)

    sources: list[str] = []
    others: list[Path] = []
    for name in files:
        path = Path(name)
        if "://" in name:
            sources.append(name)
        elif path.is_dir():
            _check_folder(path, until, province)
            sources.append(name)
        elif path.is_file() and is_canonical(path):
            sources.append(name)
        else:
            others.append(path)
    if others:
        from cchc.dossiers.importer import import_files

        sources.append(str(import_files(others, Path(folder) / "imported.parquet", mapping=mapping).path))
    return sources


def _check_folder(folder: Path, until: date, province: str | None) -> None:
    """A folder of dossiers holds canonical Parquet files (the first one the period reads is checked)."""
    from cchc.dossiers.backends import partition_files
    from cchc.dossiers.schema import is_canonical

    if next(folder.rglob("*.parquet"), None) is None:
        raise ValueError(f"Thư mục «{folder}» không có tệp Parquet nào.")
    first = Path(partition_files(folder, until, province)[0])
    if not is_canonical(first):
        raise ValueError(
            f"Thư mục «{folder}»: tệp «{first.relative_to(folder)}» không phải tệp hồ sơ Parquet chuẩn "
            "(hãy nhập bằng cchc dossiers import)."
        )


def _emit(data: str | bytes, out: Path | None) -> None:
    if out is None:
        if isinstance(data, bytes):
            raise ValueError("Định dạng xlsx cần --out TỆP.")
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data, encoding="utf-8")
    print(f"Đã ghi {out}.", file=sys.stderr)


def _compute(args: argparse.Namespace) -> int:
    from cchc.dossiers import outputs
    from cchc.dossiers.backends import engine_connection
    from cchc.dossiers.engine import compute
    from cchc.dossiers.workdays import load_calendar

    with scratch_folder("dossiers") as folder:
        sources = _sources(args.files, args.mapping, folder, args.period, args.province)
        calendar = load_calendar(args.calendar) if args.calendar else None
        con = engine_connection(args.engine)
        results = compute(sources, args.period, calendar=calendar, con=con, province=args.province)
    for message in results.identity_errors:
        print(f"Cảnh báo: {message}", file=sys.stderr)
    for message in results.notices:
        print(f"Lưu ý: {message}", file=sys.stderr)
    if args.format == "json":
        _emit(outputs.to_json(results), args.out)
    elif args.format == "csv":
        _emit(outputs.to_csv(results, args.table), args.out)
    else:
        _emit(outputs.to_xlsx(results), args.out)
    return 1 if results.identity_errors else 0


def _list(args: argparse.Namespace) -> int:
    from cchc.dossiers.backends import engine_connection
    from cchc.dossiers.drill import export_behind, figure_filters

    if args.format == "xlsx" and args.out is None:
        raise ValueError("Định dạng xlsx cần --out TỆP.")
    if args.figure:
        if not args.report_unit:
            raise ValueError("--figure cần --report-unit (đơn vị báo cáo).")
        filters = figure_filters(args.figure, args.report_unit)
    else:
        filters = {"klass": args.klass, "report_unit": args.report_unit}
    filters.update(
        {
            name: value
            for name, value in (
                ("unit", args.unit),
                ("level", args.level),
                ("field", args.field),
                ("procedure", args.procedure),
            )
            if value is not None
        }
    )
    with scratch_folder("dossiers") as folder:
        sources = _sources(args.files, args.mapping, folder, args.period, args.province)
        filters["province"] = args.province
        # The engine writes the file (streamed, any size); without --out it is copied to the screen.
        out = args.out or Path(folder) / "list.csv"
        con = engine_connection(args.engine)
        rows = export_behind(sources, args.period, out, args.format, limit=args.limit, con=con, **filters)
        if args.out is None:
            sys.stdout.flush()
            with out.open("rb") as written:
                shutil.copyfileobj(written, sys.stdout.buffer, 1 << 20)
            sys.stdout.buffer.flush()
    print(
        f"{rows:,} hồ sơ.".replace(",", ".") + (f" Đã ghi {args.out}." if args.out else ""), file=sys.stderr
    )
    return 0


def _generate(args: argparse.Namespace) -> int:
    from cchc.dossiers.generator import DEFAULT_END, DEFAULT_START, generate

    if args.rows < 0:
        raise ValueError("--rows phải là số không âm.")
    path = generate(
        args.rows,
        args.out,
        seed=args.seed,
        start=args.start or DEFAULT_START,
        end=args.end or DEFAULT_END,
        partitioned=args.partitioned,
    )
    print(f"Đã tạo {args.rows:,} hồ sơ trong {path}.".replace(",", "."), file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from cchc.dossiers.importer import import_files

    result = import_files(args.files, args.out, mapping=args.mapping)
    print(f"Đã nhập {result.rows:,} hồ sơ vào {result.path}.".replace(",", "."), file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Run `cchc dossiers`."""
    handlers = {"compute": _compute, "import": _import, "list": _list, "generate": _generate}
    try:
        return handlers[args.dossiers_command](args)
    except ValueError as error:  # DossierImportError and bad periods, mappings, calendars, classes
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
