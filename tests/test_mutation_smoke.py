"""The mutation check's machinery (tests/mutation, `make mutation`) on one function: its
configuration still matches the code, a mutant is applied where it should be, and a run tells
a killed mutant from a surviving one. The check itself is too slow for the suite."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.mutation.__main__ import make_copy, run_mutant
from tests.mutation.mutants import all_target_mutants, apply, of_module, of_named
from tests.mutation.targets import EQUIVALENT, NAMED, TARGETS

ROOT = Path(__file__).resolve().parent.parent


def test_every_target_and_named_mutant_is_found_in_the_code():
    mutants, stale = all_target_mutants(TARGETS, ROOT)
    assert not stale
    modules = {m.module for m in mutants}
    assert {"generator.rules.recommendations", "generator.derived", "generator.snapshot"} <= modules
    for named in NAMED:
        of_named(named, ROOT)  # raises if its function or node is gone or ambiguous
    ids = {m.id for m in mutants}
    assert not [i for i in EQUIVALENT if i not in ids], "an equivalent mutant is listed that no longer exists"


def test_mutants_of_one_function_change_only_their_span():
    mutants = of_module("generator.derived", ROOT, ("counted_nominee",))
    operators = {m.operator for m in mutants}
    assert {"compare", "and-or", "drop-condition", "return-early"} <= operators
    source = (ROOT / "generator/derived.py").read_bytes()
    original = ast.dump(ast.parse(source))
    for m in mutants:
        changed = apply(source, m)
        assert ast.dump(ast.parse(changed)) != original, m.id
        # lines outside the mutated function are untouched
        assert changed.splitlines()[:m.start[0] - 1] == source.splitlines()[:m.start[0] - 1]
    flipped = next(m for m in mutants if m.before == "nominee.level != level")
    assert flipped.after == "(nominee.level == level)"
    assert b"nominee.level == level" in apply(source, flipped)


@pytest.mark.parametrize("test, status", [
    ("tests/test_derived.py::test_counted_nominee_needs_a_valid_application_and_the_category_level", "killed"),
    ("tests/test_derived.py::test_nominee_of_an_entry", "survived"),
])
def test_a_named_mutant_is_killed_only_by_a_test_that_checks_it(tmp_path, test, status):
    mutant = of_named(next(n for n in NAMED if n.name == "a-C004-ignores-level"), ROOT)
    copy = make_copy(tmp_path, "copy")
    assert run_mutant(copy, mutant, [test], timeout=120)[0] == status
    assert (copy / mutant.path).read_bytes() == (ROOT / mutant.path).read_bytes()  # restored
