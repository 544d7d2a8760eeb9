"""How the pages name and order things for a reader: nominees, units and departments.

Readers see names, never registry ids; a township is named with its 区县 (两个区县都有白沙镇);
lists of units and departments follow the official order where there is one (区县 by their
administrative division code, as the Ministry of Civil Affairs lists them) and 汉语拼音 order
where there is none (platforms and departments: neither the policy nor the registry orders
them).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TypeVar

from ..model import Department, Platform, Region

T = TypeVar("T", Region, Platform, Department)


def nominee_label(nominee: str, subunit: bool, unit_name: str) -> str:
    """'花田乡（酉阳土家族苗族自治县）' for a unit below its applicant (`subunit`), the name itself
    otherwise (plain text)."""
    return f"{nominee}（{unit_name}）" if subunit and unit_name != nominee else nominee


@functools.lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[str, str]:
    """A sort key putting Chinese names in 汉语拼音 order (ties by the characters themselves)."""
    from pypinyin import Style, lazy_pinyin  # imported when a list is sorted, not at start-up

    return " ".join(lazy_pinyin(name, style=Style.TONE3)), name


def by_pinyin(items: Iterable[T]) -> list[T]:
    """Platforms or departments in 汉语拼音 order of their names."""
    return sorted(items, key=lambda item: pinyin_key(item.name))


def regions_in_order(regions: Iterable[Region]) -> list[Region]:
    """区县 in the official order: by administrative division code; those without a code (not yet
    published) after them, in 汉语拼音 order."""
    return sorted(regions, key=lambda r: (r.code is None, r.code or "", pinyin_key(r.name)))


def units(snapshot) -> list[Region | Platform]:
    """Every 区县 (official order), then every platform (汉语拼音 order)."""
    return [*regions_in_order(snapshot.regions()), *by_pinyin(snapshot.platforms())]
