"""The Frictionless Data Package (downloads/datapackage.json): every CSV described with a Table
Schema from the API schemas, keys between the tables, licence, publisher, sources, version and
commit; `frictionless validate` (run as a reuser runs it) finds no error, and does find one when
a key, a type or a file is broken."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

from generator import opendata, urls
from generator.opendata import apischema, datapackage
from generator.opendata.tables import TABLES

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    BUILD_TIME,
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)

NAMES = [name for name, *_ in TABLES]
#: Any request for another host fails at once: the tools must work offline.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}


def tool(name: str) -> str:
    """A command-line tool installed beside this Python (the project's virtual environment)."""
    path = Path(sys.executable).with_name(name)
    assert path.is_file(), f"{name} is not installed (pyproject.toml, test extras)"
    return str(path)


def offline_env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}, **OFFLINE}


def frictionless(descriptor: Path) -> dict:
    """`frictionless validate` on `descriptor`, as its JSON report."""
    result = subprocess.run([tool("frictionless"), "validate", "--json", descriptor.name], cwd=descriptor.parent,
                            check=False, capture_output=True, text=True, env=offline_env(), timeout=300)
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def errors(report: dict) -> list[tuple[str, str]]:
    """(resource, error type) of every error in a frictionless report."""
    out = [("", e["type"]) for e in report["errors"]]
    for task in report["tasks"]:
        out += [(task["name"], e["type"]) for e in task["errors"]]
    return out


def write_downloads(files: dict[str, bytes], target: Path) -> Path:
    """The published downloads/ folder, written to `target`; returns datapackage.json's path."""
    for path, data in files.items():
        if path.startswith("downloads/"):
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(data)
    return target / urls.datapackage()


def package(files: dict[str, bytes]) -> dict:
    return json.loads(files[urls.datapackage()])


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


# --- what the package says ---------------------------------------------------------------------


def test_every_csv_is_a_resource_with_its_size_and_hash(round_files):
    descriptor = package(round_files)
    here = posixpath.dirname(urls.datapackage())
    described = {posixpath.join(here, r["path"]): r for r in descriptor["resources"]}
    csvs = {p for p in round_files if p.endswith(".csv")}
    assert set(described) == csvs
    for path, r in described.items():
        data = round_files[path]
        assert r["bytes"] == len(data) and r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert r["type"] == "table" and r["format"] == "csv" and r["encoding"] == "utf-8"
    assert [r["name"] for r in descriptor["resources"]] == [*NAMES, *(f"{n}-fields" for n in NAMES)]


def test_package_names_licence_publisher_sources_version_and_build(round_snapshot, round_files):
    descriptor = package(round_files)
    assert descriptor["$schema"] == datapackage.PROFILE
    assert descriptor["name"] == "jili-opendata"
    assert descriptor["licenses"] == datapackage.licence()["licenses"]
    assert descriptor["contributors"] == [{"title": "重庆市人民政府督查办公室", "roles": ["publisher"]}]
    assert descriptor["sources"][0]["title"].startswith("渝府办发〔2021〕83号《")
    releases = json.loads(round_files[urls.api_changelog()])["releases"]
    assert descriptor["version"] == releases[0]["release"]
    assert descriptor["created"] == BUILD_TIME.isoformat(timespec="seconds")
    assert descriptor["dataCommit"] is None  # the round is not a git checkout
    assert "id" not in descriptor and "homepage" not in descriptor  # no site address configured


def test_package_gives_addresses_when_the_site_address_is_known(round_snapshot):
    import dataclasses

    files = opendata.publish(dataclasses.replace(round_snapshot, site_url="https://data.example.gov.cn/jili/"))
    descriptor = package(files)
    assert descriptor["id"] == "https://data.example.gov.cn/jili/downloads/datapackage.json"
    assert descriptor["homepage"] == "https://data.example.gov.cn/jili/data/index.html"


def test_table_schemas_come_from_the_api_schemas(round_snapshot, round_files):
    """Names are the CSV header; descriptions are the schemas' (Chinese); types follow the schema."""
    schemas = apischema.load(round_snapshot.root / "schema")
    descriptor = package(round_files)
    for name, _title, schema, pointer in TABLES:
        r = resource(descriptor, name)
        columns = apischema.columns(schemas, schema, pointer)
        with io.StringIO(round_files[urls.download(name, [2021])].decode("utf-8-sig"), newline="") as text:
            header = next(csv.reader(text))
        assert [f["name"] for f in r["schema"]["fields"]] == header == [c.title for c in columns]
        assert [f["description"] for f in r["schema"]["fields"]] == [c.description for c in columns]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in f["description"]) for f in r["schema"]["fields"])
    awards = {f["name"]: f for f in resource(descriptor, "awards")["schema"]["fields"]}
    assert awards["激励年度"]["type"] == "integer" and awards["激励年度"]["constraints"]["minimum"] == 1949
    assert awards["通报日期"]["type"] == "date"
    assert awards["对象层级"]["constraints"]["enum"] == ["区县", "乡镇（街道）", "国家级开发开放平台"]
    assert awards["推荐单位编号"] == {**awards["推荐单位编号"], "type": "list", "delimiter": "、", "itemType": "string"}
    assert awards["申报材料来源"].get("constraints", {}).get("required") is None  # may be empty
    measures = {f["name"]: f for f in resource(descriptor, "measures")["schema"]["fields"]}
    assert measures["标题是否出自原文"] == {**measures["标题是否出自原文"], "type": "boolean",
                                          "trueValues": ["是"], "falseValues": ["否"]}
    units = {f["name"]: f for f in resource(descriptor, "units")["schema"]["fields"]}
    assert units["行政区划代码"]["type"] == "string"  # a code, not a number: leading zeros stay


