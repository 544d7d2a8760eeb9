"""Schema findings restated as the mistake the clerk actually made.

The schema can only say "格式不对" or "类型不对". Two mistakes behind such findings are common
enough to name:

* a unit written by its name where its id belongs (`applicant: 万州区`, `sender: 市水利局`):
  the registry knows the name, a short form (石柱县) or a former name (梁平县), so the message
  gives the id to write (R010), or the closest names if it knows none exactly (R011);
* a mapping that YAML read as one piece of text because of a full-width colon or a missing
  space (`contact:` followed by only `person："张三"`): the message names the colon (Y020,
  Y021) at its column, as the syntax check does when libyaml stops.
"""

from __future__ import annotations

import re
from typing import Any

from . import suggest
from .diagnostics import Diagnostic, make
from .loader import Document
from .model import Registry
from .programme import FALLBACK, Programme
from .spans import value_offset

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WIDE_KEY = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*：")
_TIGHT_KEY = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<value>\S.*)\Z", re.DOTALL)


def _kind_words(programme: Programme, refers: str) -> str:
    """What a field that refers to `refers` ("unit" or "department") names, in the programme's words."""
    if refers == "unit":
        return programme.applicants_label
    return "或".join(k.label for k in programme.unit_kinds if k.record == "department") or "部门"


def refine(registry: Registry | None, doc: Document, code: str, jpath: tuple, params: dict[str, Any],
           where: str, year: int | None, programme: Programme = FALLBACK) -> Diagnostic | None:
    """A better diagnostic for schema finding `code` at `jpath` of `doc`, or None to keep it.
    `registry` is None where names cannot be resolved (while the registry itself loads)."""
    value = _value_at(doc.data, jpath)
    if not isinstance(value, str):
        return None
    refers = params.get("refers_to")
    if code == "S005" and refers and registry is not None and _CJK.search(value):
        return _named_unit(registry, doc, jpath, value.strip(), refers, where, year, programme)
    if code == "S003":
        wide = _WIDE_KEY.match(value)
        if wide:
            return make("Y020", doc.path, value_offset(doc, jpath, 0, wide.end() - 1), terms=programme.terms,
                        key=wide["key"])
        tight = _TIGHT_KEY.match(value)
        if tight:
            return make("Y021", doc.path, value_offset(doc, jpath, 0, len(tight["key"]) + 1), terms=programme.terms,
                        key=tight["key"],
                        value=tight["value"])
    return None


def _value_at(data: Any, jpath: tuple) -> Any:
    for part in jpath:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def names_of(registry: Registry, refers: str) -> list[tuple[str, str, str, Any]]:
    """(name as written, how a message shows it, id, record) for every name, short form and
    former name of the units (or departments) a field may refer to."""
    out: list[tuple[str, str, str, Any]] = []
    if refers == "department":
        for d in registry.departments.values():
            out.append((d.name, d.name, d.id, d))
            if d.full_name != d.name:
                out.append((d.full_name, d.full_name, d.id, d))
            out += [(a, f"{a}（{d.name}）", d.id, d) for a in d.aliases]
        return out
    for r in registry.regions.values():
        out.append((r.name, r.name, r.id, r))
        out += [(a, f"{a}（{r.name}）", r.id, r) for a in r.aliases]
        out += [(h.name, f"{h.name}（今{r.name}）", r.id, r) for h in r.history]
    for p in registry.platforms.values():
        out.append((p.name, p.name, p.id, p))
        out += [(a, f"{a}（{p.name}）", p.id, p) for a in p.aliases]
    return out


def named(registry: Registry, refers: str, value: str, year: int | None) -> tuple[str, dict[str, Any]] | None:
    """A unit (or department) written by its name, short form or former name: how a message
    shows the name ("石柱县（石柱土家族自治县）") and the ids it stands for, with their records;
    None if no name in the registry is `value`."""
    exact = [n for n in names_of(registry, refers) if n[0] == value]
    if year is not None and len({n[2] for n in exact}) > 1:
        # one name for two units (两江新区: the platform and, from 2025, the district): the year decides
        current = [n for n in exact if n[3].valid_in(year)]
        exact = current or exact
    if not exact:
        return None
    return exact[0][1], {n[2]: n[3] for n in exact}


def _named_unit(registry: Registry, doc: Document, jpath: tuple, value: str, refers: str, where: str,
                year: int | None, programme: Programme) -> Diagnostic:
    names = names_of(registry, refers)
    key = str(jpath[-1]) if jpath and isinstance(jpath[-1], str) else "编号"
    found = named(registry, refers, value, year)
    if found:
        shown, units = found
        ids = list(units)
        if len(ids) == 1:
            return make("R010", doc.path, doc.position(jpath), terms=programme.terms, field=where, named=shown, id=ids[0], key=key,
                        written=f'"{ids[0]}"')
        return make("R010", doc.path, doc.position(jpath), terms=programme.terms, field=where, named=shown,
                    id=" 或 ".join(f"{i}（{programme.kind_label(units[i].unit_kind)}）" for i in ids), key=key,
                    written=" 或 ".join(f'"{i}"' for i in ids))
    by_name: dict[str, str] = {}
    for name, _, unit_id, _ in names:
        by_name.setdefault(name, unit_id)
    guesses = []
    for g in suggest.closest(value, by_name, limit=6):  # one name per unit, the closest
        if by_name[g] not in {by_name[o] for o in guesses}:
            guesses.append(g)
    guesses = guesses[:3]
    if guesses:
        guess = "；是不是：" + suggest.either([f"{g}（{by_name[g]}）" for g in guesses]) + "？"
    else:
        guess = "，编号见网站上的名录页"
    return make("R011", doc.path, doc.position(jpath), terms=programme.terms, value=value, kind=_kind_words(programme, refers),
                field=where, guess=guess)
