"""Checks of a report's narrative against itself and against its appendix, from the claims it makes.

(a) a rate is recomputed from the counts it belongs to: a ratio next to it ("đạt Z% (X/Y hồ sơ)",
"X/Y đạt Z%"), or, when its clause says nothing but the rate ("…, đạt Z%", "tỷ lệ Z%", "chiếm Z%",
"bằng Z% kế hoạch"), the counts of the same unit stated since the sentence's previous rate; (b) a
quantity is matched to the catalogue figure it is about by a scored match (cchc.core.claims; the rows'
aliases are hints) and compared with the appendix; (c) the same for totals over several rows (NT-…);
(d) parts listed after a total ("185 người (khối A: 02 người; …)", "gồm:" and "-" lines or bullets, a
footnote at the total's marker, the rows of a small table above its total row) must add up to it.
Every finding quotes its sentence and says how sure it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from cchc.core.catalogue import Alias, Catalogue, Kind, Level, Severity
from cchc.core.claims import (
    ERROR_CONFIDENCE,
    Quantity,
    RowIndex,
    clause_spans,
    fold,
    levels_named,
    quantities,
    within,
)
from cchc.core.compare import change_words, point_change
from cchc.core.numbers import (
    Cell,
    CellKind,
    NumberFormatError,
    decimals_of,
    format_number,
    parse_number,
    round_half_up,
)
from cchc.core.validation import Finding, lower_first, row_label

__all__ = [
    "APPENDIX",
    "ENTERED_FORMS",
    "NarrativeText",
    "check_figures",
    "check_narrative",
    "check_parts_sums",
    "check_point_changes",
    "check_sentence_arithmetic",
    "numbers_in",
    "sentences",
]

# Where the figures a narrative is read against come from, as a message names them: the report's own
# appendix, or (a unit's own report) the forms the unit entered in cchc.
APPENDIX = "phụ lục"
ENTERED_FORMS = "biểu mẫu đơn vị đã nhập"

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_RATIO = re.compile(rf"(?<![\w.,/])({_NUMBER})\s*/\s*({_NUMBER})(?![\w/])")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bTP\.)(?<!\bTp\.)(?<!\bTX\.)\s+(?=[A-ZĐÀ-Ỹ\-–“\"(]|\d+%)|\n+")
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKER = re.compile(rf"[{_SUPERSCRIPT}]+")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT, "0123456789")
# What a clause may say besides its rate for the rate to be about the counts before it.
_BARE_RATE_WORDS = {
    "dat", "ty", "le", "chiem", "bang", "so", "voi", "ke", "hoach", "giao", "duoc", "nam", "la", "tuong",
    "ung", "tong", "cua", "trong", "quy", "thang",
}  # fmt: skip
# A count that is the whole the others are part of: "trên tổng số X", "kế hoạch giao X".
_DENOMINATOR = re.compile(r"\b(?:tong so|tren tong|ke hoach|giao)\b")
# Clauses that state a plan, a target or a change, not the period's figure.
_NOT_A_RESULT = re.compile(
    r"\b(?:dự\s+kiến|phấn\s+đấu|sẽ|mục\s+tiêu|chỉ\s+tiêu|tăng(?!\s+cường)|giảm|so\s+với|cùng\s+kỳ|hơn|vượt"
    r"|ít\s+nhất|tối\s+thiểu)\b",
    re.IGNORECASE,
)
# A rate's change in percentage points ("tăng 0,33 điểm phần trăm", "giảm 1,2 điểm %"), and what says a
# rate is the earlier one it moved from ("so với cùng kỳ (98,31%)", "cùng kỳ năm 2025 là 98,31%", "từ …").
_POINT_CHANGE = re.compile(
    rf"\b(tăng|giảm)\s+(?:thêm\s+)?({_NUMBER})\s*điểm\s*(?:phần\s+trăm|%)", re.IGNORECASE
)
_EARLIER_RATE = re.compile(
    r"(?:cùng\s+kỳ|năm\s+trước|kỳ\s+trước|\btừ)(?:\s+(?:năm|quý)\s+[\dIV]+(?:/\d{4})?)?"
    r"(?:\s*(?:là|đạt|chỉ\s+đạt|:))?\s*\(?\s*$",
    re.IGNORECASE,
)
# A figure "since the start of the year" is a quarter's row only when the row is cumulative (lũy kế).
_SINCE_NEW_YEAR = re.compile(r"\b(?:từ\s+đầu\s+năm|lũy\s+kế|luỹ\s+kế)\b", re.IGNORECASE)
_DATES = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{4})?\b|\b(?:19|20)\d{2}\b")
# A sentence about what is planned or aimed at.
_PLAN = re.compile(
    r"\b(?:dự\s+kiến|phấn\s+đấu|sẽ|mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch\s+năm\s+tới)\b", re.IGNORECASE
)
# A list opened at the end of a sentence: "…, cụ thể:", "… gồm:", "trong đó:".
_LIST_OPENER = re.compile(r"(?:cụ\s+thể|bao\s+gồm|gồm|trong\s+đó|như\s+sau)(?:\s+có)?\s*:\s*$", re.IGNORECASE)
_NUMBER_HEADING = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s+\S")
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•]|[a-zđ]\)|\d{1,2}\))\s*")
_TOTAL_LABEL = re.compile(r"^(?:tong|cong|toan (?:tinh|huyen|xa)|chung)\b")


@dataclass(frozen=True)
class NarrativeText:
    """A paragraph of the narrative (with its footnote markers), a footnote, or a small table in it."""

    text: str
    location: str
    footnote: int | None = None
    rows: tuple[tuple[str, ...], ...] = ()
    row_locations: tuple[str, ...] = ()


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ". " before a capital, keeping numbers like 242.037 whole."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def numbers_in(sentence: str) -> list[Quantity]:
    """The quantities of a sentence (cchc.core.claims.quantities)."""
    return quantities(sentence)


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
        f"{format_number(expected, 2)}%: sửa tỷ lệ hoặc các số trong câu.",
        expected=expected,
        actual=stated,
        decimals=2,
        quote=_quote(sentence),
        location=location,
        confidence=Decimal(1),
    )


@dataclass(frozen=True)
class _Ratio:
    part: Decimal
    total: Decimal
    start: int
    end: int


def _ratios(sentence: str) -> list[_Ratio]:
    """The "X/Y" of a sentence that are counts, not dates ("ngày 15/6") or periods ("2021/2022")."""
    found = []
    for match in _RATIO.finditer(sentence):
        if re.search(r"(?:ngày|đến|từ|tháng|số)\s*$", sentence[max(0, match.start() - 8) : match.start()]):
            continue
        if all(re.fullmatch(r"(?:19|20)\d{2}", match.group(i)) for i in (1, 2)):
            continue
        part, total = (parse_number(match.group(i))[0] for i in (1, 2))
        found.append(_Ratio(part, total, match.start(), match.end()))
    return found


def _is_bare_rate(sentence: str, rate: Quantity, segment_start: int) -> bool:
    """Whether the rate's clause says nothing but the rate and what the clauses before it said
    ("…, đạt tỷ lệ Z%", "bằng Z% kế hoạch", "đúng hạn … hồ sơ, tỷ lệ đúng hạn Z%")."""
    start, end = within(clause_spans(sentence), rate.start)
    words = set(fold(sentence[start : rate.start] + " " + sentence[rate.end : end]).split())
    return words <= _BARE_RATE_WORDS | set(fold(sentence[segment_start:start]).split())


def _following_counts(sentence: str, rate: Quantity, tokens: Sequence[Quantity]) -> list[Quantity]:
    """Counts in the bracket right after a rate's clause: "bằng 40% kế hoạch giao (10.323.108 triệu đồng)"."""
    _, end = within(clause_spans(sentence), rate.start)
    opening = re.match(r"\s*\(", sentence[end:])
    if not opening:
        return []
    close = sentence.find(")", end)
    close = len(sentence) if close == -1 else close
    return [t for t in tokens if end < t.start < close and not t.percent]


