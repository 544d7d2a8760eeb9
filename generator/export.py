"""Public views of records: the shapes the JSON API, downloads and `jili export` publish.

Only what may be published is here: an application's contact never leaves this module's
callers because no view includes it.
"""

from __future__ import annotations

from typing import Any

from .model import Measure


def measure_view(measure: Measure) -> dict[str, Any]:
    """A measure as `jili export measures` and the API publish it."""
    return {
        "year": measure.year,
        "number": measure.number,
        "title": measure.title,
        "title_from_notice": measure.title_from_notice,
        "text": measure.text,
        "eligible_levels": list(measure.levels),
        "eligible_text": measure.eligible_text,
        "incentive_kinds": list(measure.incentive_kinds),
        "incentive_clause": measure.incentive_clause,
        "lead_units": list(measure.lead_units),
        "cooperating_units": list(measure.cooperating_units),
        "cooperating_units_open_ended": measure.cooperating_units_open_ended,
    }
