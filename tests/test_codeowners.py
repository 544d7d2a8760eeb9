"""`jili codeowners`: .github/CODEOWNERS written from the registry, and the check that it is current.

The expected owners are worked out here independently: the CODEOWNERS text is read with
GitHub's own rule (the last matching line wins) and compared with the registry's maintainers
and each measure's lead units.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

import pytest

from generator.access import codeowners
from generator.access.ownership import from_repository
from generator.repository import Repository
from generator.validate import Checker
from tests.conftest import REPO, copy_repository

SUPERVISION = "registry/departments/supervision-office.yaml"


def _copy(tmp_path: Path) -> Path:
    root = copy_repository(tmp_path / "repo")
    (root / ".github").mkdir()
    shutil.copyfile(REPO / codeowners.PATH, root / codeowners.PATH)
    return root


def _rules(text: str) -> list[tuple[str, tuple[str, ...]]]:
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, tuple(owners)))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """gitignore-style matching as GitHub applies it to CODEOWNERS (for the patterns used here)."""
    if pattern == "*":
        return True
    assert pattern.startswith("/"), pattern
    want = pattern.strip("/").split("/")
    have = path.split("/")
    if pattern.endswith("/"):  # a directory: everything below it
        return len(have) > len(want) and all(fnmatch.fnmatchcase(h, w) for h, w in zip(have, want))
    return len(have) == len(want) and all(fnmatch.fnmatchcase(h, w) for h, w in zip(have, want))


def _owners_on_github(text: str, path: str) -> set[str]:
    owners: tuple[str, ...] = ()
    for pattern, line_owners in _rules(text):
        if _matches(pattern, path):
            owners = line_owners
    return set(owners)


@pytest.fixture(scope="module")
def registry_and_measures():
    checker = Checker(Repository(REPO))
    return checker.registry, {year: checker.measures(year) for year in checker.repo.years()}


def test_committed_codeowners_is_current(cli) -> None:
    result = cli("codeowners", "--check", "--root", str(REPO))
    assert result.code == 0, result.out + result.err
    assert result.out == ""


def test_every_registry_entry_names_its_maintainers(registry_and_measures) -> None:
    registry, _ = registry_and_measures
    entries = [*registry.regions.values(), *registry.platforms.values(), *registry.departments.values()]
    assert len(entries) > 60
    missing = [e.path for e in entries if not e.maintainers]
    assert not missing, f"registry entries without maintainers: {missing}"
    assert registry.with_role("supervision") is not None and registry.with_role("supervision").maintainers


def test_owners_follow_the_registry_and_lead_units(registry_and_measures) -> None:
    registry, measures = registry_and_measures
    text = (REPO / codeowners.PATH).read_text("utf-8")
    supervision = set(registry.with_role("supervision").maintainers)

    for unit in [*registry.regions.values(), *registry.platforms.values()]:
        expected = set(unit.maintainers) | supervision
        assert _owners_on_github(text, f"submissions/2021/{unit.id}/01.yaml") == expected, unit.id
        assert _owners_on_github(text, f"submissions/2030/{unit.id}/附件/总结.pdf") == expected, unit.id

    checked = 0
    for year, table in measures.items():
        for number, measure in table.items():
            leads = [registry.department_named(name, year) for name in measure.lead_units]
            assert all(leads), measure.lead_units
            folder = f"awards/{year}/recommendations/{number:02d}"
            everyone = set().union(*(d.maintainers for d in leads)) | supervision
            assert _owners_on_github(text, f"{folder}/说明.pdf") == everyone
            for dept in leads:
                assert _owners_on_github(text, f"{folder}/{dept.id}.yaml") == set(dept.maintainers) | supervision
            checked += 1
    assert checked == 27

    for path in ("awards/2021/notices/official-list.yaml", "measures/2021/01.yaml", "registry/regions/500101.yaml",
                 "schema/application.schema.json", "generator/cli.py", ".github/workflows/validate.yml",
                 ".github/CODEOWNERS", "README.md", "docs/guide/index.md", "submissions/2021/README.md"):
        assert _owners_on_github(text, path) == supervision, path


def test_codeowners_and_authorize_read_one_rule(registry_and_measures) -> None:
    """The grant authorize applies to a path has exactly the owners GitHub reads from CODEOWNERS."""
    ownership, errors = from_repository(Repository(REPO))
    assert errors == []
    text = codeowners.render(ownership)
    paths = ["README.md", "submissions/2021/500101/01.yaml", "submissions/2021/wanzhou-etdz/02-补充.yaml",
             "awards/2021/recommendations/06/economy-information.yaml", "awards/2021/recommendations/06/x.yaml",
             "awards/2021/notices/official-list.yaml", "registry/platforms/chongqing-ftz.yaml", ".github/CODEOWNERS"]
    for path in paths:
        assert set(ownership.owners(ownership.grant_for(path))) == _owners_on_github(text, path), path


def test_output_is_deterministic_with_a_generated_header() -> None:
    first, _ = from_repository(Repository(REPO))
    second, _ = from_repository(Repository(REPO))
    text = codeowners.render(first)
    assert text == codeowners.render(second)
    assert text.startswith(codeowners.HEADER[0]) and text.endswith("\n")
    rules = _rules(text)
    assert rules[0][0] == "*", "the catch-all must come first: the last matching line wins"
    assert len({pattern for pattern, _ in rules}) == len(rules)


def test_check_fails_after_a_registry_change_until_regenerated(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    assert cli("codeowners", "--check", "--root", str(root)).code == 0
    region = root / "registry/regions/500102.yaml"
    region.write_text(region.read_text("utf-8").replace('"@cq-jili/500102"', '"@cq-jili/fuling-office"'), "utf-8")

    result = cli("codeowners", "--check", "--root", str(root))
    assert result.code == 1
    committed = (root / codeowners.PATH).read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(committed, start=1) if text.startswith("/submissions/*/500102/"))
    assert result.out.startswith(f".github/CODEOWNERS:{line}:1: error [U004] ")
    assert "与名录和政策数据不一致" in result.out and "@cq-jili/fuling-office" in result.out
    assert "jili codeowners" in result.out

    github = cli("codeowners", "--check", "--format", "github", "--root", str(root))
    assert github.code == 1 and github.out.startswith(f"::error file=.github/CODEOWNERS,line={line},col=1,")

    written = cli("codeowners", "--root", str(root))
    assert written.code == 0 and "已生成" in written.out
    assert "/submissions/*/500102/ @cq-jili/fuling-office @cq-jili/supervision-office" in (
        root / codeowners.PATH).read_text("utf-8")
    assert cli("codeowners", "--check", "--root", str(root)).code == 0


def test_check_fails_when_the_file_is_missing(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    (root / codeowners.PATH).unlink()
    result = cli("codeowners", "--check", "--root", str(root))
    assert result.code == 1 and "[U004]" in result.out and "文件不存在" in result.out


def test_invalid_registry_writes_nothing(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    before = (root / codeowners.PATH).read_bytes()
    region = root / "registry/regions/500101.yaml"
    region.write_text(region.read_text("utf-8") + "name: 又一个名字\n", "utf-8")
    result = cli("codeowners", "--root", str(root))
    assert result.code == 1
    assert "registry/regions/500101.yaml" in result.out and "[Y004]" in result.out
    assert "未生成 CODEOWNERS" in result.err
    assert (root / codeowners.PATH).read_bytes() == before


def test_hand_written_file_is_kept_unless_forced(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    own = "* @someone\n"
    (root / codeowners.PATH).write_text(own, "utf-8")
    result = cli("codeowners", "--root", str(root))
    assert result.code == 2 and "--force" in result.err and "Traceback" not in result.err
    assert (root / codeowners.PATH).read_text("utf-8") == own
    assert cli("codeowners", "--force", "--root", str(root)).code == 0
    assert cli("codeowners", "--check", "--root", str(root)).code == 0


def test_supervision_office_without_maintainers_is_refused(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    office = root / SUPERVISION
    text = office.read_text("utf-8")
    office.write_text(text[:text.index("maintainers:")], "utf-8")
    result = cli("codeowners", "--root", str(root))
    assert result.code == 2 and "市政府督查办" in result.err and "maintainers" in result.err
