"""The shared HTTP client against a real server on 127.0.0.1 (the simulated sites + faults)."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from govwatch.crawl.http import HttpClient, RequestPolicy, Response
from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites

SID = "trs-demo"


def policy(sites: SimulatedSites, **kw: object) -> RequestPolicy:
    base = {"delay": 0.0, "timeout": 5.0, "retries": 2, "allowed_hosts": frozenset({sites.host(SID)})}
    base.update(kw)
    return RequestPolicy(**base)  # type: ignore[arg-type]


def fetch(sites: SimulatedSites, path: str, backoff: float = 0.01, **kw: object) -> Response:
    async def go() -> Response:
        async with HttpClient(backoff=backoff) as client:
            return await client.fetch(sites.url(SID, path), policy(sites, **kw))

    return asyncio.run(go())


@pytest.fixture
def trs() -> SimulatedSites:
    with SimulatedSites([SID]) as sites:
        yield sites


def test_plain_fetch_decodes_and_reports(trs: SimulatedSites) -> None:
    resp = fetch(trs, "/zwgk/fdzdgknr/qtzdgknr/fzzfjsndbg/index.html")
    assert resp.ok and resp.status == 200 and resp.attempts == 1
    assert "法治政府建设" in resp.text and resp.encoding == "utf-8"


def test_5xx_is_retried_with_backoff_then_succeeds(trs: SimulatedSites) -> None:
    trs.override(SID, "/x.html", faults.sequence(faults.status(502), faults.status(500),
                                                 faults.status(200, "<p>好</p>")))
    t0 = time.monotonic()
    resp = fetch(trs, "/x.html", backoff=0.1)
    assert resp.ok and resp.attempts == 3 and "好" in resp.text
    assert time.monotonic() - t0 >= 0.1 + 0.2  # exponential: 0.1, then 0.2 (plus jitter)
    assert trs.log.count(SID, path="/x.html") == 3


def test_retries_are_bounded(trs: SimulatedSites) -> None:
    trs.override(SID, "/x.html", faults.status(503))
    resp = fetch(trs, "/x.html", retries=1)
    assert not resp.ok and resp.status == 503 and resp.attempts == 2
    assert trs.log.count(SID, path="/x.html") == 2


def test_404_is_not_retried(trs: SimulatedSites) -> None:
    resp = fetch(trs, "/nope.html")
    assert resp.status == 404 and resp.attempts == 1 and resp.error is None


def test_429_honours_retry_after(trs: SimulatedSites) -> None:
    trs.override(SID, "/x.html", faults.sequence(faults.rate_limited(1, retry_after=1),
                                                 faults.status(200, "<p>ok</p>")))
    t0 = time.monotonic()
    resp = fetch(trs, "/x.html", backoff=0.01)
    assert resp.ok and time.monotonic() - t0 >= 1.0


def test_timeout_is_retried_then_reported(trs: SimulatedSites) -> None:
    trs.override(SID, "/slow.html", faults.slow(1.5))
    resp = fetch(trs, "/slow.html", timeout=0.3, retries=1)
    assert resp.error == "timeout" and resp.attempts == 2


def test_connection_refused_is_a_connect_error() -> None:
    async def go() -> Response:
        async with HttpClient(backoff=0.01) as client:
            return await client.fetch("http://127.0.0.1:9/x", RequestPolicy(delay=0, retries=1, timeout=2))

    resp = asyncio.run(go())
    assert resp.error == "connect" and resp.attempts == 2


def test_redirects_followed_on_host_and_limited(trs: SimulatedSites) -> None:
    trs.override(SID, "/a.html", faults.redirect("/b.html"))
    trs.override(SID, "/b.html", faults.status(200, "<p>到了</p>"))
    resp = fetch(trs, "/a.html")
    assert resp.ok and resp.final_url.endswith("/b.html")
    trs.override(SID, "/loop.html", faults.redirect_loop())
    resp = fetch(trs, "/loop.html", max_redirects=4)
    assert resp.error == "redirect_loop"
    assert trs.log.count(SID, path="/loop.html") <= 5


def test_off_host_redirect_is_refused(trs: SimulatedSites) -> None:
    trs.override(SID, "/away.html", faults.redirect("http://127.0.0.2:1/elsewhere"))
    resp = fetch(trs, "/away.html")
    assert resp.error == "off_host"


def test_max_body_size_enforced_while_streaming(trs: SimulatedSites) -> None:
    trs.override(SID, "/big.html", faults.status(200, b"<p>" + b"x" * 300_000 + b"</p>"))
    resp = fetch(trs, "/big.html", max_bytes=100_000)
    assert resp.error == "too_large" and resp.content == b""


def test_gzip_bomb_is_cut_off(trs: SimulatedSites) -> None:
    trs.override(SID, "/bomb.html", faults.gzip_bomb(64 * 1024 * 1024))
    t0 = time.monotonic()
    resp = fetch(trs, "/bomb.html", max_bytes=1_000_000, retries=0)
    assert resp.error == "too_large"
    assert time.monotonic() - t0 < 30


def test_gbk_page_with_wrong_header_is_decoded(trs: SimulatedSites) -> None:
    body = '<html><head><meta charset="gb2312"></head><body><p>法治政府建设年度报告</p></body></html>'
    trs.override(SID, "/gbk.html", faults.status(200, body.encode("gbk"),
                                                content_type="text/html; charset=iso-8859-1"))
    resp = fetch(trs, "/gbk.html")
    assert "法治政府建设年度报告" in resp.text and resp.encoding == "gb18030"


def test_per_host_delay_spaces_requests(trs: SimulatedSites) -> None:
    async def go() -> None:
        async with HttpClient() as client:
            pol = policy(trs, delay=0.3)
            await asyncio.gather(*(client.fetch(trs.url(SID, f"/p{i}.html"), pol) for i in range(4)))

    asyncio.run(go())
    times = sorted(e.time - e.duration for e in trs.log.entries(SID))  # arrival at the server
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # the server sees requests the delay apart (its own thread scheduling jitters under load)
    assert len(times) == 4 and times[-1] - times[0] >= 0.85 and min(gaps) >= 0.2, gaps


def test_non_http_scheme_is_refused(trs: SimulatedSites) -> None:
    async def go() -> Response:
        async with HttpClient() as client:
            return await client.fetch("file:///etc/passwd", RequestPolicy())

    assert asyncio.run(go()).error == "scheme"
