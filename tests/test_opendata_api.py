"""The JSON API v1: every file validates against the schema published beside it, holds what
the data says, is marked in a demo build, and leaks nothing private."""

from __future__ import annotations

import dataclasses
import json
import posixpath

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from generator import opendata, urls
from generator.opendata import apischema
from generator.snapshot import take

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    AWARDED,
    BUILD_TIME,
    DRAFT_TITLE,
    demo_files,
    demo_snapshot,
    json_files,
    private_values,
    readable,
    real_demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
    schema_validator,
)


def _all_valid(files: dict[str, bytes]) -> int:
    documents = json_files(files)
    for path, document in documents.items():
        validator = schema_validator(files, path, document)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, f"{path}: {errors[0].message} at {list(errors[0].path)}"
    return len(documents)


def test_round_files_validate_against_their_published_schemas(round_files):
    assert _all_valid(round_files) > 100


def test_demo_build_validates_against_published_schemas(real_demo_snapshot):
    # What `make demo` publishes: the repository's data with the sample round in examples/.
    files = opendata.publish(real_demo_snapshot)
    assert _all_valid(files) > 100
    assert json.loads(files[urls.api_stats()])["awards_total"] > 0


def test_real_data_validates_with_no_awards(real_snapshot):
    files = opendata.publish(real_snapshot)
    _all_valid(files)
    for year in real_snapshot.years:
        assert json.loads(files[urls.api_awards(year)])["awards"] == []


def test_published_schemas_are_valid_self_contained_and_described(round_files):
    schemas = {p: json.loads(d) for p, d in round_files.items() if p.endswith(".schema.json")}
    assert {urls.api_schema(n) for n in apischema.names()} == set(schemas)
    for path, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        # no site address configured: no made-up $id for a validator to go and fetch
        assert "$id" not in schema
        text = json.dumps(schema, ensure_ascii=False)
        assert "x-jili-nullable" not in text  # resolved
        assert '"x-jili"' not in text  # the data schemas' authoring hints stay behind
        assert "jili.invalid" not in text
        refs = list(_refs(schema))
        for ref in refs:
            # every $ref points inside the file, at something that is there
            assert ref.startswith("#"), (path, ref)
            assert _at(schema, ref[1:]) is not None, (path, ref)
        for where, node in _properties(schema):
            assert node.get("title") or "$ref" in node, f"{path}: {where} has no title"
    # what the files used to take from common.schema.json is now in each of them
    awards = schemas[urls.api_schema("awards")]
    assert awards["properties"]["year"]["$ref"] == "#/$defs/common.schema.json/$defs/year"
    assert awards["$defs"]["common.schema.json"]["$defs"]["year"]["type"] == "integer"


def test_bundled_schemas_validate_like_the_originals(round_snapshot, round_files):
    """A published schema accepts and refuses what the schemas it was made from do together."""
    from referencing import Registry, Resource

    schemas = apischema.load(round_snapshot.root / "schema")
    base = "https://example.invalid/"
    registry = Registry().with_resources(
        (f"{base}{n}.schema.json", Resource.from_contents({**schema, "$id": f"{base}{n}.schema.json"}))
        for n, schema in schemas.items())
    document = json.loads(round_files[urls.api_awards(2021)])
    broken = json.loads(round_files[urls.api_awards(2021)])
    broken["awards"][0]["year"] = 1800  # below common year's minimum
    broken["awards"][1]["level"] = "街道"  # not one of common level's values
    original = Draft202012Validator({"$ref": f"{base}awards.schema.json"}, registry=registry)
    published = Draft202012Validator(json.loads(round_files[urls.api_schema("awards")]))
    for doc in (document, broken):
        assert sorted(e.message for e in original.iter_errors(doc)) == \
            sorted(e.message for e in published.iter_errors(doc))
    assert len(list(published.iter_errors(broken))) == 2


def test_schema_ids_are_real_addresses_when_the_site_address_is_known(round_snapshot):
    snap = dataclasses.replace(round_snapshot, site_url="https://data.example.gov.cn/jili")
    files = opendata.publish(snap)
    for name in apischema.names():
        schema = json.loads(files[urls.api_schema(name)])
        assert schema["$id"] == f"https://data.example.gov.cn/jili/api/v1/schemas/{name}.schema.json"
        assert list(schema)[:2] == ["$schema", "$id"]
        assert all(ref.startswith("#") for ref in _refs(schema))
    document = json.loads(files[urls.api_measures(2021)])
    jsonschema.validate(document, json.loads(files[urls.api_schema("measures")]))


