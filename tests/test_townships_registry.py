"""The township registry (registry/townships/) against the statistical division codes it came
from (registry/sources/townships/<edition>.csv), the judgement of township names, and the
import of a new edition.

The source files are read here by the csv module alone, independent of generator/townships.py,
so a fault in the import cannot hide in its own check.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from generator.model import Registry
from generator.repository import Repository
from generator.rules.townships import judge
from generator.townships import ImportProblem, import_edition
from generator.validate import Checker
from tests.conftest import REPO, copy_repository

SOURCES = REPO / "registry/sources/townships"
#: the real programme's words (programme.yaml), as the rules pass them
TERMS = Checker(Repository(REPO)).terms
EDITIONS = sorted(int(p.stem) for p in SOURCES.glob("*.csv"))


@cache
def registry() -> Registry:
    return Checker(Repository(REPO)).registry


@cache
def source(edition: int) -> set[tuple[str, str, str]]:
    """(county code, township code, name) of every row of one edition."""
    with (SOURCES / f"{edition}.csv").open(encoding="utf-8", newline="") as fh:
        return {(row["county_code"], row["code"], row["name"]) for row in csv.DictReader(fh)}


def listed(year: int) -> set[tuple[str, str, str]]:
    """What the registry says was valid in `year`, in the same shape."""
    reg = registry()
    return {(reg.regions[region].code, t.code, t.name)
            for region in reg.townships for t in reg.townships_in_edition(region, year)}


def test_the_three_editions_are_kept() -> None:
    assert EDITIONS == [2020, 2021, 2022]
    assert [len(source(e)) for e in EDITIONS] == [1029, 1031, 1031]


@pytest.mark.parametrize("edition", EDITIONS)
def test_registry_equals_each_edition(edition: int) -> None:
    assert listed(edition) == source(edition)


@pytest.mark.parametrize("edition", EDITIONS)
def test_counts_per_region_per_edition(edition: int) -> None:
    expected = Counter(county for county, _, _ in source(edition))
    reg = registry()
    found = Counter({reg.regions[r].code: len(reg.townships_in_edition(r, edition)) for r in reg.townships})
    assert found == expected
    assert len(found) == 38  # every 区县 of Chongqing has a list


def test_known_counts() -> None:
    reg = registry()
    assert len(reg.townships_in_edition("500101", 2020)) == 52
    assert len(reg.townships_in_edition("500101", 2021)) == 52
    assert len(reg.townships_in_edition("500102", 2021)) == 27
    assert len(reg.townships_in_edition("500104", 2021)) == 8


def test_every_region_file_has_a_list_and_no_list_lacks_a_region() -> None:
    reg = registry()
    coded = {r.id for r in reg.regions.values() if r.code}
    assert set(reg.townships) == coded
    for region_id, listing in reg.townships.items():
        assert listing.path == f"registry/townships/{region_id}.yaml"
        assert listing.editions == tuple(EDITIONS)


def test_years_after_the_newest_edition_use_it() -> None:
    # 2023 has no edition yet: judged by 2022's; before 2020 by 2020's
    assert listed(2023) == source(2022)
    assert listed(2030) == source(2022)
    assert listed(2019) == source(2020)
    listing = registry().townships["500101"]
    assert (listing.edition_for(2019), listing.edition_for(2021), listing.edition_for(2025)) == (2020, 2021, 2022)


# --- judging names ------------------------------------------------------------------------------


def test_a_township_changed_between_editions() -> None:
    reg = registry()
    # 高峰镇 became 高峰街道 in the 2021 edition (the source files say so; see the README there)
    assert reg.townships_in_edition("500101", 2020)[0].code != "500101027"
    assert [t.name for t in reg.townships_in_edition("500101", 2021) if t.code == "500101027"] == ["高峰街道"]
    assert "高峰镇" not in {t.name for t in reg.townships_in_edition("500101", 2021)}
    # the 2021 round ran from the policy (2021, under the 2020 edition) to the filing deadline (2022,
    # under the 2021 edition): both names are accepted in it, the newer one listed
    assert reg.township("500101", "高峰镇", 2021).code == "500101134"
    assert reg.township("500101", "高峰街道", 2021).code == "500101027"
    assert judge(reg, "500101", "高峰镇", 2021, TERMS).code is None
    names = [t.name for t in reg.townships_of("500101", 2021)]
    assert "高峰街道" in names and "高峰镇" in names
    # a round later, only the new name
    assert reg.township("500101", "高峰镇", 2022) is None
    late = judge(reg, "500101", "高峰镇", 2022, TERMS)
    assert late.code == "A012" and late.guesses == ("高峰街道",)
    assert "2020 年及以前" in late.params["period"] and "500101134" in late.params["period"]
    assert late.source == "国家统计局统计用区划代码 2021、2022 年版"
    # and a round earlier, not yet the new one
    early = judge(reg, "500101", "高峰街道", 2020, TERMS)
    assert early.code == "A012" and early.guesses == ("高峰镇",)
    assert early.params["period"] == "从 2021 年版代码表起才列入（代码 500101027）"
    assert early.source == "国家统计局统计用区划代码 2020 年版"


def test_a_name_shared_by_two_regions_is_told_apart_by_region() -> None:
    reg = registry()
    assert reg.township("500116", "白沙镇", 2021).code == "500116108"
    assert reg.township("500119", "白沙镇", 2021).code == "500119107"
    assert judge(reg, "500116", "白沙镇", 2021, TERMS).code is None
    other = judge(reg, "500101", "白沙镇", 2021, TERMS)
    assert other.code == "A011"
    assert other.params["other"] == "江津区（500116）、南川区（500119）"


@pytest.mark.parametrize("typed, meant", [
    ("分水乡", "分水镇"),  # wrong suffix
    ("分水", "分水镇"),  # no suffix
    ("隆都街道", "龙都街道"),  # a homophone from a pinyin input method
    ("分永镇", "分水镇"),  # one character slipped
])
def test_misspelt_names_get_the_closest_real_township(typed: str, meant: str) -> None:
    verdict = judge(registry(), "500101", typed, 2021, TERMS)
    assert verdict.code == "A010"
    assert verdict.guesses[0] == meant
    assert verdict.params["guess"].startswith(f"是不是：{meant}")


def test_a_name_far_from_any_township_gets_the_list_instead_of_a_guess() -> None:
    verdict = judge(registry(), "500101", "幸福镇", 2021, TERMS)
    assert verdict.code == "A010" and verdict.guesses == ()
    assert "registry/townships/500101.yaml" in verdict.params["guess"]


def test_a_region_without_a_list_is_not_judged() -> None:
    assert judge(registry(), "liangjiang-district", "任何名称", 2025, TERMS).code is None


def test_codes_resolve_within_their_edition() -> None:
    reg = registry()
    assert reg.township_by_code("500101134", 2020).name == "高峰镇"
    assert reg.township_by_code("500101134", 2021).name == "高峰镇"  # the round of 2021 still knows it
    assert reg.township_by_code("500101134", 2022) is None
    assert reg.township_by_code("500240213", 2021).name == "中益乡"


# --- importing an edition -----------------------------------------------------------------------


def _repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def _csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("code,name,county_code\n" + "".join(f"{c},{n},{k}\n" for c, n, k in rows), "utf-8")
    return path


def _edition_2023(tmp_path: Path) -> Path:
    """2022's rows, with 跳磴镇 of 大渡口区 turned into 跳磴街道 and one new 街道 in 万州区."""
    rows = sorted((code, name, county) for county, code, name in source(2022) if code != "500104103")
    rows += [("500104006", "跳磴街道", "500104"), ("500101030", "新田街道", "500101")]
    return _csv(tmp_path / "new.csv", rows)


