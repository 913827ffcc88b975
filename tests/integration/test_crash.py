"""A kill -9 in mid-crawl leaves the store consistent, and the next run completes the work."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from govwatch.demo.sites import SimulatedSites
from tests.integration.test_e2e import check_matches_truth, export, govwatch


def count_documents(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=5) as conn:
            return conn.execute("select count(*) from document where current_version > 0").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_9_mid_crawl_loses_nothing(sites: SimulatedSites, sources_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "gw.db"
    slow = sources_file.read_text(encoding="utf-8").replace("delay: 0.0", "delay: 0.15")
    sources_file.write_text(slow, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "fetch", "-q", "--config", str(sources_file),
                             "--db", f"sqlite:///{path}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count_documents(path) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stored_before = count_documents(path)
    assert stored_before >= 5

    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        # no half version: every document's current version exists, with its text
        bad = conn.execute("""
            select d.url from document d
            left join version v on v.document_id = d.id and v.number = d.current_version
            left join content c on c.hash = v.content_hash
            where d.current_version > 0 and (v.id is null or c.hash is null or c.hash != d.current_hash)
        """).fetchall()
        assert bad == []
        orphans = conn.execute("select count(*) from version v left join content c on c.hash = v.content_hash "
                               "where c.hash is null").fetchone()[0]
        assert orphans == 0

    sources_file.write_text(slow.replace("delay: 0.15", "delay: 0.0"), encoding="utf-8")
    govwatch("fetch", "--config", str(sources_file), "--db", f"sqlite:///{path}")
    records = export(f"sqlite:///{path}")
    check_matches_truth(sites, records)
    assert {r["version"] for r in records} == {1}
