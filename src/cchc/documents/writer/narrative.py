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
from cchc.documents.writer.data import SECTIONS, ReportData, ReportSettings

__all__ = [
    "cell_text",
    "clauses",
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
    "reviewed_period",
    "section_texts",
    "sentence_parts",
    "short_date",
    "signature_warnings",
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


def clauses(printed: dict[str, str], parts: tuple[tuple[str, str], ...], joiner: str = "; ") -> str:
    """The clauses of a listing whose figure is other than 0, joined: a zero, "-" or blank part drops
    its clause ("cấp tỉnh 12 văn bản; cấp xã 30 văn bản", never "cấp huyện 0 văn bản")."""
    shown = present(printed)
    return joiner.join(text.format(printed[key]) for key, text in parts if shown.get(key))


def _zero(printed: dict[str, str], *keys: str) -> bool:
    """Whether every figure named is a stated 0 (not blank, not "-")."""
    return all(printed.get(key) == "0" for key in keys)


def _led(lead: str, listed: str) -> str:
    """A listing after its lead (", trong đó: …"), or nothing when no part is other than 0."""
    return f"{lead}{listed}" if listed else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence_parts(printed: dict[str, str]) -> dict[str, str]:
    """The listing parts of the report's sentences, built so that a zero drops its clause.

    The template keeps each sentence's lead and full stop; what it lists comes from here ("" when
    nothing is listed). A task count with no late task says so ("không có nhiệm vụ quá hạn").
    """
    tasks = clauses(
        printed,
        (
            ("BM1_5_2", "đã hoàn thành đúng hạn {} nhiệm vụ"),
            ("BM1_5_3", "hoàn thành nhưng quá hạn {} nhiệm vụ"),
            ("BM1_5_4", "quá hạn nhưng chưa hoàn thành {} nhiệm vụ"),
        ),
    )
    if _zero(printed, "BM1_5_3", "BM1_5_4"):
        tasks = "; ".join(filter(None, (tasks, "không có nhiệm vụ quá hạn")))
    by_level = (("{}_1", "cấp tỉnh {}"), ("{}_2", "cấp huyện {}"), ("{}_3", "cấp xã {}"))
    return {
        "nhiem_vu_cp": _led("; ", tasks),
        "vbqppl_theo_cap": _led(
            ", trong đó: ", clauses(printed, tuple((k.format("BM2_1"), t + " văn bản") for k, t in by_level))
        ),
        "tthc_cong_bo": _capital(
            clauses(
                printed,
                (
                    ("BM3_1_2", "công bố mới {} TTHC"),
                    ("BM3_1_3", "bãi bỏ, thay thế {} TTHC"),
                    ("BM3_1_1", "phê duyệt phương án đơn giản hóa {} TTHC"),
                ),
            )
        ),
        "tthc_theo_cap": _led(
            ", trong đó: ", clauses(printed, tuple((k.format("BM3_1_4"), t) for k, t in by_level))
        ),
        "lien_thong": _capital(
            clauses(
                printed,
                (
                    ("BM3_2_1", "có {} TTHC thực hiện theo hình thức liên thông cùng cấp"),
                    ("BM3_2_2", "có {} TTHC thực hiện theo hình thức liên thông giữa các cấp chính quyền"),
                ),
            )
        ),
        "tinh_gian": clauses(
            printed,
            (
                ("BM4_2_4", "{} người thuộc các cơ quan, tổ chức hành chính"),
                ("BM4_3_3", "{} người thuộc các đơn vị sự nghiệp công lập"),
            ),
            " và ",
        ),
        "tuyen_dung": _capital(
            clauses(
                printed,
                (
                    ("BM5_2_1", "tuyển dụng {} công chức (thi tuyển, xét tuyển)"),
                    ("BM5_2_4", "tuyển dụng {} viên chức (thi tuyển, xét tuyển)"),
                ),
            )
        ),
        "vi_tri_viec_lam": clauses(
            printed,
            (("BM5_1_1", "{} cơ quan, tổ chức hành chính"), ("BM5_1_2", "{} đơn vị sự nghiệp")),
            " và ",
        ),
        "dvsn_tu_chu": _led(
            ": ",
            clauses(
                printed,
                (
                    ("BM6_2_2", "{} đơn vị tự bảo đảm chi thường xuyên và chi đầu tư"),
                    ("BM6_2_3", "{} đơn vị tự bảo đảm chi thường xuyên"),
                    ("BM6_2_4", "{} đơn vị tự bảo đảm một phần chi thường xuyên"),
                    ("BM6_2_5", "{} đơn vị do Nhà nước bảo đảm chi thường xuyên"),
                ),
            ),
        ),
        "dvc_truc_tuyen": clauses(
            printed,
            (
                ("BM7_6_5_2", "{} dịch vụ công trực tuyến toàn trình"),
                ("BM7_6_4_2", "{} dịch vụ công trực tuyến một phần"),
            ),
            " và ",
        ),
    }


def option_labels(report: ReportData) -> dict[str, str]:
    """The label of each coded row's value ("Có", "Kết hợp"), "" when it has none."""
    labels: dict[str, str] = {}
    for code, row in report.catalogue.rows.items():
        if row.kind is not Kind.CODE:
            continue
        labels[template_key(code)] = row.option_label(report.cell(code).number)
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


def reviewed_period(period: Period) -> Period:
    """The report whose "nhiệm vụ trọng tâm kỳ tới" a period's report reviews: the one that set tasks for it.

    The year's report reviews the tasks last year's report set for this year, and so does Quý I (the
    year's first quarter); 6 tháng reviews Quý I's (for Quý II); Quý III and 9 tháng review 6 tháng's
    (for the last six months); a Quý II or Quý IV report, the quarter before it.
    """
    if period.kind is PeriodKind.YEAR or (period.kind is PeriodKind.QUARTER and period.quarter == 1):
        return Period(period.year - 1, PeriodKind.YEAR)
    if period.kind is PeriodKind.HALF_YEAR:
        return Period(period.year, PeriodKind.QUARTER, 1)
    if period.kind is PeriodKind.NINE_MONTHS or period.quarter == 3:
        return Period(period.year, PeriodKind.HALF_YEAR)
    return Period(period.year, PeriodKind.QUARTER, period.quarter - 1)


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


def signature_warnings(settings: ReportSettings) -> list[str]:
    """What the signature block still lacks before it can be signed (Vietnamese, each with its fix):
    the signer's name, and TM. over KT. when a deputy signs a committee's report (Nghị định 30/2020)."""
    authority, title = signer_lines(settings.signer_mode, settings.signer_title, ("",), settings.head_title)
    warnings = []
    if settings.head_title.strip().upper() == "CHỦ TỊCH" and settings.signer_mode == "KT":
        warnings.append(
            "Khối chữ ký ghi «KT. CHỦ TỊCH» mà không có «TM. ỦY BAN NHÂN DÂN»: báo cáo của UBND do phó chủ "
            "tịch ký phải ghi «TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH» (Nghị định 30/2020, "
            "Phụ lục I). Chọn lại ở ô «Thẩm quyền ký»."
        )
    if not settings.signer_name.strip():
        warnings.append(
            f"Chưa ghi họ tên người ký: khối chữ ký để trống dòng tên dưới «{title or authority}». Ghi ở ô "
            "«Họ tên người ký»."
        )
    return warnings


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
