"""The formula language of the statistical catalogue of the CCHC report forms.

A formula computes one row of a form from other rows, e.g. ``pct(BM3-3.1.2, BM3-3.1.1)``,
``BM2-1.1 + BM2-1.2`` or ``if(BM1-2.1 > 0, pct(BM1-2.2, BM1-2.1), 0)``:

* numbers use "." as the decimal point (no exponent, at most 30 digits) and become exact Decimals;
* row codes such as ``BM3-3.1.2`` or ``NT-1`` are references, looked up when the formula is evaluated;
* ``+ - * /`` (also ``− × ÷``), unary ``-``/``+``, parentheses and at most one comparison per level
  (``< <= > >= = == != ≤ ≥ ≠``, yielding 1 or 0);
* functions ``sum``, ``min``, ``max`` (one or more arguments), ``pct(n, d) = n * 100 / d`` and
  ``if(c, a, b)``, which evaluates only the branch it chooses.

Parsing is a hand-written tokenizer and recursive-descent parser, never ``eval``. Source length and
nesting depth are bounded so that hostile input fails with FormulaError instead of exhausting the stack.
Evaluation gives a Decimal, or Undefined when an input is missing or a divisor is zero.
"""

from __future__ import annotations

import functools
import heapq
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Literal, NamedTuple, TypeAlias

__all__ = [
    "Formula",
    "FormulaCycleError",
    "FormulaError",
    "Result",
    "Undefined",
    "evaluate_all",
    "evaluation_order",
    "parse_formula",
]

