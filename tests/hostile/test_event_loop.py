"""Per-page work never runs on the event loop (issue 15, item 4): while a hostile list page and a
hostile detail page are parsed, the loop keeps ticking, so the daemon keeps renewing its leases.

Before, the list page's links, pagination and the blocked-page check ran on the loop: 400 KB of
nested ``div`` stalled it for tens of seconds (lexbor's tree building is super-linear in depth), long
enough for a lease to expire and a second daemon to crawl the same source.
"""

from __future__ import annotations

import json
from pathlib import Path

from govwatch.demo import hostile
from govwatch.demo.sites import SimulatedSites
from tests.hostile.bounded import run_bounded

SID = "ucap-demo"

CRAWL = """
import asyncio, json, os, time
os.environ.setdefault("GOVWATCH_PARSE_TIMEOUT", "8")
from govwatch.crawl.crawler import crawl
from govwatch.sources import load_config_text
from govwatch.store import Store

async def main():
    cfg = load_config_text(open({config!r}, encoding="utf-8").read())
    gaps = []
    done = asyncio.Event()

    async def ticker():
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.05)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    results = await crawl(list(cfg.sources), Store({db!r}))
    done.set()
    await tick
    print(json.dumps({{"max_gap": max(gaps), "errors": results[0].errors, "counts": results[0].summary()}}))

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_event_loop_keeps_ticking_during_hostile_parsing(tmp_path: Path) -> None:
    deep = hostile.nested_divs_html(400_000)
    with SimulatedSites([SID]) as sites:
        sites.override(SID, "/deep/index.html", hostile.html(deep.replace(
            b"<div class='TRS_Editor'>", "<a href='/deep/divs.html'>XX县2023年度法治政府建设情况报告</a>".encode())))
        sites.override(SID, "/deep/divs.html", hostile.html(deep))
        config = tmp_path / "sources.yaml"
        config.write_text(
            "sources:\n  - id: deep\n    name: 恶意站点\n    region: [\"测试\"]\n    fetcher: generic\n"
            "    delay: 0\n    retries: 0\n    max_pages: 2\n"
            f"    start_urls: [{json.dumps(sites.url(SID, '/deep/index.html'))}]\n", encoding="utf-8")
        script = CRAWL.format(config=str(config), db=str(tmp_path / "gw.db"))
        (tmp_path / "crawl.py").write_text(script, encoding="utf-8")
        proc = run_bounded(f"import runpy; runpy.run_path({str(tmp_path / 'crawl.py')!r}, run_name='__main__')",
                           seconds=120, mem_mb=3072)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["max_gap"] < 3.0, out  # a tick every 0.05 s; generous for a loaded machine