def test_import_adds_and_closes_without_deleting(tmp_path: Path, cli) -> None:
    root = _repo(tmp_path)
    result = cli("townships", "import", "--edition", "2023", str(_edition_2023(tmp_path)), "--root", str(root))
    assert result.code == 0, result.err
    assert "新增 2 个" in result.out and "1 个不再列出" in result.out
    reg = Checker(Repository(root)).registry
    assert reg.township("500104", "跳磴镇", 2022) is not None
    assert reg.township("500104", "跳磴镇", 2023) is not None  # the round of 2023 began under 2022's list
    assert reg.township("500104", "跳磴镇", 2024) is None
    assert reg.township("500104", "跳磴街道", 2023).code == "500104006"
    assert reg.township("500101", "新田街道", 2023) is not None
    text = (root / "registry/townships/500104.yaml").read_text("utf-8")
    assert "name: 跳磴镇\n    valid_until: 2022\n" in text
    assert "name: 跳磴街道\n    valid_from: 2023\n" in text
    assert (root / "registry/sources/townships/2023.csv").read_bytes() == (tmp_path / "new.csv").read_bytes()
    assert reg.townships["500104"].editions == (2020, 2021, 2022, 2023)
    # the result validates, and importing the same file again changes nothing
    assert cli("validate", "--root", str(root)).code == 0
    before = {p: p.read_bytes() for p in (root / "registry/townships").iterdir()}
    again = cli("townships", "import", "--edition", "2023", str(tmp_path / "new.csv"), "--root", str(root))
    assert again.code == 0 and "已经导入" in again.out
    assert {p: p.read_bytes() for p in (root / "registry/townships").iterdir()} == before


