"""Validation of a set of form values against the catalogue: derived rules plus declared rules.

Derived from the catalogue: a formula row equals its formula (a percentage within rounding, a total
exactly); counts are non-negative integers; percentages lie in 0–100; coded rows hold an allowed code;
a percentage's numerator never exceeds its denominator. Declared in rules.toml: relations across rows and
forms. Every finding names the rule, the rows, the expected and actual figures, and says in Vietnamese
what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from cchc.core.catalogue import Catalogue, DeclaredRule, Kind, Row, Severity, per_catalogue
from cchc.core.formula import Formula, Result, Undefined, evaluation_order
from cchc.core.numbers import BLANK, Cell, CellKind, decimals_of, format_number, round_half_up

__all__ = [
    "BLOCKING_RULES",
    "RATE_FOLLOWS",
    "RULE_NAMES",
    "Finding",
    "effective_values",
    "lower_first",
    "row_label",
    "rule_name",
    "validate",
]

# Cell-level problems that make a form (or a values file) unusable: refused, not merely reported.
BLOCKING_RULES = frozenset(
    {"not-a-number", "negative-value", "count-not-integer", "percent-range", "code-not-allowed"}
)

# Findings on a rate's two numbers whose last code is the rate: its figure is wrong only because of them.
RATE_FOLLOWS = frozenset({"part-exceeds-total", "part-under-dash-total"})


class _RowStep(NamedTuple):
    row: Row
    code: str
    # Whether a stated number certainly passes the checks of the cell alone (then they need not run).
    passes: Callable[[Decimal], bool]
    formula: Formula | None
    # The formula's result from the effective-value pass is the one the check needs (no formula inputs).
    reuse: bool
    # For a rate of two rows: how messages name its part and its total; None for any other row.
    part_of_total: tuple[str, str] | None


class _RuleStep(NamedTuple):
    rule: DeclaredRule
    codes: tuple[str, ...]
    form: int | None
    # The rows it compares, as a message names them (for "cannot be checked yet").
    names: str


class _Plan(NamedTuple):
    formulas: dict[str, Formula]
    order: tuple[tuple[str, Formula], ...]
    rows: tuple[_RowStep, ...]
    rules: tuple[_RuleStep, ...]


def _passes(row: Row) -> Callable[[Decimal], bool]:
    """A cheap test that a number raises none of `_check_cell`'s findings for this row."""
    if row.kind is Kind.COUNT:
        return lambda value: value >= 0 and value == value.to_integral_value()
    if row.kind is Kind.MONEY:
        return lambda value: value >= 0
    if row.kind is Kind.PERCENT:
        return lambda value: 0 <= value <= 100
    if row.kind is Kind.CODE:
        allowed = row.option_values
        return lambda value: value in allowed
    return lambda value: True


def _part_and_total(catalogue: Catalogue, row: Row) -> tuple[str, str] | None:
    """The names of a rate's part and total rows, as messages write them."""
    if row.kind is not Kind.PERCENT or row.formula is None or len(row.formula.references) != 2:
        return None
    part, total = (catalogue.rows.get(code) for code in row.formula.references)
    if part is None or total is None:
        return None
    return row_label(part), lower_first(row_label(total))


@per_catalogue
def _plan(catalogue: Catalogue) -> _Plan:
    """What every validation of this catalogue needs, worked out once."""
    formulas = catalogue.formulas
    order = tuple((code, formulas[code]) for code in evaluation_order(formulas))
    rows = tuple(
        _RowStep(
            row,
            row.code,
            _passes(row),
            row.formula,
            row.formula is not None
            and formulas.get(row.code) is row.formula
            and not any(ref in formulas for ref in row.formula.references),
            _part_and_total(catalogue, row),
        )
        for form in catalogue.forms
        for row in form.rows
        if row.has_value
    )
    rules = []
    for rule in catalogue.rules:
        codes = tuple(dict.fromkeys(rule.left.references + rule.right.references))
        form_of = re.match(r"BM(\d+)-", codes[0]) if codes else None
        names = " với ".join(
            lower_first(row_label(catalogue.rows[code])) for code in codes if code in catalogue.rows
        )
        rules.append(_RuleStep(rule, codes, int(form_of.group(1)) if form_of else None, names))
    return _Plan(formulas, order, rows, tuple(rules))


