"""What the mutation check mutates, and the named mutants it must kill: the one place to edit
when code moves.

Modules are named by import path, not by file, so a file that moves inside its package is
still found; a named mutant names its function by qualified name and finds it in any module of
`generator` if its module no longer has it. A target or named mutant that matches nothing is
reported as stale and fails the run, so a move is noticed, not silently skipped.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A module (or every module of a package) to mutate; `functions` limits it to some
    functions by qualified name (methods as `Class.method`)."""

    module: str
    functions: tuple[str, ...] | None = None
    package: bool = False


#: the validation rules and the derived-facts core (issue 12, item 7)
TARGETS: tuple[Target, ...] = (
    Target("generator.rules", package=True),
    Target("generator.derived"),
    Target("generator.snapshot", functions=("Snapshot._recommended_by", "Snapshot.recommended_by",
                                            "Snapshot.awards")),
    # the facts the pages resolve nominations and awards by
    Target("generator.facts", functions=("collect",)),
)


@dataclass(frozen=True)
class Named:
    """A hand-written change the tests must catch: in `function`, the one node of type `node`
    whose source (as `ast.unparse` writes it) is `find` becomes `replace`."""

    name: str
    why: str
    module: str
    function: str
    node: type[ast.AST]
    find: str
    replace: str


#: the six changes issue 12 found surviving the whole suite, kept as named mutants
NAMED: tuple[Named, ...] = (
    Named("a-C004-ignores-level", "C004 no longer checks the nominee's level against the category",
          "generator.derived", "counted_nominee", ast.BoolOp,
          "nominee is None or nominee.level != level", "nominee is None"),
    Named("b1-recommended-ignores-errors", "an entry counts as recommended although its application has errors",
          "generator.derived", "recommended_pairs", ast.BoolOp,
          "app is not None and valid(app)", "app is not None"),
    Named("b2-rule-ignores-errors", "the rules' recommended entries no longer ask whether the application passes",
          "generator.rules.recommendations", "recommended_entries", ast.Lambda,
          "lambda app: ctx.file_ok(app.path)", "lambda app: True"),
    Named("c-recommended-by-ignores-nominee", "the lists that recommended a nominee are looked up by applicant only",
          "generator.snapshot", "Snapshot.recommended_by", ast.Call,
          "self._recommended_by.get((year, measure, applicant, name), ())",
          "next((recs for key, recs in self._recommended_by.items() if key[:3] == (year, measure, applicant)), ())"),
    Named("d1-check-file-ignores-clock-free", "a file's own check judges the clock although asked not to",
          "generator.validate", "Checker.check_file", ast.BoolOp,
          "clock_free and getattr(rule, 'uses_clock', False)", "False"),
    Named("d2-check-other-ignores-clock-free", "an attachment's own check judges the clock although asked not to",
          "generator.validate", "Checker.check_other", ast.BoolOp,
          "clock_free and getattr(rule, 'uses_clock', False)", "False"),
    Named("e-stats-count-duplicates", "the statistics count an entry on two lists twice",
          "generator.opendata.stats", "view", ast.SetComp,
          "{(entry.applicant, nominee_name(facts, year, number, entry.applicant, entry.nominee)) "
          "for rec in facts.recommendations_by_measure.get((year, number), []) "
          "for category in rec.categories for entry in category.entries}",
          "[(entry.applicant, nominee_name(facts, year, number, entry.applicant, entry.nominee)) "
          "for rec in facts.recommendations_by_measure.get((year, number), []) "
          "for category in rec.categories for entry in category.entries]"),
    Named("f-measure-page-never-recommended", "the 获推荐 column of a measure page always says 否",
          "generator.site.measures", "nominee_rows", ast.IfExp,
          "'是' if n.name in named else '否'", "'否'"),
)

#: test files the check never runs: they need a browser or a forge, or spend minutes setting up
#: a pipeline, and they reach the rules only through the same calls the fast tests make
SLOW_TESTS: tuple[str, ...] = (
    "tests/browser/",
    "tests/test_gitlab_pipeline.py",
    "tests/test_gitea_workflows.py",
    "tests/test_publish_script.py",
    "tests/test_deploy_guide.py",
    "tests/test_mutation_smoke.py",
)

#: mutants that change nothing anyone can observe, by id, each with the reason
EQUIVALENT: dict[str, str] = {
}
