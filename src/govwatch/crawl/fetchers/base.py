"""The fetcher interface, the registry, and plugin loading."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from govwatch.crawl.discovery import Candidate
from govwatch.crawl.http import Response
from govwatch.sources import Source

log = logging.getLogger(__name__)

PageGetter = Callable[..., Awaitable[Response]]
T = TypeVar("T")


async def _in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(fn, *args, **kwargs)


@dataclass
class ListContext:
    """What a fetcher may use: the source, and ``get`` to fetch (and log) a list page.

    ``get(url, method="GET", data=None)`` returns a :class:`Response`; the same URL is
    fetched once per run (answers are cached here). ``parse(fn, *args)`` runs ``fn`` (a
    module-level function or a fetcher's method, on untrusted list-page text) off the event
    loop: in the crawler's parse pool, with its time and memory budget (it raises
    :class:`~govwatch.extract.pool.ParseFailed` when they run out). ``list_urls`` collects every list page
    the fetcher read, so the crawler never mistakes one for a document.
    """

    source: Source
    fetch: PageGetter
    errors: list[str] = field(default_factory=list)
    list_urls: set[str] = field(default_factory=set)
    family: str | None = None  # the family ``auto`` detected, for its extraction hints
    parse: Callable[..., Awaitable[Any]] = _in_thread
    _cache: dict[tuple[str, str, str], Response] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return len(self.list_urls)

    async def get(self, url: str, *, method: str = "GET", data: dict[str, str] | None = None) -> Response:
        key = (method, url, repr(sorted((data or {}).items())))
        if key not in self._cache:
            self._cache[key] = await self.fetch(url, method=method, data=data)
            self.list_urls.add(url.split("#")[0])
        return self._cache[key]

    def on_host(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() in self.source.hosts


def looks_truncated(text: str) -> bool:
    """A list's link text cut short ("关于2023年度法治政府建设…"): let the document title decide."""
    return len(text) >= 8 and text.rstrip().endswith(("...", "…", ".."))


class Fetcher(ABC):
    """A site family's way of listing documents, with optional extraction hints.

    ``content_hint`` is a CSS selector for the family's body container, tried before the
    extractor's own detection (which still decides when it matches nothing); ``drop_hints``
    are selectors of furniture the family puts inside the body. A source's own ``content:``
    and ``drop:`` come first.
    """

    name: ClassVar[str]
    content_hint: ClassVar[str | None] = None
    drop_hints: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    async def discover(self, ctx: ListContext) -> list[Candidate]:
        """Return the document links of the source's columns (all of them; the crawler filters)."""


REGISTRY: dict[str, type[Fetcher]] = {}


def register(cls: type[Fetcher]) -> type[Fetcher]:
    REGISTRY[cls.name] = cls
    return cls


def load_plugins() -> None:
    """Register the fetchers of the ``govwatch.fetchers`` entry point group (once each)."""
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
        load_plugins()
    if name not in REGISTRY:
        raise KeyError(f"unknown fetcher {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]()
