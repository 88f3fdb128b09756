"""The `cchc par` command: the year's PAR Index ranking (Chỉ số CCHC) as JSON, Excel or the Word appendix
of the decision, from the data folder's database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cchc import cli_text

FORMATS = ("json", "xlsx", "docx")


def add_parser(commands: Any) -> None:
    """Register `cchc par`."""
    par = commands.add_parser(
        "par", help="bảng xếp hạng Chỉ số CCHC của các sở, ban, ngành và UBND cấp xã (JSON, Excel, Word)"
    )
    par.add_argument(
        "--year", type=cli_text.integer, required=True, metavar="NĂM", help="năm đánh giá, ví dụ 2025"
    )
    par.add_argument(
        "--format", choices=FORMATS, default="json", help="json, xlsx hoặc docx (phụ lục quyết định)"
    )
    par.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp kết quả")


def run(args: argparse.Namespace) -> int:
    """Run `cchc par`."""
    out: Path = args.out
    folder = out.resolve().parent
    if not folder.is_dir():
        print(f"Lỗi: thư mục «{folder}» của tệp kết quả (--out) không tồn tại.", file=sys.stderr)
        return 2
    if out.is_dir():
        print(f"Lỗi: «{out}» là một thư mục; --out phải là tên tệp.", file=sys.stderr)
        return 2
    from cchc.web.server import migrate

    migrate(verbosity=0)
    from cchc.web.par.models import ParRound
    from cchc.web.par.results_views import ranking_of, render_ranking

    round_ = ParRound.objects.filter(year=args.year).first()
    if round_ is None:
        years = ", ".join(str(y) for y in ParRound.objects.values_list("year", flat=True))
        known = f" (đã có: {years})" if years else ""
        print(f"Lỗi: chưa có đợt đánh giá Chỉ số CCHC năm {args.year}{known}.", file=sys.stderr)
        return 2
    ranking = ranking_of(round_)
    try:
        out.write_bytes(render_ranking(ranking, args.format))
    except OSError as error:
        print(f"Lỗi: không ghi được tệp «{out}»: {error.strerror or error}.", file=sys.stderr)
        return 2
    units = sum(len(table.lines) for table in ranking.tables)
    print(f"Đã ghi {out} (Chỉ số CCHC năm {args.year}: {units} đơn vị).")
    if ranking.sample:
        print(
            "Lưu ý: kết quả tính trên bộ tiêu chí mẫu, chưa phải bộ tiêu chí theo quyết định của UBND tỉnh.",
            file=sys.stderr,
        )
    return 0
