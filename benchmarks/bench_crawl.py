"""Crawl throughput on the simulated sites (delay 0): pages/s for a first crawl and a re-crawl.

    python benchmarks/bench_crawl.py [--rounds 3]

Serves the bundled simulated sites on 127.0.0.1, crawls them with ``govwatch fetch``'s
engine into a fresh SQLite store, and prints requests, pages/s and bytes per round: a first
crawl, a no-change re-crawl with the default settings (every stored report re-validated:
conditional requests, a plain GET where a site gives no validators) and one with the opt-in
``recheck_after: 7d`` (list pages only), with the re-crawls' requests and bytes as a share of
the first crawl's. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from govwatch.crawl.crawler import crawl
from govwatch.demo.sites import SimulatedSites
from govwatch.sources import load_config_text
from govwatch.store import Store


def one_round(sites: SimulatedSites, db: str, recheck_after: str | None = None) -> tuple[float, int, int]:
    cfg = load_config_text(sites.sources_yaml(delay=0.0, recheck_after=recheck_after))
    store = Store(db)
    sites.log.clear()
    t0 = time.perf_counter()
    asyncio.run(crawl(list(cfg.sources), store))
    elapsed = time.perf_counter() - t0
    store.close()
    requests = len(sites.log.urls())
    sent = sum(sites.log.bytes_sent(s) for s in sites.source_ids)
    return elapsed, requests, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    first, again, weekly = [], [], []
    with SimulatedSites() as sites:
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                db = f"sqlite:///{Path(tmp) / 'bench.db'}"
                first.append(one_round(sites, db))
                again.append(one_round(sites, db))
                weekly.append(one_round(sites, db, recheck_after="7d"))
    base_reqs, base_bytes = first[0][1], statistics.median(r[2] for r in first)
    for name, rows in (("first crawl", first), ("re-crawl (no change)", again), ("  recheck_after: 7d", weekly)):
        secs = statistics.median(r[0] for r in rows)
        reqs, sent = rows[0][1], statistics.median(r[2] for r in rows)
        print(f"{name:22s} {reqs:5d} requests ({reqs / base_reqs:4.0%})  {sent / 1e3:8.1f} kB "
              f"({sent / base_bytes:5.1%})  {secs * 1e3:7.1f} ms  {reqs / secs:7.1f} pages/s")


if __name__ == "__main__":
    main()
