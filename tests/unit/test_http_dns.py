"""A name that does not resolve is permanent for the run: one attempt per host, no retries (issue 14)."""

from __future__ import annotations

import asyncio
import time

from govwatch.crawl.http import HttpClient, RequestPolicy, Response


def test_dns_failure_is_not_retried_and_remembered_per_host() -> None:
    policy = RequestPolicy(delay=0.0, timeout=5.0, retries=3)

    async def go() -> tuple[list[Response], HttpClient]:
        async with HttpClient(backoff=1.0) as client:  # a retry would wait >= 1 s
            out = [await client.fetch(f"http://www.no-such-county.invalid/{p}", policy) for p in ("a", "b", "c")]
            return out, client

    start = time.monotonic()
    (first, *later), client = asyncio.run(go())
    took = time.monotonic() - start
    assert first.error == "dns" and "www.no-such-county.invalid" in (first.detail or ""), first.problem
    assert first.attempts == 1
    assert client.requests == 1  # later URLs on the same host were answered from memory
    assert [r.error for r in later] == ["dns", "dns"] and all(r.detail == first.detail for r in later)
    assert "www.no-such-county.invalid" in client.dead_hosts
    assert took < 5, took  # no backoff waits at all
