"""Provenance links: every awarded entry points at the application, the recommendation lists
and the notice it stands on."""

from __future__ import annotations

from .. import urls
from ..pagetext import link
from ..snapshot import Award


def award_sources(facts, page: str, award: Award) -> str:
    """'申报材料 · 推荐名单 · 通报' links for one awarded entry, from `page`."""
    out = []
    if award.application is not None:
        out.append(link(page, urls.application(award.year, award.applicant, award.measure), "申报材料"))
    for rec in award.recommendations:
        label = "推荐名单" if len(award.recommendations) == 1 else f"推荐名单（{facts.department_name(rec.sender)}）"
        out.append(link(page, urls.recommendation(rec.year, rec.measure, rec.sender), label))
    out.append(link(page, urls.notice(award.notice.year, award.notice.slug), "通报"))
    return " · ".join(out)