def _pick_pair(
    sentence: str, counts: Sequence[Quantity], after: Sequence[Quantity] = ()
) -> tuple[Decimal, Decimal] | None:
    """The part and the whole a bare rate is about: the last count before it, and the whole ("tổng số
    X", "kế hoạch giao X", a count in the bracket after the rate) or else the count before the part."""
    if len(counts) < 2:
        return None

    def is_whole(count: Quantity) -> bool:
        start, _ = within(clause_spans(sentence), count.start)
        return count in after or bool(_DENOMINATOR.search(fold(sentence[start : count.start])))

    parts = [count for count in counts if not is_whole(count)]
    part = parts[-1] if parts else counts[-1]
    wholes = [count for count in counts if count is not part and is_whole(count)]
    earlier = [count for count in counts[: counts.index(part)]] or [c for c in counts if c is not part]
    whole = wholes[-1] if wholes else earlier[-1]
    return part.value, whole.value


# "chiếm Z% tổng số hồ sơ tiếp nhận": the rate names its whole, which an earlier sentence states.
_NAMED_WHOLE = re.compile(r"^\s*(?:so voi |cua |tren )?tong so (?P<whole>[a-z0-9 ]+)")


def _named_whole(sentence: str, rate: Quantity, earlier: Sequence[tuple[str, Quantity]]) -> Quantity | None:
    """The earlier count a rate names as its whole ("… chiếm Z% tổng số hồ sơ tiếp nhận" → "tiếp nhận
    2.315 hồ sơ"): the latest whose clause says every word of the name."""
    _, end = within(clause_spans(sentence), rate.start)
    named = _NAMED_WHOLE.match(fold(sentence[rate.end : end]))
    if not named:
        return None
    words = set(named.group("whole").split())
    for clause, count in reversed(earlier):
        if words <= set(fold(clause).split()):
            return count
    return None