def test_import_refuses_to_overwrite_hand_edits(tmp_path: Path, cli) -> None:
    root = _repo(tmp_path)
    listing = root / "registry/townships/500104.yaml"
    edited = listing.read_text("utf-8").replace("    name: 八桥镇\n", "    name: 八桥镇\n    note: 2023年拟撤镇设街道\n")
    listing.write_text(edited, "utf-8")
    new = _edition_2023(tmp_path)
    result = cli("townships", "import", "--edition", "2023", str(new), "--root", str(root))
    assert result.code == 2
    assert "registry/townships/500104.yaml" in result.err and "--force" in result.err
    assert listing.read_text("utf-8") == edited  # nothing written
    assert not (root / "registry/sources/townships/2023.csv").exists()
    forced = cli("townships", "import", "--edition", "2023", str(new), "--root", str(root), "--force")
    assert forced.code == 0, forced.err
    assert 'note: "2023年拟撤镇设街道"' in listing.read_text("utf-8")  # the field is kept


@pytest.mark.parametrize("rows, words", [
    ([("50010100", "某镇", "500101")], "9 位数字"),
    ([("500102101", "某镇", "500101")], "前 6 位"),
    ([("500101101", "某Ｘ镇", "500101")], "规范汉字"),
    ([("500101101", "甲镇", "500101"), ("500101101", "乙镇", "500101")], "重复"),
    ([("500199101", "甲镇", "500199")], "不在区县名录"),
])
def test_import_refuses_a_bad_file(tmp_path: Path, cli, rows, words: str) -> None:
    root = _repo(tmp_path)
    result = cli("townships", "import", "--edition", "2023", str(_csv(tmp_path / "bad.csv", rows)),
                 "--root", str(root))
    assert result.code == 2 and words in result.err, result.err
    assert "Traceback" not in result.err


def test_import_refuses_an_older_edition(tmp_path: Path, cli) -> None:
    root = _repo(tmp_path)
    shutil.copyfile(SOURCES / "2020.csv", tmp_path / "old.csv")
    result = cli("townships", "import", "--edition", "2019", str(tmp_path / "old.csv"), "--root", str(root))
    assert result.code == 2 and "更早" in result.err


def test_import_from_nothing_builds_the_registry(tmp_path: Path) -> None:
    # the committed files are exactly what importing the three editions in order produces
    root = _repo(tmp_path)
    shutil.rmtree(root / "registry/townships")
    shutil.rmtree(root / "registry/sources/townships")
    for edition in EDITIONS:
        import_edition(root, edition, SOURCES / f"{edition}.csv", source="国家统计局统计用区划代码")
    for path in sorted((REPO / "registry/townships").glob("*.yaml")):
        assert (root / "registry/townships" / path.name).read_text("utf-8") == path.read_text("utf-8"), path.name
    with pytest.raises(ImportProblem):
        import_edition(root, 2021, SOURCES / "2020.csv")
