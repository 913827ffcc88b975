"""Time to assess N stored reports (default 100,000): read each current version from the store, run
the analyser (parts, figures, kind, length).

    python benchmarks/bench_assess.py [--n 100000] [--db sqlite:////tmp/bench_assess.db] [--keep]

The store is filled in bulk (one transaction) with the gold set's texts (the corpus reports and their
variants) with full-width punctuation as stored pages have it (，：；（）), each copy made distinct by a
sentence naming its number, so that content hashes do not collapse. Printed: fill time (not part of
the measure), then the time to stream and assess all documents, split into reading and analysing, as
total seconds, ms per report and reports per second, with the CPU time (the wall time suffers on a
shared machine), and the analyser alone on the distinct texts (median of rounds). This is a
benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from govwatch.assess import assess_text  # noqa: E402
from govwatch.assess.gold import gold_set  # noqa: E402
from govwatch.store import Store  # noqa: E402
from govwatch.store.models import Content, Document, Version  # noqa: E402


def fill(store: Store, n: int, texts: list[tuple[str, str]]) -> None:
    now = datetime.now(UTC)
    contents, docs, versions = [], [], []
    for i in range(n):
        title, text = texts[i % len(texts)]
        text = f"{text}\n(本文编号{i}。)"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        contents.append({"hash": digest, "text": text, "created_at": now})
        docs.append({"id": i + 1, "url": f"http://bench.example.gov.cn/{i}.html", "source_id": f"s{i % 3000}",
                     "status": "active", "first_seen": now, "last_seen": now, "last_checked": now,
                     "current_version": 1, "current_hash": digest, "listed": True})
        versions.append({"document_id": i + 1, "number": 1, "content_hash": digest, "title": title,
                         "published": "2024-03-20", "publisher": "人民政府", "report_year": 2023,
                         "kind": "report", "fields_json": "{}", "attachments_json": "[]", "created_at": now})
    with store.engine.begin() as conn:
        for table, rows in ((Content.__table__, contents), (Document.__table__, docs),  # type: ignore[attr-defined]
                            (Version.__table__, versions)):  # type: ignore[attr-defined]
            for k in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[k:k + 5000])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", default="sqlite:////tmp/bench_assess.db")
    ap.add_argument("--keep", action="store_true", help="keep (and reuse) the filled database")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    full = str.maketrans(",:;()", "，：；（）")
    texts = [(d.title, d.text.translate(full)) for d in gold_set()]
    path = Path(args.db.removeprefix("sqlite:///")) if args.db.startswith("sqlite:///") else None
    store = Store(args.db)
    have = store.counts()["documents"]
    if have != args.n:
        if have:
            store.close()
            if path is None:
                sys.exit(f"{args.db} holds {have} documents, want {args.n}: give an empty database")
            path.unlink()
            store = Store(args.db)
        t0 = time.perf_counter()
        fill(store, args.n, texts)
        print(f"filled {args.n} reports in {time.perf_counter() - t0:.1f} s (not measured)")

    read = analyse = 0.0
    n = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    last = t0
    for rec in store.export_records(years=[2023]):
        t1 = time.perf_counter()
        read += t1 - last
        assess_text(rec.text, rec.title)
        last = time.perf_counter()
        analyse += last - t1
        n += 1
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"assessed {n} stored reports in {total:.1f} s wall, {cpu:.1f} s CPU: {1000 * total / n:.2f} ms/report, "
          f"{n / total:.0f} reports/s (reading {read:.1f} s, analysing {analyse:.1f} s), one process; "
          f"load average {os.getloadavg()[0]:.1f} at the end")

    per_text = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for title, text in texts:
            assess_text(text, title)
        per_text.append((time.perf_counter() - t0) / len(texts))
    mean_len = statistics.mean(len(t) for _, t in texts)
    print(f"analyser alone: {1000 * statistics.median(per_text):.2f} ms per text "
          f"({len(texts)} distinct texts, mean {mean_len:.0f} characters, median of {args.rounds} rounds)")
    store.close()
    if not args.keep and path is not None:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
