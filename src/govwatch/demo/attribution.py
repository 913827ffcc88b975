"""Tie configured sources to the catalogue's governments by their ``region``, for coverage.

A source's ``region`` ([province, prefecture, county] names) names one government of the
catalogue; its stored documents are attributed to that government (``found_by="config"``) and
the government is recorded as searched, so ``govwatch coverage`` and the web map show the
demo's reports under the right division codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session, select

from govwatch.sources.catalog import Government, load_catalog
from govwatch.store import Store
from govwatch.store.models import Document


def government_of(region: Sequence[str], catalog: Iterable[Government]) -> Government | None:
    """The one government a region names (its province and own name; the prefecture when given)."""
    if not region:
        return None
    province, name = region[0], region[-1]
    matches = [g for g in catalog if g.province == province and g.name == name]
    if len(matches) > 1 and len(region) == 3:
        matches = [g for g in matches if g.prefecture == region[1]]
    return matches[0] if len(matches) == 1 else None


def attribute_sources(store: Store, sources: Iterable[tuple[str, Sequence[str], str]],
                      catalog: list[Government] | None = None) -> dict[str, str]:
    """For each (source id, region, start URL): attribute its documents to the region's government.

    Returns source id → division code for the sources that matched.
    """
    from govwatch.store.discovery import DiscoveryStore

    catalog = load_catalog() if catalog is None else catalog
    disc = DiscoveryStore(store)
    matched: dict[str, str] = {}
    for source_id, region, start_url in sources:
        gov = government_of(region, catalog)
        if gov is None:
            continue
        matched[source_id] = gov.code
        with Session(store.engine) as session:
            urls = session.exec(select(Document.url).where(Document.source_id == source_id,
                                                           Document.parent_id.is_(None))).all()  # type: ignore[union-attr]
        for url in urls:
            disc.attribute(gov.code, url, "config", [start_url])
        disc.record_check(gov.code, "searched", f"configured source {source_id}", found=len(urls))
    return matched
