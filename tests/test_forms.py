"""The forms' side of the build (no browser): the data each open round publishes comes from the
registry, the measures and the schemas; filled templates are the files `jili validate` accepts;
the forge's new-file address for GitHub, GitLab and Gitea; vendored scripts listed with their
licences on the 关于本站 page. The forms themselves run in tests/browser/test_forms_browser.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator import clock, urls
from generator.codes import CODES
from generator.repository import Repository
from generator.scaffold import ScaffoldError, new_application, new_recommendation
from generator.site import forge, formdata, forms, render_pages
from generator.snapshot import take
from generator.validate import Checker, Options
from generator.yamltext import block, block_value, quoted

from .conftest import REPO, copy_repository, overlay

NOW = dt.datetime(2022, 1, 20, 9, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture(scope="module")
def demo():
    return take(REPO, demo=True, now=NOW)


@pytest.fixture(scope="module")
def data(demo):
    return formdata.form_data(demo, 2021)


@pytest.fixture(scope="module")
def checker():
    return Checker(Repository(REPO, demo=True), Options())


# --- which rounds get forms --------------------------------------------------------------------


def test_only_rounds_still_going_on_get_forms(demo):
    real = take(REPO, now=NOW)
    assert formdata.open_years(real) == []  # 2021's edition records how it ended
    assert formdata.open_years(demo) == [2021]  # the sample round stands in for it
    pages = render_pages(real)
    assert urls.FORMS in pages and not any(p.startswith("forms/2021/") for p in pages)
    assert "目前没有正在进行的年度" in pages[urls.FORMS]
    assert set(forms.files(real)) == {forms.SCRIPT, forms.STYLE, *forms.OTHER_LICENCES,
                                      *(p for v in forms.VENDOR for p in (v[0], v[2]))}
    demo_pages = render_pages(demo)
    assert {formdata.page_application(2021), formdata.page_recommendation(2021)} <= set(demo_pages)
    assert formdata.data_file(2021) in forms.files(demo)


def test_form_pages_load_only_local_scripts(demo):
    page = render_pages(demo)[formdata.page_application(2021)]
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources == ["../../assets/vendor/ajv2020.min.js", "../../assets/vendor/nunjucks.min.js", "data.js",
                       "../../assets/forms.js"]
    assert "提交后才能检查的事项" in page
    for code in formdata.CI_ONLY["application"]:
        assert f"{CODES[code].title}（{code}）" in page


# --- the data comes from the registry, the measures and the schemas ---------------------------


def test_applicants_are_the_units_that_apply_that_year(demo, data):
    ids = [a["id"] for a in data["applicants"]]
    expected = [u.id for u in [*demo.regions(), *demo.platforms()] if u.valid_in(2021)]
    assert ids == expected
    kinds = {k["id"] for k in data["programme"]["applicant_kinds"]}
    assert {a["kind"] for a in data["applicants"]} <= kinds


def test_levels_and_townships_follow_the_programme_and_registry(demo, data):
    wanzhou = next(a for a in data["applicants"] if a["id"] == "500101")
    assert wanzhou["own_level"] == "区县" and wanzhou["subunit"] == {"label": "乡镇（街道）"}
    assert wanzhou["subunits"] == [t.name for t in demo.registry.townships_of("500101", 2021)]
    # a round of 2021 accepts the 2020 and 2021 editions: 高峰镇 and 高峰街道 both
    assert {"高峰镇", "高峰街道"} <= set(wanzhou["subunits"])
    platform = next(a for a in data["applicants"] if a["id"] == "liangjiang-new-area")
    assert platform["subunit"] is None and platform["subunits"] == []
    # a platform may not apply to a measure for 区县 and 乡镇（街道） only
    only_regions = [m.number for m in demo.measures[2021].values() if "国家级开发开放平台" not in m.levels]
    assert only_regions and not set(only_regions) & set(platform["measures"])
    assert set(only_regions) <= set(wanzhou["measures"])


def test_departments_offer_the_measures_they_lead(demo, data):
    led = {d["id"]: d["measures"] for d in data["departments"]}
    for m in demo.measures[2021].values():
        for name in m.lead_units:
            dept = demo.registry.department_named(name, 2021)
            assert m.number in led[dept.id]
    assert all(m in {x["number"] for x in data["measures"]} for ms in led.values() for m in ms)


def test_applications_offered_for_a_list_are_the_valid_ones(demo, data):
    one = next(m for m in data["measures"] if m["number"] == 1)
    assert [a["applicant"] for a in one["applications"]] == [a.applicant for a in demo.applications_for(2021, 1)]
    nominees = {(a["applicant"], n["name"], n["subunit"]) for a in one["applications"] for n in a["nominees"]}
    assert ("500240", "中益乡", True) in nominees and ("500240", "石柱土家族自治县", False) in nominees


def test_schemas_are_copied_as_they_are(data):
    for name in formdata.SCHEMAS:
        assert data["schemas"][f"{name}.schema.json"] == json.loads((REPO / "schema" / f"{name}.schema.json").read_text())


def test_messages_are_the_catalogue_with_the_programmes_words(data):
    a013 = data["messages"]["A013"]
    assert a013["message"] == CODES["A013"].message and a013["severity"] == "warning"
    assert "{guide}" not in a013["source"] and "申报指南" in a013["source"]
    assert data["messages"]["S005"]["message"] == CODES["S005"].message


def test_data_script_defines_the_round(demo):
    text = forms.files(demo)[formdata.data_file(2021)].decode("utf-8")
    head = "window.jiliFormData=window.jiliFormData||{};window.jiliFormData[2021]="
    assert text.startswith(head)
    parsed = json.loads(text[len(head):].rstrip().rstrip(";"))
    assert parsed["year"] == 2021 and parsed["context"]["application"]["path"] == \
        "submissions/2021/{applicant}/{number}.yaml"
    assert parsed["context"]["recommendation"]["path"] == "awards/2021/recommendations/{number}/{sender}.yaml"


# --- filled templates are files CI accepts ----------------------------------------------------

FILLED_APPLICATION = {
    "subunits": ["龙都街道", "高峰街道"],
    "self_assessment": "全年推进有力：\n\n- 建立机制；\n- 落实资金。\n",
    "experiences": [{"title": "“三个一”工作法", "body": "  缩进开头的一段\n第二行"},
                    {"title": "第二节：引号\"和\\反斜杠", "body": "正文"}],
    "evidence": [{"title": "工作总结", "url": None, "file": "附件/工作总结.pdf"},
                 {"title": "新闻报道", "url": "https://example.com/a?b=1", "file": None}],
    "contact": {"unit": "万州区人民政府办公室", "person": "王明", "phone": "023-60009999", "email": "a@example.com"},
    "filed": "2022-01-20",
}


def test_filled_application_validates(cli, tmp_path: Path, checker):
    made = new_application(checker, 2021, 1, "500101", filled=FILLED_APPLICATION)
    root = copy_repository(tmp_path / "repo")
    target = root / made.path
    target.parent.mkdir(parents=True)
    target.write_text(made.text, "utf-8")
    (target.parent / "附件").mkdir()
    (target.parent / "附件" / "工作总结.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = cli("validate", "--root", str(root), "--format", "json", "--now", "2022-01-20T10:00+08:00",
                 str(root / made.path))
    assert result.code == 0, result.out
    doc = yaml.safe_load(made.text)
    assert doc["experiences"][0]["body"] == block_value("  缩进开头的一段\n第二行")
    assert doc["experiences"][1]["title"] == "第二节：引号\"和\\反斜杠"
    assert [n["name"] for n in doc["nominees"]] == ["万州区", "龙都街道", "高峰街道"]
    assert doc["contact"]["email"] == "a@example.com"


def test_filled_recommendation_validates(cli, tmp_path: Path, checker):
    blank = new_recommendation(checker, 2021, 26, "emergency-management")
    levels = {c["label"]: c for c in _levels(checker, 26)}
    filled = {"method": "部门评审", "sent": "2022-03-20", "note": "无",
              "categories": [{**levels["区县"], "entries": [{"applicant": "500102", "nominee": None, "rank": 1,
                                                           "reason": "成效明显"}]}]}
    made = new_recommendation(checker, 2021, 26, "emergency-management", filled=filled)
    assert made.path == blank.path
    root = copy_repository(tmp_path / "repo", parts=("programme.yaml", "schema", "registry", "measures"))
    overlay(REPO / "examples", root / "examples")
    (root / made.path).parent.mkdir(parents=True, exist_ok=True)
    (root / made.path).write_text(made.text, "utf-8")
    result = cli("validate", "--root", str(root), "--demo", "--format", "json")
    assert result.code == 0, result.out
    assert yaml.safe_load(made.text)["note"] == "无"


def _levels(checker, number):
    from generator.scaffold import _level_examples

    return _level_examples(checker, 2021, checker.measure(2021, number))


@pytest.mark.parametrize("value", ["", "龙都街道", 'a"b\\c', "tab\there", "line\nbreak", "\u2028x", "\x07"])
def test_quoted_reads_back_as_written(value):
    assert yaml.safe_load("k: " + quoted(value))["k"] == value


@pytest.mark.parametrize("text", ["", "一行", "  缩进开头\n下一行", "甲\n\n\n乙\n\n", "\n\n 前面空行", "a  \n   \nb",
                                  "\t制表符开头（从文字处理软件粘贴）\n下一行"])
def test_block_reads_back_as_its_value(text):
    # libyaml, as `jili validate` reads: the pure-Python reader lets a leading tab through
    def load(doc):
        return yaml.load(doc, Loader=yaml.CSafeLoader)

    assert (load("k: |" + block(text) + "\n") or {"k": ""})["k"] in (block_value(text), None)
    nested = load("x:\n  - t: 1\n    body: |" + block(text, 6) + "\n")
    assert (nested["x"][0]["body"] or "") == block_value(text)


def test_jili_new_is_still_blank(checker):
    text = new_application(checker, 2021, 3, "500101").text
    assert 'unit: ""' in text and "# evidence:" in text and "self_assessment: |\n  \n" in text
    with pytest.raises(ScaffoldError):
        new_application(checker, 2021, 2, "500101")  # the sample round has this one already


# --- the forge's new-file page -------------------------------------------------------------------


@pytest.mark.parametrize("repo_url, forge_id, expected", [
    ("https://github.com/cq-jili/jili/blob/main/", "github",
     "https://github.com/cq-jili/jili/new/main?filename=submissions%2F2021%2F500101%2F01.yaml&value=a%3A+1%0A"),
    ("https://gitlab.example.gov.cn/cq/jili/-/blob/main/", "gitlab",
     "https://gitlab.example.gov.cn/cq/jili/-/new/main?file_name=submissions%2F2021%2F500101%2F01.yaml"),
    ("https://git.example.gov.cn/cq/jili/src/branch/main/", "gitea",
     "https://git.example.gov.cn/cq/jili/_new/main/?filename=submissions%2F2021%2F500101%2F01.yaml&value=a%3A+1%0A"),
])
def test_new_file_address_per_forge(repo_url, forge_id, expected):
    target = forge.new_file(repo_url)
    assert target.forge == forge_id
    url = target.url("submissions/2021/500101/01.yaml", "a: 1\n")
    assert url == expected
    query = parse_qs(urlsplit(url).query)
    assert query[target.path_param] == ["submissions/2021/500101/01.yaml"]


def test_no_button_without_a_repository_address(demo, data):
    assert forge.new_file(None) is None and forge.new_file("https://example.com/somewhere") is None
    assert data["forge"] is None
    configured = dataclasses.replace(demo, repo_url="https://github.com/cq-jili/jili/blob/main/")
    assert formdata.form_data(configured, 2021)["forge"]["base"] == "https://github.com/cq-jili/jili/new/main"


# --- vendored scripts ---------------------------------------------------------------------------------


def test_every_vendored_script_is_listed_with_its_licence():
    about = (REPO / "docs" / "about.md").read_text("utf-8")
    vendor = REPO / "generator" / "site" / "assets" / "vendor"
    scripts = sorted(p.name for p in vendor.glob("*.js"))
    assert scripts == sorted([*(Path(v[0]).name for v in forms.VENDOR), "iframe-worker.js"])
    for name in scripts:
        assert f"](assets/vendor/{name})" in about
        licence = name.replace(".min.js", "").replace("ajv2020", "ajv").replace(".js", "") + ".LICENSE.txt"
        assert (vendor / licence).is_file() and f"](assets/vendor/{licence})" in about
    wording = {"MIT": "Permission is hereby granted", "BSD-2-Clause": "Redistribution and use in source and binary forms"}
    for _, _, licence, name in forms.VENDOR:
        assert wording[name] in (REPO / "generator" / "site" / licence).read_text("utf-8")


# --- another programme: the forms take every word from its data ------------------------------------

#: The programme's words, and those of a fictional province that stands in for another programme:
#: cities apply, with their counties (a unit below the applicant) and provincial development zones.
PROVINCE = (("乡镇（街道）", "县（市、区）"), ("国家级开发开放平台", "省级开发区"), ("区县", "地级市"), ("重庆市", "某某省"))


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """This repository with the programme's words replaced throughout its data (settings,
    schemas, registry, policy and the sample round): a programme the code has never seen."""
    root = tmp_path_factory.mktemp("province")
    copy_repository(root, parts=("programme.yaml", "schema", "registry", "measures"))
    overlay(REPO / "examples", root / "examples")
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".json"):
            text = path.read_text("utf-8")
            for old, new in PROVINCE:
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
    return take(root, demo=True, now=NOW)


def test_forms_of_another_programme_use_its_words(province):
    data = formdata.form_data(province, 2021)
    text = json.dumps(data, ensure_ascii=False)
    for old, new in PROVINCE:
        assert old not in text, old
    city = next(a for a in data["applicants"] if a["id"] == "500101")
    assert city["own_level"] == "地级市" and city["subunit"] == {"label": "县（市、区）"}
    assert [k["label"] for k in data["programme"]["applicant_kinds"]] == ["地级市", "省级开发区"]
    checker = Checker(Repository(province.root, demo=True), Options())
    made = new_application(checker, 2021, 1, "500101", filled={**FILLED_APPLICATION, "evidence": []})
    assert "  - level: 县（市、区）\n    name: \"龙都街道\"\n" in made.text
    pages = render_pages(province)
    assert "地级市或省级开发区" in pages[formdata.page_application(2021)]


def test_form_code_names_no_programme():
    """The form's code knows no programme: every label it shows comes from the round's data."""
    words = {old for old, _ in PROVINCE} | {"市政府督查办", "渝府办发"}
    site = REPO / "generator" / "site"
    for path in (site / "assets" / "forms.js", site / "assets" / "forms.css", site / "forms.py",
                 site / "formdata.py", site / "forge.py"):
        text = path.read_text("utf-8")
        assert not [w for w in words if w in text], path.name
