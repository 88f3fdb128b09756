"""The statistical catalogue of the report forms (Biểu mẫu 1–7) as immutable typed data.

A catalogue is a template version: its forms and rows, each row with its code, name, unit, kind, formula,
aggregation rule and narrative aliases; the declared cross-row rules; and the narrative-only quantities.
`parse_catalogue` builds one from the texts of a template folder's TOML files (the I/O lives in
`cchc.catalogues`) and refuses a broken catalogue with a message naming the file and the row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeVar

from cchc.core.formula import Formula, FormulaCycleError, FormulaError, evaluation_order, parse_formula

__all__ = [
    "Aggregation",
    "Alias",
    "Catalogue",
    "CatalogueError",
    "CodeOption",
    "DeclaredRule",
    "Form",
    "Indicator",
    "Kind",
    "Level",
    "NarrativeQuantity",
    "Over",
    "Row",
    "Severity",
    "Source",
    "alias_expression",
    "compile_alias",
    "parse_catalogue",
    "per_catalogue",
    "rate_parts",
    "row_code",
    "sourced_rows",
]


_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")


class CatalogueError(ValueError):
    """A template folder that cannot be used; the message names the file and the row."""


class Kind(StrEnum):
    """What a row measures."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    CODE = "code"
    TEXT = "text"
    HEADING = "heading"


class Over(StrEnum):
    """What a row's figure is over time («time» in the form files), so that a longer period's figure can be
    built from shorter ones: a flow over the window (summed), a stock at the window's end (the latest), a
    running figure for the year (lũy kế: the latest of the year), or a rate (recomputed, never summed)."""

    FLOW = "flow"
    STOCK = "stock"
    CUMULATIVE = "cumulative"
    RATE = "rate"


class Aggregation(StrEnum):
    """How the units' figures of a row combine into the province's figure."""

    SUM = "sum"
    RECOMPUTE = "recompute"
    MAX = "max"
    MIN = "min"
    PROVINCE = "province"
    NONE = "none"


class Level(StrEnum):
    """Organisation levels that report figures: province, department, district, commune."""

    TINH = "tinh"
    SO = "so"
    HUYEN = "huyen"
    XA = "xa"


