"""What a wall costs: the browser, the plain client after the cookie handover, and the plain client alone.

    python benchmarks/bench_browser.py               # 40 report pages per mode (about a minute)
    python benchmarks/bench_browser.py --pages 20    # quicker

Serves the simulated walls of ``govwatch.demo.walls`` on 127.0.0.1 in this process (加速乐 521 two rounds,
瑞数 412 with the server's second cookie, and the same column with no wall) and reads the same ``--pages``
report pages (``delay`` 0: the cost of the fetching, not of politeness) in each mode, each mode in a child
process of its own:

* ``plain``: the plain HTTP client alone, on the site without a wall (the baseline);
* ``browser``: every page through headless Chromium (``fetch_via: browser``), on the 521 wall;
* ``handover-jsl`` / ``handover-ruishu``: ``fetch_via: auto`` on the wall: the first page is walled, the
  browser passes the challenge, its cookies and User-Agent go to the plain client, which reads the rest.

Per mode: pages per second (over all pages, and for ``handover`` also over the pages after the handover),
peak memory of the child's whole process tree (PSS, sampled every 20 ms: Python, Playwright's driver and
Chromium) and the child's own peak RSS, and browser launches. Then one ``crawl()`` of the five simulated
sites (jsl, ruishu, spa, captcha, open) through one browser, to count launches per crawl. Ratios to the
plain baseline are printed; the issue's target is "after the handover, a blocked site costs no more than
twice its plain-HTTP time". A benchmark: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from govwatch.crawl.browser import Browser, WallAccess, tree_memory
from govwatch.crawl.http import HttpClient, RequestPolicy
from govwatch.demo.walls import WallSite

MODES = ("plain", "browser", "handover-jsl", "handover-ruishu")


class PeakSampler:
    """The highest PSS of this process's tree, sampled in a thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_memory(os.getpid()))
            time.sleep(every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def run_mode(mode: str, urls: list[str], host: str) -> dict[str, Any]:
    policy = RequestPolicy(delay=0.0, allowed_hosts=frozenset({host}))
    times: list[float] = []
    vias: list[str] = []
    launches = 0
    async with HttpClient() as client:
        browser = Browser(client=client) if mode != "plain" else None
        access = WallAccess(client, browser)
        via = "browser" if mode == "browser" else "auto"
        start = time.perf_counter()
        try:
            for url in urls:
                resp = await access.fetch(url, policy, via)
                if not resp.ok:
                    raise SystemExit(f"{mode}: {url}: {resp.problem}")
                times.append(time.perf_counter() - start)
                vias.append(resp.via)
        finally:
            if browser is not None:
                launches = browser.stats.launches
                await browser.aclose()
    total = times[-1]
    after = [t for t, v in zip(times, vias, strict=True) if v != "browser"]
    out: dict[str, Any] = {"mode": mode, "pages": len(urls), "seconds": total, "pps": len(urls) / total,
                           "launches": launches, "vias": sorted(set(vias))}
    if mode.startswith("handover") and len(after) > 1:
        first_plain = times[vias.index("http+cookies") - 1] if "http+cookies" in vias else 0.0
        out["after_pages"] = len(after)
        out["after_seconds"] = after[-1] - first_plain
        out["after_pps"] = len(after) / out["after_seconds"]
        out["first_page_seconds"] = times[0]
    return out


def child(mode: str, url_file: str) -> None:
    data = json.loads(Path(url_file).read_text())
    with PeakSampler() as peak:
        result = asyncio.run(run_mode(mode, data["urls"], data["host"]))
    result["peak_tree_mb"] = peak.peak / 2**20
    result["peak_rss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


async def whole_crawl(sites: dict[str, WallSite], tmp: Path) -> dict[str, Any]:
    from govwatch.crawl.crawler import crawl
    from govwatch.sources import load_config_text
    from govwatch.store import Store

    lines = ["sources:"]
    for kind, site in sites.items():
        lines += [f"  - id: wall-{kind}", f"    name: {kind}", f"    start_urls: [{site.start_url}]",
                  "    fetcher: generic", "    delay: 0", "    attachments: false"]
    cfg = load_config_text("\n".join(lines) + "\n")
    store = Store(f"sqlite:///{tmp / 'crawl.db'}")
    browser = Browser()
    start = time.perf_counter()
    try:
        results = await crawl(list(cfg.sources), store, browser=browser)
    finally:
        await browser.aclose()
        store.close()
    return {"seconds": time.perf_counter() - start, "launches": browser.stats.launches,
            "pages": browser.stats.pages, "peak_browser_mb": browser.stats.peak_memory / 2**20,
            "counts": {r.source_id: {k: v for k, v in r.counts.items() if v} for r in results}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--child", choices=MODES)
    ap.add_argument("--urls")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.urls)
        return
    sites = {"open": WallSite("open", reports=args.pages).start(), "jsl": WallSite("jsl", reports=args.pages).start(),
             "ruishu": WallSite("ruishu", reports=args.pages).start()}
    results: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for mode in MODES:
                site = sites["open" if mode == "plain" else "ruishu" if mode == "handover-ruishu" else "jsl"]
                site.rotate()  # no cookie from an earlier mode works
                urls = [site.report_url(i) for i in range(args.pages)]
                url_file = Path(tmp) / f"{mode}.json"
                url_file.write_text(json.dumps({"urls": urls, "host": site.base_url.split("//", 1)[1]}))
                proc = subprocess.run([sys.executable, __file__, "--child", mode, "--urls", str(url_file)],
                                      capture_output=True, text=True, timeout=600)
                if proc.returncode != 0:
                    raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
                results[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
            crawl_sites = {k: WallSite(k, reports=3, first=3 * i).start()  # type: ignore[arg-type]
                           for i, k in enumerate(("jsl", "ruishu", "spa", "captcha", "open"))}
            try:
                whole = asyncio.run(whole_crawl(crawl_sites, Path(tmp)))
            finally:
                for s in crawl_sites.values():
                    s.stop()
    finally:
        for s in sites.values():
            s.stop()

    base = results["plain"]
    print(f"{args.pages} report pages per mode, delay 0, 127.0.0.1; Chromium via Playwright (CDP)\n")
    print(f"{'mode':<18}{'pages/s':>9}{'x plain time':>14}{'peak tree MB':>14}{'peak self MB':>14}{'launches':>10}")
    for mode in MODES:
        r = results[mode]
        print(f"{mode:<18}{r['pps']:>9.1f}{base['pps'] / r['pps']:>14.2f}{r['peak_tree_mb']:>14.0f}"
              f"{r['peak_rss_self_mb']:>14.0f}{r['launches']:>10}")
    print()
    for mode in ("handover-jsl", "handover-ruishu"):
        r = results[mode]
        if "after_pps" in r:
            print(f"{mode}: first page (launch + challenge) {r['first_page_seconds']:.2f} s; after the handover "
                  f"{r['after_pps']:.1f} pages/s = {base['pps'] / r['after_pps']:.2f} x the plain time per page "
                  f"(target <= 2.00)")
    print(f"\none crawl of 5 simulated sites (jsl, ruishu, spa, captcha, open; 3 reports each): "
          f"{whole['seconds']:.1f} s, browser launches {whole['launches']}, browser pages {whole['pages']}, "
          f"browser peak {whole['peak_browser_mb']:.0f} MB")
    print("counts:", json.dumps(whole["counts"], ensure_ascii=False))


if __name__ == "__main__":
    main()
