"""The crawler's HTTP client and store, observed: a log line and a metric for every fetch.

The daemon hands these to :func:`govwatch.crawl.crawler.crawl` in place of the plain ones.
The source a request belongs to travels in a context variable that the daemon sets around
each source run (asyncio tasks inherit it).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from govwatch.crawl.http import HttpClient, Response
from govwatch.daemon.logs import event
from govwatch.daemon.metrics import Metrics
from govwatch.store import Store

current_source: ContextVar[str | None] = ContextVar("govwatch_current_source", default=None)


class LoggedHttpClient(HttpClient):
    """An :class:`HttpClient` that logs each fetch (``event: fetch``) and counts it by outcome."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics = metrics

    async def fetch(self, url: str, *args: Any, **kwargs: Any) -> Response:
        resp = await super().fetch(url, *args, **kwargs)
        if resp.error:
            outcome = resp.error
        elif getattr(resp, "not_modified", False):
            outcome = "not_modified"
        elif resp.ok:
            outcome = "ok"
        else:
            outcome = f"http_{resp.status}"
        self.metrics.inc("govwatch_http_requests_total", outcome=outcome)
        level = logging.INFO if outcome in ("ok", "not_modified") else logging.WARNING
        event("fetch", level, source=current_source.get(), url=url, outcome=outcome, status=resp.status,
              method=kwargs.get("method", "GET"), bytes=len(resp.content), attempts=resp.attempts,
              ms=round(resp.elapsed * 1000), error=resp.detail if resp.error else None)
        return resp


class ObservedStore(Store):
    """A :class:`Store` that counts what each fetched page turned out to be (``event: document``)."""

    def __init__(self, url: str | None = None, *, metrics: Metrics, create: bool = False) -> None:
        super().__init__(url, create=create)
        self.metrics = metrics

    def _seen(self, source_id: str, url: str, outcome: str, level: int = logging.INFO, **extra: Any) -> None:
        self.metrics.inc("govwatch_fetches_total", outcome=outcome)
        event("document", level, source=source_id, url=url, outcome=outcome, **extra)

    def record_page(self, source_id: str, url: str, *args: Any, **kwargs: Any) -> Any:
        outcome = super().record_page(source_id, url, *args, **kwargs)
        self._seen(source_id, url, str(getattr(outcome, "value", outcome)))
        return outcome

    def record_seen(self, source_id: str, url: str, *args: Any, **kwargs: Any) -> bool:
        known = super().record_seen(source_id, url, *args, **kwargs)
        if known:
            self._seen(source_id, url, "unchanged", not_modified=True)
        return known

    def mark_gone(self, source_id: str, url: str, *args: Any, **kwargs: Any) -> bool:
        changed = super().mark_gone(source_id, url, *args, **kwargs)
        self._seen(source_id, url, "gone", newly_gone=changed)
        return changed

    def record_failure(self, source_id: str, url: str, kind: str, *args: Any, **kwargs: Any) -> Any:
        result = super().record_failure(source_id, url, kind, *args, **kwargs)
        detail = args[0] if args else kwargs.get("detail")
        self._seen(source_id, url, kind, logging.WARNING, error=detail)
        return result
