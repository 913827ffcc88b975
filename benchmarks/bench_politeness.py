"""Crawl throughput against the politeness bound: 30 hosts, 50 ms latency, govwatch vs Scrapy.

    python benchmarks/bench_politeness.py                           # delay 1.0 s, 20 reports per host
    python benchmarks/bench_politeness.py --delay 0.2 --docs 10     # quick run (~20 s)
    python benchmarks/bench_politeness.py --profile                 # + cProfile of the govwatch crawl
    python benchmarks/bench_politeness.py --null-store --no-scrapy  # diagnostics: govwatch without SQLite

Serves ``--hosts`` (30) TRS-style simulated hosts (``_manysites.py``: the demo's TRS family, one place per
host, ``--docs`` reports each, list pages of 10 items announced by ``createPageHTML``) on 127.0.0.2 … in
this process, each answer delayed ``--latency`` (50 ms). Then, one after the other, each in a child process
so that the crawler does not share a GIL with the servers:

* govwatch's engine (``govwatch.crawl.crawler.crawl``, robots.txt obeyed, ``delay`` D,
  ``host_concurrency`` 1) into a fresh SQLite store;
* Scrapy on the same URLs: ``DOWNLOAD_DELAY = D``, no randomisation, one request per host at a time,
  32 overall, no AutoThrottle, robots.txt obeyed (cookies off, so that Scrapy's public-suffix lookup never
  goes to the network).

From the server-side log (arrival and completion of every request) it prints, per tool: requests (robots.txt
apart), the rate over the window ``first arrival … last arrival + D`` (a crawler that starts each host's
requests exactly D apart scores exactly the bound there), the ratio to the politeness bound
``hosts / D`` (issue 4 target: >= 0.80), and the politeness checks: per host the smallest start-to-start
gap (must be >= D) and the most requests in flight at once (must be 1). Also each crawler process's CPU
time and, for govwatch, the time its event loop spent in extraction and in store calls and the loop's lag
(a 10 ms ticker's overshoot). The default run takes about a minute. A benchmark: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import io
import itertools
import json
import math
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _manysites import PAGE_SIZE, Hit, ManySites  # noqa: E402

GAP_TOLERANCE = 0.010  # seconds: clock and scheduling noise allowed below D in the gap check


# --------------------------------------------------------------------------- analysis


@dataclass
class Stats:
    tool: str
    hosts: int = 0
    requests: int = 0
    robots: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    window: float = math.nan
    span: float = math.nan
    min_gap: float = math.nan
    min_gap_host: str = ""
    mean_gap: float = math.nan
    p95_gap: float = math.nan
    max_gap: float = math.nan
    max_inflight: int = 0
    short_gaps: int = 0  # start-to-start gaps below D - GAP_TOLERANCE
    gaps: int = 0
    wall: float = math.nan  # the tool's own clock (process-internal)
    cpu: float = math.nan  # CPU seconds of the tool's whole process
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return self.requests - self.robots

    def rate(self, pages_only: bool = False) -> float:
        n = self.pages if pages_only else self.requests
        return n / self.window if self.window > 0 else math.nan


def analyse(tool: str, hits: list[Hit], delay: float) -> Stats:
    st = Stats(tool)
    if not hits:
        return st
    by_host: dict[str, list[Hit]] = {}
    for h in hits:
        by_host.setdefault(h.host, []).append(h)
        st.statuses[h.status] += 1
    st.hosts = len(by_host)
    st.requests = len(hits)
    st.robots = sum(h.robots for h in hits)
    first = min(h.arrival for h in hits)
    st.window = max(h.arrival for h in hits) - first + delay
    st.span = max(h.done for h in hits) - first
    gaps: list[float] = []
    st.min_gap = math.inf
    for host, items in by_host.items():
        items.sort(key=lambda h: h.arrival)
        host_gaps = [b.arrival - a.arrival for a, b in itertools.pairwise(items)]
        gaps += host_gaps
        if host_gaps and min(host_gaps) < st.min_gap:
            st.min_gap, st.min_gap_host = min(host_gaps), host
        events = sorted([(h.arrival, 1) for h in items] + [(h.done, -1) for h in items])
        inflight = 0
        for _, step in events:
            inflight += step
            st.max_inflight = max(st.max_inflight, inflight)
    st.short_gaps = sum(g < delay - GAP_TOLERANCE for g in gaps)
    st.gaps = len(gaps)
    if gaps:
        gaps.sort()
        st.mean_gap = statistics.fmean(gaps)
        st.p95_gap = gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))]
        st.max_gap = gaps[-1]
    return st


# --------------------------------------------------------------------------- children


def _timed(fn: Callable[..., Any], bucket: str, acc: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[bucket] = acc.get(bucket, 0.0) + time.perf_counter() - t0

    return wrapper


class NullStore:
    """Diagnostics (``--null-store``): keeps nothing, so SQLite and the ORM leave the event loop."""

    def known(self, source_id: str) -> dict[str, Any]:
        return {}

    def start_run(self, source_id: str) -> int:
        return 0

    def save_capture(self, *args: Any, **kwargs: Any) -> str | None:
        return None

    def record_page(self, *args: Any, **kwargs: Any) -> str:
        return "new"

    def close(self) -> None:
        return None

    def __getattr__(self, name: str) -> Callable[..., None]:  # page_state, save_page_state, finish_run, …
        return lambda *args, **kwargs: None


def child_govwatch(config_file: str, timeout: float, profile: bool, null_store: bool) -> None:
    """Crawl the sources of ``config_file`` with govwatch; print a JSON summary on stdout."""
    from govwatch.crawl import crawler as crawler_mod
    from govwatch.crawl.http import HttpClient
    from govwatch.sources import load_config_text
    from govwatch.store import Store

    cfg = load_config_text(Path(config_file).read_text(encoding="utf-8"))
    busy: dict[str, float] = {}
    # instrumentation only: time the synchronous work done on the event loop
    crawler_mod.extract = _timed(crawler_mod.extract, "extract", busy)  # type: ignore[attr-defined]
    lags: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            t0 = loop.time()
            await asyncio.sleep(0.01)
            lags.append(loop.time() - t0 - 0.01)

    async def run(store: Any) -> tuple[list[crawler_mod.SourceResult], int]:
        stop = asyncio.Event()
        tick = asyncio.create_task(ticker(stop))
        async with HttpClient() as client:
            try:
                job = crawler_mod.crawl(list(cfg.sources), store, client=client)
                results = await asyncio.wait_for(job, timeout)
            finally:
                stop.set()
                await tick
            return results, client.requests

    with tempfile.TemporaryDirectory() as tmp:
        store: Any = NullStore() if null_store else Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        for name in [] if null_store else dir(store):
            attr = getattr(store, name)
            if not name.startswith("_") and callable(attr):
                setattr(store, name, _timed(attr, f"store.{name}", busy))
        prof = cProfile.Profile() if profile else None
        t0, cpu0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        results, requests = asyncio.run(run(store))
        if prof:
            prof.disable()
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        store.close()
    counts: Counter[str] = Counter()
    errors: list[str] = []
    for r in results:
        counts.update(r.summary())
        errors += r.errors
    out: dict[str, Any] = {
        "wall": wall,
        "cpu": cpu,
        "client_requests": requests,
        "counts": {k: v for k, v in counts.items() if v},
        "errors": errors[:5],
        "busy": busy,
        "lag_max": max(lags, default=0.0),
        "lag_p99": sorted(lags)[int(0.99 * (len(lags) - 1))] if lags else 0.0,
    }
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(20)
        out["profile"] = buf.getvalue()
    print(json.dumps(out))


def child_scrapy(urls_file: str, delay: float, timeout: float) -> None:
    """Crawl the column URLs of ``urls_file`` with Scrapy; print its stats as JSON on stdout."""
    import re

    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response

    page_js = re.compile(r'createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)')

    class ColumnSpider(scrapy.Spider):
        name = "columns"
        start_urls = json.loads(Path(urls_file).read_text(encoding="utf-8"))

        def parse(self, response: Response, **kwargs: Any) -> Any:  # a list page
            for href in response.css("ul.list a::attr(href)").getall():
                yield response.follow(href, self.parse_doc)
            m = page_js.search(response.text)
            if m:
                total, _cur, stem, ext = int(m.group(1)), m.group(2), m.group(3), m.group(4)
                for i in range(1, total):
                    yield response.follow(f"{stem}_{i}.{ext}", self.parse)

        def parse_doc(self, response: Response) -> Any:
            yield {"url": response.url, "title": response.css("h1::text").get()}

    settings = {
        "DOWNLOAD_DELAY": delay,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "CONCURRENT_REQUESTS": 32,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,  # the cookie middleware would fetch the public suffix list
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "CLOSESPIDER_TIMEOUT": timeout,
        "DOWNLOAD_TIMEOUT": 10,
        "RETRY_TIMES": 1,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ColumnSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps({
        "wall": stats.get("elapsed_time_seconds"),
        "client_requests": stats.get("downloader/request_count"),
        "items": stats.get("item_scraped_count", 0),
        "finish_reason": stats.get("finish_reason"),
        "version": scrapy.__version__,
    }))


def run_child(args: list[str], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-3:]
        return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}
    result: dict[str, Any] = json.loads(lines[-1])
    result["child_cpu"] = cpu  # the whole child process, start-up and imports included
    return result


# --------------------------------------------------------------------------- report


def _f(value: float, fmt: str = ".2f") -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, fmt)


def report(stats: list[Stats], delay: float, hosts: int, expected: int, latency: float) -> None:
    bound = hosts / delay
    rows: list[tuple[str, Callable[[Stats], str]]] = [
        ("hosts seen", lambda s: str(s.hosts)),
        (f"requests (expected {expected})", lambda s: str(s.requests)),
        ("  robots.txt", lambda s: str(s.robots)),
        ("  lists + documents", lambda s: str(s.pages)),
        ("  HTTP statuses", lambda s: " ".join(f"{k}:{v}" for k, v in sorted(s.statuses.items()))),
        ("window: 1st arrival..last + D (s)", lambda s: _f(s.window)),
        ("span: 1st arrival..last done (s)", lambda s: _f(s.span)),
        ("tool's own wall clock (s)", lambda s: _f(s.wall)),
        ("tool process CPU, all of it (s)", lambda s: _f(s.cpu)),
        ("  CPU ms per request", lambda s: _f(s.cpu / s.requests * 1e3 if s.requests else math.nan, ".1f")),
        ("rate, all requests (req/s)", lambda s: _f(s.rate())),
        ("  (all requests / tool wall clock)", lambda s: _f(s.requests / s.wall if s.wall else math.nan)),
        ("rate, without robots.txt (req/s)", lambda s: _f(s.rate(pages_only=True))),
        (f"ratio to bound {bound:.1f}/s, all", lambda s: _f(s.rate() / bound, ".3f")),
        ("ratio to bound, without robots", lambda s: _f(s.rate(pages_only=True) / bound, ".3f")),
        (f"min start gap/host (s, D={delay:g})", lambda s: _f(s.min_gap, ".4f")),
        ("mean / p95 / max start gap (s)",
         lambda s: f"{_f(s.mean_gap, '.3f')}/{_f(s.p95_gap, '.3f')}/{_f(s.max_gap, '.3f')}"),
        (f"gaps shorter than D - {GAP_TOLERANCE * 1e3:.0f} ms", lambda s: f"{s.short_gaps} of {s.gaps}"),
        ("max in flight per host", lambda s: str(s.max_inflight)),
        ("polite (all gaps >= D - tol, 1 at a time)",
         lambda s: "yes" if s.requests and not s.short_gaps and s.max_inflight == 1 else "NO"),
    ]
    width = max(len(name) for name, _ in rows) + 2
    print(f"\n{hosts} hosts, delay D = {delay:g} s: politeness bound {bound:.1f} req/s "
          "(target: ratio >= 0.80)")
    print(f"(a client that counts D from each answer rather than each request is capped at hosts/(D + latency) "
          f"= {hosts / (delay + latency):.1f} req/s, ratio {delay / (delay + latency):.3f})")
    print(" " * width + "".join(f"{s.tool:>20}" for s in stats))
    for name, fn in rows:
        print(f"{name:<{width}}" + "".join(f"{fn(s):>20}" for s in stats))
    by_tool = {s.tool: s for s in stats}
    gw, sc = by_tool.get("govwatch"), by_tool.get("scrapy")
    if gw and sc and sc.requests and gw.requests:
        print(f"{'govwatch / scrapy rate':<{width}}{gw.rate() / sc.rate():>20.3f}")
    for s in stats:
        for key, value in s.extra.items():
            print(f"{s.tool} {key}: {value}")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=1.0, help="per-host delay D in seconds (default 1.0)")
    parser.add_argument("--docs", type=int, default=20, help="reports per host (default 20)")
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    parser.add_argument("--no-scrapy", action="store_true", help="skip the Scrapy comparison")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the govwatch child")
    parser.add_argument("--null-store", action="store_true",
                        help="diagnostics: govwatch stores nothing (no SQLite/ORM work)")
    parser.add_argument("--child", choices=("govwatch", "scrapy"), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "govwatch":
        child_govwatch(args.input, args.timeout, args.profile, args.null_store)
        return
    if args.child == "scrapy":
        child_scrapy(args.input, args.delay, args.timeout)
        return

    per_host = 1 + math.ceil(args.docs / PAGE_SIZE) + 1 + args.docs  # robots, list pages, stub page, reports
    budget = per_host * args.delay * 2 + 20  # a crawl that takes twice the ideal time is cut off
    print(f"serving {args.hosts} hosts on 127.0.0.2-{args.hosts + 1}, {args.latency * 1e3:.0f} ms latency, "
          f"{args.docs} reports each ({per_host} requests per host with robots.txt); "
          f"crawl budget {budget:.0f} s")
    stats: list[Stats] = []
    load = os.getloadavg()
    with ManySites(args.hosts, args.docs, args.latency) as sites, tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "sources.yaml"
        config.write_text(sites.sources_yaml(args.delay), encoding="utf-8")
        urls = Path(tmp) / "urls.json"
        urls.write_text(json.dumps(sites.start_urls()), encoding="utf-8")
        tools = [("govwatch", ["--child", "govwatch", "--input", str(config)])]
        if args.no_scrapy:
            pass
        elif importlib.util.find_spec("scrapy") is None:
            print("scrapy is not installed (pip install -e '.[bench]'): no comparison")
        else:
            tools.append(("scrapy", ["--child", "scrapy", "--input", str(urls), "--delay", str(args.delay)]))
        for tool, child_args in tools:
            sites.log.clear()
            print(f"crawling with {tool} …", flush=True)
            if tool == "govwatch":
                child_args += ["--profile"] * args.profile + ["--null-store"] * args.null_store
            out = run_child([*child_args, "--timeout", str(budget)], timeout=budget + 30)
            time.sleep(0.2)  # let the last handlers finish logging
            st = analyse(tool, sites.log.hits(), args.delay)
            st.wall = out.get("wall") or math.nan
            st.cpu = out.get("child_cpu", math.nan)
            if "error" in out:
                st.extra["error"] = out["error"]
            if tool == "govwatch" and "counts" in out:
                busy = out["busy"]
                st.extra["outcomes"] = out["counts"]
                if out["errors"]:
                    st.extra["source errors"] = out["errors"]
                store = sum(v for k, v in busy.items() if k.startswith("store."))
                top = sorted(((v, k) for k, v in busy.items() if k.startswith("store.")), reverse=True)[:3]
                st.extra["event-loop work"] = (
                    f"extract {busy.get('extract', 0):.2f} s, store calls {store:.2f} s "
                    f"({', '.join(f'{k[6:]} {v:.2f}' for v, k in top)}), "
                    f"process CPU {out['cpu']:.2f} s of {out['wall']:.2f} s wall; "
                    f"loop lag p99 {out['lag_p99'] * 1e3:.1f} ms, max {out['lag_max'] * 1e3:.1f} ms"
                )
                if "profile" in out:
                    st.extra["profile"] = "\n" + out["profile"]
            if tool == "scrapy" and "items" in out:
                st.extra["run"] = (f"scrapy {out['version']}, {out['items']} items, "
                                   f"finish reason {out['finish_reason']}")
            stats.append(st)
    report(stats, args.delay, args.hosts, args.hosts * per_host, args.latency)
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} before the run, "
          f"{os.getloadavg()[0]:.2f} after (other processes compete with the crawlers and the servers)")


if __name__ == "__main__":
    main()
