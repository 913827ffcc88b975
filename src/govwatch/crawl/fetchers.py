"""Fetchers: how a site family lists its documents.

Each fetcher is a small class registered under a name; ``fetcher:`` in ``sources.yaml``
picks one. The class docstring is the user documentation shown by ``govwatch fetchers``.
Third parties add fetchers through the ``govwatch.fetchers`` entry point group.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import ClassVar
from urllib.parse import urlsplit

from govwatch.crawl.discovery import Candidate, find_links, find_pages
from govwatch.crawl.http import Response
from govwatch.sources import Source

log = logging.getLogger(__name__)

PageGetter = Callable[..., Awaitable[Response]]


@dataclass
class ListContext:
    """What a fetcher may use: the source and a ``get`` that fetches (and logs) a list page."""

    source: Source
    get: PageGetter
    errors: list[str] = field(default_factory=list)
    pages: int = 0

    def on_host(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() in self.source.hosts


class Fetcher(ABC):
    name: ClassVar[str]

    @abstractmethod
    async def discover(self, ctx: ListContext) -> list[Candidate]:
        """Return the document links of the source's columns."""


REGISTRY: dict[str, type[Fetcher]] = {}


def register(cls: type[Fetcher]) -> type[Fetcher]:
    REGISTRY[cls.name] = cls
    return cls


def _load_entry_points() -> None:
    for ep in entry_points(group="govwatch.fetchers"):
        if ep.name in REGISTRY:
            continue
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not stop the crawl
            log.warning("cannot load fetcher plugin %s: %s", ep.name, exc)
            continue
        REGISTRY[ep.name] = cls


def get_fetcher(name: str) -> Fetcher:
    if name not in REGISTRY:
        _load_entry_points()
    if name not in REGISTRY:
        raise KeyError(f"unknown fetcher {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]()


def looks_truncated(text: str) -> bool:
    return text.endswith(("...", "…", "..")) and len(text) >= 8


@register
class GenericFetcher(Fetcher):
    """Any site whose column pages are plain HTML lists.

    Reads every start URL, follows pagination (TRS ``createPageHTML(total, cur, "index",
    "html")`` pages and "下一页" links) up to ``max_pages`` list pages per start URL, and
    keeps links on the source's own hosts whose text matches the source's ``match``
    (or whose text is cut short with "…", so the document title decides).
    """

    name = "generic"

    async def discover(self, ctx: ListContext) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for start in ctx.source.start_urls:
            queue, seen = [start], {start}
            while queue and len(seen) - len(queue) < ctx.source.max_pages:
                url = queue.pop(0)
                resp = await ctx.get(url)
                ctx.pages += 1
                if not resp.ok:
                    if url == start:
                        ctx.errors.append(f"list page {url}: {resp.error or resp.status}")
                    continue
                for cand in find_links(resp.text, resp.final_url):
                    if cand.url in found or not ctx.on_host(cand.url):
                        continue
                    if ctx.source.tracks(cand.text) or looks_truncated(cand.text):
                        found[cand.url] = cand
                for page in find_pages(resp.text, resp.final_url):
                    if page not in seen and ctx.on_host(page):
                        seen.add(page)
                        queue.append(page)
        return list(found.values())


@register
class AutoFetcher(GenericFetcher):
    """Detect the site family from the page (falls back to the generic list reader)."""

    name = "auto"
