"""The forms (在线填报): an application form and a recommendation-list form per open round.

A form writes the data file `jili new` would write, with the clerk's values in its blanks,
and hands it to the pull-request process (copy, download, or the forge's new-file page).
It runs in the reader's browser from files the build publishes (`files`): the round's data
(generator/site/formdata.py), the form script and the vendored libraries it uses. Nothing is
sent anywhere; a draft stays in the browser. Every file it writes is judged by the same CI.
"""

from __future__ import annotations

import html
from importlib import resources

from .. import urls
from ..codes import CODES
from ..facts import Facts
from ..pagetext import header, link
from ..snapshot import Snapshot
from . import formdata, rounds

INDEX = urls.FORMS
SCRIPT = "assets/forms.js"
STYLE = "assets/forms.css"
#: Vendored libraries: (site path, what it is, licence file, licence name). Listed on the
#: 关于本站 page (docs/about.md; tests/test_forms.py checks the list is complete).
VENDOR = (
    ("assets/vendor/ajv2020.min.js", "Ajv 8.17.1（JSON Schema 校验）", "assets/vendor/ajv.LICENSE.txt", "MIT"),
    ("assets/vendor/nunjucks.min.js", "Nunjucks 3.2.4（模板）", "assets/vendor/nunjucks.LICENSE.txt",
     "BSD-2-Clause"),
    ("assets/vendor/js-yaml.min.js", "js-yaml 4.1.0（读取已有文件）", "assets/vendor/js-yaml.LICENSE.txt", "MIT"),
)
#: The licence of the one other vendored script (the plugin serves the script itself), so the
#: 关于本站 page can link every licence.
OTHER_LICENCES = ("assets/vendor/iframe-worker.LICENSE.txt",)
#: Loaded when the form starts; js-yaml only when a clerk opens an existing file.
_EAGER = ("assets/vendor/ajv2020.min.js", "assets/vendor/nunjucks.min.js")
_LAZY = "assets/vendor/js-yaml.min.js"


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def files(snapshot: Snapshot) -> dict[str, bytes]:
    """{site path: content}: the form script and style, the vendored libraries with their
    licences (always: the 关于本站 page links them), and each open round's data."""
    out = {SCRIPT: _asset(SCRIPT), STYLE: _asset(STYLE)}
    for path, _, licence, _ in VENDOR:
        out[path] = _asset(path)
        out[licence] = _asset(licence)
    for licence in OTHER_LICENCES:
        out[licence] = _asset(licence)
    for year in formdata.open_years(snapshot):
        out[formdata.data_file(year)] = formdata.script(formdata.form_data(snapshot, year))
    return out


def _ci_only(kind: str) -> str:
    return "".join(f"- {CODES[code].title}（{code}）\n" for code in formdata.CI_ONLY[kind])


def _scripts(page: str, year: int) -> str:
    e = html.escape
    tags = [f'<link rel="stylesheet" href="{e(urls.relative(page, STYLE))}">']
    for path in (*_EAGER, formdata.data_file(year), SCRIPT):
        tags.append(f'<script src="{e(urls.relative(page, path))}"></script>')
    return "\n".join(tags) + "\n"


def _mount(page: str, kind: str, year: int) -> str:
    e = html.escape
    return (f'\n<div id="jili-form" class="jili-form" data-jili-form="{kind}" data-year="{year}" '
            f'data-yaml-script="{e(urls.relative(page, _LAZY))}">\n'
            '<p class="jili-form-loading">表单正在加载……如果一直停在这里，请确认浏览器允许本站运行脚本。</p>\n'
            "</div>\n\n")


def _guide(page: str, facts: Facts, available: frozenset[str]) -> str:
    """The guide, linked where the site has it (a hand-written page in docs/)."""
    name = facts.snapshot.programme.guide
    return link(page, urls.GUIDE, name) if urls.GUIDE in available else name


