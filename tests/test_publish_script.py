"""deploy/publish-site.sh: a web server pulls main and builds the site, with no credentials in any pipeline.

Run as the guide tells an office to run it (bash, a clone URL, a work folder, the web root),
against a scratch "forge" repository; JILI points it at this environment's jili so the test
does not install the package again (the GitLab pipeline test covers a fresh install).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, git

SCRIPT = REPO / "deploy" / "publish-site.sh"
PROJECT = ("pyproject.toml", "README.md", "mkdocs.yml", "programme.yaml", "generator", "schema", "registry", "measures", "docs")


@pytest.fixture
def forge(tmp_path: Path) -> Path:
    """A repository with the project on main, as the office's forge holds it."""
    root = tmp_path / "forge"
    root.mkdir()
    for name in PROJECT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(src, root / name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def _publish(forge: Path, work: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "JILI": str(Path(sys.executable).parent / "jili"), "SOURCE_DATE_EPOCH": ""}
    return subprocess.run(["bash", str(SCRIPT), str(forge), str(work), str(site)], capture_output=True, text=True,
                          check=False, env=env, timeout=600)


def test_publish_builds_once_per_commit_and_keeps_the_site_when_data_is_wrong(forge: Path, tmp_path: Path) -> None:
    work, site = tmp_path / "work", tmp_path / "www" / "jili"
    first = _publish(forge, work, site)
    assert first.returncode == 0, first.stdout + first.stderr
    commit = git(forge, "rev-parse", "HEAD")
    assert first.stdout.endswith(f"已发布 {commit} 到 {site}\n")
    index = (site / "index.html").read_bytes()
    assert b"<html" in index

    again = _publish(forge, work, site)
    assert (again.returncode, again.stdout) == (0, f"网站已是 {commit} 的内容，未重新生成。\n")

    region = forge / "registry" / "regions" / "500101.yaml"
    region.write_text(region.read_text("utf-8") + "name: 重名\n", "utf-8")
    git(forge, "commit", "-q", "-am", "broken")
    broken = _publish(forge, work, site)
    assert broken.returncode == 1
    assert "registry/regions/500101.yaml:" in broken.stdout and "[Y004]" in broken.stdout
    assert "数据校验未通过，网站未生成" in broken.stderr
    assert (site / "index.html").read_bytes() == index  # the published site is untouched
    assert (work / "published").read_text().strip() == commit


def test_usage(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(SCRIPT), "only-one"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stderr.startswith("用法：")
