"""The Jinja environment a Word template is filled in: only plain data, only allow-listed operations.

A template is a file staff upload, so it is hostile until proven otherwise. Beyond Jinja's sandbox:
- attributes: a dict gives its keys (never its methods), a loop its counters, a text a few case
  methods; nothing else has an attribute a template can reach (an image is an opaque placeholder);
- calls: only macros the template defines and those text methods; no globals (range, lipsum, dict…);
- filters: a list of ones whose output is no bigger than their input, give or take;
- arithmetic: operands and results beyond 18 digits are refused, powers above small bounds too, and
  texts built by +, * or ~ beyond 100.000 characters; a rendered part beyond 50 MB is refused.
CPU time is bounded by the worker that fills an uploaded template (cchc.untrusted.worker).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro, markup_join
from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "MAX_OUTPUT_CHARS",
    "MAX_TEXT_CHARS",
    "TemplateEnvironment",
    "TemplateLimit",
    "plain_context",
    "reach_problem",
]

MAX_DIGITS = 18
MAX_TEXT_CHARS = 100_000
MAX_OUTPUT_CHARS = 50_000_000
_MAX_EXPONENT = 10
_MAX_BASE = 10**6

_FILTERS = [
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "int",
    "items",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "max",
    "min",
    "reverse",
    "round",
    "sort",
    "string",
    "striptags",
    "sum",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
]
_TEXT_METHODS = frozenset({"lower", "upper", "capitalize", "title", "strip", "startswith", "endswith"})
_LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "cycle"}
)
_NUMBER = (int, float, Decimal)


class TemplateLimit(SecurityError):
    """A template refused by one of the limits above; the message is Vietnamese."""


def _refuse_number(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, _NUMBER):
        return
    too_big = value.bit_length() > 60 if isinstance(value, int) else abs(value) >= 10**MAX_DIGITS
    if too_big:
        raise TemplateLimit(f"phép tính với số quá lớn (quá {MAX_DIGITS} chữ số) bị từ chối")


def _refuse_text(value: Any) -> None:
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEXT_CHARS:
        raise TemplateLimit(f"chuỗi dài quá {MAX_TEXT_CHARS:,} ký tự bị từ chối".replace(",", "."))


class _BoundedConcat(CodeGenerator):
    """Compiles `a ~ b` through the environment, so that texts built by joining are bounded too."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_bounded((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


def _bounded_concat(parts: Iterable[str]) -> str:
    """The rendered part, refused beyond MAX_OUTPUT_CHARS (a loop writing without end)."""
    pieces: list[str] = []
    size = 0
    for piece in parts:
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateLimit("mẫu sinh ra nội dung quá lớn (quá 50 triệu ký tự) bị từ chối")
        pieces.append(piece)
    return "".join(pieces)


