"""`kill -9` in the middle of a crawl leaves SQLite consistent, and the next run completes the work."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites
from tests.daemon.helpers import Daemon, check_against_truth, check_sqlite_consistent, govwatch


def test_kill_9_mid_crawl_then_rerun(sites: SimulatedSites, sources_file: Path, sqlite_db: str,
                                     daemons: list[Daemon]) -> None:
    path = Path(sqlite_db.removeprefix("sqlite:///"))
    for sid in sites.source_ids:
        sites.override(sid, "*", faults.slow(0.3))
    d = Daemon("--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0", "--host", "127.0.0.1",
               "--lease-ttl", "8", "--concurrency", "8", "--worker-id", "doomed")
    daemons.append(d)
    d.wait_for(lambda x: len(x.all("document")) >= 3, 40, "some pages written")
    d.kill()  # SIGKILL: no cleanup at all
    assert d.proc.returncode == -9
    written = len(d.all("document"))
    total = sum(len(e.reports) for e in sites.expected().values())
    assert written < total, "the crawl finished before the kill; make the site slower"

    check_sqlite_consistent(path)
    con = sqlite3.connect(path)
    try:
        open_runs = con.execute("SELECT COUNT(*) FROM run WHERE finished_at IS NULL").fetchone()[0]
        stale = con.execute("SELECT COUNT(*) FROM lease WHERE owner = 'doomed' AND run_started_at IS NOT NULL "
                            "AND (done_since IS NULL OR done_since < run_started_at)").fetchone()[0]
    finally:
        con.close()
    assert open_runs > 0 and stale > 0  # runs and leases the dead process left behind

    sites.clear_overrides()
    started = time.monotonic()
    proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0",
                    "--host", "127.0.0.1", "--lease-ttl", "2", "--worker-id", "survivor", "--log-format", "json",
                    timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert time.monotonic() - started < 60
    # it waited for the dead worker's unexpired leases, then took the sources over
    assert '"event": "wait"' in proc.stderr and '"holder": "doomed"' in proc.stderr
    assert '"event": "abandoned_runs"' in proc.stderr
    check_sqlite_consistent(path)
    check_against_truth(sites, sqlite_db)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT COUNT(*) FROM run WHERE finished_at IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM version WHERE number > 1").fetchone()[0] == 0  # no re-versioning
    finally:
        con.close()
