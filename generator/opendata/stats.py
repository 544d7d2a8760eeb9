"""Statistics: awards by region (or platform) and by measure across years.

One computation feeds both `api/v1/stats.json` and the 统计 page's tables and charts, so the
numbers on the page are the numbers in the data.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..export import nominee_name
from ..facts import Facts


def view(facts: Facts) -> dict[str, Any]:
    snap = facts.snapshot
    years = snap.years
    per_unit: dict[str, Counter[int]] = {}
    for award in facts.awards:
        per_unit.setdefault(award.applicant, Counter())[award.year] += 1
    order = {unit.id: i for i, unit in enumerate(facts.units())}
    by_region = [
        {
            "applicant": unit_id,
            "applicant_name": facts.unit_name(unit_id),
            "level": facts.unit_level(unit_id),
            "years": [{"year": y, "awards": counts[y]} for y in years],
            "total": sum(counts.values()),
        }
        for unit_id, counts in per_unit.items()
    ]
    by_region.sort(key=lambda r: (-r["total"], order.get(r["applicant"], len(order)), r["applicant"]))

    by_measure = []
    for year in years:
        for number, measure in snap.measures.get(year, {}).items():
            recommended = {  # distinct (applicant, nominee): one entry on two lists counts once
                (entry.applicant, nominee_name(facts, year, number, entry.applicant, entry.nominee))
                for rec in facts.recommendations_by_measure.get((year, number), [])
                for category in rec.categories
                for entry in category.entries
            }
            by_measure.append({
                "year": year,
                "measure": number,
                "measure_title": measure.title,
                "applications": len(facts.applications_by_measure.get((year, number), [])),
                "recommended": len(recommended),
                "awards": len(facts.awards_by_measure.get((year, number), [])),
            })
    return {
        "years": years,
        "awards_total": len(facts.awards),
        "by_region": by_region,
        "by_measure": by_measure,
    }

