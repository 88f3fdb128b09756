"""Claims in a narrative: the quantities a clause states, and which catalogue figure each one is about.

A sentence is split into clauses (at commas, semicolons, brackets, and "và" before a number). A quantity
is a number — digits ("242.037", "06", "96,60%") or Vietnamese number words before a unit noun ("mười
lăm văn bản") — with its unit noun and whether it is approximate ("hơn 600"). Which catalogue row a
quantity is about is decided by a score: the accent-folded words and word pairs of its clause (its own
clause counts fully, the rest of the sentence half) against each row's name (fully), its parent rows'
names (half) and its narrative phrases (aliases), each word weighted by how rare it is in the catalogue.
A clause that names one level of government ("cấp huyện") only matches rows of that level. Below a
confidence threshold, or when two rows with different figures score alike, the claim is left alone.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.catalogue import Catalogue, Kind
from cchc.core.numbers import NumberFormatError, parse_number

__all__ = [
    "ERROR_CONFIDENCE",
    "MIN_CONFIDENCE",
    "Match",
    "Quantity",
    "RowIndex",
    "clause_spans",
    "fold",
    "levels_named",
    "quantities",
    "unit_of",
    "within",
]

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_TOKEN = re.compile(rf"(?<![\w.,/])({_NUMBER})(?![.,]?\d)(?![\w/])(\s*%)?")
_DOCUMENT_NAME = re.compile(
    r"(?:nghị\s+quyết|nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|đề\s+án|kế\s+hoạch|công\s+văn|luật"
    r"|điều|khoản|mức\s+độ|phiên\s+bản|giai\s+đoạn|kỳ|tháng|quý|ngày)(?:\s+số)?\s*$|(?<!tổng)\s+số\s*$",
    re.IGNORECASE,
)
_QUALIFIERS = (
    "hơn",
    "trên",
    "gần",
    "khoảng",
    "xấp xỉ",
    "dưới",
    "từ",
    "lên tới",
    "gần như",
    "ít nhất",
    "tối thiểu",
)

# Unit nouns after a number, folded, to the unit they count; the longest phrase wins.
_UNITS = {
    "nguoi": "người",
    "vien chuc": "người",
    "cong chuc": "người",
    "can bo": "người",
    "bien che": "người",
    "dinh suat": "người",
    "don vi": "đơn vị",
    "co quan": "đơn vị",
    "co quan don vi": "đơn vị",
    "ho so": "hồ sơ",
    "tthc": "thủ tục",
    "thu tuc": "thủ tục",
    "thu tuc hanh chinh": "thủ tục",
    "dich vu cong": "thủ tục",
    "van ban": "văn bản",
    "vb": "văn bản",
    "quyet dinh": "quyết định",
    "nhiem vu": "nhiệm vụ",
    "phan anh": "pakn",
    "pakn": "pakn",
    "diem cau": "điểm cầu",
    "phan mem": "phần mềm",
    "dich vu": "dịch vụ",
    "phong hop": "phòng họp",
    "y kien": "ý kiến",
    "du thao": "dự thảo",
    "tin bai": "tin bài",
    "phieu": "phiếu",
    "bo": "bộ",
    "chung thu": "chứng thư",
    "trieu dong": "triệu đồng",
    "ty dong": "tỷ đồng",
    "van de": "vấn đề",
    "ban": "ban",
    "to chuc": "tổ chức",
    "luot": "lượt",
}

# Number words: digits, and the words that multiply or join them.
_DIGIT_WORDS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
_NUMBER_WORDS = re.compile(
    r"(?<![\w])((?:(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|nghìn|ngàn|linh|lẻ)"
    r"\s+)+)(?=\S)",
    re.IGNORECASE,
)
# "02 (hai) văn bản": the words only repeat the digits.
_SPELLED_AFTER_DIGITS = re.compile(r"(?<=\d)\s*\([^()\d]{2,40}\)")

# Abbreviations and synonyms, folded, so that a report's words meet the catalogue's.
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "pakn": "phan anh kien nghi",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "dvsncl": "don vi su nghiep cong lap",
    "dvsn": "don vi su nghiep",
    "snc": "su nghiep cong lap",
    "dvc": "dich vu cong",
    "ubnd": "uy ban nhan dan",
    "nsnn": "ngan sach nha nuoc",
    "vb": "van ban",
}
_SYNONYMS = (
    ("dich vu cong", "thu tuc hanh chinh"),
    ("toan trinh", "muc do 4"),
    ("mot phan", "muc do 3"),
    ("co mat tai thoi diem bao cao", "co mat"),
    ("xu ly xong", "giai quyet xong"),
    ("da xu ly", "da giai quyet"),
    ("duoc xu ly", "duoc giai quyet"),
)
_STOPWORDS = {
    "cua",
    "cac",
    "va",
    "la",
    "cho",
    "voi",
    "theo",
    "nhung",
    "nay",
    "do",
    "duoc",
    "da",
    "co",
    "trong",
}
# Who acts ("Chủ tịch UBND tỉnh ban hành …") says nothing of which figure a clause states.
_ACTORS = re.compile(
    r"\b(?:chu tich|pho chu tich|uy ban nhan dan tinh|hoi dong nhan dan tinh|toan tinh|tinh)\b"
)
_LEVELS = {"tinh": "cap tinh", "huyen": "cap huyen", "xa": "cap xa"}
_LEVEL = re.compile(r"\bcap (tinh|huyen|xa)\b|\b(?:ubnd|uy ban nhan dan) (?:cap )?(huyen|xa)\b|\bso nganh\b")
# In a row's name "thuộc UBND tỉnh" is the provincial level too; in a report it is who acts.
_ROW_LEVEL = re.compile(rf"{_LEVEL.pattern}|\buy ban nhan dan (tinh)\b")


def fold(text: str) -> str:
    """Lower case without accents or punctuation, abbreviations spelled out ("Số TTHC" → "so thu tuc …")."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [_ABBREVIATIONS.get(word, word) for word in re.findall(r"[a-z0-9]+", text)]
    folded = " ".join(words)
    for phrase, meaning in _SYNONYMS:
        folded = re.sub(rf"\b{phrase}\b", meaning, folded)
    return folded


