"""`cchc check`: read a finished report, map its appendix to the catalogue, and find every contradiction.

Findings come from four places: how the appendix is written (rows that do not map, units, number
format), the validation engine (formulas and declared rules), the notes column (periods, ratios, parts)
and the narrative (rates, figures, totals and parts against the appendix).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from cchc.catalogues import catalogue_in_force, default_catalogue, default_schedule
from cchc.core.catalogue import Catalogue, Level, Severity
from cchc.core.narrative import ENTERED_FORMS, NarrativeText, check_narrative
from cchc.core.notes import check_note
from cchc.core.numbers import BLANK, Cell, CellKind, decimals_of, format_number, parse_cell
from cchc.core.periods import Period
from cchc.core.validation import Finding, effective_values, row_label, rule_name, validate
from cchc.documents.docx_reader import describe_docx_location, read_docx, read_docx_data
from cchc.documents.model import RawDocument, ReportReadError
from cchc.documents.positions import issuing_body, section_locator
from cchc.documents.report import (
    AppendixRow,
    Passage,
    Report,
    extract_report,
    fold,
    name_similarity,
    strip_markers,
)
from cchc.documents.text_reader import describe_text_location, read_text
from cchc.documents.writer.data import (
    PLACEHOLDER_START,
    WRITTEN_ONLY,
    outline,
    section_number,
    unwritten_finding,
)

__all__ = [
    "CheckResult",
    "check_against",
    "check_document",
    "check_file",
    "finding_dict",
    "render_json",
    "render_text",
    "unit_report_job",
]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_NOTICE_SEVERITY = {"missing-grouping": Severity.INFO}


@dataclass(frozen=True)
class CheckResult:
    """A checked report: what was read and every finding, errors first within each form."""

    report: Report
    values: dict[str, Cell]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)


def _row_findings(catalogue: Catalogue, row: AppendixRow, seen: set[str]) -> list[Finding]:
    """Findings about how one appendix row is written: mapping, duplicates, name, unit."""
    where = f"Biểu mẫu {row.form}, STT {row.stt}"
    if row.code is None:
        return [
            Finding(
                "unmapped-row",
                Severity.WARNING,
                f"{where} «{row.name[:80]}» không có trong biểu mẫu; số liệu dòng này chưa được kiểm tra.",
                row.form,
                (),
                location=row.location,
                quote=row.name,
            )
        ]
    expected = catalogue.rows[row.code]
    if row.code in seen:
        return [
            Finding(
                "duplicate-row",
                Severity.WARNING,
                f"{where} xuất hiện hai lần; chỉ lấy dòng đầu, hãy xóa dòng thừa.",
                row.form,
                (row.code,),
                location=row.location,
            )
        ]
    found: list[Finding] = []
    if name_similarity(row.name, expected.name) < 0.6:
        found.append(
            Finding(
                "row-name-mismatch",
                Severity.WARNING,
                f"{where} ghi «{row.name[:80]}», khác tên chỉ tiêu trong biểu mẫu «{expected.name}».",
                row.form,
                (row.code,),
                location=row.location,
            )
        )
    if not row.unit and expected.unit:
        found.append(
            Finding(
                "unit-missing",
                Severity.INFO,
                f"{row_label(expected)}: chưa ghi đơn vị tính; ghi «{expected.unit}».",
                row.form,
                (row.code,),
                location=row.location,
            )
        )
    elif fold(row.unit) != fold(expected.unit):
        found.append(
            Finding(
                "unit-mismatch",
                Severity.WARNING,
                f"{row_label(expected)}: đơn vị tính ghi «{row.unit}»; biểu mẫu ghi «{expected.unit}».",
                row.form,
                (row.code,),
                location=row.location,
            )
        )
    return found


def cut_off_window(period: Period | None) -> tuple[date, date] | None:
    """The data cut-off window of a period (thời gian chốt số liệu), from the shipped schedule."""
    if period is None:
        return None
    dates = default_schedule().dates(period)
    return dates.window_start, dates.window_end


def _appendix(
    catalogue: Catalogue, report: Report, window: tuple[date, date] | None
) -> tuple[dict[str, Cell], list[Finding]]:
    """The values of the mapped rows, and the findings about how the appendix is written."""
    values: dict[str, Cell] = {}
    findings: list[Finding] = []
    seen: set[str] = set()
    for printed in report.rows:
        findings.extend(_row_findings(catalogue, printed, seen))
        if printed.code is None or printed.code in seen:
            continue
        seen.add(printed.code)
        row = catalogue.rows[printed.code]
        cell, notices = parse_cell(printed.value)
        values[row.code] = cell
        for notice in notices:
            findings.append(
                Finding(
                    notice.code,
                    _NOTICE_SEVERITY.get(notice.code, Severity.WARNING),
                    f"{row_label(row)}: {notice.message}",
                    row.form,
                    (row.code,),
                    location=printed.location,
                )
            )
        if printed.note:
            note = strip_markers(printed.note)
            findings.extend(check_note(row, cell, note, report.period, window, printed.location))
    printed_forms = {printed.form for printed in report.rows}
    for form in catalogue.forms:
        if form.number not in printed_forms:
            findings.append(
                Finding(
                    "form-missing",
                    Severity.WARNING,
                    f"Phụ lục không có Biểu mẫu {form.number} ({form.title}).",
                    form.number,
                )
            )
    return values, findings


_HEADING = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s+(.*)$", re.DOTALL)


def _unwritten(report: Report) -> list[Finding]:
    """The sections a signed report cannot leave unwritten: a placeholder left in («[Chưa soạn nội dung
    mục này]», or a unit's or an older draft's longer one), or such a section of the period's outline
    whose heading has nothing under it."""
    body = [p for p in report.passages if p.footnote is None and not p.rows and p.section]
    headings: dict[str, tuple[str, Passage]] = {}  # section → "I.3. Về công tác tuyên truyền …", its passage
    for passage in body:
        match = _HEADING.match(passage.text)
        if match and passage.section not in headings:
            headings[passage.section] = (f"{passage.section}. {match.group(1).strip()}", passage)
    # The outline's sections no figure speaks for (the ones the period's findings check), named as the
    # findings name them; a section of figures may rightly print only its heading when they are all 0.
    sections = (
        {section_number(heading): heading for key, heading in outline(report.period) if key in WRITTEN_ONLY}
        if report.period
        else {}
    )

    def name(section: str) -> str:
        return sections.get(section) or (headings[section][0] if section in headings else section)

    left = [p for p in body if p.text.startswith(PLACEHOLDER_START)]
    found = [unwritten_finding(name(p.section), location=p.location) for p in left]
    for number in sections:
        if number not in headings or any(p.section == number for p in left):
            continue
        own = headings[number][1]
        under = [
            p
            for p in body
            if p is not own and p not in left and (p.section == number or p.section.startswith(f"{number}."))
        ]
        if not under:
            found.append(unwritten_finding(name(number), placeholder=False, location=own.location))
    return found


def _sort_key(finding: Finding) -> tuple[int, int, int]:
    return (finding.form if finding.form is not None else 99, _SEVERITY_ORDER[finding.severity], 0)


def check_document(
    document: RawDocument,
    catalogue: Catalogue | None = None,
    describe: Callable[[int], str] = describe_text_location,
) -> CheckResult:
    """Check a report already read into blocks; `describe` turns block line numbers into words.

    Without a `catalogue`, the report is read with the template in force on its period's cut-off date
    (bnv-581 before 1/7/2025, the two-level version after), or bnv-581 when the title names no period."""
    report = extract_report(document, catalogue or default_catalogue(), describe)
    if catalogue is None:
        catalogue = default_catalogue()
        window = cut_off_window(report.period)
        if window is not None and not catalogue.in_force(window[1]):
            catalogue = catalogue_in_force(window[1])
            report = extract_report(document, catalogue, describe)
    values, findings = _appendix(catalogue, report, cut_off_window(report.period))
    located = {printed.code: printed.location for printed in reversed(report.rows) if printed.code}
    findings.extend(
        dataclasses.replace(finding, location=located.get(finding.codes[0], "")) if finding.codes else finding
        for finding in validate(catalogue, values)
    )
    effective = effective_values(catalogue, values)
    passages = [
        NarrativeText(passage.text, passage.location, passage.footnote, passage.rows, passage.row_locations)
        for passage in report.passages
    ]
    findings.extend(check_narrative(catalogue, passages, values, effective))
    findings.extend(_unwritten(report))
    if report.period is None:
        findings.append(
            Finding(
                "period-unknown",
                Severity.INFO,
                "Không xác định được kỳ báo cáo từ tiêu đề; bỏ qua kiểm tra kỳ trong ghi chú.",
            )
        )
    findings.sort(key=_sort_key)
    return CheckResult(report, values, tuple(findings))


def check_file(path: str | Path, catalogue: Catalogue | None = None) -> CheckResult:
    """Read a report (.docx or text) from disk and check it; ReportReadError when it cannot be read."""
    file = Path(path)
    if file.suffix.lower() == ".docx":
        return check_document(read_docx(file), catalogue, describe_docx_location)
    if file.suffix.lower() in (".doc", ".pdf", ".xlsx", ".xls", ".odt"):
        raise ReportReadError(
            f"Tệp «{file.name}»: chưa đọc được định dạng {file.suffix}; hãy lưu báo cáo dạng .docx hoặc .txt."
        )
    return check_document(read_text(file), catalogue)


def check_against(
    document: RawDocument,
    catalogue: Catalogue,
    entered: Mapping[str, Cell],
    compared: set[str] | None = None,
    level: Level | None = None,
) -> list[Finding]:
    """A unit's own report read against the figures it entered in its forms (`entered`, computed rows
    included): every figure its narrative states, and every row its appendix prints, must be the form's.
    Positions are given as the report's headings name them («Phụ lục, Biểu mẫu 3, mục 3.1.2»).
    `compared`, when given, receives the codes of the rows a figure of the report was compared with.
    `level` is the unit's: its own phrases («Sở đã giải quyết xong … hồ sơ») count for that level's rows."""
    report = extract_report(document, catalogue, section_locator(document))
    findings: list[Finding] = []
    seen: set[str] = set()
    for printed in report.rows:
        if printed.code is None or printed.code in seen:
            continue
        seen.add(printed.code)
        row = catalogue.rows[printed.code]
        if row.has_value and compared is not None:
            compared.add(row.code)
        cell, _ = parse_cell(printed.value)
        mine = entered.get(row.code, BLANK)
        # A "-" or an empty cell for a row the unit did not enter says nothing the forms contradict.
        silent = cell.kind in (CellKind.BLANK, CellKind.DASH) and mine.kind is CellKind.BLANK
        if row.has_value and not silent and (cell.kind is not mine.kind or cell.number != mine.number):
            findings.append(
                Finding(
                    "unit-report-appendix",
                    Severity.ERROR,
                    f"{row_label(row)}: phụ lục của báo cáo ghi «{printed.value or 'trống'}» nhưng "
                    f"{ENTERED_FORMS} ghi «{mine.text or 'trống'}»: sửa báo cáo cho khớp.",
                    row.form,
                    (row.code,),
                    location=f"Phụ lục, Biểu mẫu {row.form}, mục {row.stt}",
                )
            )
    passages = [
        NarrativeText(passage.text, passage.location, passage.footnote, passage.rows, passage.row_locations)
        for passage in report.passages
    ]
    effective = effective_values(catalogue, entered)
    findings.extend(
        check_narrative(
            catalogue, passages, entered, effective, against=ENTERED_FORMS, compared=compared, level=level
        )
    )
    findings.sort(key=_sort_key)
    return findings


def unit_report_job(data: bytes, template: str, entered: dict[str, str], level: str | None = None) -> bytes:
    """The worker's job: a uploaded .docx (already bounded by its package check) read and checked
    against the entered figures (code → text) of a unit of `level` (tinh, so, huyen, xa); as JSON, the
    body its heading names (`issuer`) and the findings, and how many of the forms' rows a figure of the
    report was compared with (`compared`)."""
    from cchc.catalogues import load_catalogue
    from cchc.untrusted.worker import JobRefused

    try:
        document = read_docx_data(data, "Báo cáo của đơn vị")
    except ReportReadError as error:
        raise JobRefused([str(error)]) from None
    catalogue = load_catalogue(template)
    cells = {code: parse_cell(text)[0] for code, text in entered.items()}
    compared: set[str] = set()
    checked = check_against(document, catalogue, cells, compared, Level(level) if level else None)
    findings = [finding_dict(f) for f in checked]
    found = {"issuer": issuing_body(document), "findings": findings, "compared": len(compared)}
    return json.dumps(found, ensure_ascii=False).encode()


def _figure(value: Decimal | None, decimals: int) -> str | None:
    return None if value is None else format_number(value, max(decimals, decimals_of(value)))


def finding_dict(finding: Finding) -> dict[str, object]:
    """A finding as the JSON output documents it."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "form": finding.form,
        "codes": list(finding.codes),
        "expected": _figure(finding.expected, finding.decimals),
        "actual": _figure(finding.actual, finding.decimals),
        "difference": _figure(finding.difference, finding.decimals),
        "message": finding.message,
        "quote": finding.quote,
        "location": finding.location,
        "confidence": None if finding.confidence is None else format_number(finding.confidence, 2),
    }


