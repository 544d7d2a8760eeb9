"""Rules take a small typed context (generator/rules/context.py: RuleContext), not the Checker:
every attribute a rule reads is declared there, and the Checker provides each one."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from generator.repository import Repository
from generator.rules import context as rule_context
from generator.validate import Checker
from tests.conftest import REPO

RULES = Path(rule_context.__file__).parent


def _declared() -> set[str]:
    protocol = rule_context.RuleContext
    names = {n for n in vars(protocol) if not n.startswith("_")}
    return names | set(getattr(protocol, "__annotations__", {}))


def _used() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted(RULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ctx":
                used.setdefault(node.attr, set()).add(path.name)
    return used


def test_rules_use_only_what_the_context_declares() -> None:
    used = _used()
    assert used, "no rule reads its context?"
    undeclared = {name: files for name, files in used.items() if name not in _declared()}
    assert not undeclared, undeclared


def test_the_checker_provides_the_whole_context() -> None:
    checker = Checker(Repository(REPO))
    for name in _declared():
        assert hasattr(checker, name), name


def test_every_rule_is_typed_with_the_context() -> None:
    from generator.rules import COLLECTION_RULES, FILE_RULES, FOLDER_RULES, OTHER_RULES, PATH_RULES

    rules = [*COLLECTION_RULES, *PATH_RULES, *FOLDER_RULES,
             *(r for rs in FILE_RULES.values() for r in rs), *(r for rs in OTHER_RULES.values() for r in rs)]
    assert len(rules) > 30
    for rule in rules:
        annotation = inspect.signature(rule).parameters["ctx"].annotation
        assert annotation in ("RuleContext", rule_context.RuleContext), rule.__name__


def test_every_diagnostic_is_worded_in_the_programmes_terms() -> None:
    """`diagnostics.make` falls back to plain words without the programme's terms; every call in
    the generator passes them (a rule's `ctx.diag` does so itself)."""
    missing = []
    for path in sorted((RULES.parent).rglob("*.py")):
        if path.name == "diagnostics.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "make"
                    and len(node.args) >= 3 and not any(k.arg == "terms" for k in node.keywords)):
                missing.append(f"{path.relative_to(RULES.parent)}:{node.lineno}")
    assert not missing, missing