def test_published_schema_bundles_only_what_it_uses():
    schemas = {
        "a": {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://x.invalid/a.schema.json",
              "type": "object", "properties": {"n": {"$ref": "b.schema.json#/$defs/n"},
                                               "m": {"$ref": "#/$defs/m"}},
              "$defs": {"m": {"$ref": "b.schema.json#/$defs/deep/properties/k"}}},
        "b": {"$id": "https://x.invalid/b.schema.json",
              "$defs": {"n": {"type": "integer", "maximum": 3},
                        "deep": {"properties": {"k": {"$ref": "#/$defs/n"}}},
                        "unused": {"type": "string"}}},
    }
    out = apischema.published(schemas, "a", schema_id=None)
    assert "$id" not in out
    assert out["properties"]["n"] == {"$ref": "#/$defs/b.schema.json/$defs/n"}
    assert out["$defs"]["m"] == {"$ref": "#/$defs/b.schema.json/$defs/deep/properties/k"}
    embedded = out["$defs"]["b.schema.json"]
    assert embedded["$defs"]["deep"]["properties"]["k"] == {"$ref": "#/$defs/b.schema.json/$defs/n"}
    assert "unused" not in embedded["$defs"]
    validator = Draft202012Validator(out)
    assert validator.is_valid({"n": 3}) and not validator.is_valid({"n": 4})


def test_fields_taken_from_the_data_schemas(round_root, round_files):
    """A field marked x-jili-source carries the data schema's title, description and values."""
    common = json.loads((round_root / "schema/common.schema.json").read_text(encoding="utf-8"))
    awards = json.loads(round_files[urls.api_schema("awards")])
    api_common = json.loads(round_files[urls.api_schema("common")])
    level = api_common["$defs"]["level"]
    assert level["enum"] == common["$defs"]["level"]["enum"]
    assert level["description"] == common["$defs"]["level"]["description"]
    assert level["x-jili-source"] == "schema/common.schema.json#/$defs/level"
    measure = json.loads((round_root / "schema/measure.schema.json").read_text(encoding="utf-8"))
    assert awards["$defs"]["award"]["properties"]["measure_title"]["title"] == measure["properties"]["title"]["title"]


def test_a_changed_data_schema_changes_the_published_one(tmp_path, round_root):
    from tests.conftest import copy_repository

    copy = copy_repository(tmp_path / "repo")
    common = copy / "schema/common.schema.json"
    data = json.loads(common.read_text(encoding="utf-8"))
    data["$defs"]["level"]["description"] = "改过的说明：三种层级。"
    common.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    published = apischema.load(copy / "schema")
    assert published["common"]["$defs"]["level"]["description"] == "改过的说明：三种层级。"


def test_a_data_schema_field_that_is_gone_is_a_clear_error(tmp_path):
    from tests.conftest import copy_repository

    copy = copy_repository(tmp_path / "repo")
    measure = copy / "schema/measure.schema.json"
    data = json.loads(measure.read_text(encoding="utf-8"))
    data["properties"]["headline"] = data["properties"].pop("title")
    measure.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(opendata.OpenDataError) as caught:
        apischema.load(copy / "schema")
    message = str(caught.value)
    assert "schema/measure.schema.json" in message and "/properties/title" in message
    assert "x-jili-source" in message


def test_every_document_is_listed_in_the_index_with_its_schema(round_files):
    index = json.loads(round_files[urls.api_index()])
    listed = {e["path"]: e["schema"] for e in index["endpoints"]}
    documents = json_files(round_files)
    assert set(listed) == set(documents)
    for path, document in documents.items():
        schema_path = posixpath.normpath(posixpath.join(posixpath.dirname(path), document["$schema"]))
        assert listed[path] == schema_path
        assert schema_path in round_files
    for item in [*index["downloads"], *index["feeds"], *index["calendars"]]:
        assert item["path"] in round_files
    for item in index["downloads"]:
        assert item["fields"] is None or item["fields"] in round_files
    assert index["changelog"] in round_files
    assert index["datapackage"] == urls.datapackage() and urls.datapackage() in round_files


def test_measures_endpoint_is_the_export_shape(cli, round_root, round_files):
    result = cli("export", "measures", "--year", "2021", "--root", str(round_root))
    assert result.code == 0
    published = json.loads(round_files[urls.api_measures(2021)])
    assert published["measures"] == json.loads(result.out)
    assert published["document_number"] == "渝府办发〔2021〕83号"


