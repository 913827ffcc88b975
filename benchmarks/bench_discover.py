"""Discovery over a simulated country: found share, decoys stored, requests and time per government.

Serves :func:`govwatch.demo.web.generated_web` (N portals: prefectures with ten counties each, every
report placement, decoys, GBK pages, blocked and unreachable portals, late reports) through the
loopback proxy, runs the real discovery in this process at delay 0 on a fresh SQLite store, then
reads the result back through ``coverage_rows``. Prints:

- the share of simulated reports for the year found (coverage ``published``/``late`` where the web
  has one), and the decoys / clones stored or kinds misclassified (must be 0);
- requests per government from the proxy's log (median, p95, max; a prefecture's count includes
  its one aggregator scan);
- wall time per government at delay 0, and the projection for the 3,207 real portals at the default
  delay (1 s between requests to one host) and concurrency (16 governments at once), assuming
  ``--latency`` seconds per answer from a real portal;
- peak RSS of the process.

    python benchmarks/bench_discover.py [--portals 220] [--concurrency 16] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from govwatch.coverage import coverage_rows
from govwatch.crawl.discover import discover
from govwatch.crawl.http import RequestPolicy
from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import generated_web
from govwatch.reports import classify
from govwatch.sources import Settings
from govwatch.sources.catalog import load_catalog
from govwatch.store import Store

REAL_PORTALS = 3207


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portals", type=int, default=220)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--latency", type=float, default=0.3, help="assumed seconds per answer of a real portal")
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()
    web = generated_web(args.portals)
    with tempfile.TemporaryDirectory(prefix="govwatch-bench-") as tmp:
        cat_path = Path(tmp) / "governments.tsv"
        cat_path.write_text(web.catalog_tsv(), encoding="utf-8")
        catalog = load_catalog(cat_path)
        store = Store(f"sqlite:///{tmp}/gw.db")
        policy = RequestPolicy(delay=0.0, timeout=10.0, retries=1)
        with WebProxy(web) as proxy:
            start = time.perf_counter()
            results = asyncio.run(discover(store, catalog, catalog, policy, year=args.year,
                                           concurrency=args.concurrency, proxy=proxy.url))
            wall = time.perf_counter() - start
            log = list(proxy.log)
        rows = {r.code: r for r in coverage_rows(store, args.year, catalog)}
        docs = list(store.export_records())
        store.close()
    expected = web.expected(args.year)
    with_report = [c for c, s in expected.items() if s in ("published", "late")]
    found = [c for c in with_report if rows[c].status == expected[c]]
    wrong = [c for c, s in expected.items() if rows[c].status != s]
    # a department's report is stored as such (kind department_report), never as the government's report
    bad_docs = [d for d in docs if ".gov.cn" not in d.url or classify(d.title)[0] != d.kind
                or d.kind not in ("report", "joint_report", "department_report")]
    departments = sum(1 for d in docs if d.kind == "department_report")
    by_host = Counter(e.host for e in log)
    per_gov = sorted(sum(n for h, n in by_host.items() if h == p.host or h.endswith("." + p.domain))
                     for p in web.portals)
    median = statistics.median(per_gov)
    p95 = per_gov[int(0.95 * (len(per_gov) - 1))]
    mean = statistics.fmean(per_gov)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    default = Settings()
    projected = REAL_PORTALS * mean * (default.delay + args.latency) / args.concurrency
    statuses = Counter(r.status for r in results)
    print(f"portals: {len(web.portals)} ({dict(statuses)}), concurrency {args.concurrency}, delay 0")
    print(f"reports for {args.year} found: {len(found)}/{len(with_report)} = {len(found) / len(with_report):.1%}"
          f"  (target >= 95%)")
    print(f"coverage rows differing from the web's truth: {len(wrong)} {wrong[:5]}")
    print(f"documents stored: {len(docs)} ({departments} department reports, kept as such); "
          f"decoys/clones or misclassified among them: {len(bad_docs)}  (target 0)")
    print(f"requests per government: median {median:.0f}, p95 {p95}, max {per_gov[-1]}, mean {mean:.1f}"
          f"  (target median <= 40); total {len(log)}")
    print(f"wall time: {wall:.2f} s, {wall / len(web.portals) * 1000:.1f} ms per government at delay 0")
    print(f"projected for {REAL_PORTALS} real portals at delay {default.delay:g} s, {args.latency:g} s latency, "
          f"concurrency {args.concurrency}: {projected / 3600:.2f} h ({projected:.0f} s)")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