def check_ratio_claims(
    sentence: str,
    location: str,
    carried: Sequence[Quantity] = (),
    earlier: Sequence[tuple[str, Quantity]] = (),
) -> tuple[list[Finding], set[int]]:
    """(a) Recompute every rate of the sentence from the counts it belongs to; also say which rates
    (by position) were paired with counts, so that they are not matched to the appendix again.
    `earlier` are the counts of the sentences before, with their clauses, for a rate that names its whole."""
    findings: list[Finding] = []
    paired: set[int] = set()
    tokens = numbers_in(sentence)
    ratios = _ratios(sentence)
    in_ratio = {t.start for t in tokens for r in ratios if r.start <= t.start < r.end}
    segment_start = 0
    for rate in (t for t in tokens if t.percent):
        previous_end, segment_start = segment_start, rate.end
        clause_start = within(clause_spans(sentence), rate.start)[0]
        if rate.approximate or _NOT_A_RESULT.search(sentence[clause_start : rate.start]):
            continue
        ratio = _adjacent_ratio(sentence, rate, ratios, tokens)
        if ratio is not None:
            paired.add(rate.start)
            if ratio.total != 0 and not _rate_matches(ratio.part, ratio.total, rate.value):
                findings.append(_rate_finding(ratio.part, ratio.total, rate.value, sentence, location))
            continue
        before = [t for t in tokens if previous_end <= t.start < rate.start]
        parts = [
            t for t in before if not t.percent and not t.approximate and t.unit and t.start not in in_ratio
        ]
        whole = _named_whole(sentence, rate, earlier) if parts else None
        if whole is not None and whole.unit == parts[-1].unit and whole.value != 0:
            paired.add(rate.start)
            if not _rate_matches(parts[-1].value, whole.value, rate.value):
                findings.append(_rate_finding(parts[-1].value, whole.value, rate.value, sentence, location))
            continue
        after = _following_counts(sentence, rate, tokens)
        counts = [
            t
            for t in [*(carried if previous_end == 0 else ()), *before, *after]
            if not t.percent and not t.approximate and t.unit and t.start not in in_ratio
        ]
        if not counts or not _is_bare_rate(sentence, rate, previous_end):
            continue
        unit = next((t.unit for t in reversed(before) if not t.percent and t.unit), counts[-1].unit)
        same = [t for t in counts if t.unit == unit][-6:]
        values = [t.value for t in same]
        pairs = [(a, b) for a in values for b in values if a is not b]
        if not pairs:
            continue
        paired.add(rate.start)
        if any(
            _rate_matches(part, total, rate.value)
            for part, total in pairs
            if rate.value > 100 or part <= total
        ):
            continue
        chosen = _pick_pair(sentence, same, after)
        if chosen is not None and chosen[1] != 0:
            findings.append(_rate_finding(*chosen, rate.value, sentence, location))
    return findings, paired


def _adjacent_ratio(
    sentence: str, rate: Quantity, ratios: Sequence[_Ratio], tokens: Sequence[Quantity]
) -> _Ratio | None:
    """The ratio written next to a rate: "đạt Z% (X/Y hồ sơ)" or "X/Y đạt Z%", nothing else between."""
    for ratio in ratios:
        gap = (rate.end, ratio.start) if ratio.start >= rate.end else (ratio.end, rate.start)
        between = sentence[gap[0] : gap[1]]
        if gap[1] < gap[0] or len(between) > 45 or ";" in between:
            continue
        if any(gap[0] <= t.start < gap[1] for t in tokens if t.start != rate.start):
            continue
        return ratio
    return None


def _list_items(text: str) -> list[list[Quantity]] | None:
    """Split an enumeration into items, each with its numbers; None when it is not a list of figures."""
    text = re.sub(
        r"^\s*(?:trong\s+đó|bao\s+gồm|gồm|cụ\s+thể)(?:\s+có)?\s*[:,]?", "", text, flags=re.IGNORECASE
    )
    chunks = [chunk for chunk in re.split(r";", text) if chunk.strip()]
    items: list[list[Quantity]] = []
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
    total: Quantity, items: list[list[Quantity]], sentence: str, location: str, adjacent: bool = True
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
            f"Câu nêu tổng {total.text} nhưng các thành phần cộng lại {spelled} = {format_number(added)}: "
            "sửa tổng hoặc các thành phần.",
            expected=added,
            actual=total.value,
            quote=_quote(sentence),
            location=location,
        )
    ]


def check_parts_sums(sentence: str, location: str, previous: Quantity | None = None) -> list[Finding]:
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
    return bool(_PART_SUBJECT.search(_said_before(sentence, claim)))


def _said_before(sentence: str, claim: _Claim) -> str:
    """What the clause says before a claimed phrase (from the last ";" or ":" before it)."""
    match_start = claim.start - claim.offset
    clause_start = max(sentence.rfind(";", 0, match_start), sentence.rfind(":", 0, match_start)) + 1
    return sentence[clause_start:match_start]


# How a unit's own report names its level, folded (Level → the words of `levels_named`).
_LEVEL_NAMED = {Level.TINH: "cap tinh", Level.SO: "cap tinh", Level.HUYEN: "cap huyen", Level.XA: "cap xa"}


def _names_another_level(sentence: str, claim: _Claim, level: Level) -> bool:
    """Whether the clause before a unit's own figure names a level other than the unit's ("UBND xã …"
    in a district's report is a commune's figure, "Sở …" or "UBND huyện …" the unit's own)."""
    named = levels_named(fold(_said_before(sentence, claim)))
    return bool(named) and _LEVEL_NAMED[level] not in named


_CLAUSE_MARK = re.compile(r"[;()]|,(?!\d)")


def _crosses_clauses(sentence: str, match: re.Match[str]) -> bool:
    """Whether an alias's words reach its figure across a clause break: in "1.250 hồ sơ đã giải quyết
    xong, 62 hồ sơ đang giải quyết" the 62 is not the resolved dossiers."""
    before = sentence[match.start() : match.start("n")]
    after = sentence[match.end("n") : match.end()]
    return bool(_CLAUSE_MARK.search(before) or _CLAUSE_MARK.search(after))


