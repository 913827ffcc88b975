"""Crawl throughput on the simulated sites (delay 0): pages/s for a first crawl and a re-crawl.

    python benchmarks/bench_crawl.py [--rounds 3]

Serves the bundled simulated sites on 127.0.0.1, crawls them with ``govwatch fetch``'s
engine into a fresh SQLite store, and prints requests, pages/s and bytes per round. A
benchmark, not a test: nothing is asserted.
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


def one_round(sites: SimulatedSites, db: str) -> tuple[float, int, int]:
    cfg = load_config_text(sites.sources_yaml(delay=0.0))
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
    first, again = [], []
    with SimulatedSites() as sites:
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                db = f"sqlite:///{Path(tmp) / 'bench.db'}"
                first.append(one_round(sites, db))
                again.append(one_round(sites, db))
    for name, rows in (("first crawl", first), ("re-crawl (no change)", again)):
        secs = statistics.median(r[0] for r in rows)
        reqs = rows[0][1]
        print(f"{name:22s} {reqs:5d} requests  {statistics.median(r[2] for r in rows) / 1e3:8.1f} kB  "
              f"{secs * 1e3:7.1f} ms  {reqs / secs:7.1f} pages/s")


if __name__ == "__main__":
    main()
