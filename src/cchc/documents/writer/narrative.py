"""The words and figures the Word template is filled with.

Every figure a sentence of the report states comes from `figures()`, which formats the same cells the
appendix prints (and the narrative quantities NT-… from the same cells), so the narrative and the
tables cannot disagree. The sentences themselves live in the Word template (docs/report.md).
"""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.catalogue import Kind, Row
from cchc.core.compare import change_words
from cchc.core.numbers import Cell, CellKind, format_number
from cchc.core.periods import ROMAN, Period, PeriodKind
from cchc.core.validation import effective_values
from cchc.documents.writer.data import SECTIONS, ReportData

__all__ = [
    "cell_text",
    "collective_line",
    "date_line",
    "figures",
    "movements",
    "next_period_label",
    "number_line",
    "option_labels",
    "paragraphs",
    "present",
    "recipient_lines",
    "section_texts",
    "short_date",
    "signer_lines",
    "subject_line",
    "template_key",
]

_ROMAN_OF = {number: numeral for numeral, number in ROMAN.items()}


def template_key(code: str) -> str:
    """The name a row code has in the template: "BM3-3.1.2" → "BM3_3_1_2", "NT-1" → "NT_1"."""
    return re.sub(r"[-.]", "_", code)


def cell_text(row: Row, cell: Cell) -> str:
    """A cell as the appendix prints it: "242.037", "96,60", "-", "" (blank) or the text typed."""
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        if row.kind is Kind.CODE:
            return format_number(cell.number)
        return format_number(cell.number, row.decimals)
    if cell.kind is CellKind.BLANK:
        return ""
    return cell.text or "-"


def figures(report: ReportData) -> dict[str, str]:
    """Each row's and narrative quantity's figure as printed ("" when the row has no number)."""
    catalogue = report.catalogue
    # A row a derived version does not ask (a district's) prints as nothing: one template serves all.
    result: dict[str, str] = {template_key(code): "" for code in sorted(catalogue.not_asked)}
    for code, row in catalogue.rows.items():
        cell = report.cell(code)
        result[template_key(code)] = cell_text(row, cell) if cell.kind is CellKind.NUMBER else ""
    effective = effective_values(catalogue, report.cells)
    for quantity in catalogue.quantities:
        value = effective.get(quantity.code)
        result[template_key(quantity.code)] = (
            ""
            if value is None
            else format_number(value, quantity.decimals if quantity.kind is Kind.PERCENT else 0)
        )
    return result


def movements(report: ReportData) -> dict[str, str]:
    """How each row's and narrative quantity's figure moved against cùng kỳ, in words ("tăng 8.706 hồ sơ
    (4,48%)", "giảm 0,32 điểm phần trăm"), under the same names as `figures`; "" without a comparison."""
    catalogue = report.catalogue
    result = dict.fromkeys(figures(report), "")
    if report.previous is None:
        return result
    now, before = (
        effective_values(catalogue, report.cells),
        effective_values(catalogue, report.previous.cells),
    )
    measured = [
        (row.code, row.kind, row.decimals, row.unit) for row in catalogue.rows.values() if row.has_value
    ]
    measured += [(q.code, q.kind, q.decimals, q.unit) for q in catalogue.quantities]
    for code, kind, decimals, unit in measured:
        current, earlier = now.get(code), before.get(code)
        if current is None or earlier is None:
            continue
        shown_unit = "" if kind is Kind.PERCENT or unit == "%" else unit
        result[template_key(code)] = change_words(
            kind, decimals, Cell.of(current), Cell.of(earlier), shown_unit
        )
    return result


def present(printed: dict[str, str]) -> dict[str, bool]:
    """Whether each figure says something happened: a number other than 0 (not blank, "-" or 0).

    The template states a sentence only when its leading figure is present, and says "chưa …" only
    when no part is, so a "-" or a zero never turns into a claim the appendix does not make.
    """
    return {key: bool(text) and any(char in "123456789" for char in text) for key, text in printed.items()}


def option_labels(report: ReportData) -> dict[str, str]:
    """The label of each coded row's value ("Có", "Kết hợp"), "" when it has none."""
    labels: dict[str, str] = {}
    for code, row in report.catalogue.rows.items():
        if row.kind is not Kind.CODE:
            continue
        number = report.cell(code).number
        label = next(
            (option.label for option in row.options if number is not None and option.value == number), ""
        )
        labels[template_key(code)] = label
    return labels