_MAX_LENGTH = 1000
_MAX_DEPTH = 50
_MAX_DIGITS = 30
# Spelled out in full so that neither the caller's context nor a mutated DefaultContext leaks in.
_CONTEXT = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "sum": (1, None),
    "pct": (2, 2),
    "min": (1, None),
    "max": (1, None),
    "if": (3, 3),
}
_COMPARISONS = ("<", "<=", ">", ">=", "=", "!=")
_OPERATORS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    # Decimal(True) is Decimal(1): comparisons yield 1 or 0.
    "<": lambda a, b: Decimal(a < b),
    "<=": lambda a, b: Decimal(a <= b),
    ">": lambda a, b: Decimal(a > b),
    ">=": lambda a, b: Decimal(a >= b),
    "=": lambda a, b: Decimal(a == b),
    "!=": lambda a, b: Decimal(a != b),
}
_TOKEN = re.compile(
    r"(?P<ref>[A-Z][A-Z0-9]*-[0-9]+(?:\.[0-9]+)*)"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/<>=(),−×÷≤≥≠])"
)
_SPACE = frozenset(" \t\r\n\u00a0")
_CANONICAL = {"−": "-", "×": "*", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!=", "==": "="}


def _show(text: str) -> str:
    # Error messages end up in logs and UIs: keep them short and free of control characters.
    shown = text if len(text) <= 60 else text[:60] + "…"
    return "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in shown)


class FormulaError(ValueError):
    """A formula cannot be parsed; `message` is Vietnamese and names the 1-based `position`."""

    def __init__(self, source: str, problem: str, position: int | None = None) -> None:
        where = f" ở vị trí {position}." if position is not None else "."
        self.source = source
        self.position = position
        self.message = f"Công thức «{_show(source)}»: {problem}{where}"
        super().__init__(self.message)


class FormulaCycleError(ValueError):
    """Formulas reference each other in a cycle; `codes` lists the cycle in order."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = tuple(codes)
        chain = " → ".join((*self.codes, self.codes[0]))
        super().__init__(f"Các công thức tham chiếu vòng tròn: {chain}.")


@dataclass(frozen=True)
class Undefined:
    """The result of a formula that cannot be computed: an input is missing or a divisor is zero."""

    reason: Literal["missing", "division-by-zero"]
    codes: tuple[str, ...]


Result: TypeAlias = Decimal | Undefined


@dataclass(frozen=True)
class _Num:
    value: Decimal


@dataclass(frozen=True)
class _Ref:
    code: str


@dataclass(frozen=True)
class _Chain:
    """Left-to-right binary operations; also a comparison (one step) and unary minus (0 - x)."""

    first: _Node
    rest: tuple[tuple[str, _Node], ...]


@dataclass(frozen=True)
class _Call:
    name: str
    args: tuple[_Node, ...]


_Node: TypeAlias = _Num | _Ref | _Chain | _Call


class _Token(NamedTuple):
    kind: str
    text: str
    at: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        if source[i] in _SPACE:
            i += 1
            continue
        match = _TOKEN.match(source, i)
        if match is None or match.lastgroup is None:
            raise FormulaError(source, f"ký tự không hợp lệ «{_show(source[i])}»", i + 1)
        kind, text = match.lastgroup, match.group()
        if kind == "num" and len(text.replace(".", "")) > _MAX_DIGITS:
            raise FormulaError(source, f"số quá dài (tối đa {_MAX_DIGITS} chữ số)", i + 1)
        tokens.append(_Token(kind, _CANONICAL.get(text, text) if kind == "op" else text, i))
        i = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0
        self.references: dict[str, None] = {}  # an ordered set

    def fail(self, problem: str, token: _Token) -> FormulaError:
        return FormulaError(self.source, problem, token.at + 1)

    def unexpected(self, token: _Token) -> FormulaError:
        if token.kind == "end":
            return self.fail("công thức kết thúc khi còn thiếu toán hạng", token)
        if token.text == ")":
            return self.fail("thừa dấu đóng ngoặc «)»", token)
        return self.fail(f"ký hiệu không mong đợi «{token.text}»", token)

    def peek_op(self, *texts: str) -> bool:
        token = self.tokens[self.index]
        return token.kind == "op" and token.text in texts

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> _Node:
        if self.tokens[0].kind == "end":
            raise FormulaError(self.source, "công thức rỗng")
        node = self.expr()
        if self.tokens[self.index].kind != "end":
            raise self.unexpected(self.tokens[self.index])
        return node

    def expr(self) -> _Node:
        left = self.chain(("+", "-"), self.term)
        if self.peek_op(*_COMPARISONS):
            op = self.take().text
            return _Chain(left, ((op, self.chain(("+", "-"), self.term)),))
        return left

    def term(self) -> _Node:
        return self.chain(("*", "/"), self.unary)

    def chain(self, ops: tuple[str, ...], operand: Callable[[], _Node]) -> _Node:
        # n-ary rather than left-nested, so a long "1+1+…" does not become a deep tree.
        first = operand()
        rest: list[tuple[str, _Node]] = []
        while self.peek_op(*ops):
            rest.append((self.take().text, operand()))
        return _Chain(first, tuple(rest)) if rest else first

    def unary(self) -> _Node:
        # Signs are folded in a loop: "-----…1" must not cost one stack frame per sign.
        negate = False
        while self.peek_op("-", "+"):
            negate ^= self.take().text == "-"
        node = self.primary()
        return _Chain(_Num(Decimal(0)), (("-", node),)) if negate else node

    def primary(self) -> _Node:
        token = self.take()
        if token.kind == "num":
            return _Num(Decimal(token.text))
        if token.kind == "ref":
            self.references.setdefault(token.text)
            return _Ref(token.text)
        if token.kind == "name":
            return self.call(token)
        if token.kind == "op" and token.text == "(":
            self.enter(token)
            node = self.expr()
            self.close(token)
            return node
        raise self.unexpected(token)

    def call(self, name: _Token) -> _Node:
        if name.text not in _FUNCTIONS:
            if self.peek_op("("):
                supported = ", ".join(_FUNCTIONS)
                raise self.fail(f"hàm «{name.text}» không được hỗ trợ (chỉ dùng: {supported})", name)
            raise self.fail(f"tên «{name.text}» không hợp lệ (mã chỉ tiêu có dạng BM1-2.1)", name)
        if not self.peek_op("("):
            raise self.fail(f"thiếu «(» sau hàm «{name.text}»", self.tokens[self.index])
        opening = self.take()
        self.enter(opening)
        args: list[_Node] = []
        if not self.peek_op(")"):
            args.append(self.expr())
            while self.peek_op(","):
                self.take()
                args.append(self.expr())
        self.close(opening)
        low, high = _FUNCTIONS[name.text]
        if high is not None and low == high and len(args) != low:
            raise self.fail(f"hàm «{name.text}» cần đúng {low} đối số (có {len(args)})", name)
        if len(args) < low:
            raise self.fail(f"hàm «{name.text}» cần ít nhất {low} đối số", name)
        return _Call(name.text, tuple(args))

    def enter(self, opening: _Token) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail(f"công thức lồng quá sâu (tối đa {_MAX_DEPTH} cấp ngoặc)", opening)

    def close(self, opening: _Token) -> None:
        if not self.peek_op(")"):
            if self.tokens[self.index].kind == "end":
                raise self.fail("thiếu dấu đóng ngoặc cho «(»", opening)
            raise self.unexpected(self.tokens[self.index])
        self.take()
        self.depth -= 1


def _codes(node: _Node) -> tuple[str, ...]:
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _Ref):
            found.add(current.code)
        elif isinstance(current, _Chain):
            stack.extend([current.first, *(operand for _, operand in current.rest)])
        elif isinstance(current, _Call):
            stack.extend(current.args)
    return tuple(sorted(found))


def _first_undefined(results: Sequence[Result]) -> Undefined | None:
    # A missing input outranks a division by zero: with the input, the divisor might not be zero.
    undefined = [r for r in results if isinstance(r, Undefined)]
    missing = [r for r in undefined if r.reason == "missing"]
    if missing:
        return Undefined("missing", tuple(sorted({code for r in missing for code in r.codes})))
    return undefined[0] if undefined else None


def _evaluate(node: _Node, lookup: Callable[[str], Decimal | None]) -> Result:
    if isinstance(node, _Num):
        return node.value
    if isinstance(node, _Ref):
        value = lookup(node.code)
        return value if value is not None and value.is_finite() else Undefined("missing", (node.code,))
    if isinstance(node, _Call) and node.name == "if":
        condition = _evaluate(node.args[0], lookup)
        if isinstance(condition, Undefined):
            return condition
        return _evaluate(node.args[1] if condition != 0 else node.args[2], lookup)
    parts = [node.first, *(operand for _, operand in node.rest)] if isinstance(node, _Chain) else node.args
    # Every operand is evaluated, so that all missing inputs are reported at once.
    results = [_evaluate(part, lookup) for part in parts]
    problem = _first_undefined(results)
    if problem is not None:
        return problem
    values = [r for r in results if isinstance(r, Decimal)]
    if isinstance(node, _Chain):
        total = values[0]
        for (op, operand), value in zip(node.rest, values[1:], strict=True):
            if op == "/" and value == 0:
                return Undefined("division-by-zero", _codes(operand))
            total = _OPERATORS[op](total, value)
        return total
    if node.name == "pct":
        if values[1] == 0:
            return Undefined("division-by-zero", _codes(node.args[1]))
        return values[0] * 100 / values[1]
    if node.name == "sum":
        return functools.reduce(operator.add, values)
    return min(values) if node.name == "min" else max(values)


class _Fallback(Exception):
    """Raised by a compiled formula when the result is not a plain Decimal: the tree walk decides."""


class _Missing(_Fallback):
    """Raised by a compiled formula at a missing input: the tree walk would give Undefined("missing", …)."""


# What `Formula.evaluate_without_codes` gives for a missing input: working out the codes is the cost.
_SOME_MISSING = Undefined("missing", ())


_Compiled: TypeAlias = Callable[[Callable[[str], Decimal | None]], Decimal]
# The compiled fast path calls the context's methods instead of switching the thread's context.
_FAST = _CONTEXT.copy()
_FAST_OPERATORS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    **_OPERATORS,
    "+": _FAST.add,
    "-": _FAST.subtract,
    "*": _FAST.multiply,
    "/": _FAST.divide,
}
_HUNDRED = Decimal(100)


def _compile(node: _Node) -> _Compiled:
    """Closures computing the node's Decimal, raising _Fallback where the tree walk gives Undefined.

    Same operations, in the same order, in the same context as `_evaluate`: whenever the closures
    return, `_evaluate` returns the identical Decimal; missing inputs, zero divisors and decimal errors
    leave the answer (and its Undefined details) to `_evaluate`.
    """
    if isinstance(node, _Num):
        constant = node.value
        return lambda lookup: constant
    if isinstance(node, _Ref):
        code = node.code

        def reference(lookup: Callable[[str], Decimal | None]) -> Decimal:
            value = lookup(code)
            if value is None or not value.is_finite():
                raise _Missing
            return value

        return reference
    if isinstance(node, _Chain):
        first = _compile(node.first)
        steps = tuple((op, _FAST_OPERATORS[op], _compile(operand)) for op, operand in node.rest)
        if len(steps) == 1 and steps[0][0] != "/":
            ((_, apply, second),) = steps
            return lambda lookup: apply(first(lookup), second(lookup))

        def chain(lookup: Callable[[str], Decimal | None]) -> Decimal:
            # `_evaluate` computes every operand before applying any operator; so do we.
            total = first(lookup)
            values = [operand(lookup) for _, _, operand in steps]
            for (op, apply, _), value in zip(steps, values, strict=True):
                if op == "/" and value == 0:
                    raise _Fallback
                total = apply(total, value)
            return total

        return chain
    args = tuple(_compile(arg) for arg in node.args)
    if node.name == "if":
        condition, when_true, when_false = args
        return lambda lookup: (when_true if condition(lookup) != 0 else when_false)(lookup)
    if node.name == "pct":
        numerator, denominator = args

        def pct(lookup: Callable[[str], Decimal | None]) -> Decimal:
            part, whole = numerator(lookup), denominator(lookup)
            if whole == 0:
                raise _Fallback
            return _FAST.divide(_FAST.multiply(part, _HUNDRED), whole)

        return pct
    if node.name == "sum":
        return lambda lookup: functools.reduce(_FAST.add, [arg(lookup) for arg in args])
    pick = min if node.name == "min" else max
    return lambda lookup: pick([arg(lookup) for arg in args])


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its source text and the row codes it references (build with parse_formula)."""

    source: str
    references: tuple[str, ...]
    _tree: _Node = field(repr=False, compare=False)

    @functools.cached_property
    def _compiled(self) -> _Compiled:
        return _compile(self._tree)

    def __getstate__(self) -> dict[str, object]:
        # The compiled closures are a cache: not picklable, rebuilt on first use.
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    def evaluate(self, lookup: Callable[[str], Decimal | None]) -> Result:
        """Evaluate with `lookup` giving each referenced cell (None when missing).

        Arithmetic uses its own decimal context (34 significant digits, half-even), whatever the
        caller's context. A lookup value that is not a finite number (NaN, Infinity) counts as missing.
        The only decimal error finite inputs can still cause is an exponent overflow (results beyond
        10^999999, i.e. absurd inputs); it is reported as Undefined("missing", references) because no
        value can be given. Exceptions raised by `lookup` itself propagate.
        """
        try:
            return self._compiled(lookup)
        except (_Fallback, DecimalException):
            pass
        return self._walk(lookup)

    def evaluate_without_codes(self, lookup: Callable[[str], Decimal | None]) -> Result:
        """As `evaluate`, except that a missing input gives Undefined("missing", ()): no codes named.

        For callers that only need the reason of an Undefined: every missing input makes the reason
        "missing" (it outranks a zero divisor, and a branch of `if` that is not taken is not evaluated),
        so the first missing input settles it.
        """
        try:
            return self._compiled(lookup)
        except _Missing:
            return _SOME_MISSING
        except (_Fallback, DecimalException):
            pass
        return self._walk(lookup)

    def _walk(self, lookup: Callable[[str], Decimal | None]) -> Result:
        try:
            with localcontext(_CONTEXT):
                return _evaluate(self._tree, lookup)
        except DecimalException:
            return Undefined("missing", tuple(sorted(self.references)))


def parse_formula(source: str) -> Formula:
    """Parse formula source text; raise FormulaError (with a Vietnamese message) when it is invalid."""
    if len(source) > _MAX_LENGTH:
        raise FormulaError(source, f"công thức quá dài (tối đa {_MAX_LENGTH} ký tự)")
    parser = _Parser(source)
    tree = parser.parse()
    return Formula(source, tuple(parser.references), tree)


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Order the codes of `formulas` so that every formula comes after the formulas it references."""
    codes = list(formulas)
    rank = {code: i for i, code in enumerate(codes)}
    depends = {code: [ref for ref in formulas[code].references if ref in rank] for code in codes}
    dependents: dict[str, list[str]] = {code: [] for code in codes}
    for code in codes:
        for dependency in depends[code]:
            dependents[dependency].append(code)
    pending = {code: len(depends[code]) for code in codes}
    # Kahn's algorithm, always taking the earliest-inserted ready code, so the order is deterministic.
    ready = [rank[code] for code in codes if pending[code] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        code = codes[heapq.heappop(ready)]
        order.append(code)
        for dependent in dependents[code]:
            pending[dependent] -= 1
            if pending[dependent] == 0:
                heapq.heappush(ready, rank[dependent])
    if len(order) == len(codes):
        return order
    # Every code left over still waits on another left-over code, so walking those edges must loop.
    path: list[str] = []
    seen: dict[str, int] = {}
    code = next(code for code in codes if pending[code] > 0)
    while code not in seen:
        seen[code] = len(path)
        path.append(code)
        code = next(ref for ref in depends[code] if pending[ref] > 0)
    cycle = path[seen[code] :]
    start = min(range(len(cycle)), key=lambda i: rank[cycle[i]])
    raise FormulaCycleError(cycle[start:] + cycle[:start])


def evaluate_all(formulas: Mapping[str, Formula], values: Mapping[str, Decimal | None]) -> dict[str, Result]:
    """Evaluate every formula in dependency order; a formula's Decimal result overrides the stated value."""
    results: dict[str, Result] = {}

    def lookup(code: str) -> Decimal | None:
        computed = results.get(code)
        return computed if isinstance(computed, Decimal) else values.get(code)

    for code in evaluation_order(formulas):
        results[code] = formulas[code].evaluate(lookup)
    return {code: results[code] for code in formulas}