def _claims(catalogue: Catalogue, sentence: str, level: Level | None = None) -> list[_Claim]:
    """Every alias match in a sentence; where several claim the same figure the longest match wins, and in
    a unit's own report (`level`: the unit's) a phrase for the unit's own figure wins over the others.
    Such phrases (`report = "unit"`) count only there, and only for the rows the unit's level reports."""
    lowered = sentence.lower()
    sources: list[tuple[str, tuple[Alias, ...], tuple[Level, ...]]] = [
        (row.code, row.aliases, row.levels) for row in catalogue.rows.values()
    ]
    sources += [(quantity.code, quantity.aliases, ()) for quantity in catalogue.quantities]
    best: dict[int, _Claim] = {}

    def rank(claim: _Claim) -> tuple[bool, int]:
        return claim.alias.report == "unit", claim.length

    for code, aliases, levels in sources:
        for alias in aliases:
            if alias.context and alias.context not in lowered:
                continue
            if alias.report == "unit" and (level is None or level not in levels):
                continue
            for match in alias.regex.finditer(sentence):
                if alias.report == "unit" and _crosses_clauses(sentence, match):
                    continue
                if alias.unless and alias.unless in f"{lowered[: match.start()]} {lowered[match.end() :]}":
                    continue
                claim = _Claim(
                    code,
                    alias,
                    match.group("n"),
                    match.start("n"),
                    match.end() - match.start(),
                    match.start("n") - match.start(),
                )
                if claim.start not in best or rank(claim) > rank(best[claim.start]):
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


def _describe(
    catalogue: Catalogue, code: str, against: str = APPENDIX
) -> tuple[str, int | None, Kind, int, str]:
    """Label, form, kind, decimals and a phrase for where the table figure comes from (`against`)."""
    form = _form_of(catalogue, code)
    if code in catalogue.rows:
        row = catalogue.rows[code]
        return row_label(row), form, row.kind, row.decimals, f"{against} ghi"
    quantity = next(q for q in catalogue.quantities if q.code == code)
    rows = [ref.split("-", 1)[1] for ref in quantity.formula.references if ref in catalogue.rows]
    where = f"theo {against} (Biểu mẫu {form}, mục {' + '.join(rows)}) là" if rows else f"theo {against} là"
    return f"«{quantity.name}»", form, quantity.kind, quantity.decimals, where


def _is_share(sentence: str, rate: Quantity) -> bool:
    """Whether a percentage is a count's share in brackets ("tăng 4.570 hồ sơ (11,11%)"), not a rate."""
    return bool(re.search(r"\d\s*[^\W\d]+(?:\s+[^\W\d]+)?\s*\(\s*$", sentence[: rate.start]))


def _exact(sentence: str, rate: Quantity, start: int, end: int) -> Decimal | None:
    """The exact rate behind a stated one: its counts' X/Y between `start` and `end`, nearest first."""
    near = sorted(
        (
            r
            for r in _ratios(sentence)
            if start <= r.start < end and _rate_matches(r.part, r.total, rate.value)
        ),
        key=lambda r: abs(r.start - rate.start),
    )
    return _pct(near[0].part, near[0].total) if near else None


def check_point_changes(sentence: str, location: str) -> list[Finding]:
    """A rate's change in percentage points against the two rates its part of the sentence states ("đạt
    98,64%, tăng 0,33 điểm phần trăm so với cùng kỳ (98,31%)"): the difference a reader takes of the
    printed rates, or, when both rates come with their counts, the exact one; any other is an error."""
    findings: list[Finding] = []
    changes = list(_POINT_CHANGE.finditer(sentence))
    for index, change in enumerate(changes):
        start = max(sentence.rfind(";", 0, change.start()) + 1, changes[index - 1].end() if index else 0)
        end = changes[index + 1].start() if index + 1 < len(changes) else len(sentence)
        if (semicolon := sentence.find(";", change.end(), end)) >= 0:
            end = semicolon
        rates = [
            t
            for t in numbers_in(sentence)
            if t.percent and start <= t.start < end and not _is_share(sentence, t)
        ]
        # "từ 98,31%" reads as a bound elsewhere ("từ 90% trở lên"); here it is the rate moved from.
        earlier = [t for t in rates if _EARLIER_RATE.search(sentence[max(start, t.start - 40) : t.start])]
        now = sorted(
            (t for t in rates if t not in earlier and not t.approximate),
            key=lambda t: abs(t.start - change.start()),
        )
        if len(earlier) != 1 or not now:
            continue
        then, current = earlier[0], now[0]
        stated = parse_number(change.group(2))[0] * (1 if change.group(1).lower() == "tăng" else -1)
        decimals = max(decimals_of(current.value), decimals_of(then.value))
        printed = point_change(current.value, then.value, decimals)
        exact_now, exact_then = _exact(sentence, current, start, end), _exact(sentence, then, start, end)
        exact = (
            round_half_up(exact_now - exact_then, decimals_of(stated))
            if exact_now is not None and exact_then is not None
            else None
        )
        if stated in (printed, exact):
            continue
        words = change_words(Kind.PERCENT, decimals, Cell.of(current.value), Cell.of(then.value))
        findings.append(
            Finding(
                "narrative-point-change",
                Severity.ERROR,
                f"Câu nêu tỷ lệ {change.group(1).lower()} {change.group(2)} điểm phần trăm, nhưng "
                f"{current.text}% so với {then.text}% là {words}: sửa số điểm phần trăm cho khớp hai tỷ lệ.",
                expected=printed,
                actual=stated,
                decimals=decimals,
                quote=_quote(sentence),
                location=location,
                confidence=Decimal(1),
            )
        )
    return findings