def test_awards_by_year_measure_and_region(round_files):
    awards = json.loads(round_files[urls.api_awards(2021)])["awards"]
    assert [(a["measure"], a["applicant"], a["nominee"], a["level"]) for a in awards] == AWARDED
    first = awards[0]
    assert first["notice_document_number"] == "渝府办发〔2022〕30号"
    assert first["recommended_by"] == ["rural-revitalization"]
    assert first["recommended_by_names"] == ["市乡村振兴局"]
    assert first["application_source"] == "submissions/2021/500101/01.yaml"

    measure = json.loads(round_files[urls.api_measure(2021, 1)])
    assert [a["nominee"] for a in measure["awards"]] == ["万州区", "龙都街道"]
    assert [a["applicant"] for a in measure["applications"]] == ["500101", "500102"]
    assert [r["sender"] for r in measure["recommendations"]] == ["rural-revitalization"]
    assert measure["links"]["feed"] == urls.feed_measure(2021, 1)
    assert json.loads(round_files[urls.api_measure(2021, 2)])["awards"] == []

    wanzhou = json.loads(round_files[urls.api_unit("500101")])
    assert wanzhou["level"] == "区县" and wanzhou["unit"]["name"] == "万州区"
    assert [a["nominee"] for a in wanzhou["awards"]] == ["万州区", "龙都街道"]
    assert [(r["nominee"], r["rank"]) for r in wanzhou["recommended"]] == [("万州区", 1), ("龙都街道", None)]
    assert [a["measure"] for a in wanzhou["applications"]] == [1]
    liangjiang = json.loads(round_files[urls.api_unit("liangjiang-new-area")])
    assert liangjiang["level"] == "国家级开发开放平台"
    assert liangjiang["unit"]["hosts"]
    assert [a["nominee"] for a in liangjiang["awards"]] == ["两江新区"]

    stats = json.loads(round_files[urls.api_stats()])
    assert stats["awards_total"] == 3
    assert [(r["applicant"], r["total"]) for r in stats["by_region"]] == [("500101", 2), ("liangjiang-new-area", 1)]


def test_notices_published_only_with_errata(round_files):
    notices = json.loads(round_files[urls.api_notices(2021)])["notices"]
    assert [n["slug"] for n in notices] == ["official-list"]
    notice = notices[0]
    assert notice["errata"] == [{"date": "2022-06-01", "document_number": "渝府办发〔2022〕45号",
                                 "change": "更正第3项措施名单中两江新区的排列顺序。"}]
    assert notice["issuer_name"] == "重庆市人民政府办公厅"
    assert [[e["nominee"] for e in m["entries"]] for m in notice["measures"]] == [["万州区", "龙都街道"], ["两江新区"]]
    assert json.loads(round_files[urls.api_notice(2021, "official-list")])["notice"] == notice
    assert urls.api_notice(2021, "draft-list") not in round_files


def test_registry_department_and_edition(round_files):
    departments = json.loads(round_files[urls.api_department("rural-revitalization")])
    assert (2021, 1) in {(m["year"], m["measure"]) for m in departments["leads"]}
    assert [r["measure"] for r in departments["recommendations"]] == [1]
    edition = json.loads(round_files[urls.api_edition(2021)])["edition"]
    milestones = {m["id"]: m for m in edition["milestones"]}
    assert milestones["application"]["deadline"] == "2022-02-02T00:00:00+08:00"
    assert milestones["notice"]["due"] is None and milestones["notice"]["after"] == "recommendation"
    editions = json.loads(round_files[urls.api_editions()])
    assert editions["current_year"] == 2021
    assert all(link in round_files for link in editions["editions"][0]["links"].values())


def test_nothing_private_or_unpublished_goes_out(round_snapshot, round_files):
    private = private_values(round_snapshot)
    pages = opendata.pages(round_snapshot)
    for path, text in {**readable(round_files), **pages}.items():
        for value in private:
            assert value not in text, f"{value!r} published in {path}"
        assert DRAFT_TITLE not in text, path
    for path, document in json_files(round_files).items():
        assert '"contact"' not in json.dumps(document), path
        assert '"maintainers"' not in json.dumps(document), path


def test_nothing_private_in_the_demo_build(real_demo_snapshot):
    files = opendata.publish(real_demo_snapshot)
    private = private_values(real_demo_snapshot)
    assert private
    for path, text in readable(files).items():
        for value in private:
            assert value not in text, f"{value!r} published in {path}"


def test_demo_build_marks_every_json_file(demo_files, round_files):
    for path, document in json_files(demo_files).items():
        assert document["demo"] is True, path
        assert "示例数据" in document["demo_note"], path
    for path, document in json_files(round_files).items():
        assert document["demo"] is False and "demo_note" not in document, path


