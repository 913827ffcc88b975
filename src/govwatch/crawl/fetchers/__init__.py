"""Fetchers: how a site family lists its documents.

Each fetcher is a small class registered under a name; ``fetcher:`` in ``sources.yaml``
picks one, and its docstring is the user documentation that ``govwatch fetchers`` shows.
Third parties add fetchers through the ``govwatch.fetchers`` entry point group: a class
with a ``name`` and an ``async discover(ctx) -> list[Candidate]``.
"""

from __future__ import annotations

from govwatch.crawl.fetchers.base import REGISTRY, Fetcher, ListContext, get_fetcher, load_plugins, register
from govwatch.crawl.fetchers.families import (
    AutoFetcher,
    CssFetcher,
    GenericFetcher,
    GkmlptFetcher,
    HanwebFetcher,
    HuaianFetcher,
    HunanFetcher,
    ShaanxiFetcher,
    TrsFetcher,
    UcapFetcher,
)

__all__ = [
    "REGISTRY",
    "AutoFetcher",
    "CssFetcher",
    "Fetcher",
    "GenericFetcher",
    "GkmlptFetcher",
    "HanwebFetcher",
    "HuaianFetcher",
    "HunanFetcher",
    "ListContext",
    "ShaanxiFetcher",
    "TrsFetcher",
    "UcapFetcher",
    "get_fetcher",
    "load_plugins",
    "register",
]