def check_sentence_arithmetic(text: str, location: str) -> list[Finding]:
    """(a) and (d) over a paragraph, sentence by sentence, carrying the last figures into "Trong đó …"."""
    return _arithmetic(text, location)[0]


def _arithmetic(
    text: str, location: str, earlier: list[tuple[str, Quantity]] | None = None
) -> tuple[list[Finding], dict[str, set[int]]]:
    """(a) and (d) over a paragraph; `earlier` collects the counts stated so far, with their clauses."""
    findings: list[Finding] = []
    paired: dict[str, set[int]] = {}
    previous: list[Quantity] = []
    stated = earlier if earlier is not None else []
    for sentence in sentences(text):
        carried = previous if re.match(r"\s*(?:trong\s+đó|cụ\s+thể)", sentence, re.IGNORECASE) else []
        found, paired[sentence] = check_ratio_claims(sentence, location, carried, stated)
        spans = clause_spans(sentence)
        stated.extend(
            (sentence[slice(*within(spans, t.start))], t)
            for t in numbers_in(sentence)
            if not t.percent and t.unit
        )
        findings.extend(found)
        findings.extend(check_point_changes(sentence, location))
        findings.extend(check_parts_sums(sentence, location, previous[-1] if previous else None))
        previous = [t for t in numbers_in(sentence) if not t.percent]
    return findings, paired


def _is_part_list(sentence: str, quantity: Quantity) -> bool:
    """Whether the bracket right after a count breaks it down ("185 người (khối A: 02 người; …)")."""
    opening = sentence.find("(", quantity.unit_end)
    closing = sentence.find(")", opening)
    inside = sentence[opening + 1 : closing if closing != -1 else len(sentence)]
    return any(not t.percent for t in numbers_in(inside))


def _is_part(sentence: str, quantity: Quantity) -> bool:
    """Whether a quantity is one of several parts listed in a bracket ("(với 36 …; 168 …; 51 …)"); a
    subset after "trong đó" names its own row and is compared."""
    before = sentence[: quantity.start]
    opening = before.rfind("(")
    if opening > before.rfind(")"):
        closing = sentence.find(")", opening)
        inside = sentence[opening + 1 : closing if closing != -1 else len(sentence)]
        if len([t for t in numbers_in(inside) if not t.percent]) >= 2:
            return True  # "(với 36 thủ tục mới; 168 thủ tục sửa đổi; 51 thủ tục bãi bỏ)"
    return False


_NOT_COUNTED = (CellKind.BLANK, CellKind.DASH)


def _figures(
    catalogue: Catalogue, values: Mapping[str, Cell], effective: Mapping[str, Decimal | None]
) -> dict[str, Decimal]:
    """The figures a claim may be about: the printed rows' and the narrative quantities' values."""
    codes = [*values, *(quantity.code for quantity in catalogue.quantities)]
    return {code: figure for code in codes if (figure := effective.get(code)) is not None}


@dataclass(frozen=True)
class _Context:
    """What a sentence's claims are matched with: the index, the appendix's figures, the words around;
    `compared` gathers the rows a stated figure was compared with (whether it matched or not)."""

    catalogue: Catalogue
    index: RowIndex
    values: Mapping[str, Cell]
    effective: Mapping[str, Decimal | None]
    figures: Mapping[str, Decimal]
    against: str = APPENDIX
    compared: set[str] = field(default_factory=set)
    level: Level | None = None  # the unit's level when its own report is read


_INDEXES: dict[int, tuple[Catalogue, RowIndex]] = {}


def _index(catalogue: Catalogue) -> RowIndex:
    cached = _INDEXES.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = _INDEXES[id(catalogue)] = (catalogue, RowIndex(catalogue))
    return cached[1]


def _context(
    catalogue: Catalogue,
    values: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
    against: str = APPENDIX,
    level: Level | None = None,
) -> _Context:
    figures = _figures(catalogue, values, effective)
    return _Context(catalogue, _index(catalogue), values, effective, figures, against, level=level)


def check_figures(
    catalogue: Catalogue,
    sentence: str,
    location: str,
    values: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
    around: str = "",
) -> list[Finding]:
    """(b) and (c): every figure a sentence states about a catalogue quantity must equal the appendix's."""
    return _sentence_figures(_context(catalogue, values, effective), sentence, location, around, set(), False)


