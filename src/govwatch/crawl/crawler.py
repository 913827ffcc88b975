"""The crawl loop: for each source, discover documents, fetch them, extract, store.

Sources run concurrently over one shared :class:`HttpClient`; a failing source never stops
the others. Which documents a run fetches:

- every URL the lists show that is not stored yet;
- stored documents that just fell off a list (so a deletion is seen at once);
- every other stored document, re-validated with a conditional request (``If-None-Match``/
  ``If-Modified-Since``; a plain GET where the server gave no validators): a 304 is "seen,
  unchanged", so an edit made in place while the report stays listed is seen on the next run.
  A source's ``recheck_after`` (opt-in, default 0) re-validates a document only when its last
  check is at least that old, to save requests at the cost of seeing edits late.

List pages are requested on every run, conditionally too; a 304 reuses the stored body.
Every response body is kept as a raw capture for ``govwatch reextract``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

from govwatch.crawl.blocked import Verdict, classify_response
from govwatch.crawl.browser import Browser, WallAccess
from govwatch.crawl.discovery import Candidate
from govwatch.crawl.fetchers import ListContext, get_fetcher
from govwatch.crawl.fetchers.base import looks_truncated
from govwatch.crawl.http import HttpClient, RequestPolicy, Response
from govwatch.crawl.robots import RobotsCache
from govwatch.extract import Extracted, extract
from govwatch.extract.attachments import AttachmentText, attachment_text, detect_kind
from govwatch.extract.pool import ParseFailed, ParsePool
from govwatch.reports import classify
from govwatch.sources import Source
from govwatch.store import Outcome, Store
from govwatch.store.models import Document
from govwatch.store.repository import MAX_URL, RawResponse

log = logging.getLogger(__name__)
T = TypeVar("T")
AttachmentInfo = dict[str, dict[str, object]]

COUNT_KEYS = ("new", "changed", "unchanged", "duplicate", "gone", "failed", "blocked", "skipped")

#: called with (source_id, event, detail); events: "start", "total", "page", "done"
ProgressFn = Callable[[str, str, object], None]

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")
#: attachment types that are downloaded and read (others are only listed)
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd")
#: a page body shorter than this, with readable attachments, takes its text from them
THIN_BODY_CHARS = 200
#: pages up to this size are parsed in a thread instead of a pool worker (lexbor takes ~0.2 s on
#: 100 KB of the worst nesting; the text rules are linear)
INLINE_PARSE_BYTES = 64_000


@dataclass(frozen=True)
class Event:
    """Something a run found: a new, changed, duplicate or gone document."""

    outcome: str
    source_id: str
    url: str
    title: str | None = None


@dataclass
class SourceResult:
    source_id: str
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    list_pages: int = 0
    events: list[Event] = field(default_factory=list)
    #: why pages failed: (kind, url, detail) of each failure recorded in the fetch log, in order
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.counts["failed"] == 0 and self.counts["blocked"] == 0

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
        host_concurrency=source.host_concurrency,
        verify=source.verify,
        deadline=source.deadline,
    )


def _due(doc: Document, now: datetime, recheck_after: float) -> bool:
    """Is a stored document due for re-validation? Always with the default ``recheck_after`` 0."""
    if recheck_after <= 0:
        return True
    checked = doc.last_checked
    if checked.tzinfo is None:
        checked = checked.replace(tzinfo=UTC)
    return (now - checked).total_seconds() >= recheck_after


class SourceCrawl:
    """One run of one source."""

    def __init__(
        self,
        source: Source,
        client: HttpClient,
        store: Store,
        robots: RobotsCache,
        progress: ProgressFn | None = None,
        recheck: bool = False,
        writer: ThreadPoolExecutor | None = None,
        parser: ParsePool | None = None,
        access: WallAccess | None = None,
    ) -> None:
        self.source = source
        self.access = access
        self.writer = writer
        self.parser = parser
        self.client = client
        self.store = store
        self.robots = robots
        self.policy = policy_for(source)
        self.progress = progress or (lambda *_: None)
        self.recheck = recheck
        self.result = SourceResult(source.id)
        self.content: str | None = source.content  # the source's, else its family's extraction hints
        self.drop: list[str] = list(source.drop)

    async def db(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run store reads and writes on the crawl's writer thread, off the event loop, so that
        committing one page never holds up the requests to other hosts."""
        if self.writer is None:
            return fn(*args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, functools.partial(fn, *args, **kwargs))

    async def parse(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Parse untrusted HTML off the event loop: in the parse pool (time and memory budgets, see
        :mod:`govwatch.extract.pool`; raises :class:`ParseFailed` when a budget runs out), or, for
        a page of at most :data:`INLINE_PARSE_BYTES` (every parser used on pages is linear or
        bounded at that size), in a thread, which saves the round trip to a worker."""
        if self.parser is None or _input_size(args) <= INLINE_PARSE_BYTES:
            return await asyncio.to_thread(fn, *args, **kwargs)
        return await self.parser.call(fn, *args, **kwargs)

    async def parse_file(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Parse an attachment: always in the pool (a 1.5 KB XLSX can describe a billion rows)."""
        if self.parser is None:
            return await asyncio.to_thread(fn, *args, **kwargs)
        return await self.parser.call(fn, *args, **kwargs)

    async def classify(self, resp: Response) -> Verdict | None:
        """Blocked/soft-404 verdict on an answer; parsed in the pool (the body is untrusted HTML)."""
        if not resp.status:
            return None
        return await self.parse(classify_response, resp.status, resp.headers, resp.content, None)

    async def fail(self, url: str, kind: str, detail: str | None, status: int | None = None,
                   via: str | None = None) -> None:
        """Record a failed fetch of ``url`` (blocked, not_found, timeout, …) in the fetch log."""
        self.result.failures.append((kind, url, detail or (f"HTTP {status}" if status else kind)))
        await self.db(self.store.record_failure, self.source.id, url, kind, detail, status, via=_via(via))

    async def http(self, url: str, policy: RequestPolicy | None = None, *, page: bool = True,
                   **kw: object) -> Response:
        """Fetch through plain HTTP or the browser, as the source's ``fetch_via`` and the answer say."""
        if self.access is None:
            return await self.client.fetch(url, policy or self.policy, **kw)  # type: ignore[arg-type]
        return await self.access.fetch(url, policy or self.policy, self.source.fetch_via, page=page,
                                       robots=self.source.robots, **kw)

    async def keep(self, raw: RawResponse | None) -> None:
        """Keep a response as a raw capture on its own (when no version is stored with it)."""
        if raw is not None:
            await self.db(
                self.store.save_capture,
                self.source.id,
                raw.url,
                raw.kind,
                raw.status,
                raw.headers,
                raw.body,
                raw.encoding,
            )

    async def _may_fetch(self, url: str) -> bool:
        if not self.source.robots:
            return True
        return await self.robots.allowed(url, self.policy)

    async def get_list(self, url: str, *, method: str = "GET", data: dict[str, str] | None = None) -> Response:
        """Fetch a list page (conditionally for GET), keep its capture, reuse the body on 304."""
        src = self.source
        if not await self._may_fetch(url):
            await self.fail(url, "robots", "disallowed by robots.txt")
            return Response(url=url, final_url=url, error="robots", detail="disallowed by robots.txt")
        state = await self.db(self.store.page_state, url) if method == "GET" else None
        resp = await self.http(
            url,
            method=method,
            data=data,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
        )
        if resp.not_modified and state and state.raw_hash:
            body = await self.db(self.store.raw_body, state.raw_hash)
            if body is not None:
                await self.db(self.store.save_page_state, src.id, url, state.etag, state.last_modified, state.raw_hash)
                resp.status, resp.content = 200, body
                return resp
        if resp.status is not None and resp.error is None:
            validators = (resp.headers.get("etag"), resp.headers.get("last-modified"))
            await self.db(
                self.store.save_capture,
                src.id,
                url if method == "GET" else f"{url} [{method}]",
                "list",
                resp.status,
                resp.headers,
                resp.content,
                resp.charset() if resp.ok else None,
                validators=validators if resp.ok and method == "GET" else None,
            )
        try:
            verdict = await self.classify(resp)
        except ParseFailed as exc:  # a list page that makes the parser run away
            resp.error, resp.detail = "parse", exc.reason
            await self.fail(url, "parse", exc.reason, resp.status)
            self.result.counts["failed"] += 1
            return resp
        if verdict is not None:
            resp.error, resp.detail = verdict.kind, _verdict_text(verdict, resp)
            await self.fail(url, resp.error, resp.detail, resp.status, resp.via)
            self.result.counts["blocked" if verdict.kind == "blocked" else "failed"] += 1
        elif not resp.ok:
            await self.fail(url, resp.error or "http", resp.detail or f"HTTP {resp.status}", resp.status, resp.via)
        return resp

    async def run(self) -> SourceResult:
        src = self.source
        self.progress(src.id, "start", None)
        run_id: int | None = None
        if not src.robots:
            log.warning("source %s: robots.txt is NOT obeyed (robots: false)", src.id)
        try:
            run_id = await self.db(self.store.start_run, src.id)
            ctx = ListContext(source=src, fetch=self.get_list, parse=self.parse)
            fetcher = get_fetcher(src.fetcher)
            candidates = await fetcher.discover(ctx)
            hints = get_fetcher(ctx.family) if ctx.family else fetcher
            self.content = src.content or hints.content_hint
            self.drop = [*src.drop, *hints.drop_hints]
            self.result.list_pages = ctx.pages
            self.result.errors.extend(ctx.errors)
            listed = {
                c.url: c
                for c in candidates
                if c.url not in ctx.list_urls and ctx.on_host(c.url) and (src.tracks(c.text) or looks_truncated(c.text))
            }
            known = await self.db(self.store.known, src.id)
            todo = await self.plan(listed, known, complete=not ctx.errors)
            self.progress(src.id, "total", len(todo))
            for cand in todo:
                outcome = await self.fetch_one(cand, known.get(cand.url))
                self.result.counts[outcome] += 1
                if outcome in (Outcome.NEW, Outcome.CHANGED, Outcome.DUPLICATE, Outcome.GONE):
                    doc = known.get(cand.url)
                    title = (doc.link_text if doc else None) or cand.text
                    self.result.events.append(Event(str(outcome), src.id, cand.url, title or None))
                self.progress(src.id, "page", cand.url)
        except Exception as exc:  # one broken source must not stop the others
            log.exception("source %s failed", src.id)
            self.result.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            outcome = "ok" if self.result.ok else ("failed" if self.result.errors else "partial")
            if run_id is not None:
                try:
                    await self.db(self.store.finish_run, run_id, outcome, self.result.summary())
                except Exception as exc:  # the next start closes the run as aborted
                    log.exception("source %s: cannot close run %s", src.id, run_id)
                    self.result.errors.append(f"closing the run: {type(exc).__name__}: {exc}")
            self.progress(src.id, "done", self.result)
        return self.result

    async def fetch_one(self, cand: Candidate, doc: Document | None) -> str:
        """Fetch and store one document; an error in it (a refused value, a database error)
        fails that document alone, with its reason recorded, and the source goes on."""
        if len(cand.url) > MAX_URL:
            await self.fail(cand.url, "url_too_long", f"URL of {len(cand.url)} characters (at most {MAX_URL} kept)")
            return Outcome.FAILED
        try:
            return await self.fetch_document(cand, doc)
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except Exception as exc:
            log.exception("source %s: %s failed", self.source.id, cand.url)
            try:
                await self.fail(cand.url, "error", f"{type(exc).__name__}: {str(exc)[:500]}")
            except Exception:
                log.exception("source %s: cannot record the failure of %s", self.source.id, cand.url)
            return Outcome.FAILED

    async def plan(
        self, listed: dict[str, Candidate], known: dict[str, Document], *, complete: bool
    ) -> list[Candidate]:
        """Which documents to fetch this run (see the module docstring)."""
        now = datetime.now(UTC)
        todo: list[Candidate] = []
        unchanged = 0
        for url, cand in listed.items():
            doc = known.get(url)
            if doc is None or self.recheck or _due(doc, now, self.source.recheck_after):
                todo.append(cand)
            else:
                unchanged += 1
        for url, doc in known.items():
            if url in listed or doc.parent_id is not None:  # attachments come with their page
                continue
            fell_off = complete and doc.listed and doc.status == "active"
            if fell_off or self.recheck or _due(doc, now, self.source.recheck_after):
                todo.append(Candidate(url=url, text=doc.link_text or ""))
        if complete:
            await self.db(self.store.set_listed, self.source.id, set(listed))
        self.result.counts["unchanged"] += unchanged
        return todo

    async def fetch_document(self, cand: Candidate, doc: Document | None) -> str:
        src = self.source
        if not await self._may_fetch(cand.url):
            await self.fail(cand.url, "robots", "disallowed by robots.txt")
            return "skipped"
        resp = await self.http(
            cand.url, etag=doc.etag if doc else None, last_modified=doc.last_modified if doc else None
        )
        if resp.not_modified and doc is not None:
            await self.db(self.store.record_seen, src.id, cand.url, status_code=304)
            return Outcome.UNCHANGED
        raw = None  # an answer's capture is kept with its version, or on its own when no version comes
        if resp.status is not None and resp.error is None:
            raw = RawResponse(
                cand.url, "document", resp.status, resp.headers, resp.content, resp.charset() if resp.ok else None
            )
        try:
            verdict = await self.classify(resp)
        except ParseFailed as exc:  # a page that makes the parser run away: one failed fetch
            await self.keep(raw)
            await self.fail(cand.url, "parse", exc.reason, resp.status)
            return Outcome.FAILED
        if raw is not None and (not resp.ok or verdict is not None):
            await self.keep(raw)
        if verdict is not None and verdict.kind == "blocked":
            await self.fail(cand.url, "blocked", _verdict_text(verdict, resp), resp.status, resp.via)
            return "blocked"
        if resp.error is None and (resp.status in (404, 410) or verdict is not None):
            detail = _verdict_text(verdict) if verdict else f"HTTP {resp.status}"
            if doc is not None:
                if verdict is not None:  # a soft 404: recorded as such, and the document is gone
                    await self.fail(cand.url, "not_found", detail, resp.status)
                return (
                    Outcome.GONE
                    if await self.db(self.store.mark_gone, src.id, cand.url, resp.status or 404)
                    else Outcome.UNCHANGED
                )
            await self.fail(cand.url, "not_found", detail, resp.status)
            return Outcome.FAILED
        if not resp.ok:
            await self.fail(cand.url, resp.error or "http", resp.detail or f"HTTP {resp.status}", resp.status,
                            resp.via)
            return Outcome.FAILED
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if not ctype.startswith(HTML_TYPES):
            await self.keep(raw)
            await self.fail(cand.url, "unsupported", f"content-type {ctype}", resp.status)
            return "skipped" if doc is None else Outcome.FAILED
        try:
            extracted = await self.parse(extract, resp.text, resp.final_url, content=self.content, drop=self.drop)
        except ParseFailed as exc:  # a runaway page: one failed fetch, the crawl goes on
            await self.keep(raw)
            await self.fail(cand.url, "parse", exc.reason, resp.status)
            return Outcome.FAILED
        if doc is None and not src.tracks(cand.text, extracted.title):
            await self.keep(raw)
            return "skipped"
        info, texts = await self.fetch_attachments(extracted) if src.attachments else ({}, [])
        if sum(len(p) for p in extracted.paragraphs) < THIN_BODY_CHARS and texts:
            # a report published as an attachment: its text is the report's text
            extracted.paragraphs = [line for _url, att in texts for line in att.paragraphs]
        if not extracted.paragraphs:
            await self.keep(raw)
            await self.fail(cand.url, "empty", extracted.reason or "no body text", resp.status)
            return Outcome.FAILED
        kind, year = classify(extracted.title)
        if kind is None:
            kind, year = classify(cand.text)
        if extracted.report_year is None:
            extracted.report_year = year
        outcome = await self.db(
            self.store.record_page,
            src.id,
            cand.url,
            extracted,
            kind=kind or "match",
            link_text=cand.text or None,
            encoding=resp.encoding,
            status_code=resp.status,
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
            size=len(resp.content),
            capture=raw,
            attachment_info=info,
            via=_via(resp.via),
        )
        for url, att in texts:  # each readable attachment is a versioned document of its own
            await self.db(
                self.store.record_page,
                src.id,
                url,
                att,
                kind="attachment",
                link_text=att.title,
                encoding=None,
                status_code=200,
                raw_hash=str(info[url]["hash"]),
                parent_url=cand.url,
                size=int(info[url]["bytes"]),
            )
        return outcome

    async def fetch_attachments(self, extracted: Extracted) -> tuple[AttachmentInfo, list[tuple[str, Extracted]]]:
        """Download the page's attachments on the source's hosts and read their text.

        Returns per-URL facts for the page's attachment list (hash, kind, size, pages, scanned,
        reason) and the readable ones as extracted texts. Scanned (image-only) files are marked
        ``scanned`` and get no text version.
        """
        src = self.source
        info: AttachmentInfo = {}
        texts: list[tuple[str, Extracted]] = []
        policy = replace(self.policy, max_bytes=src.max_attachment_bytes)
        for link in extracted.attachments:
            path = link.url.split("?")[0].lower()
            if not path.endswith(ATTACHMENT_EXTENSIONS) and "downfile.jsp" not in path:
                continue
            if len(link.url) > MAX_URL:
                info[link.url] = {"downloaded": False, "reason": f"URL longer than {MAX_URL} characters"}
                continue
            if urlsplit(link.url).netloc.lower() not in src.hosts or not await self._may_fetch(link.url):
                info[link.url] = {"downloaded": False, "reason": "not on the source's hosts or robots.txt"}
                continue
            resp = await self.http(link.url, policy, page=False)
            if not resp.ok:
                await self.fail(link.url, resp.error or "http", resp.detail or f"HTTP {resp.status}", resp.status)
                info[link.url] = {"downloaded": False, "reason": resp.detail or f"HTTP {resp.status}"}
                continue
            digest = await self.db(
                self.store.save_capture, src.id, link.url, "attachment", resp.status or 200, resp.headers, resp.content
            )
            name = urlsplit(link.url).path.rsplit("/", 1)[-1]
            ctype = resp.headers.get("content-type")
            stopped = False
            try:
                att = await self.parse_file(attachment_text, resp.content, filename=name, content_type=ctype)
            except ParseFailed as exc:  # a runaway attachment: one failed fetch, the page goes on
                att = AttachmentText(detect_kind(resp.content[:65536], name, ctype), "", reason=exc.reason)
                await self.fail(link.url, "parse", exc.reason, resp.status)
                stopped = True
            info[link.url] = {
                "downloaded": True,
                "hash": digest,
                "bytes": len(resp.content),
                "type": att.kind,
                "pages": att.pages,
                "scanned": att.scanned,
                "chars": len(att.text),
                "reason": att.reason,
            }
            if att.scanned and not att.text.strip():
                await self.fail(link.url, "scanned", att.reason or "image-only file", 200)
            elif not att.text.strip() and att.reason and not stopped:
                await self.fail(link.url, "unreadable", att.reason, 200)  # refused or corrupt: say why
            elif att.text.strip():
                texts.append(
                    (
                        link.url,
                        Extracted(
                            title=link.text or name,
                            published=extracted.published,
                            publisher=extracted.publisher,
                            paragraphs=att.text.split("\n"),
                        ),
                    )
                )
        return info, texts


def _input_size(args: tuple[object, ...]) -> int:
    """Bytes/characters of the untrusted input among ``args`` (a body, a text, a response)."""
    size = 0
    for arg in args:
        if isinstance(arg, str | bytes):
            size += len(arg)
        elif isinstance(arg, Response):
            size += len(arg.content)
    return size


def _verdict_text(verdict: Verdict, resp: Response | None = None) -> str:
    text = verdict.reason + (f" ({verdict.vendor})" if verdict.vendor else "")
    if resp is not None and resp.via == "browser":
        text += "; still blocked in a real browser (a person must pass it)"
    elif resp is not None and resp.detail:
        text += f"; {resp.detail}"
    return text


def _via(via: str | None) -> str | None:
    """The fetch log's ``via``: NULL for plain HTTP (as before browsers), else how the page was read."""
    return None if via in (None, "http") else via


async def crawl(
    sources: list[Source],
    store: Store,
    *,
    concurrency: int = 64,
    progress: ProgressFn | None = None,
    client: HttpClient | None = None,
    recheck: bool = False,
    parser: ParsePool | None = None,
    browser: Browser | bool | None = None,
) -> list[SourceResult]:
    """Crawl ``sources`` concurrently (at most ``concurrency`` sources at once).

    Pages and attachments are parsed in ``parser`` (a :class:`ParsePool` from the environment when
    not given, closed at the end); store writes run on one writer thread. Nothing here blocks the
    event loop, also not when the crawl is cancelled: a parse in progress is killed, and queued
    writes finish on the writer thread without being waited for.

    ``browser``: a :class:`~govwatch.crawl.browser.Browser` to use (the caller closes it); ``True``
    or ``None`` (the default) for one of the crawl's own, started only if a page needs it;
    ``False`` for none (walls stay ``blocked``).
    """
    limit = asyncio.Semaphore(concurrency)
    own_client = client is None
    http = client or HttpClient()
    own_parser = parser is None
    pool = parser or ParsePool.from_env()
    robots = RobotsCache(http)
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govwatch-writer")
    own_browser = browser is None or browser is True
    chromium = Browser(client=http, robots=robots) if own_browser else browser or None
    if isinstance(chromium, Browser):
        chromium.client = chromium.client or http
        chromium.robots = chromium.robots or robots
    access = WallAccess(http, chromium)

    async def one(source: Source) -> SourceResult:
        async with limit:
            return await SourceCrawl(source, http, store, robots, progress, recheck, writer, pool, access).run()

    try:
        done = await asyncio.gather(*(one(s) for s in sources), return_exceptions=True)
        results: list[SourceResult] = []
        for src, res in zip(sources, done, strict=True):
            if isinstance(res, asyncio.CancelledError):
                raise res
            if isinstance(res, BaseException):  # a source that failed outside its own handling
                log.error("source %s failed: %s: %s", src.id, type(res).__name__, res)
                res = SourceResult(src.id, errors=[f"{type(res).__name__}: {res}"])
            results.append(res)
        return results
    finally:
        if own_browser and chromium is not None:
            await chromium.aclose()
        writer.shutdown(wait=False)  # every write is done on success; on cancel, never block the loop
        if own_parser:
            pool.close()
        if own_client:
            await http.aclose()
