"""The `cchc report` command: the report of a period as Word, Excel, PDF or a values file (JSON).

From the database (the web application's data) by default, or from a values file (`--values`) so that
it runs without the web application.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

FORMATS = ("docx", "xlsx", "pdf", "values")


def add_parser(commands: Any) -> None:
    """Register `cchc report`."""
    report = commands.add_parser("report", help="lập báo cáo CCHC (Word, Excel, PDF) từ số liệu")
    report.add_argument(
        "--period", metavar="KỲ", help="kỳ báo cáo, ví dụ 2023Q1 (bắt buộc khi đọc cơ sở dữ liệu)"
    )
    report.add_argument(
        "--unit", metavar="MÃ_ĐƠN_VỊ", help="đơn vị (mặc định: báo cáo của tỉnh, tổng hợp từ các đơn vị)"
    )
    report.add_argument(
        "--format", choices=FORMATS, default="docx", help="docx, xlsx, pdf hoặc values (JSON)"
    )
    report.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp kết quả")
    report.add_argument(
        "--values", type=Path, metavar="TỆP_JSON", help="lập từ tệp số liệu (JSON) thay vì cơ sở dữ liệu"
    )
    report.add_argument("--template", type=Path, metavar="MẪU_DOCX", help="mẫu Word khác mẫu có sẵn")
    report.add_argument("--no-charts", action="store_true", help="không chèn biểu đồ")
    report.add_argument(
        "--approved-only",
        action="store_true",
        help="chỉ lấy số liệu các biểu mẫu đã duyệt (mặc định: mọi số liệu đã nhập, như trang tổng hợp)",
    )


def _from_database(period_code: str, unit_code: str | None, *, approved_only: bool) -> Any:
    from cchc.web.server import migrate

    migrate(verbosity=0)
    from cchc.core.periods import parse_period
    from cchc.web.org.models import OrgUnit
    from cchc.web.reporting.models import ReportingPeriod
    from cchc.web.reports.services import report_data

    try:
        code = parse_period(period_code).code
    except ValueError as error:  # the period parser's message is Vietnamese
        raise LookupError(f"Kỳ báo cáo «{period_code}»: {error}") from None
    period = ReportingPeriod.objects.filter(code=code).first()
    if period is None:
        raise LookupError(f"Chưa có kỳ báo cáo {code} trong cơ sở dữ liệu.")
    unit = None
    if unit_code:
        unit = OrgUnit.objects.active_on(period.window_end).filter(code=unit_code).first()
        if unit is None:
            raise LookupError(f"Không có đơn vị «{unit_code}» trong kỳ {code}.")
    return report_data(period, unit, approved_only=approved_only)


def run(args: argparse.Namespace) -> int:
    """Run `cchc report`."""
    from docx.opc.exceptions import PackageNotFoundError

    from cchc.documents.writer import (
        PdfError,
        ValuesFileError,
        dump_values,
        read_values_file,
        write_docx,
        write_pdf,
        write_xlsx,
    )
    from cchc.documents.writer.docx import TEMPLATE_ERRORS, template_problem

    try:
        _check_paths(args)
        if args.values is not None:
            if args.approved_only:
                raise ValuesFileError(
                    "--approved-only chỉ dùng khi lập từ cơ sở dữ liệu, không cùng --values."
                )
            if args.unit:
                raise ValuesFileError(
                    "Không dùng --unit cùng --values: tệp số liệu đã là của một đơn vị (trường «unit_name»)."
                )
            report = read_values_file(args.values, _catalogue_of(args.values))
            if args.period and report.period.code != args.period.strip().upper():
                raise ValuesFileError(
                    f"Tệp số liệu là của kỳ {report.period.code}, không phải kỳ {args.period} đã chọn."
                )
        elif not args.period:
            raise ValuesFileError("Hãy chọn kỳ báo cáo (--period 2023Q1) hoặc tệp số liệu (--values).")
        else:
            report = _from_database(args.period, args.unit, approved_only=args.approved_only)
            if args.template is None:
                from cchc.web.reports.word_template import province_template

                # The province's own template (uploaded on the report page) is the one in use.
                args.template = province_template()
        out: Path = args.out
        try:
            if args.format == "values":
                out.write_text(
                    json.dumps(dump_values(report), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                )
            elif args.format == "xlsx":
                write_xlsx(report, out)
            elif args.format == "pdf":
                write_pdf(report, out, template=args.template, charts=not args.no_charts)
            else:
                write_docx(report, out, template=args.template, charts=not args.no_charts)
        except TEMPLATE_ERRORS as error:
            raise ValuesFileError(
                f"Mẫu Word «{args.template.name if args.template else ''}»: {template_problem(error)}"
            ) from None
        except (zipfile.BadZipFile, PackageNotFoundError):
            raise ValuesFileError(f"Mẫu «{args.template}» không phải tài liệu Word (.docx).") from None
        except OSError as error:
            raise ValuesFileError(f"Không ghi được tệp «{out}»: {error.strerror or error}.") from None
    except (ValuesFileError, LookupError, PdfError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(f"Đã ghi {out} ({report.period.label}).")
    if args.values is None and report.unit_name == "":
        _warn_findings(args.period)
    return 0


def _warn_findings(code: str) -> None:
    """Say, after writing the province's report, what it still has before it can be signed: the errors
    and warnings it carries (what `cchc check` finds in it), the sections not written yet (by number and
    title), the signature block's gaps, and apart the units whose own forms or Word reports still have
    errors, as the web download's confirmation lists them."""
    from cchc.web.reporting.models import ReportingPeriod
    from cchc.web.reports.services import report_problems
    from cchc.web.reports.unit_reports import read_again_stale

    period = ReportingPeriod.objects.get(code=code.strip().upper())
    # No server thread reads the units' reports again here: the command does, before it lists them.
    read_again_stale([period.pk])
    problems = report_problems(period)
    if problems.errors or problems.warnings:
        print(
            f"Lưu ý: báo cáo còn {len(problems.errors)} lỗi và {problems.warnings} cảnh báo (trang "
            "«Kết quả kiểm tra số liệu» của kỳ); báo cáo mang theo các mâu thuẫn đó.",
            file=sys.stderr,
        )
        for message in problems.errors[:10]:
            print(f"- {message}", file=sys.stderr)
    if problems.unwritten:
        print(
            f"Lưu ý: báo cáo còn {len(problems.unwritten)} mục chưa soạn nội dung (in «[Chưa soạn nội dung "
            "mục này]»; soạn ở trang «Báo cáo CCHC của tỉnh» của kỳ):",
            file=sys.stderr,
        )
        for _, heading in problems.unwritten:
            print(f"- Mục {heading}", file=sys.stderr)
    for message in problems.signature:
        print(f"Lưu ý: {message}", file=sys.stderr)
    apart = (
        (problems.unit_forms, "biểu mẫu còn lỗi (số liệu tổng hợp vẫn cộng các số đó)"),
        (
            problems.unit_reports,
            "báo cáo Word còn mâu thuẫn với biểu mẫu của đơn vị (không có trong báo cáo của tỉnh)",
        ),
    )
    for units, what in apart:
        if units:
            print(f"Lưu ý: {len(units)} đơn vị có {what}: {', '.join(units)}.", file=sys.stderr)


def _catalogue_of(path: Path) -> Any:
    """The shipped template a values file names («template»: bnv-581, bnv-581-hai-cap), the default one
    when it names none or one that is not shipped (the values file then says what is wrong)."""
    from cchc.catalogues import default_catalogue, shipped_catalogues

    try:
        named = json.loads(path.read_text(encoding="utf-8")).get("template")
    except (OSError, ValueError, AttributeError):
        return default_catalogue()  # read_values_file names the problem
    return next((c for c in shipped_catalogues() if c.id == named), default_catalogue())


def _check_paths(args: argparse.Namespace) -> None:
    """Refuse, before any work, an output folder that does not exist or a template that is missing."""
    from cchc.documents.writer import ValuesFileError

    folder = args.out.resolve().parent
    if not folder.is_dir():
        raise ValuesFileError(f"Thư mục «{folder}» của tệp kết quả (--out) không tồn tại.")
    if args.out.is_dir():
        raise ValuesFileError(f"«{args.out}» là một thư mục; --out phải là tên tệp.")
    if args.template is not None and not args.template.is_file():
        raise ValuesFileError(f"Không tìm thấy tệp mẫu Word «{args.template}» (--template).")
