"""`cchc check` names each finding's rule in Vietnamese in its text output, and keeps the code in JSON;
every rule the checker can emit has a name."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import cchc
from cchc.catalogues import shipped_catalogues
from cchc.cli import main
from cchc.core.validation import DECLARED_RULE_NAME, RULE_NAMES, rule_name

SOURCE = Path(cchc.__file__).parent
# Where findings are made for `cchc check`: the core's rules, the documents' readers and writers, the checker.
CHECKER_SOURCES = sorted(
    [*SOURCE.glob("core/*.py"), *SOURCE.glob("documents/**/*.py"), SOURCE / "checker.py"]
)
CODE = re.compile(r"[a-z]+(?:-[a-z]+)+")


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def emitted_rules(path: Path) -> set[str]:
    """The rule codes a module puts in findings: the first argument (or `rule=`) of `Finding`, of
    `NumberNotice` and of any helper whose first parameter is `rule`; a value given to `rule` or to
    a `…_RULE` constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    makers = {"Finding", "NumberNotice"} | {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "rule"
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in makers:
                first = [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("rule", "code"))]
                found |= {text for arg in first for text in _strings(arg)}
        elif isinstance(node, ast.Assign):
            targets = {getattr(target, "id", "") for target in node.targets}
            if "rule" in targets or any(target.endswith("_RULE") for target in targets):
                found |= _strings(node.value)
    return {text for text in found if CODE.fullmatch(text)}


def test_every_rule_the_checker_can_emit_has_a_vietnamese_name() -> None:
    emitted = set().union(*(emitted_rules(path) for path in CHECKER_SOURCES))
    # The walk sees rules of every kind: a cell's, the narrative's, a number's writing, the layout's.
    assert {"not-a-number", "narrative-total-vs-table", "missing-grouping", "form-missing"} <= emitted
    assert {"section-unwritten", "total-formula", "percent-formula", "unit-report-appendix"} <= emitted
    assert sorted(emitted - set(RULE_NAMES)) == []
    assert sorted(set(RULE_NAMES) - emitted) == []  # no name left for a rule that is gone


def test_a_rule_a_catalogue_declares_is_named_as_one() -> None:
    declared = {rule.id for catalogue in shipped_catalogues() for rule in catalogue.rules}
    assert "dvsncl-bm4-bang-bm6" in declared
    assert not declared & set(RULE_NAMES)
    assert {rule_name(rule) for rule in declared} == {DECLARED_RULE_NAME}


def test_the_text_output_names_rules_in_vietnamese_and_the_json_keeps_the_codes(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(sample_path)])
    text = capsys.readouterr().out
    assert "quy tắc: tỷ lệ trong thuyết minh tính sai; " in text
    assert "quy tắc: số trong thuyết minh khác phụ lục; " in text
    assert "quy tắc: ràng buộc giữa các chỉ tiêu" in text
    main(["check", str(sample_path), "--format", "json"])
    rules = {finding["rule"] for finding in json.loads(capsys.readouterr().out)}
    assert {"narrative-ratio", "narrative-vs-table", "dvsncl-bm4-bang-bm6"} <= rules
    # No code in the text: neither a built-in rule's nor a declared one's.
    assert [rule for rule in rules if rule in text] == []