# Every rule a finding can name, by its code, as a reviewer reads it (`cchc check`'s text output; the
# JSON keeps the code): this module's, the notes', the narrative's, how a report and its numbers are
# written (checker, numbers) and the unwritten sections (documents.writer.data). A rule declared in a
# catalogue's rules.toml is named DECLARED_RULE_NAME, its message says which rows.
RULE_NAMES: dict[str, str] = {
    # a cell on its own
    "not-a-number": "ô không phải là số",
    "negative-value": "số âm",
    "count-not-integer": "số lượng không phải số nguyên",
    "percent-range": "tỷ lệ ngoài khoảng 0–100%",
    "code-not-allowed": "giá trị không thuộc các lựa chọn",
    # a row against the rows it is computed from
    "total-formula": "tổng khác các mục thành phần",
    "percent-formula": "tỷ lệ khác hai số tính ra nó",
    "percent-zero-denominator": "tỷ lệ có mẫu số bằng 0",
    "computed-row-blank": "chỉ tiêu tính được còn để trống",
    "part-exceeds-total": "mục thành phần lớn hơn tổng",
    "part-under-dash-total": "có số dưới tổng ghi «-»",
    # the notes column
    "note-period": "ghi chú nêu kỳ khác",
    "note-ratio": "tỷ lệ trong ghi chú khác số liệu",
    "note-parts-sum": "các số trong ghi chú không cộng đủ",
    # the narrative against itself and the appendix
    "narrative-vs-table": "số trong thuyết minh khác phụ lục",
    "narrative-total-vs-table": "tổng trong thuyết minh khác phụ lục",
    "narrative-ratio": "tỷ lệ trong thuyết minh tính sai",
    "narrative-parts-sum": "các mục trong thuyết minh không cộng đủ tổng",
    "narrative-figure-not-in-table": "thuyết minh nêu số mà phụ lục để trống",
    "narrative-table-sum": "bảng trong thuyết minh cộng sai",
    "narrative-table-ratio": "tỷ lệ trong bảng thuyết minh tính sai",
    "narrative-point-change": "số điểm phần trăm tăng, giảm khác hai tỷ lệ",
    "section-unwritten": "mục chưa soạn",
    # how the report is written
    "unmapped-row": "dòng phụ lục không có trong biểu mẫu",
    "duplicate-row": "dòng phụ lục lặp lại",
    "row-name-mismatch": "tên dòng khác biểu mẫu",
    "unit-missing": "thiếu đơn vị tính",
    "unit-mismatch": "đơn vị tính khác biểu mẫu",
    "form-missing": "phụ lục thiếu biểu mẫu",
    "period-unknown": "không rõ kỳ báo cáo",
    "missing-grouping": "thiếu dấu chấm hàng nghìn",
    "wrong-decimal-separator": "dấu thập phân viết sai",
    "wrong-group-separator": "dấu phân cách hàng nghìn viết sai",
    # a unit's own report against the forms it entered
    "unit-report-appendix": "phụ lục khác biểu mẫu đơn vị đã nhập",
}
DECLARED_RULE_NAME = "ràng buộc giữa các chỉ tiêu"


def rule_name(rule: str) -> str:
    """The short Vietnamese name of a finding's rule: «tổng trong thuyết minh khác phụ lục»."""
    return RULE_NAMES.get(rule, DECLARED_RULE_NAME)


@dataclass(frozen=True)
class Finding:
    """One problem found: which rule, how serious, where, the expected and actual figures, and why."""

    rule: str
    severity: Severity
    message: str
    form: int | None = None
    codes: tuple[str, ...] = ()
    expected: Decimal | None = None
    actual: Decimal | None = None
    decimals: int = 0
    quote: str = ""
    location: str = ""
    # How sure the checker is that a narrative figure is about the row it is compared with (0–1);
    # None where nothing is guessed (arithmetic, the appendix's own rules).
    confidence: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        """actual − expected, when both are figures."""
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


