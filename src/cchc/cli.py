"""The `cchc` command: thin wrappers over the checker and the web application."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from cchc import cli_dossiers, cli_par, cli_report, cli_text, cli_units
from cchc.web.org.roles import COMMAND_NAMES

SAMPLE = "bao-cao-cchc-quy-I-2023-thanh-hoa.txt"


def sample_report() -> Path:
    """The bundled sample report (Thanh Hóa, Quý I năm 2023)."""
    return Path(str(resources.files("cchc.samples").joinpath(SAMPLE)))


def _check(path: Path, output: str) -> int:
    # Imported here: every other command starts without the checker's readers.
    from cchc.checker import check_file, render_json, render_text
    from cchc.core.catalogue import CatalogueError
    from cchc.documents.model import ReportReadError

    try:
        result = check_file(path)
    except (ReportReadError, CatalogueError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(render_json(result) if output == "json" else render_text(result))
    return 1 if result.errors else 0


ROLES = {name: role.value for name, role in COMMAND_NAMES.items()}


def _django() -> None:
    from cchc.web.server import setup

    setup()


def _migrate(verbosity: int = 1) -> None:
    from cchc.web.server import migrate

    migrate(verbosity)


def _createuser(args: argparse.Namespace) -> int:
    _migrate(verbosity=0)
    from cchc.web.org.users import UserError, create_user

    password = args.password or getpass.getpass("Mật khẩu: ")
    try:
        create_user(
            args.username,
            password,
            role=ROLES[args.role],
            units=args.unit,
            full_name=args.name,
            email=args.email,
        )
    except UserError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(f"Đã tạo người dùng «{args.username}».")
    return 0


def _remind(args: argparse.Namespace) -> int:
    """Mail the deadline reminders of today; print who got one and who did not, and why."""
    _migrate(verbosity=0)
    from django.utils import timezone

    from cchc.web.reporting.reminders import remind

    outcomes = remind(timezone.localdate(), days=args.days, send=not args.xem_truoc)
    sent = sum(outcome.sent for outcome in outcomes)
    for outcome in outcomes:
        state = "đã gửi" if outcome.sent else f"không gửi ({outcome.reason})"
        address = outcome.user.email or "—"
        print(f"{outcome.user.username} <{address}>: {state}")
        for notice in outcome.notices:
            print(f"  {notice.text}")
    print(f"Đã gửi {sent} thư nhắc hạn." if outcomes else "Không có đơn vị nào cần nhắc hạn.")
    failed = [outcome for outcome in outcomes if outcome.reason.startswith("máy chủ thư")]
    return 1 if failed else 0


def _demo(args: argparse.Namespace) -> int:
    _migrate(verbosity=0)
    from cchc.web.demo.load import load_demo

    logins = load_demo()
    print("Đã nạp dữ liệu mẫu. Tài khoản dùng thử (mật khẩu chung: cchc-demo-2023):")
    for username, description in logins:
        print(f"  {username:<18} {description}")
    if args.no_serve:
        return 0
    print(f"cchc đang chạy tại http://{args.host}:{args.port}/  (dừng: Ctrl+C)", flush=True)
    from cchc.web.server import serve

    serve(args.host, args.port)
    return 0


# --- `cchc serve`: deployment checks first (docs/web.md) ------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    """Serve, after Django's deployment checks pass or the user said this is a local trial."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        _django()
        from cchc.web.settings import env_bool

        trial = args.thu_nghiem or env_bool("CCHC_LOCAL_TRIAL", False)
    except ImproperlyConfigured as error:
        print(f"Lỗi cấu hình: {error}", file=sys.stderr)
        return 2
    from cchc.web import deploy

    problems = deploy.problems()
    if problems and not trial:
        print(deploy.refusal(problems), file=sys.stderr)
        return 2
    if problems:
        print(f"Chạy thử trên máy: bỏ qua {len(problems)} cảnh báo triển khai.", file=sys.stderr)
    from cchc.web.server import serve

    print(f"cchc đang chạy tại http://{args.host}:{args.port}/  (dừng: Ctrl+C)", flush=True)
    serve(args.host, args.port)
    return 0


# --- end of `cchc serve` -----------------------------------------------------------------------------------