def test_keys_between_awards_applications_measures_and_the_registry(round_files):
    descriptor = package(round_files)
    keys = {r["name"]: (r["schema"]["primaryKey"], r["schema"].get("foreignKeys", [])) for r in descriptor["resources"]}
    assert keys["measures"][0] == ["政策年度", "措施编号"]
    assert keys["units"][0] == ["申报单位编号"] and keys["departments"][0] == ["部门编号"]
    assert keys["applications"][0] == ["政策年度", "措施编号", "申报单位编号"]
    assert keys["awards"][0] == ["激励年度", "通报编号", "通报序号"]
    references = {name: {(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
                         for fk in fks} for name, (_, fks) in keys.items()}
    assert references["awards"] == {
        (("激励年度", "措施编号"), "measures", ("政策年度", "措施编号")),
        (("申报单位编号",), "units", ("申报单位编号",)),
        (("激励年度", "措施编号", "申报单位编号"), "applications", ("政策年度", "措施编号", "申报单位编号")),
    }
    assert (("推荐单位编号",), "departments", ("部门编号",)) in references["recommendations"]
    assert (("申报单位编号",), "units", ("申报单位编号",)) in references["applications"]


def test_a_duplicate_column_title_is_a_clear_error():
    from generator.opendata.apischema import Field

    fields = [Field("a", "名称", "说明", "文字"), Field("b", "名称", "说明", "文字")]
    with pytest.raises(opendata.OpenDataError) as caught:
        datapackage.table_schema("获激励名单", fields, datapackage.Keys(("a",)), {})
    assert "“获激励名单”中有两列都叫“名称”" in str(caught.value)


# --- frictionless validate, as a reuser runs it -------------------------------------------------


def test_frictionless_finds_no_error_in_the_round(round_files, tmp_path):
    report = frictionless(write_downloads(round_files, tmp_path))
    assert errors(report) == []
    assert report["valid"] is True
    assert {t["name"] for t in report["tasks"]} == {*NAMES, *(f"{n}-fields" for n in NAMES)}
    assert next(t for t in report["tasks"] if t["name"] == "awards")["stats"]["rows"] == 3


def test_frictionless_finds_no_error_in_the_real_data(real_snapshot, tmp_path):
    report = frictionless(write_downloads(opendata.publish(real_snapshot), tmp_path))
    assert errors(report) == []


def _break(files: dict[str, bytes], name: str, change) -> dict[str, bytes]:
    """A copy of `files` with table `name`'s CSV changed by `change(rows)`, its size and hash in
    the package updated, so that only what `change` did can be wrong."""
    path = urls.download(name, [2021])
    rows = list(csv.reader(io.StringIO(files[path].decode("utf-8-sig"), newline="")))
    change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode("utf-8-sig")
    descriptor = package(files)
    r = resource(descriptor, name)
    r["bytes"], r["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    return {**files, path: data, urls.datapackage(): json.dumps(descriptor, ensure_ascii=False).encode()}


def test_frictionless_checks_the_foreign_keys(round_files, tmp_path):
    def unknown_unit(rows):
        rows[1][rows[0].index("申报单位编号")] = "500999"  # no such unit, and no such application

    report = frictionless(write_downloads(_break(round_files, "awards", unknown_unit), tmp_path))
    assert sorted(set(errors(report))) == [("awards", "foreign-key")]
    assert len(errors(report)) == 2  # the unit, and the application (year, measure, unit)

    def unknown_measure(rows):
        rows[1][rows[0].index("措施编号")] = "28"

    report = frictionless(write_downloads(_break(round_files, "applications", unknown_measure), tmp_path / "m"))
    assert ("applications", "foreign-key") in errors(report)


def test_frictionless_checks_primary_keys_types_and_hashes(round_files, tmp_path):
    report = frictionless(write_downloads(_break(round_files, "measures", lambda rows: rows.append(rows[1])),
                                          tmp_path / "pk"))
    assert ("measures", "primary-key") in errors(report)

    def not_a_number(rows):
        rows[1][rows[0].index("措施编号")] = "第一项"

    report = frictionless(write_downloads(_break(round_files, "measures", not_a_number), tmp_path / "type"))
    assert ("measures", "type-error") in errors(report)

    def not_a_level(rows):
        rows[1][rows[0].index("对象层级")] = "街道"

    report = frictionless(write_downloads(_break(round_files, "awards", not_a_level), tmp_path / "enum"))
    assert ("awards", "constraint-error") in errors(report)

    tampered = dict(round_files)
    path = urls.download("departments", [2021])
    tampered[path] = tampered[path].replace("市".encode(), "省".encode(), 1)
    report = frictionless(write_downloads(tampered, tmp_path / "hash"))
    assert ("departments", "hash-count") in errors(report)


def test_frictionless_finds_no_error_in_the_demo_build(demo_files, tmp_path):
    report = frictionless(write_downloads(demo_files, tmp_path))
    assert errors(report) == []
    descriptor = package(demo_files)
    assert descriptor["name"] == "jili-opendata-demo" and descriptor["title"].startswith("【示例数据】")
    assert "示例数据" in descriptor["description"]