def row_label(row: Row) -> str:
    """How a message names a row: its name without remarks in brackets, at most 80 characters
    ("Số hồ sơ TTHC giải quyết đúng hạn"); the page, the form heading or the row's link gives the place."""
    name = re.sub(r"\s*\([^()]*\)", "", row.name).strip().rstrip(".:;,").strip() or row.name
    if len(name) > 80:
        name = name[:79].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return name


def lower_first(text: str) -> str:
    """A name inside a sentence: "tổng số TTHC…", but "UBND cấp huyện…" keeps its capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def effective_values(catalogue: Catalogue, values: Mapping[str, Cell]) -> dict[str, Decimal | None]:
    """Each code's figure: the stated number, or for a blank computed row (and NT-…) its formula's result."""
    return _effective(_plan(catalogue), values)[0]


def _effective(
    plan: _Plan, values: Mapping[str, Cell]
) -> tuple[dict[str, Decimal | None], dict[str, Result]]:
    """The effective figures, and every formula's result with computed results fed into later formulas."""
    stated = {code: cell.number for code, cell in values.items() if cell.kind is CellKind.NUMBER}
    # As formula.evaluate_all: a formula's Decimal result overrides the stated value for later formulas.
    results: dict[str, Result] = {}

    def lookup(code: str) -> Decimal | None:
        computed = results.get(code)
        return computed if isinstance(computed, Decimal) else stated.get(code)

    for code, formula in plan.order:
        results[code] = formula.evaluate_without_codes(lookup)
    effective: dict[str, Decimal | None] = dict(stated)
    for code in plan.formulas:
        result = results[code]
        blank = code not in effective and values.get(code, BLANK).kind is CellKind.BLANK
        if blank and isinstance(result, Decimal):
            effective[code] = result
    return effective, results


def _fmt(value: Decimal, decimals: int) -> str:
    return format_number(value, decimals)


def _formula_text(formula: Formula, lookup: Callable[[str], Decimal | None], row: Row) -> str:
    """Spell the computation with figures: "39/42" for a rate, "10 + 220 + 1.953" for a sum."""
    figures = [lookup(code) for code in formula.references]
    shown = [format_number(value) if value is not None else "?" for value in figures]
    if row.kind is Kind.PERCENT and len(shown) == 2:
        return f"{shown[0]}/{shown[1]}"
    return " + ".join(shown)


def _check_formula_row(
    row: Row, cell: Cell, result: Result, lookup: Callable[[str], Decimal | None]
) -> list[Finding]:
    """A formula row (given its formula's `result` over the effective figures) equals its formula."""
    formula = row.formula
    assert formula is not None

    def how() -> str:
        # Only a finding spells the computation out: formatting figures is the costly part.
        return _formula_text(formula, lookup, row)

    percent = row.kind is Kind.PERCENT
    rule = "percent-formula" if percent else "total-formula"
    if isinstance(result, Undefined):
        if result.reason == "division-by-zero" and cell.kind is CellKind.NUMBER:
            return [
                Finding(
                    "percent-zero-denominator",
                    Severity.WARNING,
                    f"{row_label(row)} ghi {cell.text}% nhưng mẫu số bằng 0 ({how()}): ghi «-».",
                    row.form,
                    (row.code, *formula.references),
                    actual=cell.number,
                    decimals=row.decimals,
                )
            ]
        return []
    expected = round_half_up(result, row.decimals)

    def unstated(rule: str, severity: Severity, message: str) -> list[Finding]:
        codes = (row.code, *formula.references)
        return [Finding(rule, severity, message, row.form, codes, expected=expected, decimals=row.decimals)]

    if cell.kind is CellKind.BLANK:
        return unstated(
            "computed-row-blank",
            Severity.WARNING,
            f"{row_label(row)} còn trống; tính từ các số đã có ({how()}) là "
            f"{_fmt(expected, row.decimals)}{'%' if percent else ''}.",
        )
    if cell.kind is CellKind.DASH and not percent and expected > 0:
        # «-» says nothing happened, yet its parts count something: the same contradiction as a part
        # with a figure under a «-» total.
        return unstated(
            rule,
            Severity.ERROR,
            f"{row_label(row)} ghi «-» nhưng các mục thành phần cộng lại {how()} = "
            f"{_fmt(expected, row.decimals)}: sửa tổng hoặc các mục thành phần.",
        )
    if cell.kind is not CellKind.NUMBER or cell.number is None:
        return []
    stated = cell.number
    # A rate is right at the precision it is printed with, but never finer than the form's ("94,920").
    places = min(decimals_of(stated), row.decimals)
    matches = round_half_up(result, places) == round_half_up(stated, places) if percent else result == stated
    if matches:
        return []
    return [
        Finding(
            rule,
            Severity.ERROR,
            f"{row_label(row)} ghi {_fmt(stated, decimals_of(stated))}{'%' if percent else ''} nhưng "
            + (
                f"{how()} = {_fmt(expected, row.decimals)}%: sửa tỷ lệ hoặc hai số dùng để tính."
                if percent
                else f"các mục thành phần cộng lại {how()} = {_fmt(expected, row.decimals)}: "
                "sửa tổng hoặc các mục thành phần."
            ),
            row.form,
            (row.code, *formula.references),
            expected=expected,
            actual=stated,
            decimals=row.decimals,
        )
    ]