def _sentence_figures(
    context: _Context, sentence: str, location: str, around: str, paired: set[int], part: bool
) -> list[Finding]:
    findings: list[Finding] = []
    if not numbers_in(sentence):
        return findings
    aliases = {claim.start: claim for claim in _claims(context.catalogue, sentence, context.level)}
    spans = clause_spans(sentence)
    ratio_members = {
        t.start for t in numbers_in(sentence) for r in _ratios(sentence) if r.start <= t.start < r.end
    }
    for quantity in numbers_in(sentence):
        if _PLAN.search(sentence[: quantity.start]):
            continue  # "Dự kiến đến hết năm tỷ lệ đạt 96%": a plan, not a result
        alias = aliases.get(quantity.start)
        if alias is not None:
            if context.level is not None and alias.alias.report == "unit":
                # The unit names itself ("Sở …", "UBND huyện …"): only another level's name is a part.
                if quantity.approximate or _names_another_level(sentence, alias, context.level):
                    continue
            elif quantity.approximate or _names_a_part(sentence, alias):
                continue
        elif (
            quantity.approximate
            or (quantity.percent and quantity.start in paired)
            or quantity.start in ratio_members
            or (not quantity.percent and quantity.unit is None)
        ):
            continue
        start, end = within(spans, quantity.start)
        clause = _DATES.sub(" ", sentence[start : quantity.start] + " " + sentence[quantity.unit_end : end])
        if (
            alias is None
            and re.match(r"\s*\(", sentence[quantity.unit_end :])
            and _is_part_list(sentence, quantity)
        ):
            continue  # "185 người (khối A: 02 người; …)": a total the form splits over several rows
        if alias is None and (
            (quantity.percent and not re.search(r"\btỷ\s+lệ\b", clause, re.IGNORECASE))
            or _NOT_A_RESULT.search(clause)
            or _BODY.search(sentence[start : quantity.start])
            or ((part or _is_part(sentence, quantity)) and not _LEVEL_WORDS.search(clause))
        ):
            continue
        unit = "%" if quantity.percent else quantity.unit
        # "Cấp xã giải quyết 28.400 hồ sơ, đúng hạn 28.390 hồ sơ": the level holds for the clauses after it.
        stretch = sentence[max(sentence.rfind(";", 0, start), sentence.rfind("(", 0, start)) + 1 : end]
        levels = _LEVEL_WORDS.findall(stretch)
        match = context.index.match(
            clause + (f" ({levels[-1]})" if levels and not _LEVEL_WORDS.search(clause) else ""),
            sentence[quantity.end : quantity.unit_end],
            f"{around} {_without_predicates(sentence, quantity)}",
            unit,
            context.figures,
            boost=alias.code if alias else None,
            taken=frozenset(
                t.value for t in numbers_in(sentence) if t is not quantity and t.unit == quantity.unit
            ),
        )
        if match is None:
            if alias is not None:
                findings.extend(_not_in_table(context, alias, quantity, sentence, location))
            continue
        row = context.catalogue.rows.get(match.code)
        if _SINCE_NEW_YEAR.search(sentence[:start] + clause) and not (row is not None and row.cumulative):
            continue  # "từ đầu năm đến nay … 12 văn bản" is the year's so far, not the period's
        context.compared.add(match.code)
        by_alias = alias is not None and alias.code == match.code
        finding = _compare(
            context, match.code, match.near, quantity, sentence, location, match.confidence, by_alias
        )
        if finding is not None:
            severity = (
                alias.alias.severity if alias is not None and alias.code == match.code else finding.severity
            )
            findings.append(replace(finding, severity=severity))
    return findings


def _not_in_table(
    context: _Context, alias: _Claim, quantity: Quantity, sentence: str, location: str
) -> list[Finding]:
    """A figure the narrative states for a row the appendix leaves blank or "-": worth a look."""
    cell = context.values.get(alias.code)
    if alias.code not in context.catalogue.rows or context.effective.get(alias.code) is not None:
        return []
    if cell is not None and cell.kind not in _NOT_COUNTED:
        return []
    if any(context.figures.get(code) == quantity.value for code in context.index.same_unit(quantity.unit)):
        return []  # the figure is another printed row's ("1.720 TTHC … trực tuyến" is BM7 6.6.1's)
    label, form, _, _, _ = _describe(context.catalogue, alias.code, context.against)
    return [
        Finding(
            "narrative-figure-not-in-table",
            Severity.WARNING,
            f"Thuyết minh nêu {alias.number} cho {lower_first(label)} nhưng {context.against} để trống: "
            f"điền số vào {context.against} hoặc bỏ số trong thuyết minh.",
            form,
            (alias.code,),
            actual=quantity.value,
            quote=_quote(sentence),
            location=location,
        )
    ]


def _compare(
    context: _Context,
    code: str,
    near: tuple[str, ...],
    quantity: Quantity,
    sentence: str,
    location: str,
    confidence: float,
    by_alias: bool,
) -> Finding | None:
    """The finding when a stated figure differs from the appendix's (and from every row nearly as likely)."""
    label, form, kind, decimals, where = _describe(context.catalogue, code, context.against)
    percent = kind is Kind.PERCENT
    stated = quantity.value

    def same(other: str) -> bool:
        table = context.figures[other]
        return (round_half_up(table, decimals_of(stated)) if percent else table) == stated

    if same(code) or any(same(other) for other in near):
        return None
    table = context.figures[code]
    others = [t for t in numbers_in(sentence) if t is not quantity and t.unit == quantity.unit]
    if not by_alias and any(t.value == table for t in others):
        return None  # the sentence states this row's figure elsewhere ("436 người, trong đó … 412 người")
    if not by_alias and any(same(other) for other in context.index.alike(code) if other in context.figures):
        return None  # the figure is another row's of the same form and unit: likely about that row
    table = context.figures[code]
    unit = "%" if percent else ""
    shown = decimals if percent else decimals_of(table)
    rule = "narrative-vs-table" if code in context.catalogue.rows else "narrative-total-vs-table"
    sure = Decimal(str(confidence)).quantize(Decimal("0.01"))
    return Finding(
        rule,
        Severity.ERROR if confidence >= ERROR_CONFIDENCE else Severity.WARNING,
        f"Thuyết minh ghi {_stated(quantity, sentence)} cho {lower_first(label)}, nhưng {where} "
        f"{format_number(table, shown)}{unit}; hai nơi phải cùng một số.",
        form,
        (code,),
        expected=round_half_up(table, shown),
        actual=stated,
        decimals=shown,
        quote=_quote(sentence),
        location=location,
        confidence=sure,
    )