def unit_of(text: str) -> str | None:
    """The unit a unit noun (or the catalogue's ĐVT) counts: "Cơ quan, đơn vị" → "đơn vị"."""
    return _unit_noun(text)[0]


def _unit_noun(text: str) -> tuple[str | None, int]:
    """The unit the text starts with and how many characters its noun takes."""
    words = list(re.finditer(r"[a-z0-9]+", _plain(text)))
    for size in (4, 3, 2, 1):
        phrase = " ".join(word.group(0) for word in words[:size])
        if len(words) >= size and phrase in _UNITS:
            return _UNITS[phrase], words[size - 1].end()
    return None, 0


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(char for char in text if not unicodedata.combining(char))


@dataclass(frozen=True)
class Quantity:
    """A number a sentence states: value, where it is, its unit noun, whether a percentage or approximate."""

    value: Decimal
    text: str
    start: int
    end: int
    percent: bool
    unit: str | None
    approximate: bool
    unit_end: int  # where the unit noun after the number ends (= end without one)


def _spelled_value(words: str) -> int | None:
    """The value of number words, reading "mười" (ten) and "mươi" (tens) apart."""
    total = group = last = 0
    for raw in words.lower().split():
        word = _plain(raw)
        if raw == "mười":
            group += 10
        elif raw == "mươi":
            group += last * 10
            last = 0
        elif word in ("linh", "le"):
            continue
        elif word == "tram":
            group += last * 100
            last = 0
        elif word in ("nghin", "ngan"):
            total += (group + last) * 1000
            group = last = 0
        elif raw in ("mốt", "một"):
            last = 1
        elif word in _DIGIT_WORDS:
            last = _DIGIT_WORDS[word]
        else:
            return None
    return total + group + last


