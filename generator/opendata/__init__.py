"""Open data published with every site build: the JSON API, downloads, feeds, calendar and
statistics. Filled in by the open-data issue; the site build calls these two functions.
"""

from __future__ import annotations

from ..snapshot import Snapshot


def publish(snapshot: Snapshot) -> dict[str, bytes]:
    """Data files to publish, by path relative to the site root."""
    return {}


def pages(snapshot: Snapshot) -> dict[str, str]:
    """Markdown pages about the published data (开放数据, 统计), by source path."""
    return {}
