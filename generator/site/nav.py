"""The site navigation: sections and their index pages only, never every page.

A full navigation repeated in every page makes the site grow with the square of its size;
each page here is reached through the index pages instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import urls
from ..programme import Programme

#: Stand-ins for the programme's names of its two registry pages (programme.yaml `naming`).
UNITS, DEPARTMENTS = "{units}", "{departments}"

#: (title, page) in menu order; a section shows if its page exists.
MENU = (
    ("首页", urls.HOME),
    ("政策原文", urls.POLICY_INDEX),
    ("激励措施", urls.MEASURES_INDEX),
    ("工作进度", urls.TIMELINE),
    ("激励名单", urls.AWARDS_INDEX),
    (UNITS, urls.REGIONS_INDEX),
    (DEPARTMENTS, urls.DEPARTMENTS_INDEX),
    ("典型经验", urls.EXPERIENCES_INDEX),
    ("在线填报", urls.FORMS),
    ("申报指南", urls.GUIDE),
    ("字段说明", urls.FIELDS),
    ("开放数据", urls.OPEN_DATA),
    ("统计", urls.STATISTICS),
    ("内网部署", urls.DEPLOY),
    ("关于本站", urls.ABOUT),
)


def navigation(pages: Iterable[str], programme: Programme) -> list[dict[str, str]]:
    """The mkdocs `nav` for a site that has `pages`, in the programme's words."""
    have = set(pages)
    names = {UNITS: programme.units_page, DEPARTMENTS: programme.departments_page}
    return [{names.get(title, title): page} for title, page in MENU if page in have]
