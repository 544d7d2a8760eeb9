"""Shared test helpers: a throw-away copy of the repository, and running the CLI."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
REFERENCE = ("programme.yaml", "schema", "registry", "measures")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def copy_repository(target: Path, *, parts: tuple[str, ...] = REFERENCE) -> Path:
    """A copy of the repository's reference data (schemas, registry, policy) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        elif src.is_file():
            shutil.copyfile(src, target / part)
    return target


def overlay(src: Path, target: Path) -> None:
    """Copy the tree `src` over `target`, byte for byte."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        dest = target / rel
        if path.is_symlink():
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists() or dest.is_symlink():
                dest.unlink()
            dest.symlink_to(path.readlink())
        elif path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=test@jili.invalid", "-c", "user.name=test",
         "-c", "commit.gpgsign=false", *args],
        check=True, capture_output=True, text=True,
    )
    return result.stdout.strip()


def commit_all(root: Path, message: str = "base") -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, "--allow-empty")
    return git(root, "rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch):
    """Tests describe a clerk's machine unless they say otherwise: the CI service that runs
    them sets `CI=true`, which would change how deadlines are worded (generator.clock.basis)."""
    from generator.clock import CI_VARIABLES

    for name in (*CI_VARIABLES, "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture
def cli(capsys):
    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
