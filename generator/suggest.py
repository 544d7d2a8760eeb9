"""Closest real names for a name someone typed: for "是不是：分水镇？" in diagnostics.

Clerks get a township's name wrong in three ways, tried in this order:

1. the right name with the wrong or no suffix (分水乡 or 分水 for 分水镇, 高峰镇 for 高峰街道):
   the names share their stem, what is left after the suffix 镇/乡/街道/民族乡;
2. a homophone picked from a pinyin input method (隆都街道 for 龙都街道): the stems read the
   same in pinyin (pypinyin), tones ignored;
3. a slip of one or two characters: the closest names by edit distance (rapidfuzz).

Candidates are few (the townships of one 区县 in one year, at most a few dozen; the units of
the registry), so each lookup simply scores them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: Suffixes that make a name a township, longest first (民族乡 before 乡).
SUFFIXES = ("民族乡", "街道办事处", "街道", "镇", "乡")
_SUFFIX = re.compile("(?:" + "|".join(SUFFIXES) + r")\Z")
#: Lowest rapidfuzz ratio (0–100) worth offering; below it a guess is noise.
CUTOFF = 66.0


def stem(name: str) -> str:
    """A township name without its suffix: 分水镇 → 分水, 龙都街道 → 龙都."""
    stripped = _SUFFIX.sub("", name)
    return stripped or name


@lru_cache(maxsize=8192)
def sound(text: str) -> str:
    """How `text` reads in pinyin, without tones: 龙都 → "long dou"."""
    # imported here: loading pypinyin's dictionary costs a third of a second, and only a run
    # that found a misspelt name needs it
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def closest(name: str, candidates: Iterable[str], *, limit: int = 3, strong: bool = False) -> list[str]:
    """Up to `limit` of `candidates` that `name` was most likely meant to be, best first.

    Names sharing the stem or its sound are offered alone when there are any; only otherwise
    the nearest by edit distance (never with `strong`, where a loose guess would mislead)."""
    pool = sorted(set(candidates))
    if not pool or name in pool:
        return [name] if name in pool else []
    out: list[str] = []

    def add(found: Iterable[str]) -> None:
        for f in found:
            if f not in out and len(out) < limit:
                out.append(f)

    typed_stem = stem(name)
    add(c for c in pool if stem(c) == typed_stem)
    add(c for c in pool if sound(stem(c)) == sound(typed_stem))
    if out or strong:
        return out
    from rapidfuzz import fuzz, process

    scored = process.extract(name, pool, scorer=fuzz.ratio, limit=limit, score_cutoff=CUTOFF)
    add(c for c, _, _ in scored)
    return out


def either(names: list[str]) -> str:
    """Names offered as alternatives: "分水镇" or "分水镇或分水街道"."""
    return "或".join(names)