FORMAT_HELP = "định dạng kết quả: text (văn bản, mặc định) hoặc json"
# What a shell reports for a program the pipe signal ended (128 + SIGPIPE), as `head` leaves `yes` with.
BROKEN_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    """The `cchc` command line; build it inside `cli_text.vietnamese_argparse()`."""
    parser = argparse.ArgumentParser(prog="cchc", description="Báo cáo cải cách hành chính (CCHC) cấp tỉnh.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    check = commands.add_parser("check", help="kiểm tra một báo cáo CCHC đã hoàn thành (.docx hoặc .txt)")
    check.add_argument("report", type=Path, metavar="BÁO_CÁO", help="tệp báo cáo .docx hoặc .txt")
    check.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    sample = commands.add_parser("check-sample", help="kiểm tra báo cáo mẫu Quý I/2023 của tỉnh Thanh Hóa")
    sample.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    for name, text in (
        ("serve", "chạy ứng dụng web (máy chủ WSGI waitress)"),
        ("demo", "tạo cơ sở dữ liệu, nạp dữ liệu mẫu Thanh Hóa và chạy ứng dụng web"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định 127.0.0.1)"
        )
        command.add_argument(
            "--port", type=cli_text.integer, default=8000, metavar="CỔNG", help="cổng (mặc định 8000)"
        )
        if name == "demo":
            command.add_argument(
                "--no-serve", action="store_true", help="chỉ nạp dữ liệu mẫu, không chạy máy chủ"
            )
        else:
            command.add_argument(
                "--thu-nghiem",
                action="store_true",
                help="chạy thử trên máy: khởi động dù kiểm tra triển khai báo lỗi (như CCHC_LOCAL_TRIAL=1)",
            )
    commands.add_parser("migrate", help="tạo hoặc cập nhật cơ sở dữ liệu")
    user = commands.add_parser("createuser", help="tạo người dùng với vai trò và đơn vị")
    user.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của người dùng mới")
    user.add_argument(
        "--role",
        choices=sorted(ROLES),
        required=True,
        help="vai trò: reviewer (thẩm định), reporter (nhập số liệu), viewer (xem), admin (quản trị)",
    )
    user.add_argument(
        "--unit", action="append", default=[], metavar="MÃ_ĐƠN_VỊ", help="đơn vị phụ trách (lặp lại được)"
    )
    user.add_argument("--name", default="", metavar="HỌ_TÊN", help="họ và tên")
    user.add_argument(
        "--password", default="", metavar="MẬT_KHẨU", help="mật khẩu (bỏ trống để nhập khi chạy)"
    )
    user.add_argument(
        "--email", default="", metavar="ĐỊA_CHỈ", help="thư điện tử (đặt lại mật khẩu, nhắc hạn)"
    )
    remind = commands.add_parser(
        "remind",
        help="gửi thư nhắc hạn cho người nhập số liệu của đơn vị còn biểu mẫu chưa gửi "
        "(mỗi người một thư một ngày)",
    )
    remind.add_argument(
        "--days",
        type=cli_text.integer,
        default=3,
        metavar="SỐ_NGÀY",
        help="nhắc khi hạn còn từ ngần này ngày trở xuống, hoặc đã qua (mặc định 3)",
    )
    remind.add_argument("--xem-truoc", action="store_true", help="chỉ in ai sẽ được nhắc, không gửi thư")
    cli_report.add_parser(commands)
    cli_dossiers.add_parser(commands)
    cli_units.add_parser(commands)
    cli_par.add_parser(commands)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "report":
        return cli_report.run(args)
    if args.command == "dossiers":
        return cli_dossiers.run(args)
    if args.command == "units":
        return cli_units.run(args)
    if args.command == "par":
        return cli_par.run(args)
    if args.command == "check":
        return _check(args.report, args.format)
    if args.command == "check-sample":
        code = _check(sample_report(), args.format)
        # The sample has known contradictions; finding them is the check succeeding.
        return 0 if code in (0, 1) else code
    if args.command == "migrate":
        _migrate()
        return 0
    if args.command == "createuser":
        return _createuser(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "remind":
        return _remind(args)
    return _demo(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    try:
        with cli_text.vietnamese_argparse():
            args = build_parser().parse_args(argv)
        code = _run(args)
        # Flushed here so that a reader gone away shows up below, not in the interpreter's last flush.
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of the output (`cchc check-sample | head -3`) has stopped reading: the rest has
        # nowhere to go. As Python's documentation advises, stdout goes to os.devnull so that the
        # interpreter's final flush of what is still buffered does not fail a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
