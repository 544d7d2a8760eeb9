"""Rules for the registry: ids, names and validity periods that other rules resolve against."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..model import Platform, Region
from . import collection_rule, file_rule
from .context import RuleContext
from .names import suspicious_characters

REGISTRY_KINDS = ("region", "platform", "department")


@file_rule("region")
@file_rule("platform")
@file_rule("department")
def registry_entry(rec, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The id equals the file name (R006); the validity period is not reversed (R003); names
    use only standard characters (A008)."""
    place = ctx.repo.files[rec.path].place
    if rec.id != place.stem:
        yield ctx.diag("R006", rec.path, ("id",), id=rec.id, stem=place.stem)
    if rec.valid_from is not None and rec.valid_until is not None and rec.valid_from > rec.valid_until:
        yield ctx.diag("R003", rec.path, ("valid_until",), start=rec.valid_from, end=rec.valid_until)
    names = [("name",), *((("aliases", i),) for i in range(len(rec.aliases)))]
    values = [rec.name, *rec.aliases]
    for jpath, name in zip(names, values):
        bad = suspicious_characters(name)
        if bad:
            yield ctx.diag("A008", rec.path, jpath, name=name, chars="、".join(bad))


@file_rule("platform")
def platform_hosts(platform: Platform, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A platform's host districts are regions of the registry (R004)."""
    for i, host in enumerate(platform.hosts):
        if host not in ctx.registry.regions:
            yield ctx.diag("R004", platform.path, ("hosts", i), ref=host, kind=_region_kinds(ctx))


def _region_kinds(ctx: RuleContext) -> str:
    """What the registry calls its administrative divisions, in the programme's words (“区县”)."""
    return "或".join(k.label for k in ctx.programme.unit_kinds if k.record == "region") or "行政区"


@file_rule("region")
def region_successor(region: Region, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A merged region's successor is a region of the registry (R005)."""
    if region.successor is not None and region.successor not in ctx.registry.regions:
        yield ctx.diag("R005", region.path, ("successor",), ref=region.successor)


@collection_rule(*REGISTRY_KINDS)
def registry_unique(ctx: RuleContext, _years) -> Iterator[Diagnostic]:
    """Ids are unique across the whole registry (R001); within each kind, a name or alias
    points to one entry in any year (R002)."""
    owners: dict[str, str] = {}
    by_kind: dict[str, list] = {}
    for kind in REGISTRY_KINDS:
        for source in ctx.repo.of_kind(kind):
            rec = ctx.record(source.path)
            if rec is None:
                continue
            by_kind.setdefault(kind, []).append(rec)
            if rec.id in owners:
                yield ctx.diag("R001", rec.path, ("id",), id=rec.id, other=ctx.display(owners[rec.id]))
            else:
                owners[rec.id] = rec.path
    for kind, records in by_kind.items():
        for i, a in enumerate(records):
            for b in records[i + 1:]:
                shared = set(_names(a)) & set(_names(b))
                if not shared:
                    continue
                start = max(a.valid_from or 0, b.valid_from or 0)
                end = min(a.valid_until or 9999, b.valid_until or 9999)
                if start <= end:
                    name = min(shared)
                    years = _period(start, end)
                    # either file may be the mistaken one: point at the name in both
                    for rec in (a, b):
                        yield ctx.diag("R002", rec.path, _where(rec, name), name=name, years=years,
                                       a=a.id, b=b.id)


def _names(rec) -> tuple[str, ...]:
    extra = (rec.full_name,) if hasattr(rec, "full_name") else ()
    return (rec.name, *extra, *rec.aliases)


def _where(rec, name: str) -> tuple:
    """The JSON path at which `rec` writes `name`."""
    if rec.name == name:
        return ("name",)
    if getattr(rec, "full_name", None) == name:
        return ("full_name",)
    return ("aliases", rec.aliases.index(name))


def _period(start: int, end: int) -> str:
    """A period as a reader says it; 0 and 9999 stand for an open start or end."""
    if start == 0 and end == 9999:
        return "在所有年度"
    if start == 0:
        return f"在 {end} 年及以前"
    if end == 9999:
        return f"自 {start} 年起"
    return f"在 {start} 年" if start == end else f"在 {start}—{end} 年"