def _application(facts: Facts, year: int, available: frozenset[str]) -> str:
    snap = facts.snapshot
    page = formdata.page_application(year)
    edition = snap.editions[year]
    programme = snap.programme
    parts = [header(snap, f"{year}年度申报表单")]
    parts.append(f"{programme.applicants_label}对照{link(page, urls.policy(year), edition.document_number)}"
                 f"的{link(page, urls.MEASURES_INDEX, '激励措施')}填写申报材料。"
                 "不需要了解 YAML：选择和填写下面各项，表单写出与 `jili new` 生成的模板格式相同、已填好内容的文件，"
                 "并随填随查，检查的依据和说法与提交后的自动校验相同。\n\n")
    parts.append("1. 选择申报单位和措施，填写申报对象、自评、典型经验做法、佐证材料和联系人；\n"
                 "2. 改正表单指出的问题，直到显示“可以提交”；\n"
                 "3. 复制或下载文件，按页面最后写明的位置提交拉取请求"
                 f"（步骤见{_guide(page, facts, available)}）。\n\n")
    parts.append("填写的内容只保存在本浏览器中（草稿），不会发送到任何地方；换一台电脑或清除浏览器数据后草稿不再保留。\n\n")
    parts.append(_mount(page, "application", year))
    parts.append(_scripts(page, year))
    parts.append("\n## 提交后才能检查的事项\n\n"
                 "下列事项涉及仓库中的其他文件、上传的附件或提交的时间，表单无法判断，"
                 "提交拉取请求后由自动校验检查：\n\n" + _ci_only("application") + "\n")
    return "".join(parts)


def _recommendation(facts: Facts, year: int, available: frozenset[str]) -> str:
    snap = facts.snapshot
    page = formdata.page_recommendation(year)
    edition = snap.editions[year]
    parts = [header(snap, f"{year}年度激励推荐名单表单")]
    parts.append(f"牵头部门对照{link(page, urls.policy(year), edition.document_number)}"
                 "，从本措施已通过校验的申报中选出推荐对象，按对象层级分类、排列名次并写明理由。"
                 "表单写出与 `jili new` 生成的模板格式相同、已填好内容的激励推荐名单文件。\n\n")
    parts.append("填写的内容只保存在本浏览器中（草稿），不会发送到任何地方。\n\n")
    parts.append(_mount(page, "recommendation", year))
    parts.append(_scripts(page, year))
    parts.append("\n## 提交后才能检查的事项\n\n"
                 "可选的申报按网站生成时仓库中的数据列出；下列事项由提交拉取请求后的自动校验按当时的仓库检查：\n\n"
                 + _ci_only("recommendation") + "\n")
    return "".join(parts)


def _index(facts: Facts, years: list[int], available: frozenset[str]) -> str:
    snap = facts.snapshot
    parts = [header(snap, "在线填报")]
    parts.append("在浏览器中填写申报材料或激励推荐名单，得到可以直接提交的数据文件。"
                 "表单在本机运行，不向任何网站发送数据。\n\n")
    if not years:
        parts.append("目前没有正在进行的年度。")
        current = snap.current_year
        if current is not None:
            parts.append(rounds.list_state(snap, current))
        parts.append("\n\n")
    for year in years:
        parts.append(f"## {year}年度\n\n")
        parts.append(f"- {link(INDEX, formdata.page_application(year), f'{year}年度申报表单')}"
                     f"：{snap.programme.applicants_label}报送申报材料\n")
        parts.append(f"- {link(INDEX, formdata.page_recommendation(year), f'{year}年度激励推荐名单表单')}"
                     "：牵头部门报送激励推荐名单\n\n")
    parts.append(f"也可以按{_guide(INDEX, facts, available)}在代码托管平台的网页上直接编辑文件。\n")
    return "".join(parts)


def pages(facts: Facts, available: frozenset[str] = frozenset()) -> dict[str, str]:
    """The forms index and, for each open round, its two forms; `available`: the site's other
    pages (the guide is linked where it exists)."""
    years = formdata.open_years(facts.snapshot)
    out = {INDEX: _index(facts, years, available)}
    for year in years:
        out[formdata.page_application(year)] = _application(facts, year, available)
        out[formdata.page_recommendation(year)] = _recommendation(facts, year, available)
    return out