def _check_cell(row: Row, cell: Cell) -> list[Finding]:
    """Checks that need only the cell itself: type, sign, integrality, range and allowed codes."""
    if cell.kind is CellKind.TEXT:
        if row.kind is Kind.TEXT:
            return []
        return [
            Finding(
                "not-a-number",
                Severity.ERROR,
                f"{row_label(row)}: «{cell.text}» không phải là số; ghi số, «-» hoặc để trống.",
                row.form,
                (row.code,),
            )
        ]
    if cell.kind is not CellKind.NUMBER or cell.number is None:
        return []
    value = cell.number
    found: list[Finding] = []
    if row.kind in (Kind.COUNT, Kind.MONEY, Kind.PERCENT) and value < 0:
        found.append(
            Finding(
                "negative-value",
                Severity.ERROR,
                f"{row_label(row)} ghi {_fmt(value, decimals_of(value))}: số liệu không được âm.",
                row.form,
                (row.code,),
                actual=value,
            )
        )
    if row.kind is Kind.COUNT and value != value.to_integral_value():
        found.append(
            Finding(
                "count-not-integer",
                Severity.ERROR,
                f"{row_label(row)} ghi {_fmt(value, decimals_of(value))}: số đếm phải là số nguyên.",
                row.form,
                (row.code,),
                actual=value,
            )
        )
    if row.kind is Kind.PERCENT and value > 100:
        found.append(
            Finding(
                "percent-range",
                Severity.ERROR,
                f"{row_label(row)} ghi {_fmt(value, decimals_of(value))}%: tỷ lệ không được vượt quá 100%.",
                row.form,
                (row.code,),
                expected=Decimal(100),
                actual=value,
                decimals=row.decimals,
            )
        )
    if row.kind is Kind.CODE and value not in row.option_values:
        choices = [f"{option.value} ({option.label})" for option in row.options]
        allowed = " hoặc ".join([", ".join(choices[:-1]), choices[-1]] if len(choices) > 2 else choices)
        found.append(
            Finding(
                "code-not-allowed",
                Severity.ERROR,
                f"{row_label(row)} ghi {_fmt(value, decimals_of(value))}: chỉ được ghi {allowed}.",
                row.form,
                (row.code,),
                actual=value,
            )
        )
    return found


