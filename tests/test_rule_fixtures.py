"""Every diagnostic code has a fixture that passes and one that fails with that code.

Layout of tests/fixtures/rules/<CODE>-<what>/ (see README.md there):
  base/         optional: committed first; the run then checks `--changed-since` that commit
  valid/        laid over a copy of the repository's reference data: must pass with no findings
  invalid/      likewise: must fail with exactly the findings in expected.txt
  remove.txt    optional: repository paths deleted in the invalid variant
  args.txt      optional: extra arguments to `jili validate` (one per line)
  expected.txt  "path:line:col CODE" per line, optionally followed by the text the finding must
                read, exactly as `jili validate` prints it after "[CODE] " (message, basis, hint)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.codes import CODES
from tests.conftest import commit_all, copy_repository, overlay

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


def _prepare(case: Path, variant: str, root: Path) -> list[str]:
    copy_repository(root)
    args = ["validate", "--root", str(root), "--format", "json"]
    extra = case / "args.txt"
    if extra.exists():
        args += [line.strip() for line in extra.read_text("utf-8").splitlines() if line.strip()]
    if (case / "base").is_dir():
        overlay(case / "base", root)
        base = commit_all(root)
        args += ["--changed-since", base]
    overlay(case / variant, root)
    if variant == "invalid" and (case / "remove.txt").exists():
        for line in (case / "remove.txt").read_text("utf-8").splitlines():
            if line.strip():
                (root / line.strip()).unlink()
    return args


EXPECTED = re.compile(r"(?P<place>\S+:[0-9]+:[0-9]+ [A-Z][0-9]{3})(?: (?P<text>.+))?\Z")


def _findings(out: str) -> set[str]:
    return {f"{d['path']}:{d['line']}:{d['col']} {d['code']}" for d in json.loads(out)}


def _texts(out: str) -> set[str]:
    """Each finding with its text as the text format prints it (without a knock-on note)."""
    found = set()
    for d in json.loads(out):
        text = d["message"] + (f"（依据：{d['source']}）" if d["source"] else "")
        text += f" 提示：{d['hint']}" if d["hint"] else ""
        found.add(f"{d['path']}:{d['line']}:{d['col']} {d['code']} {text}")
    return found


def _expected(case: Path) -> tuple[set[str], set[str]]:
    """(places with codes, full lines that also give the text) of a case's expected.txt."""
    places, texts = set(), set()
    for line in (case / "expected.txt").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        m = EXPECTED.match(line.strip())
        assert m, f"{case.name}: cannot read expected line {line!r}"
        places.add(m["place"])
        if m["text"]:
            texts.add(line.strip())
    return places, texts


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_valid_fixture_passes(case: Path, tmp_path: Path, cli) -> None:
    args = _prepare(case, "valid", tmp_path / "repo")
    result = cli(*args)
    assert _findings(result.out) == set(), result.out
    assert result.code == 0, result.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture_fails_with_its_code(case: Path, tmp_path: Path, cli) -> None:
    args = _prepare(case, "invalid", tmp_path / "repo")
    expected, texts = _expected(case)
    code = case.name.split("-", 1)[0]
    assert any(line.endswith(" " + code) for line in expected), f"{case.name}: expected.txt must name {code}"
    result = cli(*args)
    errors = any(CODES[line.rsplit(" ", 1)[1]].severity == "error" for line in expected)
    assert result.code == (1 if errors else 0), result.err
    assert _findings(result.out) == expected, result.out
    missing = texts - _texts(result.out)
    assert not missing, f"text differs: {sorted(missing)}\nactual: {sorted(_texts(result.out))}"


#: Codes checked by other tests rather than repository fixtures, and where: they need git state
#: (modes, submodules, a base commit with logins), sparse files or characters a fixture file
#: would carry invisibly.
ELSEWHERE = {
    "test_loader.py": ("Y001", "Y002", "Y012"),
    "test_authorize.py": ("U001", "U002", "U003"),
    "test_codeowners.py": ("U004",),
    "test_gate.py": ("Y013", "Y014", "N008", "N009", "U005", *(f"F{n:03d}" for n in range(1, 14))),
}


def test_every_code_has_a_fixture() -> None:
    covered = {c.name.split("-", 1)[0] for c in CASES}
    elsewhere = set()
    for name, codes in ELSEWHERE.items():
        text = (Path(__file__).parent / name).read_text("utf-8")
        for code in codes:
            assert re.search(rf"\b{code}\b", text), f"{code} is said to be tested in {name}, which never names it"
        elsewhere.update(codes)
    missing = sorted(set(CODES) - covered - elsewhere)
    assert not missing, f"codes without a fixture: {missing}"


def test_every_code_has_a_fixture_that_asserts_its_text() -> None:
    # a reworded or mis-filled message fails a fixture, not only a moved or renumbered one
    # (a code with no fixture at all is reported by the test above)
    worded, covered = set(), set()
    for case in CASES:
        places, texts = _expected(case)
        covered |= {place.rsplit(" ", 1)[1] for place in places}
        worded |= {EXPECTED.match(line)["place"].rsplit(" ", 1)[1] for line in texts}
    missing = sorted(covered - worded - {code for codes in ELSEWHERE.values() for code in codes})
    assert not missing, f"codes whose message no fixture asserts: {missing}"
