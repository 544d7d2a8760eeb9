"""A second programme runs on the same code: examples/province (the fictional 示例省, whose
applicants are 地级市 and 县（市、区）, with 乡镇 below the counties and a round of four steps,
one of which files nothing) validates and builds a complete site with no code change, and so
does the real root. The province's schemas may differ from the root's only where the schemas
say a programme may differ, so that a change to one copy cannot drift silently."""

from __future__ import annotations

import copy
import functools
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.opendata import apischema, wording
from generator.programme import FALLBACK
from generator.snapshot import take

from .browser.sites import build, real_site, scratch
from .conftest import REPO
from .test_site_build import files_of, html_pages, visible_text

PROVINCE = REPO / "examples" / "province"
#: 2025-06-01 00:00 Beijing time: after the province's notice (2025-05-15), so its round is over.
PROVINCE_EPOCH = "1748707200"
#: Words of the Chongqing programme that nothing built for the province may contain.
CHONGQING = ("重庆", "区县", "渝府办发")
STEPS = ("市县申报", "部门初审", "部门推荐", "通报实施")


@functools.cache
def province_site() -> Path:
    out = scratch("province") / "site"
    code = build(out, root=PROVINCE, epoch=PROVINCE_EPOCH)
    assert code == 0, f"jili --root examples/province build exited {code}"
    return out


def page(site: Path, path: str) -> str:
    return visible_text((site / path).read_text(encoding="utf-8"))


# --- validate -----------------------------------------------------------------------------------


@pytest.mark.parametrize("root", [PROVINCE, REPO], ids=["province", "real"])
def test_validates_with_no_findings(root: Path, cli) -> None:
    result = cli("--root", str(root), "validate", "--format", "json")
    assert result.code == 0, result.out + result.err
    assert json.loads(result.out) == []


def test_province_is_its_own_programme() -> None:
    snap = take(PROVINCE)
    programme = snap.programme
    assert programme.demo and programme.jurisdiction == "示例省"
    assert [k.folder for k in programme.unit_kinds] == ["cities", "counties", "departments"]
    assert programme.level_labels == ("地级市", "县（市、区）", "乡镇")
    assert programme.step_labels == STEPS
    assert [s.file_kind for s in programme.steps] == ["application", None, "recommendation", "notice"]
    assert {a.applicant for a in snap.applications} >= {"990100", "990121"}  # a 地级市 and a 县（市、区）


# --- build: the province ------------------------------------------------------------------------


def test_province_site_is_titled_and_marked_as_an_example() -> None:
    site = province_site()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>示例省督查激励（示例）</title>" in home
    pages = html_pages(site)
    assert len(pages) > 40
    assert [p for p in pages if 'class="jili-demo-banner"' not in p.read_text(encoding="utf-8")] == []


def test_a_city_and_a_county_have_their_pages() -> None:
    site = province_site()
    city = page(site, "regions/990100.html")
    assert "青石市" in city and "地级市" in city and "改善生态环境质量" in city
    county = page(site, "regions/990121.html")
    assert "柳溪县" in county and "县（市、区）" in county and "柳溪镇" in county
    index = page(site, "regions/index.html")
    for name in ("青石市", "云岭市", "澜川市", "东湖区", "柳溪县", "北山区", "杏源县", "南屏区", "白石市"):
        assert name in index


def test_a_township_nominee_is_on_its_measure_page() -> None:
    text = page(province_site(), "measures/2024/01.html")
    assert "发展乡村特色产业" in text
    assert "柳溪镇" in text and "梅岭乡" in text
    assert "乡镇" in text


def test_the_notice_publishes_its_award_list() -> None:
    site = province_site()
    notice = page(site, "awards/2024/notices/official-list.html")
    assert "示府办发〔2025〕9号" in notice
    awards = take(PROVINCE).awards(2024)
    assert [a.nominee for a in awards] == ["柳溪县", "柳溪镇", "青石市", "北山区", "东湖区", "白石市",
                                           "云岭市", "东湖区", "湖滨镇", "云台镇"]
    by_measure = page(site, "awards/2024/index.html")
    for award in awards:
        assert award.nominee in notice and award.nominee in by_measure


