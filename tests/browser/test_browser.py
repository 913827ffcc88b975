"""The browser fetcher on its own: handover, going back to the browser, robots and delay, crashes, memory."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from govwatch.crawl.browser import Browser, BrowserOptions, WallAccess
from govwatch.crawl.crawler import crawl
from govwatch.crawl.http import HttpClient, RequestPolicy
from govwatch.crawl.robots import RobotsCache
from govwatch.demo.walls import RS_NAME, WallSite
from govwatch.sources import ConfigError, load_config_text
from govwatch.store import Store


def policy(site: WallSite, delay: float = 0.0) -> RequestPolicy:
    return RequestPolicy(delay=delay, allowed_hosts=frozenset({site.base_url.split("//", 1)[1]}))


def header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def test_ruishu_handover_carries_the_server_cookie_and_the_user_agent() -> None:
    async def run(site: WallSite) -> None:
        async with HttpClient() as client, Browser(client=client) as browser:
            access = WallAccess(client, browser)
            pol = policy(site)
            first = await access.fetch(site.start_url, pol)
            assert first.via == "browser" and first.status == 200 and "法治政府建设" in first.text
            later = [await access.fetch(site.report_url(i), pol) for i in range(3)]
            assert [r.via for r in later] == ["http+cookies"] * 3 and all(r.ok for r in later)
            assert browser.stats.launches == 1 and browser.stats.pages == 1
            # the plain requests carried all three cookies and the browser's User-Agent
            plain = site.hits[-3:]
            assert all({RS_NAME + "S", RS_NAME + "T", RS_NAME + "P"} <= set(h.cookies) for h in plain)
            assert {h.user_agent for h in plain} == {browser.user_agent}
            # the wall is real: without the session cookie (set by the server after the challenge) or
            # with another User-Agent, the same clearance is refused
            cookies = dict(plain[-1].cookies)
            without_p = {k: v for k, v in cookies.items() if k != RS_NAME + "P"}
            async with httpx.AsyncClient() as raw:
                r1 = await raw.get(site.report_url(0), headers={"User-Agent": browser.user_agent,
                                                                "Cookie": header(without_p)})
                r2 = await raw.get(site.report_url(0), headers={"User-Agent": "govwatch", "Cookie": header(cookies)})
            assert (r1.status_code, r2.status_code) == (412, 412)

    with WallSite("ruishu", reports=3) as site:
        asyncio.run(run(site))


def test_when_the_cookies_stop_working_the_browser_passes_the_wall_again() -> None:
    async def run(site: WallSite) -> None:
        async with HttpClient() as client, Browser(client=client) as browser:
            access = WallAccess(client, browser)
            pol = policy(site)
            assert (await access.fetch(site.start_url, pol)).via == "browser"
            assert (await access.fetch(site.report_url(0), pol)).via == "http+cookies"
            site.rotate()  # the site's secret changes: every clearance handed out is refused
            again = await access.fetch(site.report_url(1), pol)
            assert again.via == "browser" and again.ok and site.reports[1].title in again.text  # type: ignore[index]
            after = await access.fetch(site.report_url(2), pol)
            assert after.via == "http+cookies" and after.ok
            assert access.hosts[pol.allowed_hosts and next(iter(pol.allowed_hosts))].handovers == 2
            assert browser.stats.launches == 1

    with WallSite("jsl", reports=3) as site:
        asyncio.run(run(site))


def test_a_captcha_stays_blocked_and_its_host_is_not_sent_to_the_browser_again() -> None:
    async def run(site: WallSite) -> None:
        async with HttpClient() as client, Browser(BrowserOptions(challenge_wait=1.0), client=client) as browser:
            access = WallAccess(client, browser)
            pol = policy(site)
            first = await access.fetch(site.start_url, pol)
            assert first.via == "browser" and first.status == 403
            second = await access.fetch(site.report_url(0), pol)
            assert second.via == "http" and "a real browser could not pass it either" in (second.detail or "")
            assert browser.stats.pages == 1

    with WallSite("captcha", reports=2) as site:
        asyncio.run(run(site))


def test_robots_and_the_per_host_delay_apply_to_the_browsers_requests(tmp_path: Path) -> None:
    async def run(site: WallSite) -> None:
        async with HttpClient() as client:
            robots = RobotsCache(client)
            async with Browser(client=client, robots=robots) as browser:
                pol = policy(site, delay=0.3)
                page0 = await browser.fetch(site.report_url(0), pol)
                page1 = await browser.fetch(site.report_url(1), pol)
                paths = [h.path for h in site.hits]
                times = [h.time for h in site.hits]
                # a source with robots: false
                unruly = await browser.fetch(site.report_url(1), pol, robots=False)
        assert site.reports[0].title in page0.text  # type: ignore[index]
        # the XHR of report 1 is disallowed by robots.txt: never sent, so the app draws nothing
        assert site.reports[1].title not in page1.text  # type: ignore[index]
        assert "/api/article/0.json" in paths and "/api/article/1.json" not in paths
        assert site.reports[1].title in unruly.text  # type: ignore[index]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert len(gaps) >= 5 and min(gaps) >= 0.3 * 0.95, gaps

    with WallSite("spa", reports=2, robots="User-agent: *\nDisallow: /api/article/1.json\n") as site:
        asyncio.run(run(site))


def test_a_killed_browser_is_restarted_and_nothing_is_lost(tmp_path: Path) -> None:
    with WallSite("spa", reports=6) as site:
        cfg = load_config_text(f"""