class TemplateEnvironment(SandboxedEnvironment):
    """Jinja's sandbox narrowed to plain data and allow-listed operations (module docstring)."""

    code_generator_class = _BoundedConcat
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    concat = staticmethod(_bounded_concat)

    def __init__(
        self, *, context: dict[str, Any] | None = None, images: frozenset[str] = frozenset()
    ) -> None:
        """With `context`, every source is read before it is compiled (reach_problem)."""
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in _FILTERS}
        self.reach = (context, images) if context is not None else None

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        """A template from its source, refused first when its tags reach past the report's data."""
        if self.reach is not None and isinstance(source, str):
            problem = reach_problem(self, source, *self.reach)
            if problem is not None:
                raise TemplateLimit(problem)
        return super().from_string(source, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only a loop's counters and a few text methods are attributes a template may reach."""
        if isinstance(obj, LoopContext):
            return attr in _LOOP_ATTRIBUTES
        return isinstance(obj, str) and attr in _TEXT_METHODS

    def is_safe_callable(self, obj: Any) -> bool:
        """Macros of the template, the allow-listed text methods and loop.cycle."""
        if isinstance(obj, Macro):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _TEXT_METHODS
        return isinstance(owner, LoopContext) and name == "cycle"

    def wrap_str_format(self, value: Any) -> None:
        """No str.format: its format specs reach attributes and build texts of any size."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A dict's key (never one of its methods); otherwise the sandbox's rules."""
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """A dict's key, a list's or text's position; nothing reaches attributes through [ ]."""
        if isinstance(obj, dict | list | tuple | str):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=argument)
        return self.unsafe_undefined(obj, str(argument))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Refuse every call that is not on the allow-list (is_safe_callable)."""
        if not __self.is_safe_callable(__obj):
            raise TemplateLimit("mẫu gọi một hàm không được phép")
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        """Arithmetic on bounded numbers; repetition and joining of bounded texts."""
        for value in (left, right):
            _refuse_number(value)
            _refuse_text(value)
        if operator_ == "**" and not (
            isinstance(right, int) and 0 <= right <= _MAX_EXPONENT and abs(left) <= _MAX_BASE
        ):
            raise TemplateLimit("lũy thừa quá lớn bị từ chối")
        if operator_ == "*":
            for sequence, times in ((left, right), (right, left)):
                repeated = isinstance(sequence, str | list | tuple) and isinstance(times, int)
                if repeated and len(sequence) * times > MAX_TEXT_CHARS:
                    raise TemplateLimit("chuỗi lặp quá dài bị từ chối")
        result = super().call_binop(context, operator_, left, right)
        _refuse_number(result)
        _refuse_text(result)
        return result

    def join_bounded(self, parts: tuple[Any, ...]) -> str:
        """`a ~ b ~ …`, refused beyond MAX_TEXT_CHARS."""
        result = markup_join(parts)
        _refuse_text(result)
        return result


_PLAIN = (str, int, Decimal, bool, type(None))


def plain_context(value: Any, *, opaque: tuple[type, ...] = ()) -> Any:
    """`value` checked to be plain data: texts, numbers, lists and dicts of those (tuples become lists).

    A template can reach nothing but data through it. `opaque` names the placeholder types allowed
    besides (images), which have no attribute a template may reach.
    """
    if isinstance(value, _PLAIN) or (opaque and isinstance(value, opaque)):
        return value
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("template context keys must be texts")
        return {key: plain_context(item, opaque=opaque) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_context(item, opaque=opaque) for item in value]
    raise TypeError(f"not plain data in a template context: {type(value).__name__}")


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "…"


def _unknown(tag: str) -> str:
    return (
        f"Mẫu có thẻ «{tag}» không có trong danh sách thẻ của báo cáo (xem hướng dẫn «Sửa câu chữ: mẫu Word»)"
    )


def reach_problem(
    environment: SandboxedEnvironment, source: str, context: dict[str, Any], images: frozenset[str]
) -> str | None:
    """Why a template's tags reach past the report's data, or None; read from the source, not run.

    A tag guarded by `is defined` never fails at run time, so the upload check reads every name and
    attribute: names must be the report's (or the template's own variables), no attribute may start
    with "_" or be asked of an image, a dict's attributes must be its keys, a text's its allowed methods.
    """
    tree = environment.parse(source)
    if next(tree.find_all((nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)), None) is not None:
        return (
            "Mẫu có thẻ {% autoescape %}: báo cáo luôn in số liệu và chữ đã thoát ký tự; không dùng mẫu này"
        )
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    assigned |= {node.name for node in tree.find_all(nodes.Macro)}
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            return f"Mẫu có thẻ «{_dotted(node)}» gọi tới thuộc tính ẩn; không dùng mẫu này"
        if not isinstance(node.node, nodes.Name) or node.node.name in assigned:
            continue
        owner = node.node.name
        value = context.get(owner)
        if owner in images:
            return f"Mẫu có thẻ «{_dotted(node)}»: hình biểu đồ chỉ được in ra, không có thuộc tính"
        if isinstance(value, dict) and node.attr not in value:
            return _unknown(_dotted(node))
        if isinstance(value, str) and node.attr not in _TEXT_METHODS:
            return _unknown(_dotted(node))
    for item in tree.find_all(nodes.Getitem):
        key = item.arg.value if isinstance(item.arg, nodes.Const) else None
        if isinstance(key, str) and key.startswith("_"):
            return f"Mẫu có thẻ «{_dotted(item.node)}[{key!r}]» gọi tới thuộc tính ẩn; không dùng mẫu này"
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in context and name.name not in assigned | {"loop"}:
            return _unknown(name.name)
    return None
