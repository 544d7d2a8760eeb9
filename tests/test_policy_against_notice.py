"""The 2021 policy data says exactly what the notice (渝府办发〔2021〕83号) says.

The notice text `measures/2021/source.txt` is parsed here by a small parser of its own,
independent of the data files and of generator/, and all 27 measures and the edition are
compared with it: number, title, verbatim text, lead and cooperating units, eligible levels,
the incentive clause, dates, the superseded notice and the milestones. The public export
(`jili export measures --year 2021`) is compared too.

The notice text was extracted from a PDF, which left spaces where the printed notice has
none: "推进 “河长制 ”", "、 “一河一策 ”". The data is the notice modulo exactly one rule,
`normalise`: a run of spaces is dropped where it touches a Chinese quotation mark (“ ” ‘ ’),
or where it stands between two Chinese characters or full-width punctuation marks. Nothing
else differs; spaces between Chinese and Latin letters or digits ("重庆 OTC", "对 2021年")
are kept, since the notice may well have them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from generator.model import Edition, Measure
from generator.repository import Repository
from generator.validate import Checker

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "measures/2021/source.txt"
LEVEL_WORDS = {"区县": "区县", "乡镇（街道）": "乡镇（街道）", "国家级开发开放平台": "国家级开发开放平台",
               "国家级开放平台": "国家级开发开放平台"}


# --- our own reading of the notice -------------------------------------------------------------


@dataclass(frozen=True)
class NoticeMeasure:
    number: int
    paragraph: str  # after "N﹒", extraction line breaks joined
    title: str | None  # first sentence, if the paragraph has one before "对…"
    lead_units: tuple[str, ...]
    cooperating_units: tuple[str, ...]
    open_ended: bool
    eligible_text: str
    levels: tuple[str, ...]
    incentive: str  # from after the eligible phrase to the sentence's end


_QUOTES = "“”‘’"
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60" + _QUOTES + "…—"
_ARTEFACT = re.compile(f" +(?=[{_QUOTES}])|(?<=[{_QUOTES}]) +|(?<=[{_WIDE}]) +(?=[{_WIDE}])")


def normalise(text: str) -> str:
    """The notice's text without the spaces PDF extraction put around Chinese quotation marks
    and between Chinese characters (see the module docstring: the one rule)."""
    return _ARTEFACT.sub("", text)


def lines() -> list[str]:
    return [normalise(line.rstrip()) for line in SOURCE.read_text("utf-8").splitlines()]


def test_the_rule_removes_only_extraction_spaces() -> None:
    assert normalise("推进 “河长制 ”。对 “河长制 ”工作") == "推进“河长制”。对“河长制”工作"
    assert normalise("落实、 “一河一策 ”实施") == "落实、“一河一策”实施"
    assert normalise("“个转企 ”“微升小 ”") == "“个转企”“微升小”"
    assert normalise("区域养老 服务中心") == "区域养老服务中心"
    for kept in ("重庆 OTC改制挂牌", "对 2021年落实", "上市、 IPO申报", "Ⅱ类 38 个"):
        assert normalise(kept) == kept
    # the raw notice has such spaces; after the rule, neither it nor the data has any
    raw = SOURCE.read_text("utf-8")
    assert _ARTEFACT.search(raw) is not None
    assert all(_ARTEFACT.search(line) is None for line in lines())
    for measure in data_measures().values():
        for value in (measure.title, measure.text, measure.eligible_text, measure.incentive_clause):
            assert normalise(value) == value, value


def section(start: str, end: str) -> list[str]:
    text = lines()
    first = next(i for i, line in enumerate(text) if line.startswith(start))
    last = next(i for i, line in enumerate(text) if i > first and line.startswith(end))
    return text[first + 1:last]


@cache
def notice_measures() -> dict[int, NoticeMeasure]:
    paragraphs: list[list[str]] = []
    for line in section("一、激励措施", "二、组织实施"):
        if re.match(r"[0-9]+﹒", line):
            paragraphs.append([line])
        elif line:
            paragraphs[-1].append(line)  # a line the text extraction broke: joined as is
    out = {}
    for parts in paragraphs:
        joined = "".join(parts)
        number, paragraph = re.match(r"([0-9]+)﹒(.*)\Z", joined).groups()
        first, _, _ = paragraph.partition("。")
        title = None if first.startswith("对") else first
        units = re.search(r"（牵头单位：([^；）]+)(?:；配合单位：([^）]+))?）\Z", paragraph)
        coop = units.group(2) or ""
        open_ended = coop.endswith("等")
        eligible = re.search(r"的(区县(?:、乡镇（街道）)?(?:和(国家级开(?:发开)?放平台))?)，(.*?)。（牵头单位", paragraph)
        eligible_text = eligible.group(1)
        levels = tuple(LEVEL_WORDS[w] for w in ("区县", "乡镇（街道）", "国家级开发开放平台", "国家级开放平台")
                       if w in eligible_text and not (w == "国家级开发开放平台" and "国家级开放平台" in eligible_text))
        out[int(number)] = NoticeMeasure(
            number=int(number), paragraph=paragraph, title=title,
            lead_units=tuple(units.group(1).split("、")),
            cooperating_units=tuple(coop.removesuffix("等").split("、")) if coop else (),
            open_ended=open_ended, eligible_text=eligible_text, levels=levels,
            incentive=eligible.group(3),
        )
    return out


def test_our_reading_of_the_notice() -> None:
    # the parser itself: 27 measures, the known oddities of the extracted text
    notice = notice_measures()
    assert sorted(notice) == list(range(1, 28))
    assert notice[27].title is None
    assert notice[1].title == "巩固拓展脱贫攻坚成果"
    assert "作出积极贡献的区县" in notice[3].paragraph  # wrapped in the source
    assert "牵头单位：市发展改革委；" in notice[12].paragraph  # wrapped inside a unit name
    assert [n for n, m in notice.items() if len(m.lead_units) == 2] == [6, 9, 13, 16, 17]
    assert notice[11].eligible_text == "区县和国家级开放平台"
    assert notice[11].levels == ("区县", "国家级开发开放平台")
    assert {n for n, m in notice.items() if m.open_ended} == {6, 12, 23, 24}
    assert {n for n, m in notice.items() if "乡镇（街道）" in m.levels} == {1, 2, 8, 17, 19, 22}
    assert {n for n, m in notice.items() if "国家级开发开放平台" not in m.levels} == {1, 19}


# --- the data -----------------------------------------------------------------------------------


@cache
def checker() -> Checker:
    return Checker(Repository(REPO))


def data_measures() -> dict[int, Measure]:
    return checker().measures(2021)


def edition() -> Edition:
    found = checker().edition(2021)
    assert found is not None
    return found


NUMBERS = list(range(1, 28))


def test_all_27_measures_and_no_others() -> None:
    assert sorted(data_measures()) == NUMBERS
    assert edition().measure_count == 27


@pytest.mark.parametrize("number", NUMBERS)
def test_measure_text_is_verbatim(number: int) -> None:
    assert data_measures()[number].text == notice_measures()[number].paragraph


@pytest.mark.parametrize("number", NUMBERS)
def test_measure_title(number: int) -> None:
    measure, notice = data_measures()[number], notice_measures()[number]
    if notice.title is None:
        assert measure.title_from_notice is False
        assert measure.title  # a display title of our own
    else:
        assert measure.title_from_notice is True
        assert measure.title == notice.title


@pytest.mark.parametrize("number", NUMBERS)
def test_measure_units(number: int) -> None:
    measure, notice = data_measures()[number], notice_measures()[number]
    assert measure.lead_units == notice.lead_units
    assert measure.cooperating_units == notice.cooperating_units
    assert measure.cooperating_units_open_ended is notice.open_ended
    assert 1 <= len(measure.lead_units) <= 2


@pytest.mark.parametrize("number", NUMBERS)
def test_measure_eligible_levels(number: int) -> None:
    measure, notice = data_measures()[number], notice_measures()[number]
    assert measure.eligible_text == notice.eligible_text
    assert measure.levels == notice.levels
    assert measure.eligible_text in measure.text


@pytest.mark.parametrize("number", NUMBERS)
def test_measure_incentive_clause(number: int) -> None:
    measure, notice = data_measures()[number], notice_measures()[number]
    assert measure.incentive_clause in notice.paragraph
    assert measure.incentive_clause == notice.incentive
    assert measure.incentive_kinds


# --- the edition -------------------------------------------------------------------------------


def test_edition_identity() -> None:
    text = SOURCE.read_text("utf-8")
    ed = edition()
    first = lines()[0]
    assert ed.notice_title == first
    assert ed.document_number == re.search(r"^(渝府办发〔[0-9]{4}〕[0-9]+号)$", text, re.MULTILINE).group(1)
    assert ed.document_number == "渝府办发〔2021〕83号"
    assert ed.issuer == "重庆市人民政府办公厅" and ed.issuer in lines()[2]
    assert ed.title in lines() and ed.title == "2021年激励支持真抓实干成效明显地方若干措施"
    assert ed.year == 2021


def _chinese_date(text: str) -> dt.date:
    y, m, d = map(int, re.fullmatch(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", text).groups())
    return dt.date(y, m, d)


def test_edition_dates() -> None:
    text = SOURCE.read_text("utf-8")
    published = re.search(r"发布日期:([0-9-]{10})", text).group(1)
    signed = re.search(r"^重庆市人民政府办公厅\s*\n([0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)", text, re.MULTILINE).group(1)
    assert edition().published == dt.date.fromisoformat(published) == dt.date(2021, 8, 20)
    assert edition().signed == _chinese_date(signed) == dt.date(2021, 8, 11)


def test_edition_supersedes() -> None:
    closing = next(line for line in lines() if line.startswith("以上措施"))
    title, number = re.search(r"《(.+?)》（(.+?)）同时废止", closing).groups()
    assert [(s.document_number, s.title) for s in edition().supersedes] == [(number, title)]
    assert number == "渝府办发〔2020〕17号"
    assert edition().closing == closing


def test_edition_front_matter() -> None:
    text = lines()
    ed = edition()
    assert ed.addressees in text and ed.addressees.endswith("：")
    assert ed.cover_letter in text
    assert f"（{ed.disclosure}）" in text


def test_preamble_verbatim() -> None:
    preamble = section("2021年激励支持真抓实干成效明显地方若干措施", "一、激励措施")
    assert edition().preamble == "\n\n".join(p for p in preamble if p)
    assert edition().preamble.startswith("为贯彻落实")


def test_organisation_verbatim() -> None:
    paragraphs = [p for p in section("二、组织实施", "以上措施") if p]
    assert len(paragraphs) == 5
    assert edition().organisation == "\n\n".join(paragraphs)


def _organisation_text() -> str:
    return "".join(section("二、组织实施", "以上措施"))


def test_milestones_against_the_notice() -> None:
    org = _organisation_text()
    ms = {m.id: m for m in edition().milestones}
    # the three steps, named in the order the notice names them
    steps = re.search(r"按照(.+?)([0-9])个步骤进行", org)
    names = steps.group(1).split("、")
    assert len(names) == int(steps.group(2)) == 3
    assert [m.step for m in edition().milestones if m.step] == names

    rules_due = _chinese_date(re.search(r"于([0-9]{4}年[0-9]+月[0-9]+日)前报送市政府督查办", org).group(1))
    assert ms["implementing-rules"].due == rules_due == dt.date(2021, 9, 30)
    assert ms["implementing-rules"].recipients == ("市政府督查办",)

    apply_due = re.search(r"1﹒区县申报：([0-9]{4}年[0-9]+月[0-9]+日)前", org).group(1)
    assert ms["application"].due == _chinese_date(apply_due) == dt.date(2022, 2, 1)
    assert ms["application"].file_kind == "application"
    assert set(ms["application"].actors) == {"区县", "国家级开发开放平台"}
    assert "报送市政府有关牵头部门并抄送市政府督查办" in org
    assert ms["application"].recipients == ("牵头单位",)
    assert ms["application"].copy_to == ("市政府督查办",)

    year, month = map(int, re.search(r"3﹒通报实施：([0-9]{4})年([0-9]+)月底前", org).groups())
    end_of_month = dt.date(year, month, calendar.monthrange(year, month)[1])
    assert ms["recommendation"].due == end_of_month == dt.date(2022, 3, 31)
    assert ms["recommendation"].file_kind == "recommendation"
    assert ms["recommendation"].recipients == ("市政府督查办",)
    assert ms["recommendation"].actors == ("牵头单位",)

    notice = ms["notice"]
    assert notice.due is None and notice.after == "recommendation"
    assert notice.step == "通报实施" and notice.file_kind == "notice"
    assert "市政府督查办" in notice.actors

    # every milestone quotes its clause verbatim, and the dates run in order
    for m in edition().milestones:
        assert m.clause in org, m.id
    dated = [m.due for m in edition().milestones if m.due]
    assert dated == sorted(dated)


# --- the public export --------------------------------------------------------------------------


def test_export_agrees_with_the_notice(cli) -> None:
    result = cli("export", "measures", "--year", "2021", "--root", str(REPO))
    assert result.code == 0, result.err
    exported = json.loads(result.out)
    assert [m["number"] for m in exported] == NUMBERS
    for m in exported:
        notice = notice_measures()[m["number"]]
        assert m["year"] == 2021
        assert m["text"] == notice.paragraph
        if notice.title is None:
            assert m["title_from_notice"] is False and m["title"]
        else:
            assert m["title"] == notice.title and m["title_from_notice"] is True
        assert m["lead_units"] == list(notice.lead_units)
        assert m["cooperating_units"] == list(notice.cooperating_units)
        assert m["cooperating_units_open_ended"] is notice.open_ended
        assert m["eligible_levels"] == list(notice.levels)
        assert m["eligible_text"] == notice.eligible_text
        assert m["incentive_clause"] == notice.incentive
        assert "contact" not in m


def test_export_of_a_year_without_policy_is_a_usage_error(cli) -> None:
    result = cli("export", "measures", "--year", "2019", "--root", str(REPO))
    assert result.code == 2
    assert "2019" in result.err and "Traceback" not in result.err
