"""Checks of a report's narrative against itself and against its appendix.

(a) a rate stated in a sentence is recomputed from the counts the sentence gives ("X/Y đạt Z%",
"… A hồ sơ … B hồ sơ (đạt tỷ lệ Z%)"); (b) a figure stated for a catalogue quantity, recognised through
the row's aliases, is compared with the appendix; (c) the same for totals over several rows (narrative
quantities NT-…); (d) parts listed in a sentence ("185 người (khối A: 02 người; …)") are summed against
the total the sentence states. Every finding quotes the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.catalogue import Alias, Catalogue, Kind, Severity
from cchc.core.numbers import (
    Cell,
    CellKind,
    NumberFormatError,
    decimals_of,
    format_number,
    parse_number,
    round_half_up,
)
from cchc.core.validation import Finding, row_label

__all__ = ["NumberToken", "check_narrative", "check_sentence_arithmetic", "numbers_in", "sentences"]

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_TOKEN = re.compile(rf"(?<![\w.,/])({_NUMBER})(?![.,]?\d)(?![\w/])(\s*%)?")
_RATIO = re.compile(
    rf"(?<![\w.,/])({_NUMBER})\s*/\s*({_NUMBER})(?![\w/])[^\d;%]{{0,40}}?\bđạt\s*(?:tỷ\s+lệ\s*)?({_NUMBER})\s*%",
    re.IGNORECASE,
)
_DOCUMENT_NAME = re.compile(
    r"(?:nghị\s+quyết|nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|đề\s+án|kế\s+hoạch|số|điều|khoản)\s*$",
    re.IGNORECASE,
)
_RATE_AFTER_COUNT = re.compile(
    r"\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s*[,;(]?\s*(?:đạt|chiếm)(?:\s+tỷ\s+lệ)?\s*:?\s*", re.IGNORECASE
)
_QUALIFIERS = ("hơn", "trên", "gần", "khoảng", "xấp xỉ", "dưới", "từ", "tới", "đến", "gần như", "ít nhất")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bTP\.)(?<!\bTp\.)(?<!\bTX\.)\s+(?=[A-ZĐÀ-Ỹ\-–“\"(])|\n+")
_UNITS = {
    "người": "người",
    "viên chức": "người",
    "công chức": "người",
    "cán bộ": "người",
    "biên chế": "người",
    "đơn vị": "đơn vị",
    "cơ quan": "đơn vị",
    "hồ sơ": "hồ sơ",
    "tthc": "thủ tục",
    "thủ tục": "thủ tục",
    "văn bản": "văn bản",
    "quyết định": "quyết định",
    "nhiệm vụ": "nhiệm vụ",
    "phản ánh": "pakn",
    "pakn": "pakn",
    "điểm cầu": "điểm cầu",
    "phần mềm": "phần mềm",
    "dịch vụ": "dịch vụ",
    "phòng họp": "phòng họp",
    "ý kiến": "ý kiến",
    "dự thảo": "dự thảo",
    "tin bài": "tin bài",
    "phiếu": "phiếu",
    "vb": "văn bản",
    "bộ": "bộ",
    "chứng thư": "chứng thư",
    "triệu đồng": "triệu đồng",
    "tỷ đồng": "tỷ đồng",
}


@dataclass(frozen=True)
class NumberToken:
    """A number written in a sentence, with where it is, its unit word and whether it is a percentage."""

    value: Decimal
    text: str
    start: int
    end: int
    percent: bool
    unit: str | None
    approximate: bool


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ". " before a capital, keeping numbers like 242.037 whole."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def _unit_after(text: str, position: int) -> str | None:
    words = re.findall(r"[^\W\d_]+", text[position : position + 30].lower())
    for size in (2, 1):
        phrase = " ".join(words[:size])
        if phrase in _UNITS:
            return _UNITS[phrase]
    return None


def _is_approximate(text: str, position: int) -> bool:
    before = text[max(0, position - 12) : position].lower().rstrip(" :")
    return before.endswith(_QUALIFIERS)


def numbers_in(sentence: str) -> list[NumberToken]:
    """The quantities of a sentence: no dates, document numbers, years or version numbers."""
    tokens: list[NumberToken] = []
    for match in _TOKEN.finditer(sentence):
        text = match.group(1)
        if re.fullmatch(r"(?:19|20)\d{2}", text):
            continue  # a year
        if _DOCUMENT_NAME.search(sentence[max(0, match.start(1) - 14) : match.start(1)]):
            continue  # "Nghị quyết 76", "Đề án 06", "số 12": a document's number, not a quantity
        try:
            value, _ = parse_number(text)
        except NumberFormatError:
            continue
        tokens.append(
            NumberToken(
                value,
                text,
                match.start(1),
                match.end(),
                bool(match.group(2)),
                _unit_after(sentence, match.end()),
                _is_approximate(sentence, match.start(1)),
            )
        )
    return tokens


def _pct(part: Decimal, total: Decimal) -> Decimal:
    return part * 100 / total


def _rate_matches(part: Decimal, total: Decimal, stated: Decimal) -> bool:
    return total != 0 and round_half_up(_pct(part, total), decimals_of(stated)) == stated


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= 400 else sentence[:397] + "…"


def _rate_finding(part: Decimal, total: Decimal, stated: Decimal, sentence: str, location: str) -> Finding:
    expected = round_half_up(_pct(part, total), 2)
    return Finding(
        "narrative-ratio",
        Severity.ERROR,
        f"Câu nêu tỷ lệ {format_number(stated)}% nhưng {format_number(part)}/{format_number(total)} = "
        f"{format_number(expected, 2)}%.",
        expected=expected,
        actual=stated,
        decimals=2,
        quote=_quote(sentence),
        location=location,
    )


def check_ratio_claims(sentence: str, location: str) -> list[Finding]:
    """(a) Recompute every rate the sentence states from the counts it gives."""
    findings: list[Finding] = []
    used: set[int] = set()
    for match in _RATIO.finditer(sentence):
        if re.search(r"(?:ngày|đến|từ|tháng)\s*$", sentence[max(0, match.start() - 8) : match.start()]):
            continue  # a date such as "ngày 15/6", not a ratio
        part, total, stated = (parse_number(match.group(i))[0] for i in (1, 2, 3))
        used.update(range(match.start(), match.end()))
        if total != 0 and not _rate_matches(part, total, stated):
            findings.append(_rate_finding(part, total, stated, sentence, location))
    tokens = numbers_in(sentence)
    for index, token in enumerate(tokens):
        if not token.percent or token.approximate or token.start in used:
            continue
        counts = [t for t in tokens[:index] if not t.percent and t.start not in used and t.unit]
        if len(counts) < 2:
            continue
        # Only "… 116.760 hồ sơ (đạt tỷ lệ 97,65%)": the rate follows the last count directly.
        if not _RATE_AFTER_COUNT.fullmatch(sentence[counts[-1].end : token.start]):
            continue
        same_unit = [t.value for t in counts if t.unit == counts[-1].unit][-6:]
        if len(same_unit) < 2:
            continue
        # The rate may relate any two of the counts before it; only when none fits is it wrong.
        pairs = [(min(a, b), max(a, b)) for i, a in enumerate(same_unit) for b in same_unit[i + 1 :]]
        if any(_rate_matches(part, total, token.value) for part, total in pairs):
            continue
        part, total = pairs[-1]
        if total != 0:
            findings.append(_rate_finding(part, total, token.value, sentence, location))
    return findings


def _list_items(text: str) -> list[list[NumberToken]] | None:
    """Split an enumeration into items, each with its numbers; None when it is not a list of figures."""
    text = re.sub(r"^\s*(?:trong\s+đó|bao\s+gồm)(?:\s+có)?\s*[:,]?", "", text, flags=re.IGNORECASE)
    chunks = [chunk for chunk in re.split(r";", text) if chunk.strip()]
    items: list[list[NumberToken]] = []
    for chunk in chunks:
        tokens = numbers_in(chunk)
        if len(tokens) == 1:
            items.append(tokens)
            continue
        if not tokens:
            return None
        pending = False
        for fragment in re.split(r",|\bvà\b", chunk):
            fragment_tokens = numbers_in(fragment)
            if len(fragment_tokens) > 1:
                return None
            if fragment_tokens:
                items.append(fragment_tokens)
                pending = False
            else:
                pending = True
        if pending:
            return None
    return items


def _parts_finding(
    total: NumberToken, items: list[list[NumberToken]], sentence: str, location: str, adjacent: bool = True
) -> list[Finding]:
    parts = [item[0] for item in items]
    if len(parts) < 2 or any(part.percent or part.approximate for part in parts) or total.approximate:
        return []
    units = {part.unit for part in parts}
    # Parts count the total's thing when they say so, or when the list follows the total directly
    # ("2.097 TTHC, trong đó: cấp tỉnh: 1.510; …"); otherwise they may count something else.
    if total.unit is None or (total.unit not in units and not (units == {None} and adjacent)):
        return []
    added = sum((part.value for part in parts), Decimal(0))
    earlier = {t.value for t in numbers_in(sentence) if t.start < total.start}
    if added == total.value or added in earlier:
        return []
    spelled = " + ".join(part.text for part in parts)
    return [
        Finding(
            "narrative-parts-sum",
            Severity.ERROR,
            f"Câu nêu tổng {total.text} nhưng các thành phần cộng lại {spelled} = {format_number(added)}.",
            expected=added,
            actual=total.value,
            quote=_quote(sentence),
            location=location,
        )
    ]


def check_parts_sums(sentence: str, location: str, previous: NumberToken | None = None) -> list[Finding]:
    """(d) A total followed by its parts, "(…)" or "trong đó …", must equal their sum."""
    tokens = numbers_in(sentence)
    if previous is not None and re.match(r"\s*trong\s+đó", sentence, re.IGNORECASE):
        items = _list_items(sentence)
        return _parts_finding(previous, items, sentence, location) if items else []
    findings: list[Finding] = []
    for opener in re.finditer(r"\(|\b(?:trong\s+đó|bao\s+gồm)\b", sentence, re.IGNORECASE):
        if opener.group(0) != "(" and sentence[: opener.start()].rstrip().endswith("("):
            continue
        before = [t for t in tokens if t.end <= opener.start()]
        if not before or before[-1].percent:
            continue
        end = sentence.find(")", opener.end()) if opener.group(0) == "(" else -1
        items = _list_items(sentence[opener.end() : end if end != -1 else len(sentence)])
        gap = sentence[before[-1].end : opener.start()]
        adjacent = bool(re.fullmatch(r"\s*[^\W\d_]*(?:\s+[^\W\d_]+)?\s*,?\s*", gap))
        if items:
            findings.extend(_parts_finding(before[-1], items, sentence, location, adjacent))
    return findings


def check_sentence_arithmetic(text: str, location: str) -> list[Finding]:
    """(a) and (d) over a paragraph, sentence by sentence, carrying the last figure into "Trong đó …"."""
    findings: list[Finding] = []
    previous: NumberToken | None = None
    for sentence in sentences(text):
        findings.extend(check_ratio_claims(sentence, location))
        findings.extend(check_parts_sums(sentence, location, previous))
        tokens = [t for t in numbers_in(sentence) if not t.percent]
        previous = tokens[-1] if tokens else None
    return findings


@dataclass(frozen=True)
class _Claim:
    code: str
    alias: Alias
    number: str
    start: int
    length: int
    offset: int  # from the start of the alias's match to the figure


# A clause about one level or one body ("cấp huyện đã giải quyết …", "Sở Tư pháp tiếp nhận …") states
# that part's figure, not the province's.
_PART_SUBJECT = re.compile(
    r"\bcấp\s+(?:tỉnh|huyện|xã)\b|\b(?:Sở|Ban|Phòng|UBND\s+(?:huyện|thị\s+xã|thành\s+phố|TP\.?|xã|phường))"
    r"\s+[A-ZĐÀ-Ỹ]|\b(?:huyện|thị\s+xã|TP\.)\s+[A-ZĐ]"
)


def _names_a_part(sentence: str, claim: _Claim) -> bool:
    """Whether the clause before a claimed figure names one level or body rather than the province."""
    match_start = claim.start - claim.offset
    clause_start = max(sentence.rfind(";", 0, match_start), sentence.rfind(":", 0, match_start)) + 1
    return bool(_PART_SUBJECT.search(sentence[clause_start:match_start]))


def _claims(catalogue: Catalogue, sentence: str) -> list[_Claim]:
    """Every alias match in a sentence; where several claim the same figure the longest match wins."""
    lowered = sentence.lower()
    sources: list[tuple[str, tuple[Alias, ...]]] = [
        (row.code, row.aliases) for row in catalogue.rows.values()
    ]
    sources += [(quantity.code, quantity.aliases) for quantity in catalogue.quantities]
    best: dict[int, _Claim] = {}
    for code, aliases in sources:
        for alias in aliases:
            if alias.context and alias.context not in lowered:
                continue
            for match in alias.regex.finditer(sentence):
                claim = _Claim(
                    code,
                    alias,
                    match.group("n"),
                    match.start("n"),
                    match.end() - match.start(),
                    match.start("n") - match.start(),
                )
                if claim.start not in best or claim.length > best[claim.start].length:
                    best[claim.start] = claim
    return [best[start] for start in sorted(best)]


def _form_of(catalogue: Catalogue, code: str) -> int | None:
    """The form a code belongs to; for a narrative quantity, the form of the first row it adds up."""
    if code in catalogue.rows:
        return catalogue.rows[code].form
    quantity = next((q for q in catalogue.quantities if q.code == code), None)
    if quantity is None:
        return None
    return next((form for ref in quantity.formula.references if (form := _form_of(catalogue, ref))), None)


def _describe(catalogue: Catalogue, code: str) -> tuple[str, int | None, Kind, int, str]:
    """Label, form, kind, decimals and a phrase for where the table figure comes from."""
    form = _form_of(catalogue, code)
    if code in catalogue.rows:
        row = catalogue.rows[code]
        return row_label(row), form, row.kind, row.decimals, "phụ lục ghi"
    quantity = next(q for q in catalogue.quantities if q.code == code)
    rows = [ref.split("-", 1)[1] for ref in quantity.formula.references if ref in catalogue.rows]
    where = f"theo phụ lục (Biểu mẫu {form}, mục {' + '.join(rows)}) là" if rows else "theo phụ lục là"
    return f"«{quantity.name}»", form, quantity.kind, quantity.decimals, where


def check_aliases(
    catalogue: Catalogue,
    sentence: str,
    location: str,
    values: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
) -> list[Finding]:
    """(b) and (c): a figure stated for a catalogue quantity must equal the appendix's figure."""
    findings: list[Finding] = []
    for claim in _claims(catalogue, sentence):
        if _is_approximate(sentence, claim.start) or _names_a_part(sentence, claim):
            continue
        stated, _ = parse_number(claim.number)
        label, form, kind, decimals, where = _describe(catalogue, claim.code)
        rule = "narrative-vs-table" if claim.code in catalogue.rows else "narrative-total-vs-table"
        table = effective.get(claim.code)
        if table is None:
            cell = values.get(claim.code)
            if claim.code in catalogue.rows and (
                cell is None or cell.kind in (CellKind.BLANK, CellKind.DASH)
            ):
                findings.append(
                    Finding(
                        "narrative-figure-not-in-table",
                        Severity.WARNING,
                        f"Thuyết minh nêu {claim.number} cho {label} nhưng phụ lục không có số liệu.",
                        form,
                        (claim.code,),
                        actual=stated,
                        quote=_quote(sentence),
                        location=location,
                    )
                )
            continue
        percent = kind is Kind.PERCENT
        compared = round_half_up(table, decimals_of(stated)) if percent else table
        if compared == stated:
            continue
        unit = "%" if percent else ""
        shown_decimals = decimals if percent else decimals_of(table)
        findings.append(
            Finding(
                rule,
                claim.alias.severity,
                f"Thuyết minh ghi {claim.number}{unit} cho {label}, nhưng {where} "
                f"{format_number(table, shown_decimals)}{unit}.",
                form,
                (claim.code,),
                expected=round_half_up(table, shown_decimals),
                actual=stated,
                decimals=shown_decimals,
                quote=_quote(sentence),
                location=location,
            )
        )
    return findings


def check_narrative(
    catalogue: Catalogue,
    passages: Iterable[tuple[str, str]],
    values: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
) -> list[Finding]:
    """Run (a)–(d) over narrative passages given as (text, location)."""
    findings: list[Finding] = []
    for text, location in passages:
        findings.extend(check_sentence_arithmetic(text, location))
        for sentence in sentences(text):
            findings.extend(check_aliases(catalogue, sentence, location, values, effective))
    return findings
