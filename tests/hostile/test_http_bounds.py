"""Bodies are bounded as they arrive (issue 15, item 3), against a real server on 127.0.0.1.

The client runs in a child process with an address-space limit and a wall-clock cap, so a regression
(a body inflated whole before the size check, a fetch kept alive by a trickle) fails fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from govwatch.demo import faults, hostile
from govwatch.demo.sites import SimulatedSites
from tests.hostile.bounded import run_bounded

SID = "trs-demo"

FETCH = """
import asyncio, json, time
from govwatch.crawl.http import HttpClient, RequestPolicy

async def go():
    async with HttpClient(backoff=0.01) as client:
        extra = {{"deadline": {deadline}}} if "deadline" in RequestPolicy.__dataclass_fields__ else {{}}
        policy = RequestPolicy(delay=0, timeout={timeout}, retries=0, max_bytes={max_bytes},
                               allowed_hosts=frozenset({{{host!r}}}), **extra)
        return await client.fetch({url!r}, policy)

def peak_mb():
    # VmHWM: this process's own peak; ru_maxrss would carry over the (large) pytest parent's peak,
    # since Linux keeps it across fork and exec
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024

t = time.monotonic()
resp = asyncio.run(go())
print(json.dumps({{"error": resp.error, "detail": resp.detail, "bytes": len(resp.content),
                  "seconds": time.monotonic() - t, "peak_mb": peak_mb()}}))
"""


@pytest.fixture
def trs() -> Iterator[SimulatedSites]:
    with SimulatedSites([SID]) as sites:
        yield sites


def fetch_bounded(sites: SimulatedSites, path: str, *, seconds: float, mem_mb: int = 600, timeout: float = 5.0,
                  max_bytes: int = 20_000_000, deadline: float | None = None) -> dict[str, object]:
    code = FETCH.format(url=sites.url(SID, path), host=sites.host(SID), timeout=timeout, max_bytes=max_bytes,
                        deadline=deadline)
    proc = run_bounded(code, seconds=seconds, mem_mb=mem_mb)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_stacked_gzip_is_refused_without_inflating(trs: SimulatedSites) -> None:
    """``Content-Encoding: gzip, gzip`` (a 1 GB bomb, a few KB on the wire) with max_bytes 20 MB."""
    trs.override(SID, "/bomb.html", hostile.stacked_gzip_bomb(1 << 30))
    out = fetch_bounded(trs, "/bomb.html", seconds=60)
    assert out["error"] == "decoding" and "stacked" in str(out["detail"]), out
    assert out["bytes"] == 0


def test_single_gzip_bomb_is_cut_at_max_bytes_with_bounded_memory(trs: SimulatedSites) -> None:
    trs.override(SID, "/bomb.html", faults.gzip_bomb(256 * 1024 * 1024))
    out = fetch_bounded(trs, "/bomb.html", seconds=90, max_bytes=5_000_000, timeout=30.0)
    assert out["error"] == "too_large", out
    assert float(out["peak_mb"]) < 250, out  # the body is inflated at most max_bytes (+ one step) at a time


def test_plain_gzip_still_decodes(trs: SimulatedSites) -> None:
    body = "<html><body><p>法治政府建设</p></body></html>".encode() * 100
    data = zlib_gzip(body)
    trs.override(SID, "/gz.html", faults.status(200, data, {"Content-Encoding": "gzip"}))
    out = fetch_bounded(trs, "/gz.html", seconds=30)
    assert out["error"] is None and out["bytes"] == len(body), out


def test_trickling_server_hits_the_total_deadline(trs: SimulatedSites) -> None:
    """One byte a second never trips a per-read timeout; the response's total deadline ends it."""
    trs.override(SID, "/slow.html", hostile.trickle(interval=0.5))
    out = fetch_bounded(trs, "/slow.html", seconds=30, timeout=2.0, deadline=3.0)
    assert out["error"] == "timeout" and "deadline" in str(out["detail"]), out
    assert float(out["seconds"]) < 15, out


def zlib_gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)