class Severity(StrEnum):
    """How serious a finding is; errors are contradictions, warnings need a look, info is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CodeOption:
    """One allowed value of a coded row, e.g. 1 = "Có"."""

    value: int
    label: str


@dataclass(frozen=True)
class Alias:
    """A phrase a narrative uses for a figure, as a regular expression with a group `n` (alias_expression),
    compiled when a narrative is first read: loading a catalogue compiles none of them."""

    pattern: str
    expression: str
    context: str = ""
    severity: Severity = Severity.ERROR
    # "unit": a phrase for the reporting unit's own figure, read only in a unit's own report and only for
    # a row the unit's level reports ("Sở đã giải quyết xong 6.660 hồ sơ"); "": every report.
    report: str = ""
    # Words that, found in the sentence outside the phrase, make it mean something else: "đúng hạn 5.620
    # hồ sơ" is on time alone, not the form's early and on time, where "trước hạn 500 hồ sơ" is given apart.
    unless: str = ""

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.expression, re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """Where the figure of a row that a system fills comes from (the row's «source», docs/catalogue.md).

    system "dossiers": `name` is a dossier class of the one-stop exports (cchc.dossiers.metrics.CLASSES)
    counted for each reporting unit over the procedures of `level` (tinh, huyen, xa; None: every level);
    with `province`, a procedure class (PROCEDURE_CLASSES) counted once, for the province's unit.
    system "register": `name` is the register (ke-hoach, nhiem-vu-giao, pakn) and `count` which of its
    counts (cchc.web.registers.counting).
    """

    system: str
    name: str
    level: str | None = None
    province: bool = False
    count: str = ""


SOURCE_SYSTEMS = ("dossiers", "register")


@dataclass(frozen=True)
class Row:
    """One line of a form ("chỉ tiêu thống kê"), identified by its code, e.g. BM3-3.1.2."""

    code: str
    form: int
    stt: str
    name: str
    unit: str
    kind: Kind
    decimals: int
    options: tuple[CodeOption, ...] = ()
    formula: Formula | None = None
    aggregation: Aggregation = Aggregation.SUM
    time: Over = Over.FLOW
    levels: tuple[Level, ...] = ()
    aliases: tuple[Alias, ...] = ()
    parent: str | None = None
    source: Source | None = None

    @property
    def has_value(self) -> bool:
        """Whether the row carries a figure (headings do not)."""
        return self.kind is not Kind.HEADING

    @property
    def cumulative(self) -> bool:
        """Whether the row is lũy kế: counted from the start of the year to the cut-off."""
        return self.time is Over.CUMULATIVE

    @property
    def option_values(self) -> frozenset[int]:
        """The allowed codes of a coded row."""
        return frozenset(option.value for option in self.options)

    def option_label(self, number: Decimal | None) -> str:
        """What a coded row's value means ("Có", "Kết hợp"); "" for no value or one without a label."""
        return next(
            (option.label for option in self.options if number is not None and option.value == number), ""
        )


@dataclass(frozen=True)
class Form:
    """One Biểu mẫu: its number, title and rows in printed order."""

    number: int
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class DeclaredRule:
    """A relation between rows declared in rules.toml, e.g. BM4-1.5 = BM6-2.1."""

    id: str
    severity: Severity
    left: Formula
    op: str
    right: Formula
    missing: str
    message: str


@dataclass(frozen=True)
class NarrativeQuantity:
    """A figure a narrative states that no single row holds (a sum or rate over rows), code NT-…."""

    code: str
    name: str
    unit: str
    kind: Kind
    decimals: int
    formula: Formula
    aliases: tuple[Alias, ...]


@dataclass(frozen=True)
class Indicator:
    """A figure shown by name (indicators.toml): the row or narrative quantity that holds it and, for a
    rate over several levels, the level rates it is made of."""

    name: str
    label: str
    code: str
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """A template version: forms, rows by code, declared rules, narrative quantities, named indicators."""

    id: str
    version: str
    title: str
    source: str
    forms: tuple[Form, ...]
    rules: tuple[DeclaredRule, ...]
    quantities: tuple[NarrativeQuantity, ...]
    rows: Mapping[str, Row] = field(default_factory=lambda: MappingProxyType({}))
    indicators: Mapping[str, Indicator] = field(default_factory=lambda: MappingProxyType({}))
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    base: str = ""  # the template this one is derived from (template.toml «base»), "" for none
    not_asked: frozenset[str] = frozenset()  # the base's row codes this version does not ask

    @property
    def levels(self) -> tuple[Level, ...]:
        """The organisation levels that report in this version, in the enum's order (a two-level
        version has no «huyen»)."""
        present = {level for row in self.rows.values() for level in row.levels}
        return tuple(level for level in Level if level in present)

    def in_force(self, day: dt.date) -> bool:
        """Whether the version is in force on `day` (template.toml «valid_from» / «valid_to»)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def row(self, code: str) -> Row:
        """The row with this code (KeyError if the catalogue has none)."""
        return self.rows[code]

    def form(self, number: int) -> Form:
        """The form with this number."""
        for form in self.forms:
            if form.number == number:
                return form
        raise KeyError(number)

    def indicator(self, name: str) -> Indicator:
        """The named indicator (indicators.toml); a CatalogueError naming the template when it has none."""
        try:
            return self.indicators[name]
        except KeyError:
            where = f"Biểu mẫu {self.id} {self.version}"
            raise CatalogueError(f"{where}: indicators.toml không khai báo chỉ số «{name}».") from None

    @property
    def formulas(self) -> dict[str, Formula]:
        """Every row and narrative-quantity formula by code, rows first in printed order."""
        result = {row.code: row.formula for row in self.rows.values() if row.formula is not None}
        result.update({q.code: q.formula for q in self.quantities})
        return result


def row_code(form: int, stt: str) -> str:
    """The stable code of a row: row_code(3, "3.1.2") → "BM3-3.1.2"."""
    return f"BM{form}-{stt}"


_STT = re.compile(r"\d+(?:\.\d+)*")
_OPS = frozenset({"=", "<=", ">=", "<", ">"})
_NUMBER = r"\d[\d.,]*\d|\d"
_SEPARATORS = r"[\s,:;()\-–]+"


def compile_alias(pattern: str) -> re.Pattern[str]:
    """Compile an alias: words match across punctuation, {n} is the figure, {x} any number, … a short gap."""
    return re.compile(alias_expression(pattern), re.IGNORECASE)


def alias_expression(pattern: str) -> str:
    """The regular expression of an alias (compile_alias); ValueError when it has no single {n}."""
    parts = re.split(r"(\{n\}|\{x\}|…)", pattern.strip().lower())
    if parts.count("{n}") != 1:
        raise ValueError("mẫu câu phải chứa đúng một {n}")
    pieces: list[str] = []
    for part in parts:
        if part == "{n}":
            pieces.append(rf"(?<![\d.,/])(?P<n>{_NUMBER})(?![\d/])")
        elif part == "{x}":
            pieces.append(rf"(?<![\d.,/])(?:{_NUMBER})(?![\d])")
        elif part == "…":
            pieces.append(r"[^\d;]{0,80}?")
        else:
            words = [re.escape(word) for word in re.split(r"[\s,:;()]+", part) if word]
            if words:
                pieces.append(_SEPARATORS.join(words))
    body = r"[\s,:;()]*".join(pieces)
    prefix = r"(?<!\w)" if re.match(r"\w", parts[0].strip() or "{") else ""
    suffix = r"(?!\w)" if re.search(r"\w$", parts[-1].strip()) else ""
    return prefix + body + suffix


def _load_toml(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{name}: không đọc được TOML ({error}).") from error


# Which reports an alias is read in: every report (""), or only a unit's own report ("unit").
_ALIAS_REPORTS = ("", "unit")


def _aliases(where: str, raw: object) -> tuple[Alias, ...]:
    if not isinstance(raw, list):
        raise CatalogueError(f"{where}: «aliases» phải là danh sách.")
    aliases: list[Alias] = []
    for item in raw:
        spec = {"pattern": item} if isinstance(item, str) else item
        if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
            raise CatalogueError(f"{where}: cụm từ «{item}» không hợp lệ.")
        try:
            expression = alias_expression(spec["pattern"])
        except ValueError as error:
            raise CatalogueError(f"{where}: cụm từ «{spec['pattern']}»: {error}.") from error
        severity = _enum(where, Severity, spec.get("severity", "error"), "mức độ")
        report = spec.get("report", "")
        if report not in _ALIAS_REPORTS:
            raise CatalogueError(
                f"{where}: cụm từ «{spec['pattern']}»: «report» chỉ nhận «unit» (báo cáo của đơn vị) "
                "hoặc bỏ trống."
            )
        context = str(spec.get("context", "")).lower()
        unless = str(spec.get("unless", "")).lower()
        aliases.append(Alias(spec["pattern"], expression, context, severity, report, unless))
    return tuple(aliases)


def _formula(where: str, source: object) -> Formula:
    if not isinstance(source, str):
        raise CatalogueError(f"{where}: công thức phải là chuỗi.")
    try:
        return parse_formula(source)
    except FormulaError as error:
        raise CatalogueError(f"{where}: {error}") from error


def _enum(where: str, kind: type[_E], value: object, what: str) -> _E:
    """A member of an enumeration, or a Vietnamese error listing the allowed values."""
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise CatalogueError(f"{where}: {what} «{value}» không hợp lệ (dùng: {allowed}).") from None


def _options(where: str, raw: object) -> tuple[CodeOption, ...]:
    """The [[value, "label"], …] list of a coded row."""
    if not isinstance(raw, list) or not all(
        isinstance(item, list) and len(item) == 2 and isinstance(item[0], int) for item in raw
    ):
        raise CatalogueError(f'{where}: «options» phải có dạng [[1, "Có"], [0, "Không"]].')
    return tuple(CodeOption(value, str(label)) for value, label in raw)


def _decimals(where: str, raw: object) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 6:
        raise CatalogueError(f"{where}: «decimals» phải là số nguyên từ 0 đến 6 (đang là «{raw}»).")
    return raw


def _infer_kind(unit: str, options: object) -> Kind:
    if options:
        return Kind.CODE
    if unit == "%":
        return Kind.PERCENT
    if unit.lower() == "triệu đồng":
        return Kind.MONEY
    if not unit:
        return Kind.HEADING
    return Kind.COUNT


def _default_aggregation(kind: Kind, formula: Formula | None) -> Aggregation:
    if formula is not None:
        return Aggregation.RECOMPUTE if kind is Kind.PERCENT else Aggregation.SUM
    if kind in (Kind.COUNT, Kind.MONEY):
        return Aggregation.SUM
    return Aggregation.NONE


def _parse_row(file: str, form: int, index: int, raw: dict[str, Any], levels: tuple[Level, ...]) -> Row:
    stt = str(raw.get("stt", "")).strip().rstrip(".")
    where = f"{file}, chỉ tiêu thứ {index} (STT {stt or '?'})"
    if not _STT.fullmatch(stt):
        raise CatalogueError(f"{where}: STT «{stt}» không hợp lệ.")
    name, unit = raw.get("name"), raw.get("unit")
    if not isinstance(name, str) or not name.strip() or not isinstance(unit, str):
        raise CatalogueError(f"{where}: thiếu «name» hoặc «unit».")
    kind = (
        _enum(where, Kind, raw["kind"], "loại chỉ tiêu")
        if "kind" in raw
        else _infer_kind(unit, raw.get("options"))
    )
    formula = _formula(where, raw["formula"]) if "formula" in raw else None
    aggregation = (
        _enum(where, Aggregation, raw["aggregate"], "cách tổng hợp")
        if "aggregate" in raw
        else _default_aggregation(kind, formula)
    )
    raw_levels = raw.get("levels")
    row_levels = tuple(_enum(where, Level, level, "cấp") for level in raw_levels) if raw_levels else levels
    options = _options(where, raw.get("options", []))
    if kind is Kind.CODE and not options:
        raise CatalogueError(f"{where}: chỉ tiêu mã hóa phải khai báo «options».")
    if kind is Kind.PERCENT and formula is None and "aggregate" not in raw:
        raise CatalogueError(f"{where}: tỷ lệ không có công thức phải khai báo cách tổng hợp «aggregate».")
    decimals = _decimals(where, raw.get("decimals", 2 if kind is Kind.PERCENT else 0))
    parent = stt.rsplit(".", 1)[0] if "." in stt else None
    return Row(
        code=row_code(form, stt),
        form=form,
        stt=stt,
        name=" ".join(name.split()),
        unit=unit.strip(),
        kind=kind,
        decimals=decimals,
        options=options,
        formula=formula,
        aggregation=aggregation,
        time=_time(where, raw, kind, formula),
        levels=row_levels,
        aliases=_aliases(where, raw.get("aliases", [])),
        parent=row_code(form, parent) if parent else None,
        source=_source(where, raw["source"]) if "source" in raw else None,
    )


def _time(where: str, raw: Mapping[str, Any], kind: Kind, formula: Formula | None) -> Over:
    """A row's «time»: a rate with a formula is a rate; otherwise as declared, by default a flow for a
    count or an amount and a stock for a code, a text or a percent given as it stands."""
    if "cumulative" in raw:
        raise CatalogueError(f'{where}: dùng «time = "cumulative"» thay cho «cumulative».')
    rate = kind is Kind.PERCENT and formula is not None
    if "time" not in raw:
        if rate:
            return Over.RATE
        return Over.FLOW if kind in (Kind.COUNT, Kind.MONEY) else Over.STOCK
    declared = _enum(where, Over, raw["time"], "loại theo thời gian (time)")
    if (declared is Over.RATE) != rate:
        raise CatalogueError(
            f'{where}: «time = "rate"» chỉ dành cho tỷ lệ có công thức, và tỷ lệ có công thức luôn là '
            "«rate» (tính lại từ tử số và mẫu số, không cộng dồn)."
        )
    if declared is Over.FLOW and kind not in (Kind.COUNT, Kind.MONEY, Kind.CODE):
        raise CatalogueError(f"{where}: chỉ tiêu loại «{kind.value}» không cộng dồn theo kỳ được («flow»).")
    return declared


def _source(where: str, raw: object) -> Source:
    """A row's «source»: {dossiers = "<class>", level = "…"} / {dossiers = "…", province = true} /
    {register = "<register>", count = "<count>"}."""
    if not isinstance(raw, dict) or sum(system in raw for system in SOURCE_SYSTEMS) != 1:
        raise CatalogueError(f"{where}: «source» phải là {{dossiers = …}} hoặc {{register = …, count = …}}.")
    system = next(system for system in SOURCE_SYSTEMS if system in raw)
    allowed = {"dossiers": {"dossiers", "level", "province"}, "register": {"register", "count"}}[system]
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise CatalogueError(f"{where}: «source» có khóa không dùng được «{unknown[0]}».")
    name, level, count = raw[system], raw.get("level"), raw.get("count", "")
    if not isinstance(name, str) or not name:
        raise CatalogueError(f"{where}: «source» cần tên {system}.")
    if level is not None and level not in {"tinh", "huyen", "xa"}:
        raise CatalogueError(f"{where}: «source» có cấp «{level}» không hợp lệ (tinh, huyen, xa).")
    if system == "register" and (not isinstance(count, str) or not count):
        raise CatalogueError(f"{where}: «source» của sổ theo dõi cần «count».")
    return Source(system, name, level, bool(raw.get("province", False)), count)


def sourced_rows(catalogue: Catalogue, system: str, name: str | None = None) -> dict[str, Source]:
    """Row code → source of the rows filled by `system` (and register `name`), in printed order."""
    return {
        code: row.source
        for code, row in catalogue.rows.items()
        if row.source is not None and row.source.system == system and name in (None, row.source.name)
    }


@dataclass(frozen=True)
class _Derivation:
    """What a derived version (template.toml «base») changes in its base's files: levels and rows it does
    not ask («not_asked_levels», «not_asked») and fields it changes («changed», by row code, NT code or
    indicator name)."""

    levels: frozenset[Level] = frozenset()
    rows: frozenset[str] = frozenset()
    changed: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def keeps(self, level: Level) -> bool:
        return level not in self.levels

    def apply(self, key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**raw, **self.changed.get(key, {})}


def _derivation(meta: Mapping[str, Any]) -> _Derivation:
    where = "template.toml"
    levels, rows, changed = (
        meta.get("not_asked_levels", []),
        meta.get("not_asked", []),
        meta.get("changed", {}),
    )
    if not isinstance(rows, list) or not all(isinstance(code, str) for code in rows):
        raise CatalogueError(f"{where}: «not_asked» phải là danh sách mã chỉ tiêu.")
    if not isinstance(changed, dict) or not all(isinstance(value, dict) for value in changed.values()):
        raise CatalogueError(f'{where}: «changed» phải là các bảng [changed."<mã>"].')
    if (levels or rows or changed) and not meta.get("base"):
        raise CatalogueError(
            f"{where}: «not_asked», «not_asked_levels» và «changed» chỉ dùng cho mẫu có «base»."
        )
    return _Derivation(
        frozenset(_enum(where, Level, level, "cấp") for level in levels), frozenset(rows), changed
    )


def _parse_form(file: str, text: str, derivation: _Derivation, seen: set[str]) -> Form:
    """One form file; `seen` gathers every row code of the file, asked or not."""
    data = _load_toml(file, text)
    number, title = data.get("form"), data.get("title")
    if not isinstance(number, int) or not isinstance(title, str):
        raise CatalogueError(f"{file}: thiếu số biểu mẫu «form» hoặc tên «title».")
    try:
        levels = tuple(Level(level) for level in data.get("levels", [level.value for level in Level]))
    except ValueError as error:
        raise CatalogueError(f"{file}: cấp báo cáo không hợp lệ ({error}).") from error
    levels = tuple(level for level in levels if derivation.keeps(level))
    rows = []
    for index, raw in enumerate(data.get("row", []), 1):
        code = row_code(number, str(raw.get("stt", "")).strip().rstrip("."))
        seen.add(code)
        if code in derivation.rows:
            continue
        row = _parse_row(file, number, index, derivation.apply(code, raw), levels)
        kept = tuple(filter(derivation.keeps, row.levels))
        if kept:  # a row that only a level the version does not ask reports is not asked either
            rows.append(dataclasses.replace(row, levels=kept) if kept != row.levels else row)
    return Form(number, title, tuple(rows))


def _parse_rules(file: str, text: str) -> tuple[DeclaredRule, ...]:
    rules: list[DeclaredRule] = []
    for index, raw in enumerate(_load_toml(file, text).get("rule", []), 1):
        where = f"{file}, quy tắc thứ {index} ({raw.get('id', '?')})"
        op = raw.get("op")
        if op not in _OPS:
            raise CatalogueError(f"{where}: phép so sánh «{op}» không hợp lệ (dùng = <= >= < >).")
        if raw.get("missing", "skip") not in ("skip", "warn"):
            raise CatalogueError(f"{where}: «missing» phải là skip hoặc warn.")
        severity = _enum(where, Severity, raw.get("severity", "error"), "mức độ")
        if not isinstance(raw.get("id"), str) or not isinstance(raw.get("message"), str):
            raise CatalogueError(f"{where}: thiếu «id» hoặc «message».")
        if set(re.findall(r"\{[^{}]*\}", raw["message"])) != {"{left}", "{right}"}:
            raise CatalogueError(
                f"{where}: «message» phải nêu hai số bằng {{left}} và {{right}}, không gì khác."
            )
        rules.append(
            DeclaredRule(
                raw["id"],
                severity,
                _formula(where, raw.get("left")),
                op,
                _formula(where, raw.get("right")),
                raw.get("missing", "skip"),
                raw["message"],
            )
        )
    return tuple(rules)


def _parse_quantities(file: str, text: str, derivation: _Derivation) -> tuple[NarrativeQuantity, ...]:
    quantities: list[NarrativeQuantity] = []
    for index, given in enumerate(_load_toml(file, text).get("quantity", []), 1):
        raw = derivation.apply(str(given.get("code", "")), given)
        where = f"{file}, đại lượng thứ {index} ({raw.get('code', '?')})"
        code, name, unit = raw.get("code"), raw.get("name"), raw.get("unit", "")
        if not isinstance(code, str) or not re.fullmatch(r"NT-\d+", code) or not isinstance(name, str):
            raise CatalogueError(f"{where}: cần «code» dạng NT-<số> và «name».")
        kind = Kind.PERCENT if unit == "%" else Kind.COUNT
        quantities.append(
            NarrativeQuantity(
                code,
                name,
                str(unit),
                kind,
                _decimals(where, raw.get("decimals", 2 if kind is Kind.PERCENT else 0)),
                _formula(where, raw.get("formula")),
                _aliases(where, raw.get("aliases", [])),
            )
        )
    return tuple(quantities)


_RATE = re.compile(r"pct\(\s*([A-Z][A-Z0-9]*-[\d.]+)\s*,\s*([A-Z][A-Z0-9]*-[\d.]+)\s*\)")


def rate_parts(formula: Formula | None) -> tuple[str, str] | None:
    """The numerator and denominator codes of a rate formula «pct(A, B)»; None for any other formula."""
    match = _RATE.fullmatch(formula.source.strip()) if formula is not None else None
    return (match.group(1), match.group(2)) if match else None


def _parse_indicators(file: str, text: str, derivation: _Derivation) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for index, given in enumerate(_load_toml(file, text).get("indicator", []), 1):
        raw: Any = derivation.apply(str(given.get("name", "")), given)
        where = f"{file}, chỉ số thứ {index} ({raw.get('name', '?')})"
        name, label, code, levels = raw.get("name"), raw.get("label"), raw.get("code"), raw.get("levels", [])
        if not all(isinstance(value, str) and value for value in (name, label, code)):
            raise CatalogueError(f"{where}: cần «name», «label» và «code».")
        if not isinstance(levels, list) or not all(isinstance(level, str) for level in levels):
            raise CatalogueError(f"{where}: «levels» phải là danh sách mã chỉ tiêu.")
        if name in indicators:
            raise CatalogueError(f"{where}: trùng tên chỉ số «{name}».")
        indicators[name] = Indicator(name, label, code, tuple(levels))
    return indicators


def _check_indicators(catalogue: Catalogue, file: str) -> None:
    """Every indicator names a known figure; a rate over levels is the sum of its levels' parts."""
    formulas = catalogue.formulas
    for indicator in catalogue.indicators.values():
        where = f"{file}, chỉ số «{indicator.name}»"
        known = set(catalogue.rows) | {q.code for q in catalogue.quantities}
        for code in (indicator.code, *indicator.levels):
            if code not in known:
                raise CatalogueError(f"{where}: không có chỉ tiêu «{code}».")
        if not indicator.levels:
            continue
        whole = rate_parts(formulas.get(indicator.code))
        parts = [rate_parts(formulas.get(level)) for level in indicator.levels]
        if whole is None or any(part is None for part in parts):
            raise CatalogueError(f"{where}: chỉ số và từng cấp phải là tỷ lệ dạng pct(tử số, mẫu số).")
        for side, (code, name) in enumerate(zip(whole, ("tử số", "mẫu số"), strict=True)):
            terms = set(formulas[code].references) if code in formulas else {code}
            own = {part[side] for part in parts if part is not None}
            if terms != own:
                raise CatalogueError(
                    f"{where}: {name} «{code}» phải là tổng {name} của các cấp ({', '.join(sorted(own))})."
                )


def _check_references(
    catalogue: Catalogue, locations: Mapping[str, str], not_asked: frozenset[str] = frozenset()
) -> None:
    known = set(catalogue.rows) | {q.code for q in catalogue.quantities}
    for code, formula in catalogue.formulas.items():
        for reference in formula.references:
            if reference in not_asked or (
                reference not in known and not_asked and reference.startswith("BM")
            ):
                raise CatalogueError(
                    f"{locations[code]}: công thức tham chiếu «{reference}», chỉ tiêu mẫu này không hỏi; "
                    f'sửa công thức trong [changed."{code}"] của template.toml.'
                )
            if reference not in known:
                raise CatalogueError(
                    f"{locations[code]}: công thức tham chiếu mã không tồn tại «{reference}»."
                )
            if reference in catalogue.rows and not catalogue.rows[reference].has_value:
                raise CatalogueError(f"{locations[code]}: công thức tham chiếu dòng tiêu đề «{reference}».")
    for rule in catalogue.rules:
        for reference in rule.left.references + rule.right.references:
            if reference not in known:
                raise CatalogueError(
                    f"rules.toml, quy tắc {rule.id}: tham chiếu mã không tồn tại «{reference}»."
                )
            if reference in catalogue.rows and not catalogue.rows[reference].has_value:
                raise CatalogueError(f"rules.toml, quy tắc {rule.id}: tham chiếu dòng tiêu đề «{reference}».")
    try:
        evaluation_order(catalogue.formulas)
    except FormulaCycleError as error:
        cycle = " → ".join(error.codes)
        raise CatalogueError(f"{locations[error.codes[0]]}: công thức tạo vòng lặp ({cycle}).") from error


# What a derived version takes from its base's template.toml (the rest — id, version, dates — is its own).
_INHERITED = ("forms", "rules", "narrative", "indicators")


def parse_catalogue(files: Mapping[str, str], base_files: Mapping[str, str] | None = None) -> Catalogue:
    """Build a catalogue from a template folder's files (name → text); refuse a broken one.

    A folder whose template.toml names a «base» is a derived version: `base_files` are that template's
    files, which the folder's own files of the same name replace."""
    if "template.toml" not in files:
        raise CatalogueError("Thiếu tệp template.toml trong thư mục biểu mẫu.")
    meta = _load_toml("template.toml", files["template.toml"])
    if meta.get("base"):
        if base_files is None or "template.toml" not in base_files:
            raise CatalogueError(f"template.toml: không tìm thấy mẫu gốc «{meta['base']}» («base»).")
        inherited = _load_toml("template.toml", base_files["template.toml"])
        meta = {**{key: inherited[key] for key in _INHERITED if key in inherited}, **meta}
        files = {**base_files, **files}
    derivation = _derivation(meta)
    seen: set[str] = set()
    forms: list[Form] = []
    rows: dict[str, Row] = {}
    locations: dict[str, str] = {}
    for file in meta.get("forms", []):
        if file not in files:
            raise CatalogueError(f"template.toml: không tìm thấy tệp biểu mẫu «{file}».")
        form = _parse_form(file, files[file], derivation, seen)
        if any(existing.number == form.number for existing in forms):
            raise CatalogueError(f"{file}: Biểu mẫu {form.number} đã được khai báo ở tệp khác.")
        for index, row in enumerate(form.rows, 1):
            if row.code in rows:
                raise CatalogueError(f"{file}, chỉ tiêu thứ {index}: trùng mã «{row.code}» (STT {row.stt}).")
            rows[row.code] = row
            locations[row.code] = f"{file}, chỉ tiêu thứ {index} (STT {row.stt})"
        forms.append(form)
    for code, row in rows.items():
        if row.parent is not None and row.parent not in rows:
            raise CatalogueError(f"{locations[code]}: không có dòng cha «{row.parent}».")
    rules_file, narrative_file = str(meta.get("rules", "")), str(meta.get("narrative", ""))
    indicators_file = str(meta.get("indicators", ""))
    rules = _parse_rules(rules_file, files[rules_file]) if rules_file in files else ()
    quantities = (
        _parse_quantities(narrative_file, files[narrative_file], derivation)
        if narrative_file in files
        else ()
    )
    for quantity in quantities:
        if quantity.code in locations:
            raise CatalogueError(f"{narrative_file}: trùng mã «{quantity.code}».")
        locations[quantity.code] = f"{narrative_file}, đại lượng {quantity.code}"
    catalogue = Catalogue(
        id=str(meta.get("id", "")),
        version=str(meta.get("version", "")),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        forms=tuple(sorted(forms, key=lambda form: form.number)),
        rules=rules,
        quantities=quantities,
        rows=MappingProxyType(rows),
        valid_from=_date("valid_from", meta.get("valid_from")),
        valid_to=_date("valid_to", meta.get("valid_to")),
        base=str(meta.get("base", "")),
        not_asked=frozenset(seen - set(rows)),
        indicators=MappingProxyType(
            _parse_indicators(indicators_file, files[indicators_file], derivation)
            if indicators_file in files
            else {}
        ),
    )
    _check_derivation(catalogue, derivation, seen)
    _check_references(catalogue, locations, derivation.rows)
    _check_indicators(catalogue, indicators_file)
    return catalogue


def _date(key: str, raw: object) -> dt.date | None:
    """template.toml's «valid_from» / «valid_to»: a TOML date (2025-07-01) or nothing."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    raise CatalogueError(f"template.toml: «{key}» phải là một ngày dạng 2025-07-01.")


def _check_derivation(catalogue: Catalogue, derivation: _Derivation, seen: set[str]) -> None:
    """Every row the derived version does not ask, and every change it makes, names something of the base."""
    if catalogue.valid_from and catalogue.valid_to and catalogue.valid_to < catalogue.valid_from:
        raise CatalogueError("template.toml: «valid_to» trước «valid_from».")
    known = set(catalogue.rows) | {q.code for q in catalogue.quantities} | set(catalogue.indicators)
    for key in derivation.changed:
        if key not in known:
            raise CatalogueError(
                f'template.toml: [changed."{key}"] không ứng với chỉ tiêu, đại lượng hay chỉ số nào.'
            )
    unknown = sorted(derivation.rows - seen)
    if unknown:
        raise CatalogueError(f"template.toml: «not_asked» có mã «{unknown[0]}» không có trong các biểu mẫu.")


def per_catalogue(build: Callable[[Catalogue], _T]) -> Callable[[Catalogue], _T]:
    """Memoise `build` per catalogue object: catalogues are immutable, and one serves many validations.

    Keyed by identity (a Catalogue holds mappings, so it is not hashable); an entry goes with its catalogue.
    """
    cache: dict[int, tuple[weakref.ref[Catalogue], _T]] = {}

    def cached(catalogue: Catalogue) -> _T:
        key = id(catalogue)
        entry = cache.get(key)
        if entry is not None and entry[0]() is catalogue:
            return entry[1]
        value = build(catalogue)

        def forget(ref: weakref.ref[Catalogue]) -> None:
            if key in cache and cache[key][0] is ref:
                del cache[key]

        cache[key] = (weakref.ref(catalogue, forget), value)
        return value

    return cached