def _unit_after(sentence: str, position: int) -> tuple[str | None, int]:
    """The unit noun right after a number, and where it ends."""
    rest = sentence[position : position + 40]
    skipped = len(rest) - len(rest.lstrip(" :"))
    unit, length = _unit_noun(rest[skipped:])
    return unit, position + skipped + length if unit else position


def _is_approximate(sentence: str, position: int) -> bool:
    before = sentence[max(0, position - 12) : position].lower().rstrip(" :")
    return before.endswith(_QUALIFIERS)


def quantities(sentence: str) -> list[Quantity]:
    """The quantities of a sentence, in order: no dates, document numbers, years or version numbers."""
    return list(_quantities(sentence))


@functools.lru_cache(maxsize=4096)
def _quantities(sentence: str) -> tuple[Quantity, ...]:
    # A check asks for the same sentence's quantities many times; they are immutable.
    # Blank "(hai)" after "02" so that the unit noun follows the digits; offsets stay the same.
    text = _SPELLED_AFTER_DIGITS.sub(lambda m: " " * len(m.group(0)), sentence)
    found: list[Quantity] = []
    for match in _TOKEN.finditer(text):
        digits = match.group(1)
        if re.fullmatch(r"(?:19|20)\d{2}", digits):
            continue  # a year
        if _DOCUMENT_NAME.search(text[max(0, match.start(1) - 14) : match.start(1)]):
            continue  # "Nghị quyết 76", "Đề án 06", "số 12", "mức độ 3": a name, not a quantity
        try:
            value, _ = parse_number(digits)
        except NumberFormatError:
            continue
        percent = bool(match.group(2))
        unit, unit_end = (None, match.end()) if percent else _unit_after(text, match.end())
        found.append(
            Quantity(
                value,
                digits,
                match.start(1),
                match.end(),
                percent,
                unit,
                _is_approximate(text, match.start(1)),
                unit_end,
            )
        )
    for match in _NUMBER_WORDS.finditer(text):
        words = match.group(1)
        unit, unit_end = _unit_after(text, match.end(1))
        spelled = _spelled_value(words)
        if unit is None or not spelled:
            continue  # "một cửa", "năm 2023": words that are not a count
        end = match.start(1) + len(words.rstrip())
        approximate = _is_approximate(text, match.start(1))
        found.append(
            Quantity(Decimal(spelled), words.strip(), match.start(1), end, False, unit, approximate, unit_end)
        )
    return tuple(sorted(found, key=lambda quantity: quantity.start))


