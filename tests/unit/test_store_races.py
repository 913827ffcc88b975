"""Issue 15 item 5: content-addressed inserts do not race; runs orphaned by kill -9 are closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from govwatch.demo.sites import SimulatedSites
from govwatch.extract.result import Extracted
from govwatch.store import Store


def together(n: int, fn: Callable[[int], object]) -> tuple[list[object], list[BaseException]]:
    """Call ``fn(0) … fn(n-1)`` from ``n`` threads released at once; (results, exceptions)."""
    barrier = threading.Barrier(n)
    results: list[object] = []
    errors: list[BaseException] = []

    def call(i: int) -> None:
        barrier.wait()
        try:
            results.append(fn(i))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_80_concurrent_save_capture_calls_store_one_body(pg_url: str) -> None:
    store = Store(pg_url)
    body = "同一份报告的正文。".encode() * 100
    digests, errors = together(80, lambda i: store.save_capture("src", f"http://a.gov.cn/{i}.html", "document",
                                                                200, {}, body))
    try:
        assert errors == []
        assert len(set(digests)) == 1 and len(digests) == 80
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from rawbody")).scalar_one() == 1
            assert conn.execute(sa.text("select count(*) from capture")).scalar_one() == 80
    finally:
        store.close()


def test_concurrent_pages_with_one_text_store_it_once(pg_url: str) -> None:
    store = Store(pg_url)
    _done, errors = together(20, lambda i: store.record_page("src", f"http://a.gov.cn/copy-{i}.html",
                                                             Extracted(title="报告", paragraphs=["同一段正文。"])))
    try:
        assert errors == []
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from content")).scalar_one() == 1
            assert conn.execute(sa.text("select count(*) from document")).scalar_one() == 20
    finally:
        store.close()


def test_a_run_orphaned_by_kill_9_is_closed_at_the_next_start(sites: SimulatedSites, sources_file: Path,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "gw.db"
    slow = sources_file.read_text(encoding="utf-8").replace("delay: 0.0", "delay: 0.2")
    sources_file.write_text(slow, encoding="utf-8")
    db = f"sqlite:///{path}"
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "fetch", "-q", "--config", str(sources_file),
                             "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def open_runs() -> int:
        if not path.exists():
            return 0
        engine = sa.create_engine(db)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text("select count(*) from run where finished_at is null")).scalar_one()
        except sa.exc.OperationalError:
            return 0
        finally:
            engine.dispose()

    deadline = time.monotonic() + 60
    while open_runs() < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    orphaned = open_runs()
    assert orphaned >= 3

    sources_file.write_text(slow.replace("delay: 0.2", "delay: 0.0"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "govwatch", "fetch", "-q", "--config", str(sources_file), "--db", db],
                   capture_output=True, timeout=300, check=False)
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from run where finished_at is null")).scalar_one() == 0
        aborted = conn.execute(sa.text("select count(*) from run where outcome = 'aborted'")).scalar_one()
    engine.dispose()
    assert aborted == orphaned
