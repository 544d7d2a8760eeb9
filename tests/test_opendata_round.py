"""A small award round for the open-data tests, and checks that it is what the tests assume.

The round lives in a temporary copy of the repository's reference data (schema, registry,
policy). It has what the real data does not yet have: applications (with contact data that
must never be published), recommendation lists, a published notice with an erratum, a draft
notice that must stay private, and text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry

from generator import opendata
from generator import snapshot as snapshots
from generator.clock import SHANGHAI
from generator.layout import EXAMPLES, classify, schema_line
from tests.conftest import copy_repository

# Contact data written into the applications: none of it may appear in any published file.
CONTACT_VALUES = ("张联系", "023-61234567", "zhang.contact@example.cn", "万州区政府办公室督查科",
                  "李联系", "13800001111", "涪陵区政府办公室督查科", "王联系", "023-67000000",
                  "两江新区管委会办公室")
# Text that a spreadsheet would run as a formula if written as is.
FORMULA = '=HYPERLINK("http://evil.invalid","点击查看")'
PLUS = "+1 成效明显"
MINUS = "-2 名次说明"
AT = "@SUM(1,2)"
TAB = "\t前置制表符"
# Look-alikes of a formula start: blanks before the sign, a full-width sign, and data that itself
# starts with the apostrophe the CSV uses to neutralise (so the CSV must add one to stay exact).
SPACED = " =1+1 项目全生命周期服务"
FULL_WIDTH = "　＝1+1 易地搬迁后续扶持"
APOSTROPHE = "'专家'评审"
DRAFT_TITLE = "草稿通报不得公开"
# Fixed, so that a test can also prove the output does not depend on the clock.
BUILD_TIME = dt.datetime(2026, 1, 5, 10, 0, tzinfo=SHANGHAI)

FILES = {
    "submissions/2021/500101/01.yaml": f"""\
measure: 1
applicant: "500101"
nominees:
  - level: 区县
    name: 万州区
  - level: 乡镇（街道）
    name: 龙都街道
    parent: "500101"
self_assessment: |
  建立防止返贫动态监测和帮扶机制，全年无规模性返贫。
experiences:
  - title: '{FORMULA}'
    body: |
      以“一户一策”落实帮扶。
  - title: 产业帮扶
    body: 发展特色产业。
evidence:
  - title: 工作总结
    url: https://www.wz.gov.cn/zongjie
contact:
  unit: 万州区政府办公室督查科
  person: 张联系
  phone: 023-61234567
  email: zhang.contact@example.cn
filed: 2022-01-20
""",
    "submissions/2021/500102/01.yaml": f"""\
measure: 1
applicant: "500102"
nominees:
  - level: 区县
    name: 涪陵区
self_assessment: 巩固拓展脱贫攻坚成果取得实效。
experiences:
  - title: "{FULL_WIDTH}"
    body: 完善安置区配套。
contact:
  unit: 涪陵区政府办公室督查科
  person: 李联系
  phone: "13800001111"
filed: 2022-01-25
""",
    "submissions/2021/liangjiang-new-area/03.yaml": f"""\
measure: 3
applicant: liangjiang-new-area
nominees:
  - level: 国家级开发开放平台
    name: 两江新区
self_assessment: 重大项目投资完成率高。
experiences:
  - title: "{SPACED}"
    body: 项目专班推进。
contact:
  unit: 两江新区管委会办公室
  person: 王联系
  phone: 023-67000000
filed: 2022-01-28
""",
    "awards/2021/recommendations/01/rural-revitalization.yaml": f"""\
measure: 1
sender: rural-revitalization
sent: 2022-03-20
method: 部门评审，结合市政府综合督查情况
categories:
  - level: 区县
    entries:
      - applicant: "500101"
        rank: 1
        reason: '{PLUS}'
      - applicant: "500102"
        rank: 2
        reason: '{MINUS}'
  - level: 乡镇（街道）
    entries:
      - applicant: "500101"
        nominee: 龙都街道
        reason: '{AT}'
""",
    "awards/2021/recommendations/03/development-reform.yaml": f"""\
measure: 3
sender: development-reform
sent: 2022-03-28
method: "{APOSTROPHE}"
categories:
  - level: 国家级开发开放平台
    entries:
      - applicant: liangjiang-new-area
        reason: "\\t前置制表符"
""",
    "awards/2021/notices/official-list.yaml": """\
title: 重庆市人民政府办公厅关于对2021年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报
document_number: 渝府办发〔2022〕30号
date: 2022-05-10
issuer: general-office
status: published
preamble: 经市政府同意，对以下地方予以督查激励。
measures:
  - measure: 1
    entries:
      - applicant: "500101"
      - applicant: "500101"
        nominee: 龙都街道
  - measure: 3
    entries:
      - applicant: liangjiang-new-area
errata:
  - date: 2022-06-01
    document_number: 渝府办发〔2022〕45号
    change: 更正第3项措施名单中两江新区的排列顺序。