def test_the_timeline_shows_all_four_steps_in_order() -> None:
    text = page(province_site(), "timeline.html")
    at = [text.find(step) for step in STEPS]
    assert -1 not in at and at == sorted(at), at
    # the step that files nothing still has its milestone and deadline
    assert "初审申报材料" in text and "2025年2月28日前" in text


def _texts(site: Path) -> dict[str, str]:
    """Every built file as text (a workbook's XML parts, joined), zero-width spaces removed."""
    out = {}
    for path, content in files_of(site).items():
        if path.endswith((".png", ".ico", ".gz", ".svg", ".woff", ".woff2")):
            continue
        if path.endswith(".xlsx"):
            with zipfile.ZipFile(site / path) as book:
                text = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
        else:
            text = content.decode("utf-8-sig", errors="ignore")
            if path.endswith(".json"):
                text += json.dumps(json.loads(text), ensure_ascii=False)
        out[path] = text.replace("\u200b", "")
    return out


def test_nothing_built_for_the_province_speaks_of_chongqing() -> None:
    texts = _texts(province_site())
    assert any(p.startswith("api/v1/") for p in texts) and any(p.startswith("downloads/") for p in texts)
    found = sorted(f"{path}: {word}" for path, text in texts.items() for word in CHONGQING if word in text)
    assert found == []


def test_province_open_data_matches_its_published_schemas() -> None:
    site = province_site()
    checked = 0
    for path in sorted((site / "api/v1").rglob("*.json")):
        if "schemas" in path.relative_to(site).parts:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads((path.parent / document["$schema"]).read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)
        checked += 1
    assert checked > 10
    applications = json.loads((site / "api/v1/applications/2024.json").read_text(encoding="utf-8"))
    assert {a["applicant_level"] for a in applications["applications"]} == {"地级市", "县（市、区）"}


# --- build: the real root -----------------------------------------------------------------------


def test_real_root_builds() -> None:
    site = real_site()
    assert "<title>激励支持真抓实干成效明显地方</title>" in (site / "index.html").read_text(encoding="utf-8")
    assert "区县申报" in page(site, "timeline.html")
    assert "示例省" not in page(site, "index.html")


# --- open data wording from the programme -------------------------------------------------------


def test_api_schemas_take_the_programme_s_words() -> None:
    real = apischema.load(REPO / "schema")
    province = apischema.load(PROVINCE / "schema")
    assert real["applications"]["$defs"]["applicant_level"]["enum"] == ["区县", "国家级开发开放平台"]
    assert province["applications"]["$defs"]["applicant_level"]["enum"] == ["地级市", "县（市、区）"]
    assert real["awards"]["$defs"]["award"]["properties"]["township_code"]["title"] == "乡镇（街道）代码"
    assert province["awards"]["$defs"]["award"]["properties"]["township_code"]["title"] == "乡镇代码"
    nominee = province["recommendations"]["$defs"]["entry"]["properties"]["nominee"]["description"]
    assert nominee == "被推荐的地级市、县（市、区）或乡镇的名称，以申报材料中的写法为准。"


def test_an_unknown_placeholder_is_named_in_chinese() -> None:
    with pytest.raises(wording.UnknownPlaceholder) as caught:
        wording.fill({"description": "报送{supervisor}的日期"}, FALLBACK)
    assert str(caught.value).startswith("开放数据的结构说明或更新记录中有未定义的占位符“supervisor”：")
    with pytest.raises(wording.UnknownPlaceholder):
        wording.fill({"x-jili-programme": "levels_of_mars"}, FALLBACK)
    # a brace that is not a placeholder is left alone
    assert wording.fill({"description": "{} 与 {A}"}, FALLBACK) == {"description": "{} 与 {A}"}


# --- the province's schemas are the root's, apart from marked places ----------------------------

