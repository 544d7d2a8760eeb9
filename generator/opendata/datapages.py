"""The pages about the published data: 开放数据 (every endpoint, download, feed and calendar),
字段说明 (the data dictionary, from the API schemas), 更新记录 (the changelog) and 统计.

Titles and descriptions of endpoints and fields are the API schemas' own; nothing here
restates them.
"""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..pagetext import cell, date, header, link, plain, table
from . import Published, provenance
from .api import Document, changelog
from .apischema import Field, walk
from .charts import Bar, bar_chart
from .common import DEMO_NOTE, as_of, data_title, publisher, titled
from .datapackage import licence

#: The order endpoints are listed in (schema names); anything else follows alphabetically.
ORDER = ("index", "editions", "edition", "measures", "measure", "applications", "recommendations", "notices",
         "notice", "awards", "regions", "platforms", "unit", "departments", "department", "stats", "changelog")
SHOWN = 3  # endpoints of one kind listed by name before "等 N 个"


def render(made: Published) -> dict[str, str]:
    return {
        urls.OPEN_DATA: _open_data(made),
        urls.OPEN_DATA_FIELDS: _fields(made),
        urls.OPEN_DATA_CHANGELOG: _changelog(made),
        urls.STATISTICS: _statistics(made),
    }


def _grouped(made: Published) -> list[tuple[str, list[Document]]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in made.documents:
        groups[doc.schema].append(doc)
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(groups.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def _open_data(made: Published) -> str:
    snap = made.facts.snapshot
    here = urls.OPEN_DATA
    prov = made.provenance
    out = [header(snap, "开放数据")]
    out.append(
        "本站的全部公开数据同时以机器可读的格式发布：JSON 接口、CSV 和 Excel 下载、Atom 订阅和日历。"
        "它们与网页出自同一次构建、同一份经过校验的数据，因此网页和数据不会不一致。"
        "申报材料中的联系人信息、未发布的通报草稿和经办账号不公开。\n\n")
    out.append("## 下载（CSV 和 Excel）\n\n")
    out.append(
        "文件名说明内容和年度。CSV 文件为 UTF-8 编码并带 BOM、以 CRLF 换行，可直接用 Excel 或 WPS 打开，中文不会乱码；"
        "一个字段有多个值时以“、”分隔。为防止电子表格把单元格当作公式执行，CSV 中去掉开头的空白后以 =、+、-、@ "
        "或它们的全角、小写等形似字符开头的值，以制表符或换行开头的值，以及本身以英文单引号开头的值，前面都加了一个"
        "英文单引号（'）：去掉这一个单引号就是原值。用 Excel 打开 CSV 时编号（如 500101）可能被当作数字，"
        "需要保留前导零时请用“数据—从文本”导入并把该列设为文本，或直接使用 Excel 工作簿。\n\n"
        "Excel 工作簿包含全部表格，每个表格一个工作表（首行冻结），另有“说明”和“字段说明”工作表。"
        "工作簿中的文字一律存为文字，值与数据完全相同，不加任何字符，也不会被当作公式执行；日期存为日期，编号保留前导零。"
        "每个文件都附字段说明，列名和说明取自上述 JSON Schema。")
    if snap.demo:
        out.append("示例数据构建中，每个表格的第一列为“示例数据”。")
    out.append("\n\n")
    rows = []
    for d in made.downloads:
        fields = link(here, d.fields, "字段说明（CSV）") if d.fields else "见工作簿中的“字段说明”工作表"
        rows.append([plain(d.title), link(here, d.path, d.path.rsplit("/", 1)[1]),
                     "—" if d.rows is None else str(d.rows), fields])
    out.append(table(["内容", "文件", "行数", "字段说明"], rows) + "\n\n")
    out.append("### 数据包\n\n")
    out.append(
        f"{link(here, urls.datapackage(), 'datapackage.json')} 按 Frictionless Data Package 2.0 描述上述每个 CSV 文件："
        "每一列的名称、类型和说明，各表格的主键和表格之间的关联（如获激励名单的“措施编号”对应激励措施表，"
        "“申报单位编号”对应申报单位名录），以及许可、发布单位、政策来源、版本、生成时间、数据提交和每个文件的 SHA-256 "
        "校验值。数据门户和开放数据工具可以直接读取它，例如 `frictionless validate datapackage.json` 校验全部表格。"
        "各表格在数据包中的英文名称（如 `awards`）不随年度变化，程序可以按名称找到当前的文件名。\n\n")

    out.append("## 接口（JSON，v1）\n\n")
    out.append(
        "版本号写在地址中（`api/v1/`）：不兼容的改动将以 v2 另行发布，v1 继续保留；新增字段等兼容的改动记入更新记录。"
        "文件为 UTF-8 编码的 JSON，字段名按字母排序，没有值的字段为 null；"
        "每个文件的 `$schema` 字段指向描述它的 JSON Schema（2020-12 版），结构说明与文件放在一起发布。"
        "每个结构说明文件都自成一体（用到的公共定义都在文件内），下载后不加任何参数、不联网即可用标准工具校验，例如 "
        "`check-jsonschema --schemafile measures.schema.json 2021.json`，或在 Python 中 "
        "`jsonschema.validate(文件内容, 结构说明)`。"
        "示例数据构建中，每个文件的 `demo` 字段为 true。\n\n")
    rows = []
    for name, docs in _grouped(made):
        schema = made.schemas[name]
        shown = [link(here, d.path, d.path.removeprefix(urls.API + "/")) for d in docs[:SHOWN]]
        if len(docs) > SHOWN:
            shown.append(f"等共 {len(docs)} 个")
        rows.append([plain(schema.get("title", name)), "<br>".join(shown),
                     link(here, urls.api_schema(name), f"{name}.schema.json"), cell(schema.get("description"))])
    out.append(table(["内容", f"地址（{urls.API}/ 下）", "结构说明", "说明"], rows) + "\n\n")

    out.append("## 订阅（Atom）\n\n")
    out.append("用 RSS 阅读器订阅，有新的通报、勘误、推荐名单或申报时会收到更新。\n\n")
    for whole in (f for f in made.feeds if f.year is None):
        out.append(f"- {plain(whole.title)}：{link(here, whole.path, whole.path)}\n")
    measure_feeds = [f for f in made.feeds if f.year is not None]
    if measure_feeds:
        examples = "、".join(link(here, f.path, f.title) for f in measure_feeds[:3])
        out.append(f"- 每项措施一个（共 {len(measure_feeds)} 个）：措施原文、收到的申报、牵头部门的推荐名单、"
                   f"通报中的激励对象和勘误，例如 {examples}；各措施页面的“开放数据”处有其订阅地址\n")
    out.append("\n## 日历（ICS）\n\n")
    out.append(
        "在日历应用中选择“订阅日历”（或“添加日历—来自网址”），填入下列文件的网址，即可看到各项工作的截止日期，"
        "并在截止前 7 天和前 1 天的上午 9 时收到提醒。截止日期按北京时间计，截止日当天有效。"
        "原文没有规定具体日期的节点（例如“审核并通报正式名单”）不编造日期，只在日历和前一节点的说明中提及。\n\n")
    current = snap.current_year
    for c in sorted(made.calendars, key=lambda c: -(c.year or 0)):
        mark = "（现行）" if c.year == current else ""
        out.append(f"- {plain(c.title)}{mark}：{link(here, c.path, c.path)}\n")
    out.append("\n## 链接地址\n\n")
    if prov.site_url:
        out.append(f"订阅和日历中的链接、结构说明文件的 `$id` 和数据包的地址都是以 `{plain(prov.site_url)}` 开头的绝对地址，"
                   "日历中每个截止事件附有本年度政策页面的网址。\n")
    else:
        out.append("本站生成时没有配置网站的正式地址，因此订阅中的链接是相对于订阅文件本身的地址"
                   "（订阅阅读器按订阅的网址解析，可以正常使用），日历中的事件不附网页链接，结构说明文件没有 `$id`。"
                   "配置网站地址（mkdocs.yml 中的 `site_url`）后重新生成，这些链接都会成为绝对地址。\n")
    out.append("\n## 版本和许可\n\n")
    out.append(f"- 目录：{link(here, urls.api_index(), '全部文件目录（JSON）')}，列出本次发布的每一个文件及其结构说明\n")
    out.append(f"- 字段说明：{link(here, urls.OPEN_DATA_FIELDS, '每个文件每个字段的含义')}\n")
    out.append(f"- 更新记录：{link(here, urls.OPEN_DATA_CHANGELOG, '接口和文件格式的变更')}"
               f"（{link(here, urls.api_changelog(), 'JSON')}）\n")
    out.append(f"- 数据截至：{date(as_of(snap))}（数据中最晚的日期）\n")
    # the release and times are ours (changelog pattern, RFC 3339): nothing to escape, and
    # escaping would turn "1.1.0" at the start of a string into an entity
    out.append(f"- 版本：开放数据 {prov.release} 版（{prov.release_date}）；"
               f"生成时间 {provenance.built_at(prov)}（北京时间）；"
               f"数据提交 {plain(provenance.commit_text(prov))}。每个 JSON 文件的 `built_at` 和 `data_commit` "
               "字段、订阅和日历的文件头、Excel 工作簿的“说明”工作表都注明了这两项；CSV 文件的生成时间、"
               f"数据提交和校验值见 {link(here, urls.datapackage(), '数据包')}\n")
    terms = licence()
    names = "、".join(f"[{plain(item['title'])}]({item['path']})" for item in terms["licenses"])
    out.append(f"- 许可：{names}。{plain(terms['summary'])}\n")

    out.append("\n## 如何引用\n\n")
    if snap.demo:
        out.append(f"{plain(DEMO_NOTE)}\n\n")
    out.append("引用本数据时，请注明发布单位、名称、版本和数据提交号，以便读者找到与您所用完全相同的数据。"
               "参照《信息与文献 参考文献著录规则》（GB/T 7714—2015）的数据集格式，"
               "“引用日期”处填写您下载或访问数据的日期：\n\n")
    citation = provenance.citation(prov, publisher=publisher(snap), title=titled(snap, data_title(snap)))
    out.append(f"> {plain(citation)}\n\n")
    if prov.data_commit:
        out.append(f"完整的数据提交号：`{plain(prov.data_commit)}`。\n")
    out.append("\n## 统计\n\n")
    out.append(f"历年获得激励的情况见 {link(here, urls.STATISTICS, '统计')} 页，"
               f"数据见 {link(here, urls.api_stats(), '统计数据（JSON）')}。\n")
    return "".join(out)


def _dictionary_table(fields: list[Field], *, key_header: str) -> str:
    rows = []
    for f in fields:
        kind = f.kind + ("；可为空" if f.nullable else "")
        rows.append([f"`{f.key}`" if "`" not in f.key else plain(f.key), plain(f.title), plain(kind),
                     cell(f.description), cell("、".join(f.values))])
    return table([key_header, "名称", "类型", "说明", "取值"], rows)


def _fields(made: Published) -> str:
    snap = made.facts.snapshot
    here = urls.OPEN_DATA_FIELDS
    out = [header(snap, "开放数据字段说明")]
    out.append("本页由描述各文件的 JSON Schema 生成，与文件同时更新。"
               f"文件列表见 {link(here, urls.OPEN_DATA, '开放数据')}。\n\n")
    out.append("## 下载文件\n\n")
    out.append("CSV 文件和 Excel 工作表的列名即下表的“名称”；“字段名”是 JSON 接口中的同一字段。\n\n")
    for t in made.tables:
        fields = t.fields(made.schemas, demo=snap.demo)
        out.append(f"### {plain(t.title)}\n\n")
        csv_path, fields_path = urls.download(t.name, snap.years), urls.download_fields(t.name, snap.years)
        out.append(f"文件：{link(here, csv_path, csv_path)}；"
                   f"字段说明：{link(here, fields_path, fields_path)}；"
                   f"结构说明：{link(here, urls.api_schema(t.schema), urls.api_schema(t.schema))}"
                   f"（`{t.pointer.lstrip('/')}`）\n\n")
        out.append(_dictionary_table(fields, key_header="字段名") + "\n\n")
    out.append("## 接口文件\n\n")
    out.append("字段路径中的 `[]` 表示列表中的每一项。所有文件都有 `$schema`、`api_version` 和 `demo` 字段，"
               "示例数据构建中另有 `demo_note`。\n\n")
    for name, docs in _grouped(made):
        schema = made.schemas[name]
        out.append(f"### {plain(schema.get('title', name))}\n\n")
        out.append(f"{cell(schema.get('description'))}\n\n")
        out.append(f"结构说明：{link(here, urls.api_schema(name), urls.api_schema(name))}；"
                   f"例如 {link(here, docs[0].path, docs[0].path)}\n\n")
        fields = [f for f in walk(made.schemas, name) if f.key not in ("api_version", "demo", "demo_note")]
        out.append(_dictionary_table(fields, key_header="字段") + "\n\n")
    return "".join(out)


def _changelog(made: Published) -> str:
    snap = made.facts.snapshot
    here = urls.OPEN_DATA_CHANGELOG
    out = [header(snap, "开放数据更新记录")]
    out.append(f"{cell(made.schemas['changelog'].get('description'))}"
               f"机器可读版本：{link(here, urls.api_changelog(), urls.api_changelog())}。\n\n")
    for release in changelog(snap.programme)["releases"]:
        # release and version are pattern-checked (changelog schema): nothing to escape
        out.append(f"## {release['release']} 版（{plain(release['date'])}，接口 {release['version']}）\n\n")
        out += [f"- {plain(change)}\n" for change in release["changes"]]
        out.append("\n")
    return "".join(out)


# --- statistics ------------------------------------------------------------------------------------


def _statistics(made: Published) -> str:
    facts = made.facts
    snap = facts.snapshot
    here = urls.STATISTICS
    numbers = next(d.body for d in made.documents if d.schema == "stats")  # what stats.json says
    out = [header(snap, "统计")]
    units = "申报单位"
    below = "、".join(sorted(snap.programme.subunit_labels))
    out.append("只统计已发布的通报。" + (f"{below}获得的激励计入其所属的申报单位。" if below else "")
               + 
               f"本页的数字另见 {link(here, urls.api_stats(), '统计数据（JSON）')}"
               f"（{link(here, urls.api_schema('stats'), '数据结构说明')}）。\n\n")
    if numbers["awards_total"] == 0:
        out.append(f"本仓库中没有已发布的通报，暂无获得激励的统计。通报发布后，本页将按{units}和按措施"
                   "统计历年的激励对象，并配有图表。\n\n")

    out.append(f"## 按{units}\n\n")
    years = numbers["years"]
    if numbers["by_region"]:
        series = [f"{y}年" for y in years]
        bars = [Bar(r["applicant_name"], tuple(c["awards"] for c in r["years"])) for r in numbers["by_region"]]
        out.append(bar_chart("jili-chart-regions", f"各{units}历年激励对象数",
                             f"横向条形图，按年度分色堆叠，共 {len(bars)} 个{units}；各数字见图下的表格。",
                             series, bars) + "\n\n")
        rows = [[link(here, urls.unit(r["applicant"]), r["applicant_name"]), plain(r["level"]),
                 *[str(c["awards"]) for c in r["years"]], str(r["total"])] for r in numbers["by_region"]]
        out.append(table([units, "类别", *series, "合计"], rows) + "\n\n")
    else:
        out.append(f"暂无{units}获得激励。\n\n")

    out.append("## 按措施\n\n")
    any_measure = False
    for year in years:
        measures = [m for m in numbers["by_measure"] if m["year"] == year]
        if not any(m["applications"] or m["recommended"] or m["awards"] for m in measures):
            continue
        any_measure = True
        out.append(f"### {year}年\n\n")
        awarded = [m for m in measures if m["awards"]]
        if awarded:
            bars = [Bar(f"第{m['measure']}项 {m['measure_title']}", (m["awards"],)) for m in awarded]
            out.append(bar_chart(f"jili-chart-measures-{year}", f"{year}年各项措施的激励对象数",
                                 f"横向条形图，{len(bars)} 项有激励对象的措施；各措施的申报、推荐和激励数见图下的表格。",
                                 [f"{year}年"], bars) + "\n\n")
        else:
            out.append(f"{year}年度尚无已发布的通报。\n\n")
        rows = [[link(here, urls.measure(year, m["measure"]), f"第{m['measure']}项 {m['measure_title']}"),
                 str(m["applications"]), str(m["recommended"]), str(m["awards"])] for m in measures]
        out.append(table(["措施", "申报数", "推荐对象数", "激励对象数"], rows) + "\n\n")
    if not any_measure:
        out.append("各项措施尚无申报、推荐或激励。\n\n")
    return "".join(out)