_CLAUSE_BREAK = re.compile(r"[;()]|,(?!\d)|\s+và\s+(?=\d)|\s+trong\s+đó\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _clause_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    return tuple(_split_clauses(sentence))


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """Where each clause of a sentence starts and ends (see `_split_clauses`)."""
    return list(_clause_spans(sentence))


def _split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Where each clause of a sentence starts and ends: at commas, semicolons, brackets, "và" before a
    number and "trong đó"."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end() if match.group(0) in (";", ",", "(", ")") else match.start()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def _terms(folded: str) -> Counter[str]:
    """The words (weight 1/2) and word pairs (weight 1) of folded text, without the commonest words."""
    words = [word for word in folded.split() if word not in _STOPWORDS]
    terms: Counter[str] = Counter()
    for word in words:
        terms[word] = max(terms[word], 1)
    for first, second in itertools.pairwise(words):
        terms[f"{first} {second}"] = 2
    return terms


def levels_named(folded: str, *, row: bool = False) -> frozenset[str]:
    """The levels of government a folded text names: "cap tinh", "cap huyen", "cap xa" ("sở, ngành": tỉnh)."""
    named = set()
    for match in (_ROW_LEVEL if row else _LEVEL).finditer(folded):
        level = next((group for group in match.groups() if group), None)
        named.add(_LEVELS[level] if level else "cap tinh")
    return frozenset(named)


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: Kind
    unit: str | None
    own: Counter[str]  # terms of the name and aliases (weight 1)
    inherited: Counter[str]  # terms of the parent rows' names (weight 1/2)
    levels: frozenset[str]
    mass: float  # the name's own weight, to say how much of it a clause covers


@dataclass(frozen=True)
class Match:
    """The catalogue figure a claim is about, with how sure the match is (0–1)."""

    code: str
    confidence: float
    # The codes of the other rows that fit nearly as well (a figure equal to theirs is no contradiction).
    near: tuple[str, ...]


# A claim's words must cover this share of the row's name (rare words counting more).
MIN_COVERAGE = 0.1
# Below this confidence a match gives no finding; below ERROR_CONFIDENCE only a warning.
MIN_CONFIDENCE = 0.4
ERROR_CONFIDENCE = 0.5
# The best row must score this many times the best row with a different figure.
MIN_MARGIN = 1.5


class RowIndex:
    """The catalogue's rows and narrative quantities indexed by their words, for scored matching."""

    def __init__(self, catalogue: Catalogue) -> None:
        # (code, kind, unit, name, the parents' names); aliases are not words to score but hints
        # (`boost` in `match`).
        raw: list[tuple[str, Kind, str, str, list[str]]] = []
        for row in catalogue.rows.values():
            if not row.has_value or row.kind not in (Kind.COUNT, Kind.PERCENT):
                continue
            parents = []
            parent = row.parent
            while parent is not None:
                parents.append(catalogue.rows[parent].name)
                parent = catalogue.rows[parent].parent
            raw.append((row.code, row.kind, row.unit, row.name, parents))
        raw += [(q.code, q.kind, q.unit, q.name, []) for q in catalogue.quantities]
        documents = Counter[str]()
        prepared = []
        for code, kind, unit, name, parents in raw:
            own = _terms(fold(re.sub(r"\([^)]*\)", " ", name)))
            inherited = Counter[str]()
            for parent_name in parents:
                inherited |= _terms(fold(parent_name))
            prepared.append(
                (code, kind, unit, own, inherited, levels_named(fold(" ".join([name, *parents])), row=True))
            )
            documents.update(set(own) | set(inherited))
        total = len(prepared)
        self.idf = {term: math.log((1 + total) / (1 + count)) + 0.1 for term, count in documents.items()}
        self.entries = [
            _Entry(
                code,
                kind,
                "%" if kind is Kind.PERCENT else unit_of(unit),
                own,
                inherited,
                levels,
                sum(self.idf.get(term, 1.0) * weight for term, weight in own.items()) or 1.0,
            )
            for code, kind, unit, own, inherited, levels in prepared
        ]
        self._by_code = {entry.code: entry for entry in self.entries}
        # Rows that are one level's share of a figure the form also gives for other levels ("Số TTHC cấp
        # xã" beside "cấp huyện", "cấp tỉnh"): a clause naming no level is not about one of them.
        shapes = Counter(self._shape(code, name) for code, _, _, name, _ in raw)
        self._level_shares = {
            code
            for code, _, _, name, _ in raw
            if self._by_code[code].levels and shapes[self._shape(code, name)] > 1
        }

    @staticmethod
    def _shape(code: str, name: str) -> tuple[str, str]:
        """A row's name without its level, with its form: the same shape is the same figure's share."""
        plain = _ROW_LEVEL.sub(" ", fold(re.sub(r"\([^)]*\)", " ", name)))
        return code.split("-", 1)[0], " ".join(plain.split())

    def same_unit(self, unit: str | None) -> list[str]:
        """The codes of the rows and quantities counting this unit."""
        return [entry.code for entry in self.entries if entry.unit == unit]

    def alike(self, code: str) -> list[str]:
        """The other rows of the same form counting the same unit."""
        mine = self._by_code.get(code)
        if mine is None or not code.startswith("BM"):
            return []
        form = code.split("-", 1)[0]
        return [
            e.code
            for e in self.entries
            if e.code != code and e.code.startswith(f"{form}-") and e.unit == mine.unit
        ]

    def _fit(self, entry: _Entry, term: str) -> float:
        return entry.own.get(term, 0) or entry.inherited.get(term, 0) / 2

    def _score(
        self, entry: _Entry, own: Counter[str], unit: Counter[str], context: Counter[str]
    ) -> tuple[float, float]:
        """How well a clause (and, at half weight, its sentence) fits a row, and the clause's own part.

        Words of the clause the row does not have count against it (at half weight): "tỷ lệ hồ sơ nộp
        trực tuyến" is not the on-time rate of "tỷ lệ hồ sơ … giải quyết đúng hạn".
        """
        mine = against = 0.0
        for term, weight in own.items():
            fit = self._fit(entry, term)
            if fit:
                mine += self.idf.get(term, 0.0) * weight * fit
            else:
                against += self.idf.get(term, 0.0) * weight / 2
        named = sum(
            self.idf.get(term, 0.0) * weight * self._fit(entry, term) for term, weight in unit.items()
        )
        around = 0.0
        for term, weight in context.items():
            if term not in own and term not in unit:
                around += self.idf.get(term, 0.0) * weight * self._fit(entry, term) / 2
        return (mine - against + named + around) / 2, mine / 2

    def match(
        self,
        clause: str,
        unit_words: str,
        context: str,
        unit: str | None,
        figures: Mapping[str, Decimal],
        *,
        boost: str | None = None,
        taken: frozenset[Decimal] = frozenset(),
    ) -> Match | None:
        """The row a quantity of this unit, stated in `clause` (its unit noun apart) of `context`, is
        about; None when unsure.

        Only rows with a figure (`figures`) compete; `boost` is a row whose narrative phrase (alias) the
        clause matched, which wins unless the words say otherwise; `taken` are the figures the sentence
        states elsewhere, whose rows are not rivals (they are the other figures' rows).
        """
        own, around = _terms(_ACTORS.sub(" ", fold(clause))), _terms(_ACTORS.sub(" ", fold(context)))
        named = _terms(fold(unit_words)) - own
        levels = levels_named(fold(clause))
        scored: list[tuple[float, _Entry]] = []
        for entry in self.entries:
            if entry.code not in figures or entry.unit != unit:
                continue
            if levels and entry.code != boost and not (entry.levels and entry.levels <= levels):
                continue  # "cấp huyện đã giải quyết …" is about the district rows only
            if not levels and entry.code != boost and entry.code in self._level_shares:
                continue  # "… 2.097 thủ tục" is not the communes' share of it
            score, from_clause = self._score(entry, own, named, around)
            if not levels and entry.levels and len(entry.levels) < len(_LEVELS):
                score *= 0.7  # a clause naming no level is more likely about the whole than one level
            if entry.code == boost:
                score += entry.mass
            elif from_clause <= 0:
                continue  # the sentence may be about this row, the clause says nothing of it
            if score > 0:
                scored.append((score, entry))
        if not scored:
            return None
        # The row whose narrative phrase the clause uses comes first; then by score.
        scored.sort(key=lambda item: (item[1].code != boost, -item[0]))
        best_score, best = scored[0]
        if best.code != boost and best_score / best.mass < MIN_COVERAGE:
            return None
        rivals = [
            score
            for score, entry in scored[1:]
            if figures[entry.code] != figures[best.code] and figures[entry.code] not in taken
        ]
        runner = rivals[0] if rivals else 0.0
        if best.code != boost and runner and best_score < MIN_MARGIN * runner:
            return None
        near = tuple(entry.code for score, entry in scored[1:] if score >= best_score / MIN_MARGIN)
        # How much of the row's name the words cover (all of it past half), less for a close rival.
        coverage = min(1.0, best_score / best.mass / 0.5)
        confidence = coverage * (1 - runner / best_score / 2)
        if best.code != boost and confidence < MIN_CONFIDENCE:
            return None
        return Match(best.code, round(max(confidence, 0.0), 2), near)


def within(spans: Iterable[tuple[int, int]], position: int) -> tuple[int, int]:
    """The span that holds a position (the last one before it when none does)."""
    chosen = (0, 0)
    for start, end in spans:
        if start <= position:
            chosen = (start, end)
        if start <= position < end:
            return start, end
    return chosen
