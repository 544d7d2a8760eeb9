"""The programme's words in the open data's own texts: API schemas and the format changelog.

The API schemas (`schemas/`) and `changelog.json` belong to the program, not to one
programme, yet their titles and descriptions name who applies, the level below an applicant,
the office that receives lists, and so on. They say so with placeholders such as
`{applicants}` (“区县或国家级开发开放平台” in one programme, “地级市或县（市、区）” in another),
filled here from programme.yaml; an enum marked `"x-jili-programme": "applicant_levels"` is
replaced by the programme's list. Nothing else in those files is touched.
"""

from __future__ import annotations

import re
from typing import Any

from ..outputs import OutputError
from ..programme import Programme

#: A placeholder in a title or description: `{name}`, lower-case ASCII only, so that no other
#: brace in the text is taken for one.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Marks an enum that lists one of the programme's lists (see `lists`).
LIST_MARK = "x-jili-programme"


class UnknownPlaceholder(OutputError):
    """A text names a placeholder that `words` does not define (a typo in schemas/ or the changelog)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"开放数据的结构说明或更新记录中有未定义的占位符“{name}”：请改为 "
                         f"generator/opendata/wording.py 中定义的名称（{'、'.join(sorted(_NAMES))}）。")
        self.name = name


def words(programme: Programme) -> dict[str, str]:
    """{placeholder: the programme's words}. Examples are Chongqing's programme.yaml."""
    sub = next((lvl for lvl in programme.levels if lvl.subunit), None)
    levels = list(programme.level_labels)
    step = programme.step_for("application")

    def of_record(record: str, fallback: str) -> str:
        return "、".join(k.label for k in programme.unit_kinds if k.record == record) or fallback

    return {
        "applicants": programme.applicants_label,  # 区县或国家级开发开放平台
        "applicants_and": "和".join(k.label for k in programme.applicant_kinds),  # 区县和国家级开发开放平台
        "applicant_id_hint": programme.applicant_id_hint,  # 区县填 6 位行政区划代码（如 500101），…
        "application_step": step.label if step else "申报",  # 区县申报
        "levels": "或".join(filter(None, ("、".join(levels[:-1]), levels[-1]))) if levels else "",
        "subunit": sub.label if sub else "下一级单位",  # 乡镇（街道）
        "subunit_parent": programme.kind_label(sub.of) if sub else "申报单位",  # 区县
        "supervision": programme.supervision,  # 市政府督查办
        "official_list": programme.official_list,  # 督查激励正式名单
        "departments": programme.departments_page,  # 市级部门
        "regions": of_record("region", "行政区"),  # 区县
        "platforms": of_record("platform", "开发开放平台"),  # 国家级开发开放平台
    }


#: Every placeholder and list name `words` and `lists` define, for the message above.
_NAMES = ("applicants", "applicants_and", "applicant_id_hint", "application_step", "levels", "subunit", "subunit_parent",
          "supervision", "official_list", "departments", "regions", "platforms", "applicant_levels")


def lists(programme: Programme) -> dict[str, list[str]]:
    """{list name: values} for enums marked with `LIST_MARK`. `applicant_levels`: the level at
    which each kind of applicant is itself the nominee, in programme order (区县, 国家级开发开放平台)."""
    own = (programme.own_level(k.id) for k in programme.applicant_kinds)
    return {"applicant_levels": [lvl.label for lvl in own if lvl is not None]}


def fill(node: Any, programme: Programme) -> Any:
    """`node` (parsed JSON) with every placeholder in its strings and every marked enum filled
    from `programme`. Raises UnknownPlaceholder for a name `words` does not define."""
    return _fill(node, words(programme), lists(programme))


def _fill(node: Any, terms: dict[str, str], named: dict[str, list[str]]) -> Any:
    if isinstance(node, str):
        return PLACEHOLDER.sub(lambda m: _term(terms, m[1]), node) if "{" in node else node
    if isinstance(node, list):
        return [_fill(item, terms, named) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _fill(v, terms, named) for k, v in node.items() if k != LIST_MARK}
    if LIST_MARK in node:
        if node[LIST_MARK] not in named:
            raise UnknownPlaceholder(node[LIST_MARK])
        out["enum"] = list(named[node[LIST_MARK]])
    return out


def _term(terms: dict[str, str], name: str) -> str:
    if name not in terms:
        raise UnknownPlaceholder(name)
    return terms[name]
