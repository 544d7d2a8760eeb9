"""The repository's own data: it validates, and the registry holds the facts rules rely on.

An ordinary test, so a bad commit to main fails CI like any other bug.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from generator.model import Platform, Region, Registry
from generator.reporting.text import line as format_text
from generator.repository import Repository
from generator.validate import Checker

REPO = Path(__file__).resolve().parent.parent
DIVISIONS = REPO / "registry/sources/chongqing-divisions-2021.csv"
SOURCE = REPO / "measures/2021/source.txt"


@cache
def checker() -> Checker:
    return Checker(Repository(REPO))


def registry() -> Registry:
    return checker().registry


def test_repository_validates_without_findings() -> None:
    result = Checker(Repository(REPO)).run()
    assert [format_text(d) for d in result.diagnostics] == []
    assert result.files > 100


def test_repository_with_the_sample_round_validates() -> None:
    # `jili validate --demo`: the sample round in examples/ laid over the real data
    repo = Repository(REPO, demo=True)
    result = Checker(repo).run()
    assert [format_text(d) for d in result.diagnostics] == []


def test_no_stray_yaml_in_data_folders() -> None:
    assert [s.display for s in Repository(REPO, demo=True).strays()] == []


# --- regions ------------------------------------------------------------------------------------


def divisions() -> list[dict[str, str]]:
    with DIVISIONS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_38_regions_of_2021_match_the_official_list() -> None:
    rows = divisions()
    assert len(rows) == 38
    valid = {r.id: r for r in registry().regions.values() if r.valid_in(2021)}
    assert len(valid) == 38
    for row in rows:
        region = valid.get(row["code"])
        assert region is not None, row
        assert (region.name, region.kind, region.code) == (row["name"], row["kind"], row["code"])
        if row["short_name"]:
            assert row["short_name"] in region.aliases, row
            assert row["short_name"] in region.names_in(2021)


def test_short_names() -> None:
    shizhu = registry().regions["500240"]
    assert shizhu.name == "石柱土家族自治县" and "石柱县" in shizhu.aliases
    assert {r.aliases[0] for r in registry().regions.values() if r.kind == "自治县"} == {
        "石柱县", "秀山县", "酉阳县", "彭水县"}


def test_2025_merger_of_jiangbei_and_yubei() -> None:
    reg = registry()
    for code, name in (("500105", "江北区"), ("500112", "渝北区")):
        region = reg.regions[code]
        assert region.name == name
        assert region.valid_in(2021) and region.valid_in(2024)
        assert not region.valid_in(2025)
        assert region.successor == "liangjiang-district"
        assert reg.applicant(code, 2021) is region and reg.applicant(code, 2025) is None
    district = reg.regions["liangjiang-district"]
    assert district.valid_in(2025) and not district.valid_in(2021)
    assert reg.applicant("liangjiang-district", 2021) is None
    assert reg.applicant("liangjiang-district", 2025) is district
    # the new administrative district and the national new area are two different entries
    assert reg.platforms["liangjiang-new-area"].valid_in(2021)
    assert reg.platforms["liangjiang-new-area"].valid_in(2025)


def test_regions_valid_in_2025() -> None:
    valid = [r for r in registry().regions.values() if r.valid_in(2025)]
    assert len(valid) == 37  # 38, less 江北区 and 渝北区, plus 两江新区


def test_former_names_count_in_their_years() -> None:
    qijiang = registry().regions["500110"]
    assert "綦江县" in qijiang.names_in(2011)
    assert "綦江县" not in qijiang.names_in(2021)


def test_region_ids_are_codes() -> None:
    for region in registry().regions.values():
        if region.code is not None:
            assert region.id == region.code
        assert Path(region.path).stem == region.id


# --- platforms ------------------------------------------------------------------------------------


def test_national_platforms() -> None:
    platforms = {p.id: p for p in registry().platforms.values() if p.valid_in(2021)}
    names = {n for p in platforms.values() for n in p.names_in(2021)}
    for expected in ("两江新区", "重庆高新区", "中国（重庆）自由贸易试验区", "重庆经济技术开发区",
                     "万州经济技术开发区", "长寿经济技术开发区", "重庆西永综合保税区", "重庆两路果园港综合保税区"):
        assert expected in names, expected
    kinds = {p.kind for p in platforms.values()}
    assert {"国家级新区", "国家级经济技术开发区", "国家级高新技术产业开发区", "自由贸易试验区", "综合保税区"} <= kinds


def test_platform_hosts_are_regions_of_2021() -> None:
    for platform in registry().platforms.values():
        for host in platform.hosts:
            assert registry().regions[host].valid_in(2021), (platform.id, host)


def test_applicants_and_their_level() -> None:
    reg = registry()
    assert isinstance(reg.applicant("500101", 2021), Region)
    assert isinstance(reg.applicant("liangjiang-new-area", 2021), Platform)
    assert reg.applicant("500101", 2021).unit_kind == "region"
    assert reg.applicant("liangjiang-new-area", 2021).unit_kind == "platform"
    assert reg.applicant("development-reform", 2021) is None  # a department never applies
    assert reg.applicant("999999", 2021) is None


# --- departments ----------------------------------------------------------------------------------


def notice_unit_names() -> set[str]:
    # units in the measures' brackets, joined across the extraction's line breaks
    text = "".join(line.rstrip() for line in SOURCE.read_text("utf-8").splitlines())
    names: set[str] = set()
    for lead, coop in re.findall(r"（牵头单位：([^；）]+)(?:；配合单位：([^）]+))?）", text):
        names.update(lead.split("、"))
        if coop:
            names.update(coop.removesuffix("等").split("、"))
    return names


def test_every_department_named_in_the_notice_resolves() -> None:
    names = notice_unit_names()
    assert len(names) >= 20
    assert {"市乡村振兴局", "重庆市税务局", "市政府办公厅"} <= names
    for name in sorted(names | {"市政府督查办", "重庆市人民政府办公厅"}):
        assert registry().department_named(name, 2021) is not None, name


def test_department_roles() -> None:
    reg = registry()
    supervision = reg.with_role("supervision")
    assert supervision is not None and supervision.name == "市政府督查办"
    issuers = {d.id for d in reg.departments.values() if "issuer" in d.roles}
    assert issuers == {"general-office", "supervision-office"}
    assert reg.department_named("重庆市人民政府办公厅", 2021).id == "general-office"


def test_department_ids_are_stable_file_names() -> None:
    for dept in registry().departments.values():
        assert re.fullmatch(r"[a-z][a-z0-9-]+", dept.id)
        assert Path(dept.path).stem == dept.id


# --- measures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, 28))
def test_lead_units(number: int) -> None:
    measure = checker().measure(2021, number)
    assert len(measure.lead_units) == (2 if number in (6, 9, 13, 16, 17) else 1)
    for name in (*measure.lead_units, *measure.cooperating_units):
        assert registry().department_named(name, 2021) is not None, name