def _without_predicates(sentence: str, quantity: Quantity) -> str:
    """The sentence as context for one of its figures: without dates, and without the few words right
    before each other figure, which say what that figure is ("được giao 61.273", "có mặt 58.146")."""
    text = _DATES.sub(lambda match: " " * len(match.group(0)), sentence)
    for other in numbers_in(text):
        if other.start != quantity.start and not other.percent:
            head = text[: other.start]
            words = list(re.finditer(r"\S+", head))[-4:]
            cut = words[0].start() if words else other.start
            text = head[:cut] + " " * (other.start - cut) + text[other.start :]
    return text


def _stated(quantity: Quantity, sentence: str) -> str:
    """A stated figure as written, with its unit noun: "58.146 người", "mười lăm (15) văn bản"."""
    if quantity.percent:
        return f"{quantity.text}%"
    written = (
        quantity.text if quantity.text[:1].isdigit() else f"{quantity.text} ({format_number(quantity.value)})"
    )
    noun = sentence[quantity.end : quantity.unit_end].strip(" :")
    return f"{written} {noun}".strip()


_BODY = re.compile(
    r"\b(?:Sở|Ban|Phòng|UBND\s+(?:huyện|thị\s+xã|thành\s+phố|TP\.?|xã|phường))\s+[A-ZĐÀ-Ỹ]"
    r"|\b(?:huyện|thị\s+xã|TP\.)\s+[A-ZĐ]"
)
_LEVEL_WORDS = re.compile(r"\bcấp\s+(?:tỉnh|huyện|xã)\b", re.IGNORECASE)


def _without_duplicates(arithmetic: list[Finding], figures: list[Finding]) -> list[Finding]:
    """A wrong rate found from its own counts is not reported again against the same table figure."""
    seen = {(f.quote, f.expected, f.actual) for f in arithmetic}
    return arithmetic + [f for f in figures if (f.quote, f.expected, f.actual) not in seen]


def _list_total(text: str) -> tuple[str, Quantity] | None:
    """A paragraph that opens a list ("… là 2.097 thủ tục, cụ thể:"): its last sentence and total."""
    last = sentences(text)[-1] if text.strip() else ""
    opener = _LIST_OPENER.search(last)
    if not opener:
        return None
    counts = [t for t in numbers_in(last[: opener.start()]) if not t.percent and not t.approximate]
    return (last, counts[-1]) if counts else None


def _list_findings(lead: tuple[str, Quantity], items: list[NarrativeText], location: str) -> list[Finding]:
    """A total and the items under it ("-" lines, Word bullets) must add up."""
    sentence, total = lead
    parts = [[t for t in numbers_in(item.text) if not t.percent] for item in items]
    if len(parts) < 2 or any(len(found) != 1 for found in parts):
        return []
    quote = " ".join([sentence, *(_LIST_ITEM.sub("", item.text) for item in items)])
    return _parts_finding(total, parts, quote, location)


def _marker_totals(text: str) -> dict[int, tuple[str, Quantity]]:
    """The footnote markers of a paragraph that stand right after a count: marker → (sentence, count)."""
    found: dict[int, tuple[str, Quantity]] = {}
    for sentence in sentences(text):
        plain = _MARKER.sub("", sentence)
        shift = 0
        for marker in _MARKER.finditer(sentence):
            position = marker.start() - shift
            shift += len(marker.group(0))
            # The count the marker is about: the last one before it, in the same part of the sentence
            # (no ";" between) and close to it ("24 lượt công chức, viên chức tham gia bồi dưỡng¹").
            start = max(plain.rfind(";", 0, position) + 1, position - 80)
            before = [t for t in numbers_in(plain) if start <= t.start and t.end <= position]
            if before and not before[-1].approximate and not before[-1].percent:
                found[int(marker.group(0).translate(_FROM_SUPERSCRIPT))] = (plain, before[-1])
    return found


def _footnote_findings(total: tuple[str, Quantity], note: NarrativeText) -> list[Finding]:
    """Parts given in a footnote for the total at its marker must add up to it."""
    sentence, quantity = total
    items = _list_items(note.text.strip().rstrip(".;"))
    if not items or len(items) < 2:
        return []
    found = _parts_finding(quantity, items, f"{sentence} [chú thích: {note.text}]", note.location)
    return [replace(finding, message=f"Chú thích {note.footnote}: {finding.message}") for finding in found]


def _cell_number(text: str) -> Decimal | None:
    try:
        return parse_number(text.strip())[0] if re.fullmatch(r"[\d.,\s%]+", text.strip()) else None
    except NumberFormatError:
        return None


def _table_findings(table: NarrativeText) -> list[Finding]:
    """A small table in the narrative: its total row must be the sum of the rows above, column by
    column, and a rate column must follow from two count columns of its row."""
    header, *body = table.rows
    if not body:
        return []
    where = {row: location for row, location in zip(body, table.row_locations[1:], strict=False)}
    rates = {c for c in range(1, len(header)) if "%" in header[c] or "ty le" in fold(header[c])}
    rows = [row for row in body if not _TOTAL_LABEL.match(fold(row[0]))]
    totals = [row for row in body if _TOTAL_LABEL.match(fold(row[0]))][:1]
    findings: list[Finding] = []
    for total in totals:
        for column in (c for c in range(1, len(header)) if c not in rates):
            finding = _table_sum(header[column], total, column, rows, where.get(total, table.location))
            findings.extend([finding] if finding else [])
    counts = [c for c in range(1, len(header)) if c not in rates]
    for row in body:
        for column in rates:
            finding = _table_rate(header[column], row, column, counts, where.get(row, table.location))
            findings.extend([finding] if finding else [])
    return findings