def next_period_label(period: Period) -> str:
    """The period the "nhiệm vụ trọng tâm" are for: after Quý I, Quý II; after 6 tháng, 6 tháng cuối năm."""
    if period.kind is PeriodKind.QUARTER:
        if period.quarter == 4:
            return f"Quý I năm {period.year + 1}"
        return f"Quý {_ROMAN_OF[period.quarter + 1]} năm {period.year}"
    if period.kind is PeriodKind.HALF_YEAR:
        return f"6 tháng cuối năm {period.year}"
    if period.kind is PeriodKind.NINE_MONTHS:
        # Not "Quý IV": the title's first quarter is how a reader finds the report's period.
        return f"những tháng cuối năm {period.year}"
    return f"năm {period.year + 1}"


def subject_line(period: Period) -> str:
    """The subject line under "BÁO CÁO"."""
    return (
        f"Tình hình thực hiện công tác cải cách hành chính {period.label}, "
        f"nhiệm vụ trọng tâm {next_period_label(period)}"
    )


def date_line(place: str, date: dt.date | None) -> str:
    """ "Thanh Hóa, ngày 05 tháng 3 năm 2023": days below 10 and months 1–2 take a leading zero.

    Without a date the day and month are left blank for the clerk to fill in when the report is signed.
    """
    if date is None:
        # Not the period's year: a report of Quý IV or of the year is often signed in the next January.
        return f"{place}, ngày      tháng      năm      "
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def short_date(date: dt.date | None) -> str:
    """ "05/3/2023" (the leading-zero rule of date_line); blanks for the clerk when there is no date."""
    if date is None:
        return "     /     /     "
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def number_line(number: str, suffix: str = "BC-UBND") -> str:
    """ "Số: 125/BC-UBND"; without a number the space is left for the clerk (văn thư)."""
    number = number.strip()
    if not number:
        return f"Số:        /{suffix}"
    return f"Số: {number}" if "/" in number else f"Số: {number}/{suffix}"


def signer_lines(mode: str, title: str, issuer: tuple[str, ...], head: str = "CHỦ TỊCH") -> tuple[str, str]:
    """The authority line and the signer's title: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") or ("TM. …", …).

    `head` is the head of the issuing body: CHỦ TỊCH for a committee, GIÁM ĐỐC for a Sở.
    """
    title, head = title.strip().upper(), head.strip().upper() or "CHỦ TỊCH"
    if mode in ("KT", "TM-KT"):
        return f"KT. {head}", title or f"PHÓ {head}"
    if mode == "TM":
        return f"TM. {issuer[0].upper()}", title or head
    return "", title


def collective_line(mode: str, issuer: tuple[str, ...]) -> str:
    """ "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH" when a deputy signs for the head of a collective
    (mode "TM-KT", Nghị định 30/2020, Phụ lục I); "" otherwise."""
    return f"TM. {issuer[0].upper()}" if mode == "TM-KT" else ""


def recipient_lines(recipients: tuple[str, ...]) -> list[str]:
    """The Nơi nhận list: "- …;" on every line, the last ending with a full stop; "Lưu: …" always last."""
    items = [item.strip().lstrip("-").strip().rstrip(";.") for item in recipients if item.strip()]
    items.sort(key=lambda item: item.lower().startswith("lưu"))  # stable: the others keep their order
    return [f"- {item}{'.' if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]


def paragraphs(text: str) -> list[str]:
    """A section's text split into paragraphs (one per non-empty line)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def section_texts(report: ReportData) -> dict[str, list[str]]:
    """Every section of the outline with its paragraphs (empty when the province wrote nothing).

    The body of an administrative document ends with "./.": the last paragraph of the last section
    (III, nhiệm vụ kỳ tới) gets it when the province did not type it.
    """
    texts = {key: paragraphs(report.texts.get(key, "")) for key, _ in SECTIONS}
    last = texts[SECTIONS[-1][0]]
    if last and not last[-1].endswith("./."):
        last[-1] = last[-1].rstrip(".;: ") + "./."
    return texts
