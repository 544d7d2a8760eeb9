"""A pytest plugin that records which test runs which lines of the mutated files.

Loaded by the mutation check with `-p tests.mutation.coverage_plugin`; it reads two environment
variables: JILI_MUTATION_DATA (the coverage data file to write), JILI_MUTATION_FILES (the
files to measure, separated by os.pathsep) and JILI_MUTATION_MODULES (the modules to import
before any test, separated by commas). Each test's lines are recorded under its node id
(coverage's "context"), and the plugin writes each test's outcome and duration beside the data
(<data>.tests.json), so failing tests are left out and quick tests tried first.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import coverage
import pytest

_cov: coverage.Coverage | None = None
_tests: dict[str, dict] = {}


def pytest_configure(config: pytest.Config) -> None:
    global _cov
    data = os.environ.get("JILI_MUTATION_DATA")
    if not data or _cov is not None:
        return
    files = [f for f in os.environ.get("JILI_MUTATION_FILES", "").split(os.pathsep) if f]
    _cov = coverage.Coverage(data_file=data, include=files, config_file=False)
    _cov.start()
    # import the mutated modules now, outside any test: what runs at import (decorators that
    # register rules) is then recorded as no test's, not as the first test's that imports it
    for module in os.environ.get("JILI_MUTATION_MODULES", "").split(","):
        if module:
            importlib.import_module(module)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    if _cov is not None:
        _cov.switch_context(item.nodeid)
    yield
    if _cov is not None:
        _cov.switch_context("")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _tests.setdefault(report.nodeid, {"passed": True, "seconds": 0.0})
    entry["seconds"] += report.duration
    if report.failed or (report.when == "call" and report.skipped):
        entry["passed"] = False  # a skipped test proves nothing, a failing one is no judge


def pytest_unconfigure(config: pytest.Config) -> None:
    global _cov
    if _cov is None:
        return
    _cov.stop()
    _cov.save()
    Path(os.environ["JILI_MUTATION_DATA"] + ".tests.json").write_text(json.dumps(_tests), "utf-8")
    _cov = None