""",
    "awards/2021/notices/draft-list.yaml": f"""\
title: {DRAFT_TITLE}
issuer: general-office
status: draft
measures:
  - measure: 1
    entries:
      - applicant: "500102"
""",
}

#: What the published notice awards: (measure, applicant, nominee name, level).
AWARDED = [
    (1, "500101", "万州区", "区县"),
    (1, "500101", "龙都街道", "乡镇（街道）"),
    (3, "liangjiang-new-area", "两江新区", "国家级开发开放平台"),
]


def write_round(root: Path, *, under: str = "") -> Path:
    """The reference data in `root` and the round's files under `root/under`."""
    copy_repository(root)
    for rel, text in FILES.items():
        where = f"{under}/{rel}" if under else rel
        path = root / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_line(where, classify(rel).kind) + "\n" + text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def round_root(tmp_path_factory) -> Path:
    return write_round(tmp_path_factory.mktemp("opendata") / "repo")


@pytest.fixture(scope="session")
def round_snapshot(round_root):
    return snapshots.take(round_root, now=BUILD_TIME)


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory):
    """The same round laid out as the sample round under examples/, built with --demo."""
    root = write_round(tmp_path_factory.mktemp("opendata-demo") / "repo", under=EXAMPLES)
    return snapshots.take(root, demo=True, now=BUILD_TIME)


# --- the round is what the other tests assume ---------------------------------------------------


def test_round_validates_and_hides_what_must_stay_private(round_snapshot):
    assert [n.slug for n in round_snapshot.notices] == ["official-list"]
    assert len(round_snapshot.applications) == 3
    assert all(a.contact is None for a in round_snapshot.applications)


def test_round_awards_are_the_notice_entries(round_snapshot):
    got = [(a.measure, a.applicant, a.nominee, a.level) for a in round_snapshot.awards()]
    assert got == AWARDED


def test_demo_round_is_marked_demo(demo_snapshot):
    assert demo_snapshot.demo
    assert len(demo_snapshot.awards()) == len(AWARDED)


# --- shared by the open-data tests ------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def round_files(round_snapshot) -> dict[str, bytes]:
    return opendata.publish(round_snapshot)


@pytest.fixture(scope="session")
def demo_files(demo_snapshot) -> dict[str, bytes]:
    return opendata.publish(demo_snapshot)


@pytest.fixture(scope="session")
def real_snapshot():
    """The repository's own data (no notice published yet)."""
    return snapshots.take(REPO, now=BUILD_TIME)


@pytest.fixture(scope="session")
def real_demo_snapshot():
    """The repository's data with its sample round (what `make demo` publishes)."""
    return snapshots.take(REPO, demo=True, now=BUILD_TIME)


def json_files(files: dict[str, bytes]) -> dict[str, object]:
    """The published API documents (JSON under api/) other than the schemas, parsed."""
    return {path: json.loads(data) for path, data in files.items()
            if path.startswith("api/") and path.endswith(".json") and not path.endswith(".schema.json")}


def schema_validator(files: dict[str, bytes], document_path: str, document: dict) -> Draft202012Validator:
    """A validator for `document` using the schema its `$schema` names, as published and on its
    own, as a reuser would: no other schema is known to it, so every `$ref` must resolve
    inside the file (a registry that refuses to fetch anything makes sure of it)."""
    schema_path = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), document["$schema"]))
    schema = json.loads(files[schema_path])
    return Draft202012Validator(schema, registry=Registry(retrieve=_refuse),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _refuse(uri: str):
    raise AssertionError(f"a published schema tried to load {uri}")


def private_values(snapshot) -> list[str]:
    """Text that must not appear in anything published from `snapshot`'s repository: every
    application's contact data (read from the files: the Snapshot has none) and the
    registry's maintainer accounts."""
    out: list[str] = []
    for unit in [*snapshot.registry.regions.values(), *snapshot.registry.platforms.values(),
                 *snapshot.registry.departments.values()]:
        out += list(unit.maintainers)
    for app in snapshot.applications:
        text = (snapshot.root / snapshot.source_of(app.path)).read_text(encoding="utf-8")
        block = text.split("\ncontact:", 1)[1]
        for line in block.splitlines()[1:]:
            if not line.startswith("  "):
                break
            value = line.split(":", 1)[1].split("#", 1)[0].strip().strip('"')
            if value:
                out.append(value)
    return out


def readable(files: dict[str, bytes]) -> dict[str, str]:
    """Every published file as text (an .xlsx as the XML inside it)."""
    out = {}
    for path, data in files.items():
        if path.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                out[path] = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            out[path] = data.decode("utf-8-sig")
    return out


def test_private_values_are_found(round_snapshot):
    # The privacy tests below are only as good as this list.
    values = private_values(round_snapshot)
    assert set(CONTACT_VALUES) <= set(values)
    assert any(v.startswith("@") for v in values)
