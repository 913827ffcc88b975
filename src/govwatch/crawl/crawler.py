"""The crawl loop: for each source, discover documents, fetch them, extract, store.

Sources run concurrently over one shared :class:`HttpClient`; a failing source never stops
the others. Known documents that fell off the list are re-checked, so a deletion is seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from govwatch.crawl.discovery import Candidate
from govwatch.crawl.fetchers import ListContext, get_fetcher
from govwatch.crawl.fetchers.base import looks_truncated
from govwatch.crawl.http import HttpClient, RequestPolicy, Response
from govwatch.extract import extract
from govwatch.reports import classify
from govwatch.sources import Source
from govwatch.store import Outcome, Store

log = logging.getLogger(__name__)

COUNT_KEYS = ("new", "changed", "unchanged", "duplicate", "gone", "failed", "skipped")

#: called with (source_id, event, detail); events: "start", "total", "page", "done"
ProgressFn = Callable[[str, str, object], None]

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")


@dataclass
class SourceResult:
    source_id: str
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    list_pages: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and self.counts["failed"] == 0

    def summary(self) -> dict[str, int]:
        return {k: self.counts[k] for k in COUNT_KEYS}


def policy_for(source: Source) -> RequestPolicy:
    return RequestPolicy(
        delay=source.delay,
        timeout=source.timeout,
        retries=source.retries,
        max_bytes=source.max_bytes,
        max_redirects=source.max_redirects,
        allowed_hosts=source.hosts,
        user_agent=source.user_agent,
    )


class SourceCrawl:
    """One run of one source."""

    def __init__(self, source: Source, client: HttpClient, store: Store,
                 progress: ProgressFn | None = None) -> None:
        self.source = source
        self.client = client
        self.store = store
        self.policy = policy_for(source)
        self.progress = progress or (lambda *_: None)
        self.result = SourceResult(source.id)

    async def get(self, url: str, *, method: str = "GET", data: dict[str, str] | None = None) -> Response:
        resp = await self.client.fetch(url, self.policy, method=method, data=data)
        if not resp.ok:
            self.store.record_failure(self.source.id, url, resp.error or "http", resp.detail, resp.status)
        return resp

    async def run(self) -> SourceResult:
        src = self.source
        self.progress(src.id, "start", None)
        run_id = self.store.start_run(src.id)
        try:
            ctx = ListContext(source=src, fetch=self.get)
            candidates = await get_fetcher(src.fetcher).discover(ctx)
            self.result.list_pages = ctx.pages
            self.result.errors.extend(ctx.errors)
            known = self.store.known(src.id)
            todo: dict[str, Candidate] = {
                c.url: c for c in candidates
                if c.url not in ctx.list_urls and ctx.on_host(c.url)
                and (src.tracks(c.text) or looks_truncated(c.text))
            }
            for url, doc in known.items():
                todo.setdefault(url, Candidate(url=url, text=doc.link_text or ""))
            self.progress(src.id, "total", len(todo))
            for cand in todo.values():
                outcome = await self.fetch_document(cand, known_url=cand.url in known)
                self.result.counts[outcome] += 1
                self.progress(src.id, "page", cand.url)
        except Exception as exc:  # one broken source must not stop the others
            log.exception("source %s failed", src.id)
            self.result.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            outcome = "ok" if self.result.ok else ("failed" if self.result.errors else "partial")
            self.store.finish_run(run_id, outcome, self.result.summary())
            self.progress(src.id, "done", self.result)
        return self.result

    async def fetch_document(self, cand: Candidate, *, known_url: bool) -> str:
        src = self.source
        resp = await self.client.fetch(cand.url, self.policy)
        if resp.status in (404, 410) and resp.error is None:
            if known_url:
                return Outcome.GONE if self.store.mark_gone(src.id, cand.url, resp.status) else Outcome.UNCHANGED
            self.store.record_failure(src.id, cand.url, "not_found", f"HTTP {resp.status}", resp.status)
            return Outcome.FAILED
        if not resp.ok:
            self.store.record_failure(src.id, cand.url, resp.error or "http",
                                      resp.detail or f"HTTP {resp.status}", resp.status)
            return Outcome.FAILED
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if not ctype.startswith(HTML_TYPES):
            self.store.record_failure(src.id, cand.url, "unsupported", f"content-type {ctype}", resp.status)
            return "skipped" if not known_url else Outcome.FAILED
        extracted = extract(resp.text, resp.final_url, content=src.content, drop=list(src.drop))
        if not known_url and not src.tracks(cand.text, extracted.title):
            return "skipped"
        if not extracted.paragraphs:
            self.store.record_failure(src.id, cand.url, "empty", extracted.reason or "no body text", resp.status)
            return Outcome.FAILED
        kind, year = classify(extracted.title)
        if kind is None:
            kind, year = classify(cand.text)
        if extracted.report_year is None:
            extracted.report_year = year
        return self.store.record_page(
            src.id, cand.url, extracted, kind=kind or "match", link_text=cand.text or None,
            encoding=resp.encoding, status_code=resp.status, etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"), size=len(resp.content),
        )


async def crawl(sources: list[Source], store: Store, *, concurrency: int = 8,
                progress: ProgressFn | None = None, client: HttpClient | None = None) -> list[SourceResult]:
    """Crawl ``sources`` concurrently (at most ``concurrency`` at once)."""
    limit = asyncio.Semaphore(concurrency)
    own_client = client is None
    http = client or HttpClient()

    async def one(source: Source) -> SourceResult:
        async with limit:
            return await SourceCrawl(source, http, store, progress).run()

    try:
        return list(await asyncio.gather(*(one(s) for s in sources)))
    finally:
        if own_client:
            await http.aclose()
