"""Discovered sources: the report columns ``govwatch discover`` found, watched like configured ones.

They live in the store (``discovered_source``), never in the user's YAML. ``govwatch fetch`` and
the daemon crawl every one that is not ``rejected``, with the config's ``defaults:``; ids look
like ``d420626-1`` (``d``, the division code, a number). Aggregator columns (a prefecture's
column of its counties' reports) are attributed by discovery, not crawled as the prefecture's.

>>> is_discovered_id("d420626-1"), is_discovered_id("zengdu")
(True, False)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from govwatch.sources import Config, Source, _build

if TYPE_CHECKING:
    from govwatch.store import Store
    from govwatch.store.discovery import SourceRow

_ID = re.compile(r"^d\d{6}-\d+$")


def is_discovered_id(source_id: str) -> bool:
    return bool(_ID.match(source_id))


def _raw(row: SourceRow) -> dict[str, object]:
    return {"id": row.source_id, "name": row.name, "start_urls": [row.url], "region": [row.code]}


def discovered_sources(store: Store, cfg: Config, ids: list[str] | None = None) -> list[Source]:
    """The store's discovered columns as :class:`Source` objects (``ids``: only these; rejected
    and aggregator columns left out unless named)."""
    from govwatch.store.discovery import DiscoveryStore

    defaults = cfg.defaults.model_dump(exclude_unset=True)
    out = []
    for row in DiscoveryStore(store).sources():
        if ids is not None:
            if row.source_id not in ids:
                continue
        elif row.state == "rejected" or (row.found_by == "aggregator" and row.state != "pinned"):
            continue
        out.append(_build(_raw(row), defaults))
    return out


def to_yaml(rows: list[SourceRow]) -> str:
    """A ``sources:`` YAML block of discovered columns, ready to paste into a config."""
    items = [{**_raw(r), "verified": False} for r in rows]
    return yaml.safe_dump({"sources": items}, allow_unicode=True, sort_keys=False)