#: Keys whose values are wording: a programme's copy of a schema says them in its own words.
WORDING = frozenset({"title", "description"})
#: Keys of `"x-jili"` that are wording too (what a wrong value should look like).
WORDING_HINTS = frozenset({"pattern_text"})


def schema_drift(root: Any, other: Any, pointer: str = "") -> list[str]:
    """JSON pointers where `other` differs from `root` other than in wording, or in an enum the
    schema marks as a programme's own list (`"x-jili": {"programme": …}` or `{"jurisdiction": true}`)."""
    if isinstance(root, dict) and isinstance(other, dict):
        out = [f"{pointer}/{k}" for k in sorted(root.keys() ^ other.keys())]
        marks = root.get("x-jili") if isinstance(root.get("x-jili"), dict) else {}
        own_list = bool(marks.get("programme") or marks.get("jurisdiction"))
        for key in sorted(root.keys() & other.keys()):
            if key in WORDING and isinstance(root[key], str) and isinstance(other[key], str):
                continue
            if key == "enum" and own_list:
                continue
            if key == "x-jili":
                rest = {k: v for k, v in root[key].items() if k not in WORDING_HINTS}
                if rest != {k: v for k, v in other[key].items() if k not in WORDING_HINTS}:
                    out.append(f"{pointer}/x-jili")
                continue
            out += schema_drift(root[key], other[key], f"{pointer}/{key}")
        return out
    if isinstance(root, list) and isinstance(other, list) and len(root) == len(other):
        return [d for i, (a, b) in enumerate(zip(root, other)) for d in schema_drift(a, b, f"{pointer}/{i}")]
    return [] if root == other else [pointer or "/"]


def _schemas(folder: Path) -> dict[str, Any]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.schema.json"))}


def test_province_schemas_differ_from_the_root_only_where_marked() -> None:
    root, province = _schemas(REPO / "schema"), _schemas(PROVINCE / "schema")
    assert sorted(root) == sorted(province)
    drift = {name: schema_drift(root[name], province[name]) for name in root}
    assert {name: found for name, found in drift.items() if found} == {}
    # and they do differ where they must: the province's levels, steps, roles and region kinds
    assert province["common.schema.json"]["$defs"]["level"]["enum"] == ["地级市", "县（市、区）", "乡镇"]
    assert province["edition.schema.json"]["$defs"]["milestone"]["properties"]["step"]["enum"] == list(STEPS)


def test_schema_drift_is_caught() -> None:
    original = _schemas(REPO / "schema")
    changed = copy.deepcopy(original)
    changed["common.schema.json"]["$defs"]["unit_id"]["pattern"] = "^[0-9]{6}$"
    changed["measure.schema.json"]["$defs"]["incentive_kind"]["enum"].append("表扬")
    changed["application.schema.json"]["required"].remove("filed")
    changed["region.schema.json"]["properties"]["kind"]["x-jili"] = {"jurisdiction": False}
    changed["common.schema.json"]["$defs"]["level"]["title"] = "层级"  # wording: allowed
    found = {name: schema_drift(original[name], changed[name]) for name in original}
    assert {name: f for name, f in found.items() if f} == {
        "common.schema.json": ["/$defs/unit_id/pattern"],
        "measure.schema.json": ["/$defs/incentive_kind/enum"],
        "application.schema.json": ["/required"],
        "region.schema.json": ["/properties/kind/x-jili"],
    }


def test_no_python_file_names_chongqing() -> None:
    named = [str(p.relative_to(REPO)) for p in sorted((REPO / "generator").rglob("*"))
             if p.is_file() and p.suffix in (".py", ".json", ".txt", ".html", ".js", ".css")
             and re.search("重庆", p.read_text(encoding="utf-8", errors="ignore"))]
    assert named == []


def test_every_province_file_says_it_is_an_example() -> None:
    files = [p for p in sorted(PROVINCE.rglob("*")) if p.is_file() and p.suffix in (".yaml", ".txt", ".md")]
    assert len(files) > 40
    unmarked = [str(p.relative_to(PROVINCE)) for p in files if "示例" not in p.read_text(encoding="utf-8")]
    assert unmarked == []
