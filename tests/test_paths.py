"""Paths named on the command line (`jili validate PATH...`): what each resolves to, looked up in
an index, and folders resolved once however many files are named in them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import change
from generator.change import resolve_paths
from generator.repository import Repository
from tests.conftest import copy_repository
from tests.test_cli import application


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repository(tmp_path / "repo")
    application(root, "500101", 3, "万州区")
    application(root, "500101", 5, "万州区")
    application(root, "500102", 3, "涪陵区")
    return root


def _resolve(root: Path, *args: str | Path) -> tuple[list[str], list[str]]:
    repo = Repository(root)
    return resolve_paths(repo, repo.root, [str(a) for a in args])


def test_a_file_a_folder_and_the_root(root: Path) -> None:
    found, missing = _resolve(root, root / "submissions/2021/500101/03.yaml")
    assert (found, missing) == (["submissions/2021/500101/03.yaml"], [])
    found, _ = _resolve(root, root / "submissions/2021/500101", root / "submissions/2021/500102/")
    assert found == ["submissions/2021/500101/03.yaml", "submissions/2021/500101/05.yaml",
                     "submissions/2021/500102/03.yaml"]
    # a folder's name is not a prefix of its neighbour's: 50010 names neither 500101 nor 500102
    assert _resolve(root, root / "submissions/2021/50010") == ([], [str(root / "submissions/2021/50010")])
    repo = Repository(root)
    everything = sorted(s.display for s in (*repo.files.values(), *repo.others.values()))
    assert _resolve(root, root)[0] == everything


def test_paths_relative_to_the_current_folder_and_with_dots(root: Path, monkeypatch) -> None:
    monkeypatch.chdir(root / "submissions/2021")
    found, missing = _resolve(root, "500101/03.yaml", "../2021/500102/./03.yaml", "500101//05.yaml")
    assert found == ["submissions/2021/500101/03.yaml", "submissions/2021/500102/03.yaml",
                     "submissions/2021/500101/05.yaml"]
    assert missing == []


def test_outside_the_repository_or_without_data_is_missing(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("measure: 1\n", "utf-8")
    args = [outside, root / "submissions/2021/500101/09.yaml", root / "docs-that-do-not-exist"]
    assert _resolve(root, *args) == ([], [str(a) for a in args])


def test_the_repository_reached_through_a_link(root: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-repo"
    link.symlink_to(root, target_is_directory=True)
    found, missing = _resolve(root, link / "submissions/2021/500101/03.yaml", link / "submissions/2021/500102")
    assert (found, missing) == (["submissions/2021/500101/03.yaml", "submissions/2021/500102/03.yaml"], [])


def test_a_link_inside_the_repository_names_itself(root: Path) -> None:
    link = root / "submissions/2021/500101/07.yaml"
    link.symlink_to(root / "submissions/2021/500102/03.yaml")
    found, missing = _resolve(root, link)
    assert (found, missing) == (["submissions/2021/500101/07.yaml"], [])


def test_each_folder_is_resolved_once(root: Path, tmp_path: Path, monkeypatch) -> None:
    """Thousands of staged files in a few folders: the folders are resolved, not every file."""
    link = tmp_path / "link-to-repo"
    link.symlink_to(root, target_is_directory=True)
    calls: list[str] = []
    real = os.path.realpath

    def counting(path, *args, **kwargs):
        calls.append(path)
        return real(path, *args, **kwargs)

    repo = Repository(root)
    named = [link / f"submissions/2021/{unit}/{n:02d}.yaml" for unit, n in
             (("500101", 3), ("500101", 5), ("500102", 3))] * 50
    monkeypatch.setattr(change.os.path, "realpath", counting)
    found, missing = resolve_paths(repo, repo.root, [str(p) for p in named])
    assert missing == [] and len(found) == 150
    assert sorted(map(str, calls)) == [str(link / "submissions/2021/500101"), str(link / "submissions/2021/500102")]
    # written under the repository's own path, nothing is resolved at all
    calls.clear()
    found, _ = resolve_paths(repo, repo.root, [str(root / p.relative_to(link)) for p in named])
    assert len(found) == 150 and calls == []