def _check_part_of_total(
    row: Row,
    names: tuple[str, str],
    cells: Mapping[str, Cell],
    effective: Mapping[str, Decimal | None],
    result: Result,
) -> list[Finding]:
    """A rate's numerator (the part) never exceeds its denominator (the total), and a total written «-»
    has no figure under it. One finding names both rows and the rate that follows from them (its last
    code): the rate is a consequence, not a second mistake."""
    assert row.formula is not None
    part_code, total_code = row.formula.references
    part = effective.get(part_code)
    if part is None:
        return []
    total = effective.get(total_code)
    if total is not None and part <= total:
        return []
    part_name, total_name = names
    codes = (part_code, total_code, row.code)
    if total is None:
        if part <= 0 or cells.get(total_code, BLANK).kind is not CellKind.DASH:
            return []
        return [
            Finding(
                "part-under-dash-total",
                Severity.ERROR,
                f"{part_name} ghi {format_number(part)} nhưng {total_name} ghi «-»: sửa một trong hai.",
                row.form,
                codes,
                actual=part,
            )
        ]
    rate = ""
    if isinstance(result, Decimal):
        shown = _fmt(round_half_up(result, row.decimals), row.decimals)
        rate = f", nên {lower_first(row_label(row))} tính ra {shown}%"
    return [
        Finding(
            "part-exceeds-total",
            Severity.ERROR,
            f"{part_name} ({format_number(part)}) lớn hơn {total_name} ({format_number(total)}){rate}: "
            "sửa một trong hai số.",
            row.form,
            codes,
            expected=total,
            actual=part,
        )
    ]


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}


def _side(
    formula: Formula, effective: Mapping[str, Decimal | None], values: Mapping[str, Cell]
) -> tuple[Result, bool]:
    """One side of a declared rule, and whether it is written «-» throughout: such a side counts as
    nothing happened (0), so a figure compared with it is checked, not skipped."""
    result = formula.evaluate_without_codes(effective.get)
    dashed = isinstance(result, Undefined) and all(
        values.get(code, BLANK).kind is CellKind.DASH for code in formula.references
    )
    return (Decimal(0), True) if dashed else (result, False)


def _check_declared(
    step: _RuleStep, effective: Mapping[str, Decimal | None], values: Mapping[str, Cell]
) -> list[Finding]:
    rule, codes, form, names = step
    left, left_dashed = _side(rule.left, effective, values)
    right, right_dashed = _side(rule.right, effective, values)
    if isinstance(left, Undefined) or isinstance(right, Undefined):
        if rule.missing == "warn":
            return [
                Finding(
                    rule.id,
                    Severity.INFO,
                    f"Chưa đối chiếu được {names}: còn thiếu số liệu.",
                    form,
                    codes,
                )
            ]
        return []
    if (left_dashed and right_dashed) or _COMPARE[rule.op](left, right):
        return []
    message = rule.message.replace("{left}", "«-»" if left_dashed else format_number(left)).replace(
        "{right}", "«-»" if right_dashed else format_number(right)
    )
    return [Finding(rule.id, rule.severity, message, form, codes, expected=right, actual=left)]


def validate(catalogue: Catalogue, values: Mapping[str, Cell]) -> list[Finding]:
    """Every finding for one set of values (code → cell) of a unit or a province, in form order."""
    plan = _plan(catalogue)
    effective, results = _effective(plan, values)
    lookup = effective.get
    findings: list[Finding] = []
    for row, code, passes, formula, reuse, part_of_total in plan.rows:
        cell = values.get(code, BLANK)
        own: list[Finding] = []
        # A blank or "-" cell passes every check of the cell alone; most numbers pass the quick test.
        if cell.kind is CellKind.NUMBER:
            if cell.number is not None and not passes(cell.number):
                own = _check_cell(row, cell)
        elif cell.kind is CellKind.TEXT:
            own = _check_cell(row, cell)
        if formula is None:
            findings.extend(own)
            continue
        result = results[code] if reuse else formula.evaluate_without_codes(lookup)
        computation = _check_formula_row(row, cell, result, lookup)
        parts = _check_part_of_total(row, part_of_total, values, effective, result) if part_of_total else []
        if parts and not computation:
            # The rate follows from its two numbers: above 100% only because its part exceeds its total,
            # which `parts` already says (naming the rate), so the one mistake is one finding.
            own = [finding for finding in own if finding.rule != "percent-range"]
        findings.extend(own + computation + parts)
    for rule in plan.rules:
        findings.extend(_check_declared(rule, effective, values))
    return findings