def test_output_depends_on_the_clock_only_through_the_build_stamp(round_root, round_files):
    """A later build of the same data differs only where a file names its build time; every
    other time in a file is a date from the data."""
    import datetime as dt

    later_time = BUILD_TIME + dt.timedelta(days=400)
    again = opendata.publish(take(round_root, now=later_time))
    assert again.keys() == round_files.keys()
    stamps = (BUILD_TIME.isoformat(timespec="seconds"), later_time.isoformat(timespec="seconds"))
    first, second = readable(round_files), readable(again)
    changed = []
    for path in round_files:
        if round_files[path] != again[path]:
            changed.append(path)
            assert first[path].replace(stamps[0], "<built>") == second[path].replace(stamps[1], "<built>"), path
    # the API files, feeds, calendars, workbook and data package name the build; CSV cannot
    assert {p.rsplit(".", 1)[1] for p in changed} == {"json", "xml", "ics", "xlsx"}
    assert not [p for p in changed if p.endswith((".csv", ".schema.json"))]
    document = round_files[urls.api_awards(2021)].decode("utf-8")
    assert "万州区" in document and "\\u" not in document  # ensure_ascii=False
    assert json.dumps(json.loads(document), ensure_ascii=False, sort_keys=True) + "\n" == document
    assert opendata.publish(take(round_root, now=BUILD_TIME)) == round_files  # same time, same bytes


def test_every_file_names_its_build(round_files):
    stamp = BUILD_TIME.isoformat(timespec="seconds")
    for path, document in json_files(round_files).items():
        assert document["built_at"] == stamp, path
        assert document["data_commit"] is None, path  # the round is not a git checkout
    text = readable(round_files)
    for path in [p for p in round_files if p.endswith((".xml", ".ics", ".xlsx"))]:
        assert stamp in text[path], path
    package = json.loads(round_files[urls.datapackage()])
    assert package["created"] == stamp and package["dataCommit"] is None


def test_data_commit_is_read_from_git(tmp_path):
    from tests.conftest import commit_all
    from tests.test_opendata_round import write_round

    root = write_round(tmp_path / "repo")
    commit = commit_all(root)
    files = opendata.publish(take(root, now=BUILD_TIME))
    assert json.loads(files[urls.api_stats()])["data_commit"] == commit
    assert json.loads(files[urls.datapackage()])["dataCommit"] == commit
    assert f"X-JILI-DATA-COMMIT:{commit}" in files[urls.calendar(2021)].decode("utf-8")
    assert f"数据提交：{commit}；" in files[urls.feed_notices()].decode("utf-8")
    # a change not yet committed is said, not hidden
    (root / "README.md").write_text("未提交的改动\n", encoding="utf-8")  # outside the data folders
    files = opendata.publish(take(root, now=BUILD_TIME))
    assert json.loads(files[urls.api_stats()])["data_commit"] == commit + "-dirty"
    page = opendata.pages(take(root, now=BUILD_TIME))[urls.OPEN_DATA]
    assert commit in page and "尚未提交的改动" in page


def test_no_commit_outside_a_checkout_of_its_own(tmp_path):
    from generator import gitutil
    from tests.conftest import commit_all

    outer = tmp_path / "outer"
    (outer / "inner").mkdir(parents=True)
    commit_all(outer)
    assert gitutil.head_commit(outer) is not None
    assert gitutil.head_commit(outer / "inner") is None  # someone else's checkout
    assert gitutil.head_commit(tmp_path) is None  # none at all


@pytest.mark.parametrize("twin", ["measure", "feed", "unit", "department", "notice", "edition", "calendar"])
def test_every_page_twin_is_published(round_snapshot, round_files, twin):
    snap = round_snapshot
    expected = {
        "measure": [urls.api_measure(y, n) for y in snap.years for n in snap.measures[y]],
        "feed": [urls.feed_measure(y, n) for y in snap.years for n in snap.measures[y]],
        "unit": [urls.api_unit(u.id) for u in [*snap.regions(), *snap.platforms()]],
        "department": [urls.api_department(d.id) for d in snap.departments()],
        "notice": [urls.api_notice(n.year, n.slug) for n in snap.notices],
        "edition": [urls.api_edition(y) for y in snap.years],
        "calendar": [urls.calendar(y) for y in snap.years],
    }[twin]
    assert expected
    assert [p for p in expected if p not in round_files] == []


def _at(document, pointer: str):
    node = document
    for part in pointer.lstrip("/").split("/") if pointer.strip("/") else ():
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _properties(node, where=""):
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{where}.{key}", value
        for key, value in node.items():
            if isinstance(value, (dict, list)) and key not in ("if", "then", "else"):  # conditions, not fields
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


def test_statistics_count_a_nominee_on_two_lists_once(real_demo_snapshot):
    from generator.facts import collect
    from generator.opendata.stats import view

    by_measure = {(m["year"], m["measure"]): m for m in view(collect(real_demo_snapshot))["by_measure"]}
    # measure 17 of the sample round: two lists, seven entries, 石柱土家族自治县 on both
    assert by_measure[(2021, 17)]["recommended"] == 6
    assert by_measure[(2021, 17)]["applications"] == 3
    assert by_measure[(2021, 26)]["recommended"] == 0