def render_json(result: CheckResult) -> str:
    """The findings as a JSON list (see README)."""
    return json.dumps([finding_dict(finding) for finding in result.findings], ensure_ascii=False, indent=2)


_SEVERITY_LABEL = {Severity.ERROR: "LỖI", Severity.WARNING: "CẢNH BÁO", Severity.INFO: "LƯU Ý"}


def render_text(result: CheckResult) -> str:
    """The findings for a reviewer: a summary, then grouped by form, errors first."""
    report = result.report
    counts = {severity: sum(1 for f in result.findings if f.severity is severity) for severity in Severity}
    period = report.period.label if report.period else "không xác định"
    lines = [
        f"Báo cáo: {report.source}",
        f"Tỉnh: {report.province or 'không xác định'}; kỳ: {period}",
        f"Đã đọc {len(result.values)} chỉ tiêu ở phụ lục, {len(report.passages)} đoạn thuyết minh.",
        f"Kết quả: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} lưu ý.",
    ]
    current: object = object()
    for finding in result.findings:
        if finding.form != current:
            current = finding.form
            heading = f"Biểu mẫu {finding.form}" if finding.form is not None else "Phần thuyết minh"
            lines += ["", heading, "-" * len(heading)]
        lines.append(f"[{_SEVERITY_LABEL[finding.severity]}] {finding.message}")
        details = [f"quy tắc: {rule_name(finding.rule)}"]
        if finding.location:
            details.append(finding.location)
        if finding.expected is not None and finding.actual is not None:
            details.append(
                f"đúng: {_figure(finding.expected, finding.decimals)}; "
                f"ghi: {_figure(finding.actual, finding.decimals)}"
            )
        if finding.confidence is not None:
            details.append(f"độ tin cậy: {format_number(finding.confidence * 100, 0)}%")
        lines.append("    " + "; ".join(details))
        if finding.quote:
            lines.append(f"    «{finding.quote}»")
    return "\n".join(lines)
