"""The sample round (examples/) as real data in a throw-away repository, for tests that play a
round through: copying sample files into the real tree, editing them, adding files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.layout import DATA_ROOTS, EXAMPLES, classify, schema_line
from tests.conftest import REPO

SAMPLE = REPO / EXAMPLES


def sample_files(pattern: str = "*") -> list[Path]:
    """The sample round's files matching `pattern`: what --demo lays over the real tree
    (examples/<data folder>/…), not the second programme in examples/province/, which is a
    repository root of its own."""
    return sorted(p for top in DATA_ROOTS for p in (SAMPLE / top).rglob(pattern) if p.is_file())


def promote(root: Path, rel: str) -> Path:
    """Copy examples/<rel> to <rel> in the real tree of `root`, fixing its schema line."""
    src = SAMPLE / rel
    dest = root / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".yaml"):
        lines = src.read_text("utf-8").split("\n")
        lines[0] = schema_line(rel, classify(rel).kind)
        dest.write_text("\n".join(lines), "utf-8")
    else:
        shutil.copyfile(src, dest)
    return dest


def promote_all(root: Path) -> None:
    for path in sample_files():
        promote(root, path.relative_to(SAMPLE).as_posix())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def application(applicant: str, measure: int, nominees: list[tuple[str, str]], *, filed: str = "2022-01-20") -> str:
    """A minimal, otherwise valid application (nominees as (level, name))."""
    rel = f"submissions/2021/{applicant}/{measure:02d}.yaml"
    lines = [schema_line(rel, "application"), f"measure: {measure}", f'applicant: "{applicant}"', "nominees:"]
    for level, name in nominees:
        lines.append(f"  - level: {level}\n    name: {name}")
        if level == "乡镇（街道）":
            lines.append(f'    parent: "{applicant}"')
    lines += [
        "self_assessment: |", "  对照措施要求逐项落实，成效明显。",
        "experiences:", "  - title: 主要做法", "    body: |", "      建立工作专班，按月调度。",
        "contact:", "  unit: 区政府办公室", "  person: 王明", "  phone: 023-60009999",
        f"filed: {filed}", "",
    ]
    return "\n".join(lines)


def put(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def findings(result) -> list[dict]:
    return json.loads(result.out)


def codes_at(result) -> set[tuple[str, str]]:
    return {(d["path"], d["code"]) for d in findings(result)}


def validate(cli, root: Path, *args: str):
    return cli("validate", "--root", str(root), "--format", "json", *args)
