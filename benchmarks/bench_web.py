"""Web interface latency on a large store: p50/p95 of ``/search`` and ``/doc/{id}``, and the index size.

Builds a store of N synthetic reports (default 100,000) on SQLite and/or PostgreSQL: sentences
of the bundled demo corpus, reshuffled, with a place, a year and a unique case number per
document, so that terms range from "in every document" to "in one". Rows are bulk-inserted
(``content``, ``document``, ``version``), then the search index is built by the same
``ensure_index`` that ``Store()`` and the ``0003_search`` migration run (timed). Then a real
``govwatch serve`` answers HTTP requests from this process, one at a time:

* ``/search?q=…``: common 4-character terms, rare terms, unique case numbers, two-term
  queries, 2-character terms (the scan fallback), with and without a year filter, pages 1–3;
* ``/doc/{id}`` for random ids.

Prints one table per backend; nothing is asserted. Usage::

    python benchmarks/bench_web.py                      # 100,000 docs, SQLite and PostgreSQL
    python benchmarks/bench_web.py --docs 20000 --backend sqlite
    python benchmarks/bench_web.py --pg postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/bench_web.py --backend sqlite --sqlite-db /tmp/bench.db   # build once, re-measure
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import httpx
import sqlalchemy as sa

from govwatch.store import Store
from govwatch.store.search import ensure_index, index_size

PLACES = ("曾都区", "綦江区", "清江浦区", "中卫市", "海盐县", "龙华区", "岳阳县", "潼关县", "江岸区", "樊城区")


def corpus_sentences() -> list[str]:
    out: list[str] = []
    for entry in files("govwatch.demo").joinpath("corpus").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            for para in data["paragraphs"]:
                out.extend(s + "。" for s in para.split("。") if len(s) > 8)
    return out


def synth(i: int, sentences: list[str], rng: random.Random, chars: int) -> tuple[str, str, int]:
    place, year = rng.choice(PLACES), rng.randint(2015, 2024)
    paras: list[str] = [f"{year}年，{place}深入推进法治政府建设，案卷编号GW{i:06d}。"]
    size = len(paras[0])
    while size < chars:
        para = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        paras.append(para)
        size += len(para)
    return f"{place}{year}年度法治政府建设情况报告（{i}）", "\n".join(paras), year


def build(url: str, n: int, chars: int, seed: int = 7) -> dict[str, float]:
    """Bulk-load ``n`` documents, then build the search index; returns timings (s) and sizes (bytes)."""
    store = Store(url)
    engine = store.engine
    table_sql = {"sqlite": "search_fts", "postgresql": "search_doc"}[engine.dialect.name]
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table_sql}")
    rng = random.Random(seed)
    sentences = corpus_sentences()
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    batch = 2000
    for start in range(0, n, batch):
        contents, docs, versions = [], [], []
        for i in range(start, min(n, start + batch)):
            title, text, year = synth(i, sentences, rng, chars)
            digest = hashlib.sha256(text.encode()).hexdigest()
            contents.append({"hash": digest, "text": text, "created_at": now})
            docs.append({"id": i + 1, "url": f"http://bench{i % 500}.test/doc/{i}.html", "source_id": f"s{i % 500}",
                         "status": "gone" if i % 97 == 0 else "active", "first_seen": now, "last_seen": now,
                         "last_checked": now, "current_version": 1, "current_hash": digest, "listed": True})
            versions.append({"document_id": i + 1, "number": 1, "content_hash": digest, "title": title,
                             "published": f"{year + 1}-03-{rng.randint(1, 28):02d}", "publisher": "人民政府",
                             "report_year": year, "kind": "report", "fields_json": "{}", "attachments_json": "[]",
                             "created_at": now})
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO content (hash, text, created_at) VALUES (:hash, :text, :created_at)"),
                         contents)
            conn.execute(sa.text(
                "INSERT INTO document (id, url, source_id, status, first_seen, last_seen, last_checked, "
                "current_version, current_hash, listed) VALUES (:id, :url, :source_id, :status, :first_seen, "
                ":last_seen, :last_checked, :current_version, :current_hash, :listed)"), docs)
            conn.execute(sa.text(
                "INSERT INTO version (document_id, number, content_hash, title, published, publisher, report_year, "
                "kind, fields_json, attachments_json, created_at) VALUES (:document_id, :number, :content_hash, "
                ":title, :published, :publisher, :report_year, :kind, :fields_json, :attachments_json, "
                ":created_at)"), versions)
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    with engine.begin() as conn:
        ensure_index(conn)
    indexing = time.perf_counter() - t1
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    size = index_size(engine)
    with engine.connect() as conn:
        text_bytes = conn.exec_driver_sql("SELECT sum(length(text)) FROM content").scalar() or 0
    store.close()
    return {"load_s": load, "index_s": indexing, "index_bytes": size, "text_chars": float(text_bytes)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(url: str, n: int, requests: int, seed: int = 11) -> dict[str, list[float]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "serve", "--db", url, "--port", str(port),
                             ], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        client = httpx.Client(timeout=120)
        for _ in range(600):
            try:
                client.get(base + "/static/style.css")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        rng = random.Random(seed)
        sentences = corpus_sentences()
        common = ["法治政府", "依法行政", "行政执法", "法治建设"]

        def query() -> tuple[str, str]:
            pick = rng.random()
            if pick < 0.3:
                q, label = rng.choice(common), "common"
            elif pick < 0.55:
                s = rng.choice(sentences)
                k = rng.randint(0, max(0, len(s) - 8))
                q, label = s[k:k + 6], "phrase"
            elif pick < 0.7:
                q, label = f"GW{rng.randrange(n):06d}", "unique"
            elif pick < 0.85:
                q, label = f"{rng.choice(PLACES)} {rng.choice(common)}", "two terms"
            else:
                q, label = rng.choice(["复议", "执法", "普法"]), "2-char scan"
            extra = f"&year={rng.randint(2015, 2024)}" if rng.random() < 0.3 else ""
            page = f"&page={rng.randint(2, 3)}" if rng.random() < 0.2 else ""
            return f"/search?q={quote(q)}{extra}{page}", label

        out: dict[str, list[float]] = {"/search": [], "/doc/{id}": []}
        for _ in range(5):  # warm up caches
            client.get(base + query()[0])
        for _ in range(requests):
            path, label = query()
            t = time.perf_counter()
            r = client.get(base + path)
            dt = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, (path, r.status_code)
            out["/search"].append(dt)
            out.setdefault(f"/search {label}", []).append(dt)
            t = time.perf_counter()
            r = client.get(f"{base}/doc/{rng.randint(1, n)}")
            out["/doc/{id}"].append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, n: int, built: dict[str, float], lat: dict[str, list[float]]) -> None:
    print(f"\n== {name}: {n:,} documents, {built['text_chars'] / 1e6:.1f} M characters of text")
    print(f"bulk load {built['load_s']:.1f} s; index build {built['index_s']:.1f} s; "
          f"index size {built['index_bytes'] / 2**20:.1f} MiB")
    print(f"{'endpoint':<24}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for key, values in lat.items():
        print(f"{key:<24}{len(values):>6}{statistics.median(values):>10.1f}{pct(values, 95):>10.1f}"
              f"{max(values):>10.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--chars", type=int, default=1500, help="characters of text per document (about)")
    ap.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--sqlite-db", type=Path, help="keep the SQLite store here; reuse it when it exists")
    ap.add_argument("--pg", default=os.environ.get("GOVWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    args = ap.parse_args()
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="govwatch-bench-web-") as tmp:
            path = args.sqlite_db or Path(tmp) / "bench.db"
            url = f"sqlite:///{path}"
            if path.exists():  # built by an earlier run: measure again (sizes only)
                store = Store(url)
                with store.engine.connect() as conn:
                    chars = conn.exec_driver_sql("SELECT sum(length(text)) FROM content").scalar() or 0
                built = {"load_s": float("nan"), "index_s": float("nan"), "index_bytes": index_size(store.engine),
                         "text_chars": float(chars)}
                store.close()
            else:
                built = build(url, args.docs, args.chars)
            report("SQLite (FTS5 trigram)", args.docs, built, measure(url, args.docs, args.requests))
    if args.backend in ("postgres", "both"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://", 1))
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
        try:
            built = build(url, args.docs, args.chars)
            report("PostgreSQL (pg_trgm GIN)", args.docs, built, measure(url, args.docs, args.requests))
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()


if __name__ == "__main__":
    main()
