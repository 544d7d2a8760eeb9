"""Print (or write) a rule fixture's expected.txt with the text of each finding.

    python -m tests.fixture_text tests/fixtures/rules/A010-township-unknown [--write]

Runs the invalid variant the way tests/test_rule_fixtures.py does and prints one line per
finding: place, code and the text `jili validate` prints after "[CODE] ". With --write the
lines replace expected.txt. Read every line before committing it: the fixture is only worth
something if a person has checked that the message says the right thing at the right place.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from generator.cli import main as jili
from tests.test_rule_fixtures import _prepare


def expected_lines(case: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        args = _prepare(case, "invalid", Path(tmp) / "repo")
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            jili(args)
    lines = []
    for d in json.loads(out.getvalue()):
        text = d["message"] + (f"（依据：{d['source']}）" if d["source"] else "")
        text += f" 提示：{d['hint']}" if d["hint"] else ""
        lines.append(f"{d['path']}:{d['line']}:{d['col']} {d['code']} {text}")
    return lines


if __name__ == "__main__":
    case = Path(sys.argv[1])
    lines = expected_lines(case)
    if "--write" in sys.argv[2:]:
        (case / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
