"""`.gitlab/CODEOWNERS`: the ownership rule written in GitLab's syntax, one section per kind of path.

GitLab reads CODEOWNERS from the repository root, `docs/` or `.gitlab/` (the first it finds);
`.github/CODEOWNERS` is not read there. Its syntax differs from GitHub's in one way that
matters: a file is split into sections (`[名称]`), each section is judged on its own, and a
protected branch that requires code-owner approval needs an approval from every section a
changed file matches (within a section the last matching line wins, as on GitHub). The
grants keep their sections from `ownership`, so approvals are required per section: the
default section (`*`, the supervision office) always, and the section of the unit's own
folder besides. Every line lists exactly the owners GitHub's file lists, and the supervision
office is on every line, so one approval from it satisfies every section; a unit's approval
satisfies its own section only.

Patterns are the anchored subset `ownership.pattern_regex` reads, which GitLab reads the same
way. Accounts and teams are written as the registry has them: `@login` is a GitLab username,
`@group/subgroup` a GitLab group path (GitHub's `@org/team` maps to group `org`, subgroup `team`).
"""

from __future__ import annotations

import re

from .codeowners import HEADER
from .ownership import Ownership

PATH = ".gitlab/CODEOWNERS"
GITLAB_HEADER = (
    HEADER[0],  # the same first line: `codeowners.is_generated` recognises both files
    HEADER[1],
    ("# 改动名录或措施后运行 jili codeowners --forge gitlab 重新生成并一起提交；"
     "CI 用 jili codeowners --forge gitlab --check 检查是否过期。"),
    ("# GitLab 按节（[节名]）分别要求代码所有者批准：改动的文件匹配几个节，就需要每个节各有一人批准；"
     "节内以最后一条匹配的规则为准。"),
    "# 每条规则都列有督查机构（项目设置中的发布机构），它一人批准即满足所有节；申报单位和牵头部门的批准只满足本单位的节。",
    "# 同一规则也由 jili authorize 用来检查合并请求的作者能否改动每个数据文件。",
)


def section_name(section: str) -> str:
    """A section's short name for its `[...]` heading: the words before its first space or colon."""
    name = re.split(r"[ ：:]", section, maxsplit=1)[0].strip()
    # "]" would end the heading early; GitLab has no escape for it
    return name.replace("[", "（").replace("]", "）") or "默认"


def render(ownership: Ownership) -> str:
    """The whole GitLab CODEOWNERS text: deterministic for the same registry and policy."""
    lines = list(GITLAB_HEADER)
    section = None
    for grant in ownership.grants:
        if grant.section != section:
            section = grant.section
            lines += ["", f"[{section_name(section)}]", f"# {section}"]
        if grant.comment:
            lines.append(f"# {grant.comment}")
        lines.append(" ".join((grant.pattern, *ownership.owners(grant))))
    return "\n".join(lines) + "\n"