sources:
  - id: spa
    name: spa
    start_urls: [{site.start_url}]
    fetcher: generic
    fetch_via: browser
    delay: 0
    attachments: false
""")
        store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
        browser = Browser()
        killed: list[int] = []

        def progress(_sid: str, event: str, _detail: object) -> None:
            if event == "page" and not killed and browser.pid is not None:
                killed.append(browser.pid)
                os.killpg(browser.pid, signal.SIGKILL)  # Chromium and its children, mid-crawl

        async def run() -> None:
            try:
                [result] = await crawl(list(cfg.sources), store, progress=progress, browser=browser)
                with sqlite3.connect(tmp_path / "gw.db") as conn:
                    failures = conn.execute("select url, outcome, error from fetch where outcome != 'new'").fetchall()
                assert result.counts["new"] == 6 and result.counts["failed"] == 0, failures
            finally:
                await browser.aclose()

        asyncio.run(run())
        assert killed and browser.stats.launches == 2 and browser.stats.crashes == 1
        store.close()
    with sqlite3.connect(tmp_path / "gw.db") as conn:
        assert conn.execute("select count(*) from document").fetchone() == (6,)
        assert conn.execute("select count(*) from version").fetchone() == (6,)
        assert {r[0] for r in conn.execute("select via from fetch")} == {"browser"}


def test_a_browser_killed_during_a_navigation_is_restarted_and_the_page_read_again() -> None:
    browser = Browser()
    killed: list[int] = []

    def kill_on_report_1(target: str) -> None:  # in the server's thread, while the browser waits
        if target.endswith("t_1.html") and not killed and browser.pid is not None:
            killed.append(browser.pid)
            os.killpg(browser.pid, signal.SIGKILL)
            time.sleep(0.2)

    async def run(site: WallSite) -> None:
        async with HttpClient() as client:
            browser.client = client
            try:
                pages = [await browser.fetch(site.report_url(i), policy(site)) for i in range(3)]
            finally:
                await browser.aclose()
        assert killed
        assert [p.ok for p in pages] == [True, True, True], [p.problem for p in pages]
        assert site.reports[1].title in pages[1].text  # type: ignore[index]
        assert browser.stats.launches == 2 and browser.stats.crashes == 1

    with WallSite("open", reports=3, on_request=kill_on_report_1) as site:
        asyncio.run(run(site))


def test_over_its_memory_limit_the_browser_is_restarted_between_pages() -> None:
    async def run(site: WallSite) -> None:
        options = BrowserOptions(memory_mb=20, memory_every=0)
        async with HttpClient() as client, Browser(options, client=client) as browser:
            pages = [await browser.fetch(site.report_url(i), policy(site)) for i in range(2)]
            assert all(p.ok and "TRS_Editor" in p.text for p in pages)
            assert browser.stats.memory_restarts == 2 and browser.stats.launches == 2
            assert browser.stats.peak_memory > 20 * 1024 * 1024

    with WallSite("open", reports=2) as site:
        asyncio.run(run(site))


def test_no_chromium_leaves_walls_blocked_with_the_reason(tmp_path: Path) -> None:
    async def run(site: WallSite) -> None:
        async with HttpClient() as client, Browser(BrowserOptions(executable=str(tmp_path / "none"))) as browser:
            resp = await WallAccess(client, browser).fetch(site.start_url, policy(site))
            assert resp.status == 521 and resp.via == "http"
            assert "Chromium" in (resp.detail or "") and "did not start" in (resp.detail or "")

    (tmp_path / "none").write_text("#!/bin/sh\nexit 3\n")
    (tmp_path / "none").chmod(0o755)
    with WallSite("jsl", reports=1) as site:
        asyncio.run(run(site))


@pytest.mark.parametrize("value", ["chrome", "", "yes"])
def test_fetch_via_is_validated(value: str) -> None:
    with pytest.raises(ConfigError, match=r"source 'x': key 'fetch_via': .*'auto', 'http' or 'browser'"):
        load_config_text(f"sources:\n  - id: x\n    name: x\n    start_urls: [http://a.gov.cn/]\n"
                         f"    fetch_via: '{value}'\n")
    assert load_config_text("sources:\n  - id: x\n    name: x\n    start_urls: [http://a.gov.cn/]\n"
                            "    fetch_via: browser\n").sources[0].fetch_via == "browser"


def test_the_browser_goes_through_the_runs_proxy() -> None:
    """A *.gov.cn host that exists only behind the loopback proxy: read by the browser through the
    config's proxy (and the proxy's log shows the browser's request), unreachable without it."""
    from govwatch.demo.proxy import WebProxy
    from govwatch.demo.web import scenario_web

    web = scenario_web()
    portal = next(p for p in web.portals if p.host == "www.baokang.gov.cn")  # a plain portal answering 200
    url = f"http://{portal.host}/"

    async def read(proxy: str | None) -> tuple[int | None, str]:
        async with Browser(BrowserOptions(proxy=proxy)) as browser:
            resp = await browser.fetch(url, RequestPolicy(delay=0.0), robots=False)
            return resp.status, resp.text

    with WebProxy(web) as proxy:
        status, text = asyncio.run(read(proxy.url))
        assert status == 200 and portal.name in text
        assert any(e.host == portal.host and "Chrom" in e.user_agent for e in proxy.log)
    env_proxy = {k: os.environ.pop(k) for k in list(os.environ) if k.lower() in ("http_proxy", "https_proxy")}
    try:
        status, _text = asyncio.run(read(None))  # no proxy: the name does not resolve here
    finally:
        os.environ.update(env_proxy)
    assert status != 200
