"""Tests for the catalogue formula language (cchc.core.formula)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.formula import (
    Formula,
    FormulaCycleError,
    FormulaError,
    Result,
    Undefined,
    evaluate_all,
    evaluation_order,
    parse_formula,
)


def evaluate(source: str, values: Mapping[str, int | str | None] | None = None) -> Result:
    cells = {code: None if v is None else Decimal(v) for code, v in (values or {}).items()}
    return parse_formula(source).evaluate(cells.get)


def formulas(**by_code: str) -> dict[str, Formula]:
    # Row codes contain "-", which keyword arguments cannot: spell them with "_".
    return {code.replace("_", "-"): parse_formula(source) for code, source in by_code.items()}


# --- worked examples -------------------------------------------------------------------------------


def test_it_computes_a_percentage_that_callers_round_to_two_places() -> None:
    result = evaluate("pct(43380, 45700)")
    assert isinstance(result, Decimal)
    assert result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == Decimal("94.92")
    assert result == Decimal("94.92341356673960612691466083150985")


def test_it_does_not_round_a_percentage_itself() -> None:
    assert evaluate("pct(1, 3)") == Decimal("33.33333333333333333333333333333333")


def test_it_sums_references() -> None:
    values: dict[str, int | str | None] = {"BM2-1.1": 3, "BM2-1.2": "4.5", "BM2-1.3": 10}
    assert evaluate("BM2-1.1 + BM2-1.2 + BM2-1.3", values) == Decimal("17.5")
    assert evaluate("sum(BM2-1.1, BM2-1.2, BM2-1.3)", values) == Decimal("17.5")


def test_it_gives_multiplication_precedence_over_addition() -> None:
    assert evaluate("1 + 2 * 3") == 7
    assert evaluate("(1 + 2) * 3") == 9
    assert evaluate("10 - 4 - 3") == 3
    assert evaluate("24 / 4 / 2") == 3


def test_it_applies_unary_minus_and_plus() -> None:
    assert evaluate("-3 + 5") == 2
    assert evaluate("2 * -3") == -6
    assert evaluate("--3") == 3
    assert evaluate("-(1 + 2)") == -3
    assert evaluate("+4") == 4
    assert evaluate("−BM1-1", {"BM1-1": 7}) == -7


def test_it_accepts_the_unicode_operators() -> None:
    assert evaluate("6 × 2 ÷ 4 − 1") == 2
    assert evaluate("2 ≤ 2") == 1
    assert evaluate("3 ≥ 4") == 0
    assert evaluate("3 ≠ 4") == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 < 2", 1),
        ("2 < 2", 0),
        ("2 <= 2", 1),
        ("3 > 2", 1),
        ("2 >= 3", 0),
        ("2 = 2.00", 1),
        ("2 == 3", 0),
        ("2 != 3", 1),
        ("1 + 1 = 2", 1),
        ("(1 < 2) + (3 < 4)", 2),
    ],
)
def test_it_evaluates_comparisons_to_one_or_zero(source: str, expected: int) -> None:
    assert evaluate(source) == Decimal(expected)


def test_it_evaluates_min_and_max() -> None:
    assert evaluate("min(3, 1.5, 2)") == Decimal("1.5")
    assert evaluate("max(3, 1.5, 2)") == 3
    assert evaluate("max(-1)") == -1


def test_it_evaluates_the_chosen_branch_of_if() -> None:
    source = "if(BM1-2.1 > 0, pct(BM1-2.2, BM1-2.1), 0)"
    assert evaluate(source, {"BM1-2.1": 8, "BM1-2.2": 2}) == 25
    assert evaluate(source, {"BM1-2.1": 0, "BM1-2.2": 2}) == 0


def test_it_ignores_a_missing_reference_in_the_untaken_branch_of_if() -> None:
    assert evaluate("if(1, 5, BM1-1)") == 5
    assert evaluate("if(0, BM1-1, 7)") == 7
    assert evaluate("if(BM1-2 > 0, BM1-1, 7)", {"BM1-2": 0}) == 7
    assert evaluate("if(1, 5, 1 / 0)") == 5


def test_it_reports_a_missing_condition_of_if() -> None:
    assert evaluate("if(BM1-2, 1, 2)") == Undefined("missing", ("BM1-2",))


def test_it_parses_numbers_exactly() -> None:
    assert evaluate("0.1 + 0.2") == Decimal("0.3")
    result = evaluate("123456789012345678901234567890")
    assert isinstance(result, Decimal)
    assert result.as_tuple() == Decimal("123456789012345678901234567890").as_tuple()


def test_it_ignores_the_callers_decimal_context() -> None:
    with localcontext() as context:
        context.prec = 3
        result = evaluate("pct(43380, 45700)")
    assert result == Decimal("94.92341356673960612691466083150985")


def test_it_allows_free_whitespace() -> None:
    assert evaluate(" \tsum( BM1-1 ,\n2 )\u00a0", {"BM1-1": 1}) == 3


# --- references ------------------------------------------------------------------------------------


def test_it_lists_references_once_in_order_of_first_appearance() -> None:
    formula = parse_formula("BM2-1 + BM1-1 * BM2-1 + sum(NT-1, BM1-1, BM3-3.1.2)")
    assert formula.references == ("BM2-1", "BM1-1", "NT-1", "BM3-3.1.2")
    assert formula.source == "BM2-1 + BM1-1 * BM2-1 + sum(NT-1, BM1-1, BM3-3.1.2)"


def test_it_lists_no_references_for_a_constant() -> None:
    assert parse_formula("1 + 2").references == ()


def test_it_compares_formulas_by_source_and_references() -> None:
    assert parse_formula("BM1-1 + 1") == parse_formula("BM1-1 + 1")
    assert parse_formula("BM1-1 + 1") != parse_formula("BM1-1+1")


# --- undefined results -----------------------------------------------------------------------------


def test_it_collects_every_missing_input_sorted_and_unique() -> None:
    result = evaluate("BM1-3 + BM1-1 * BM1-2 + BM1-1 + NT-1", {"NT-1": 1})
    assert result == Undefined("missing", ("BM1-1", "BM1-2", "BM1-3"))


def test_it_collects_missing_inputs_across_function_arguments() -> None:
    result = evaluate("sum(BM1-2, pct(BM1-1, 4), max(2, BM1-3))", {"BM1-2": 1})
    assert result == Undefined("missing", ("BM1-1", "BM1-3"))


def test_it_treats_a_non_finite_lookup_value_as_missing() -> None:
    assert evaluate("BM1-1 + 1", {"BM1-1": "NaN"}) == Undefined("missing", ("BM1-1",))
    assert evaluate("BM1-1 + 1", {"BM1-1": "Infinity"}) == Undefined("missing", ("BM1-1",))


def test_it_reports_division_by_zero_with_the_divisor_codes() -> None:
    values = {"BM1-1": 1, "BM1-2": 2, "BM1-3": 2}
    assert evaluate("BM1-1 / (BM1-3 - BM1-2)", values) == Undefined("division-by-zero", ("BM1-2", "BM1-3"))
    assert evaluate("pct(BM1-1, BM1-2 - 2)", values) == Undefined("division-by-zero", ("BM1-2",))
    assert evaluate("pct(5, 0)") == Undefined("division-by-zero", ())
    assert evaluate("1 + 2 / 0") == Undefined("division-by-zero", ())


def test_it_lets_a_missing_input_take_precedence_over_division_by_zero() -> None:
    assert evaluate("BM1-1 / 0 + BM1-9", {"BM1-1": 1}) == Undefined("missing", ("BM1-9",))
    assert evaluate("BM1-1 / BM1-2", {"BM1-2": 0}) == Undefined("missing", ("BM1-1",))
    assert evaluate("pct(BM1-1, 0)") == Undefined("missing", ("BM1-1",))
    assert evaluate("1 / 0 * BM1-1") == Undefined("missing", ("BM1-1",))


def test_it_reports_an_overflow_from_absurd_inputs_as_missing() -> None:
    assert evaluate("BM1-1 * BM1-1", {"BM1-1": "9e999999"}) == Undefined("missing", ("BM1-1",))


# --- evaluation order and evaluate_all -------------------------------------------------------------


def test_it_orders_a_chain_dependencies_first() -> None:
    chain = formulas(BM1_3="BM1-2 + 1", BM1_2="BM1-1 * 2", BM1_1="NT-1")
    assert evaluation_order(chain) == ["BM1-1", "BM1-2", "BM1-3"]


def test_it_orders_a_diamond_breaking_ties_by_insertion_order() -> None:
    diamond = formulas(BM1_4="BM1-2 + BM1-3", BM1_3="BM1-1", BM1_2="BM1-1", BM1_1="NT-1 + NT-2")
    assert evaluation_order(diamond) == ["BM1-1", "BM1-3", "BM1-2", "BM1-4"]


def test_it_keeps_insertion_order_for_independent_formulas() -> None:
    assert evaluation_order(formulas(BM2_1="1", BM1_1="NT-1", BM3_1="2")) == ["BM2-1", "BM1-1", "BM3-1"]
    assert evaluation_order({}) == []


def test_it_rejects_a_cycle_naming_its_codes_in_order() -> None:
    cyclic = formulas(BM9_1="BM1-2", BM1_2="BM1-3 + 1", BM1_3="BM1-1", BM1_1="BM1-2 * 2")
    with pytest.raises(FormulaCycleError) as caught:
        evaluation_order(cyclic)
    assert caught.value.codes == ("BM1-2", "BM1-3", "BM1-1")
    assert "BM1-2 → BM1-3 → BM1-1 → BM1-2" in str(caught.value)


def test_it_rejects_a_self_reference() -> None:
    with pytest.raises(FormulaCycleError) as caught:
        evaluation_order(formulas(BM1_1="NT-1", BM1_2="BM1-2 + 1"))
    assert caught.value.codes == ("BM1-2",)
    assert "BM1-2 → BM1-2" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_it_evaluates_all_formulas_feeding_results_into_later_formulas() -> None:
    catalogue = formulas(BM1_4="pct(BM1-3, BM1-5)", BM1_3="BM1-1 + BM1-2")
    values = {"BM1-1": Decimal(1), "BM1-2": Decimal(2), "BM1-3": Decimal(999), "BM1-5": Decimal(6)}
    results = evaluate_all(catalogue, values)
    assert results == {"BM1-4": Decimal(50), "BM1-3": Decimal(3)}
    assert list(results) == ["BM1-4", "BM1-3"]


def test_it_falls_back_to_the_stated_value_when_a_formula_is_undefined() -> None:
    catalogue = formulas(BM1_3="BM1-1 + BM1-2", BM1_4="pct(BM1-3, BM1-5)")
    values = {"BM1-1": Decimal(1), "BM1-2": None, "BM1-3": Decimal(4), "BM1-5": Decimal(8)}
    results = evaluate_all(catalogue, values)
    assert results == {"BM1-3": Undefined("missing", ("BM1-2",)), "BM1-4": Decimal(50)}


def test_it_reports_missing_when_neither_formula_nor_stated_value_is_available() -> None:
    catalogue = formulas(BM1_3="BM1-1 / BM1-2", BM1_4="BM1-3 + 1")
    results = evaluate_all(catalogue, {"BM1-1": Decimal(1), "BM1-2": Decimal(0)})
    assert results == {
        "BM1-3": Undefined("division-by-zero", ("BM1-2",)),
        "BM1-4": Undefined("missing", ("BM1-3",)),
    }


def test_it_refuses_to_evaluate_all_with_a_cycle() -> None:
    with pytest.raises(FormulaCycleError):
        evaluate_all(formulas(BM1_1="BM1-2", BM1_2="BM1-1"), {})


# --- hostile and malformed input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os')",
        "BM1-2.__class__",
        "lambda: 1",
        "a[0]",
        '"str"',
        "1e999",
        "exec(1)",
        "sum()",
        "min()",
        "pct(1)",
        "pct(1, 2, 3)",
        "if(1,2)",
        "x" * 1001,
        "1+" * 500 + "1",
        "(" * 60 + "1" + ")" * 60,
        "(" * 10_000 + "1" + ")" * 10_000,
        "(" * 490,
        "sum(" * 60 + "1" + ")" * 60,
        "1\x00",
        "",
        "   ",
        "1 +",
        ")(",
        "(1",
        "(1))",
        "1 2",
        "1 < 2 < 3",
        "1.",
        "1.2.3",
        ".5",
        "1,2",
        "sum",
        "SUM(1)",
        "bm1-2",
        "BM1",
        "BM1-",
        "BM1-2abc",
        "pct(1 2)",
        "os.system",
        "1 ** 2",
        "1 // 2",
        "٣ + 1",
        "1" * 31,
        "x = 1",
        "{1}",
    ],
)
def test_it_rejects_hostile_or_malformed_input_with_a_formula_error(source: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert str(caught.value).startswith("Công thức «")
    assert caught.value.source == source


def test_it_names_the_position_of_an_invalid_character() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("BM1-2 @ 3")
    assert str(caught.value) == "Công thức «BM1-2 @ 3»: ký tự không hợp lệ «@» ở vị trí 7."
    assert caught.value.position == 7
    assert caught.value.message == str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_it_shows_a_nul_byte_visibly() -> None:
    with pytest.raises(FormulaError, match="ký tự không hợp lệ «U\\+0000» ở vị trí 2"):
        parse_formula("1\x00")


def test_it_reports_a_missing_closing_parenthesis_at_the_opening_one() -> None:
    with pytest.raises(FormulaError, match="thiếu dấu đóng ngoặc") as caught:
        parse_formula("2 * (1 + 3")
    assert caught.value.position == 5


def test_it_rejects_an_unsupported_function_naming_the_allowed_ones() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("exec(1)")
    assert "hàm «exec» không được hỗ trợ (chỉ dùng: sum, pct, min, max, if)" in str(caught.value)


def test_it_rejects_a_too_long_formula_without_a_position() -> None:
    with pytest.raises(FormulaError, match=r"công thức quá dài \(tối đa 1000 ký tự\)") as caught:
        parse_formula("1" + " " * 1000)
    assert caught.value.position is None


def test_it_rejects_wrong_arity_naming_the_function() -> None:
    with pytest.raises(FormulaError, match="hàm «if» cần đúng 3 đối số"):
        parse_formula("if(1, 2)")
    with pytest.raises(FormulaError, match="hàm «sum» cần ít nhất 1 đối số"):
        parse_formula("sum()")


def test_it_accepts_fifty_levels_of_nesting() -> None:
    assert evaluate("(" * 50 + "1" + ")" * 50) == 1
    assert evaluate("sum(" * 50 + "2" + ")" * 50) == 2


def test_it_accepts_long_flat_formulas_up_to_the_length_limit() -> None:
    assert evaluate("1+" * 499 + "1") == 500
    assert evaluate("-" * 999 + "1") == -1


# --- properties ------------------------------------------------------------------------------------

CODES = ["BM1-1", "BM1-2", "BM3-3.1.2", "NT-1"]
SPELLINGS = {
    "+": ["+"],
    "-": ["-", "−"],
    "*": ["*", "×"],
    "/": ["/", "÷"],
    "<": ["<"],
    "<=": ["<=", "≤"],
    ">": [">"],
    ">=": [">=", "≥"],
    "=": ["=", "=="],
    "!=": ["!=", "≠"],
}
ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "!=": operator.ne,
}

Tree = tuple[Any, ...]
spaces = st.sampled_from(["", " ", "  ", "\t"])
literals = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.decimals(min_value=0, max_value=1000, places=2).map(lambda d: format(d, "f")),
    st.just("0"),
)
leaves = st.one_of(st.tuples(st.just("num"), literals), st.tuples(st.just("ref"), st.sampled_from(CODES)))


def extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("bin"), st.sampled_from(list(SPELLINGS)), children, children),
        st.tuples(st.just("call"), st.just("pct"), st.tuples(children, children)),
        st.tuples(
            st.just("call"),
            st.sampled_from(["sum", "min", "max"]),
            st.lists(children, min_size=1, max_size=3),
        ),
        st.tuples(st.just("call"), st.just("if"), st.tuples(children, children, children)),
    )


trees = st.recursive(leaves, extend, max_leaves=12)


def render(tree: Tree, draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    kind = tree[0]
    if kind in ("num", "ref"):
        return str(tree[1])
    if kind == "neg":
        sign: str = draw(st.sampled_from(["-", "−"]))
        return sign + render(tree[1], draw)
    if kind == "bin":
        _, op, left, right = tree
        gap = draw(spaces)
        return f"({render(left, draw)}{gap}{draw(st.sampled_from(SPELLINGS[op]))}{gap}{render(right, draw)})"
    _, name, args = tree
    separator = "," + draw(spaces)
    return f"{name}({separator.join(render(arg, draw) for arg in args)})"


def codes_in(tree: Tree) -> set[str]:
    if tree[0] == "ref":
        return {tree[1]}
    if tree[0] == "num":
        return set()
    children = tree[1:] if tree[0] == "neg" else tree[2:] if tree[0] == "bin" else tree[2]
    return set().union(*(codes_in(child) for child in children))


def combine(results: list[Result]) -> Undefined | None:
    missing = {
        code for r in results if isinstance(r, Undefined) and r.reason == "missing" for code in r.codes
    }
    if any(isinstance(r, Undefined) and r.reason == "missing" for r in results):
        return Undefined("missing", tuple(sorted(missing)))
    return next((r for r in results if isinstance(r, Undefined)), None)


def reference(tree: Tree, values: Mapping[str, Decimal | None]) -> Result:
    """The semantics of the language, evaluated directly on the tree."""
    kind = tree[0]
    if kind == "num":
        return Decimal(tree[1])
    if kind == "ref":
        value = values[tree[1]]
        return Undefined("missing", (tree[1],)) if value is None else value
    if kind == "neg":
        operand = reference(tree[1], values)
        return operand if isinstance(operand, Undefined) else -operand
    if kind == "call" and tree[1] == "if":
        condition = reference(tree[2][0], values)
        if isinstance(condition, Undefined):
            return condition
        return reference(tree[2][1] if condition != 0 else tree[2][2], values)
    operands = [tree[2], tree[3]] if kind == "bin" else list(tree[2])
    results = [reference(operand, values) for operand in operands]
    problem = combine(results)
    if problem is not None:
        return problem
    numbers = [r for r in results if isinstance(r, Decimal)]
    name = tree[1]
    if name in COMPARISONS:
        return Decimal(1) if COMPARISONS[name](numbers[0], numbers[1]) else Decimal(0)
    if name in ("/", "pct") and numbers[1] == 0:
        return Undefined("division-by-zero", tuple(sorted(codes_in(operands[1]))))
    if name in ARITHMETIC:
        return ARITHMETIC[name](numbers[0], numbers[1])
    if name == "pct":
        return numbers[0] * 100 / numbers[1]
    if name == "sum":
        total = numbers[0]
        for number in numbers[1:]:
            total += number
        return total
    return min(numbers) if name == "min" else max(numbers)


cell_values = st.one_of(
    st.none(),
    st.just(Decimal(0)),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3),
)


@settings(max_examples=400)
@given(tree=trees, values=st.fixed_dictionaries({code: cell_values for code in CODES}), data=st.data())
def test_it_agrees_with_a_direct_evaluation_of_random_expression_trees(
    tree: Tree, values: dict[str, Decimal | None], data: st.DataObject
) -> None:
    source = render(tree, data.draw)
    formula = parse_formula(source)
    assert set(formula.references) == codes_in(tree)
    with localcontext() as context:
        context.prec = 34
        expected = reference(tree, values)
    assert formula.evaluate(values.get) == expected


formula_alphabet = st.sampled_from(list("BMNT0123456789-.+*/()<>=!, sumpctinaxf×÷−≤≥≠\t_e[]'\"@"))


@settings(max_examples=500)
@given(source=st.one_of(st.text(), st.text(formula_alphabet, max_size=60)))
def test_it_either_parses_or_raises_a_formula_error_for_any_text(source: str) -> None:
    try:
        formula = parse_formula(source)
    except FormulaError as error:
        assert error.source == source
        return
    assert isinstance(formula, Formula)
    assert isinstance(formula.evaluate(lambda code: Decimal(0)), (Decimal, Undefined))
    assert isinstance(formula.evaluate(lambda code: None), (Decimal, Undefined))


@given(
    whole=st.integers(min_value=0, max_value=10**15 - 1),
    fraction=st.text(alphabet="0123456789", max_size=15),
)
def test_it_round_trips_decimal_literals_exactly(whole: int, fraction: str) -> None:
    text = f"{whole}.{fraction}" if fraction else str(whole)
    result = parse_formula(text).evaluate(lambda code: None)
    assert isinstance(result, Decimal)
    assert result.as_tuple() == Decimal(text).as_tuple()
    assert parse_formula("-" + text).evaluate(lambda code: None) == Decimal(text).copy_negate()
