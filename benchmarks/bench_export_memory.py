"""Peak memory and time of ``govwatch export`` for a large store (default 100,000 documents).

    python benchmarks/bench_export_memory.py [--n 100000] [--small 10000] [--formats jsonl,csv,txt,parquet,warc]

Builds two synthetic SQLite stores (``--small`` and ``--n`` documents, one version each, ~1,500
characters of Chinese text, 20 sources, a raw capture per document for the WARC export) with bulk
inserts, then runs each exporter in a fresh process per store and prints its peak RSS
(``ru_maxrss``), wall time and output size. Flat memory means the two peaks are about the same.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from govwatch.export import get_exporter, run_export
from govwatch.store import Store
db, fmt, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = Store(db)
start = time.perf_counter()
n = run_export(get_exporter(fmt), store.export_records(), out, regions={"src000": ["省", "市", "区"]}, store=store)
seconds = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before walking the output tree
size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
print(json.dumps({"n": n, "seconds": seconds, "rss_mb": rss_mb, "bytes": size}))
"""


def add_captures(db: str, n: int) -> None:
    """One raw capture per document, linked from its version (for the WARC export)."""
    from sqlalchemy import bindparam, insert, update
    from tests.export.synth import T0

    from govwatch.store import Store
    from govwatch.store.models import Capture, RawBody, Version

    store = Store(db)
    with store.engine.begin() as conn:
        for start in range(0, n, 2000):
            bodies: list[dict[str, object]] = []
            caps: list[dict[str, object]] = []
            links: list[dict[str, object]] = []
            for i in range(start, min(n, start + 2000)):
                body = f"<html><body><h1>报告{i}</h1><p>{'正文。' * 300}</p></body></html>".encode()
                digest = hashlib.sha256(body).hexdigest()
                bodies.append({"hash": digest, "size": len(body), "data": zlib.compress(body), "created_at": T0})
                caps.append({"source_id": f"src{i % 20:03d}", "url": f"http://s{i % 20}.gov.cn/a/{i}.html",
                             "kind": "document", "fetched_at": T0 + timedelta(seconds=i), "status_code": 200,
                             "headers_json": '{"Content-Type": "text/html; charset=utf-8"}', "raw_hash": digest,
                             "encoding": "utf-8"})
                links.append({"did": i + 1, "rh": digest})
            conn.execute(insert(RawBody.__table__), bodies)
            conn.execute(insert(Capture.__table__), caps)
            table = Version.__table__
            conn.execute(update(table).where(table.c.document_id == bindparam("did")).values(raw_hash=bindparam("rh")),
                         links)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--formats", default="jsonl,csv,txt,parquet,warc")
    args = parser.parse_args()
    from tests.export.synth import bulk_store

    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="gw-bench-export-") as tmp:
        results: dict[str, dict[int, dict[str, float]]] = {f: {} for f in formats}
        for n in (args.small, args.n):
            db = f"sqlite:///{Path(tmp) / f'{n}.db'}"
            t = time.perf_counter()
            bulk_store(db, n)
            if "warc" in formats:
                add_captures(db, n)
            print(f"built a store of {n} documents in {time.perf_counter() - t:.1f}s", flush=True)
            for fmt in formats:
                out = Path(tmp) / f"{n}.{fmt}"
                proc = subprocess.run([sys.executable, "-c", CHILD, db, fmt, str(out)], capture_output=True,
                                      text=True, check=True, cwd=ROOT)
                results[fmt][n] = json.loads(proc.stdout.splitlines()[-1])
                r = results[fmt][n]
                print(f"  {fmt:8} {n:>7} docs: peak RSS {r['rss_mb']:7.1f} MB, {r['seconds']:6.1f}s, "
                      f"{r['bytes'] / 1e6:8.1f} MB written", flush=True)
        print("\nformat   peak RSS small -> large (MB)")
        for fmt in formats:
            a, b = results[fmt][args.small]["rss_mb"], results[fmt][args.n]["rss_mb"]
            print(f"{fmt:8} {a:7.1f} -> {b:7.1f}  ({b - a:+.1f})")


if __name__ == "__main__":
    main()