def _cell(row: tuple[str, ...], column: int) -> Decimal | None:
    return _cell_number(row[column]) if column < len(row) else None


def _table_sum(
    heading: str, total: tuple[str, ...], column: int, rows: list[tuple[str, ...]], location: str
) -> Finding | None:
    """The total row's cell against the sum of the cells above it."""
    stated, parts = _cell(total, column), [_cell(row, column) for row in rows]
    if stated is None or len(parts) < 2 or None in parts:
        return None
    added = sum((part for part in parts if part is not None), Decimal(0))
    if added == stated:
        return None
    spelled = " + ".join(row[column] for row in rows)
    return _table_finding(
        "narrative-table-sum",
        f"Bảng trong thuyết minh: dòng «{total[0]}», cột «{heading}» ghi {total[column]} nhưng các dòng "
        f"trên cộng lại {spelled} = {format_number(added)}.",
        added,
        stated,
        total,
        location,
    )


def _table_rate(
    heading: str, row: tuple[str, ...], column: int, counts: list[int], location: str
) -> Finding | None:
    """A rate cell against two count cells of its row (any two may fit; else the last before it over the
    first)."""
    stated = _cell(row, column)
    known = [(c, value) for c in counts if (value := _cell(row, c)) is not None]
    if stated is None or len(known) < 2:
        return None
    if any(_rate_matches(a, b, stated) for _, a in known for _, b in known if a <= b):
        return None
    before = [value for c, value in known if c < column]
    part, whole = (before[-1], known[0][1]) if len(before) >= 2 else (known[1][1], known[0][1])
    if whole == 0:
        return None
    expected = round_half_up(_pct(part, whole), 2)
    return _table_finding(
        "narrative-table-ratio",
        f"Bảng trong thuyết minh: dòng «{row[0]}», cột «{heading}» ghi {row[column]} nhưng "
        f"{format_number(part)}/{format_number(whole)} = {format_number(expected, 2)}%.",
        expected,
        stated,
        row,
        location,
        decimals=2,
    )


def _table_finding(
    rule: str,
    message: str,
    expected: Decimal,
    actual: Decimal,
    row: tuple[str, ...],
    location: str,
    decimals: int = 0,
) -> Finding:
    return Finding(
        rule,
        Severity.ERROR,
        message,
        expected=expected,
        actual=actual,
        decimals=decimals,
        quote=" | ".join(cell for cell in row if cell),
        location=location,
        confidence=Decimal(1),
    )


def check_narrative(
    catalogue: Catalogue,
    passages: Iterable[NarrativeText | tuple[str, str]],
    values: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
    *,
    against: str = APPENDIX,
    compared: set[str] | None = None,
    level: Level | None = None,
) -> list[Finding]:
    """Run (a)–(d) over the narrative: paragraphs in order (lists under their total), footnotes at their
    markers, small tables. `against` names where `values` come from in the messages: the report's own
    appendix (phụ lục), or the forms a unit entered (`ENTERED_FORMS`) when its own report is read.
    `compared`, when given, receives the codes of the rows the narrative's figures were compared with.
    `level`, for a unit's own report, is the unit's level: the phrases for a unit's own figures
    (`report = "unit"` aliases) then count for the rows that level reports."""
    blocks = [p if isinstance(p, NarrativeText) else NarrativeText(p[0], p[1]) for p in passages]
    context = _context(catalogue, values, effective, against, level)
    notes = {block.footnote: block for block in blocks if block.footnote is not None and not block.rows}
    findings: list[Finding] = []
    lead: tuple[str, Quantity] | None = None
    lead_location = ""
    items: list[NarrativeText] = []
    marked: dict[int, tuple[str, Quantity]] = {}
    stated: list[tuple[str, Quantity]] = []

    def close_list() -> None:
        if lead is not None:
            findings.extend(_list_findings(lead, items, lead_location))

    for block in blocks:
        if block.rows:
            findings.extend(_table_findings(block))
            continue
        text = _MARKER.sub("", block.text)
        if block.footnote is None:
            marked.update(_marker_totals(block.text))
        is_item = bool(_LIST_ITEM.match(text)) and block.footnote is None
        if lead is not None and is_item:
            items.append(replace(block, text=text))
        else:
            close_list()
            lead, items = None, []
        around = lead[0] if lead is not None and is_item else ""
        if block.footnote is not None and block.footnote in marked:
            around = marked[block.footnote][0]
        if block.footnote is None and _NUMBER_HEADING.match(text):
            stated = []  # a new section: the figures before it are about something else
        arithmetic, paired = _arithmetic(text, block.location, stated if block.footnote is None else None)
        figures = [
            finding
            for sentence in sentences(text)
            for finding in _sentence_figures(
                context,
                sentence,
                block.location,
                around,
                paired.get(sentence, set()),
                bool(around) and is_item,
            )
        ]
        findings.extend(_without_duplicates(arithmetic, figures))
        if block.footnote is None and (opened := _list_total(text)) is not None:
            close_list()
            lead, lead_location, items = opened, block.location, []
    close_list()
    for number, total in marked.items():
        if number in notes:
            findings.extend(_footnote_findings(total, notes[number]))
    if compared is not None:
        compared |= context.compared
    return findings
