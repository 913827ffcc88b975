"""The web pages' view of coverage: the catalogue and ``coverage_rows`` from ``govwatch.coverage``.

A thin adapter so that the pages depend on one small interface: governments with their status
for a year, grouped province → prefecture → county, and counts per status.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govwatch.coverage import CoverageRow
    from govwatch.sources.catalog import Government
    from govwatch.store import Store
    from govwatch.store.discovery import SourceRow

#: statuses drawn on the map, in legend order (``not_checked``: no source watches it yet)
STATUSES = ("published", "late", "missing", "blocked", "unreachable", "not_checked")


@cache
def catalog() -> tuple[Government, ...]:
    """The bundled catalogue, parsed once per process."""
    from govwatch.sources.catalog import load_catalog

    return tuple(load_catalog())


@cache
def _by_code() -> dict[str, Government]:
    return {g.code: g for g in catalog()}


def rows_for(store: Store, year: int, province: str | None = None) -> list[CoverageRow]:
    from govwatch.coverage import coverage_rows

    return coverage_rows(store, year, list(catalog()), province=province)


def government(code: str) -> Government | None:
    """The catalogue's government with this division code."""
    return _by_code().get(code)


def row_for(store: Store, gov: Government, year: int) -> CoverageRow:
    from govwatch.coverage import coverage_rows

    return coverage_rows(store, year, catalog=[gov])[0]


def discovered_sources(store: Store, code: str) -> list[SourceRow]:
    """Columns that discovery found on this government's sites (watched like configured sources)."""
    from govwatch.store.discovery import DiscoveryStore

    return DiscoveryStore(store).sources(codes=[code])


@dataclass
class Group:
    """A province or a prefecture: its governments and counts per status."""

    name: str
    rows: list[CoverageRow] = field(default_factory=list)
    children: dict[str, Group] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def group(rows: list[CoverageRow]) -> tuple[Counter[str], list[Group]]:
    """Totals per status, and provinces (catalogue order) → prefectures → governments."""
    totals: Counter[str] = Counter()
    provinces: dict[str, Group] = {}
    for row in rows:
        totals[row.status] += 1
        prov = provinces.setdefault(row.province, Group(row.province))
        prov.counts[row.status] += 1
        if row.level == "province":
            prov.rows.append(row)
            continue
        pref_name = row.prefecture or ("（省/直辖市直辖）" if row.level == "county" else row.name)
        if row.level == "prefecture":
            pref_name = row.name
        pref = prov.children.setdefault(pref_name, Group(pref_name))
        pref.counts[row.status] += 1
        pref.rows.append(row)
    return totals, list(provinces.values())
