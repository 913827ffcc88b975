"""Three `govwatch daemon` workers on the real PostgreSQL share the sources through leases."""

from __future__ import annotations

import math
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites
from tests.daemon.helpers import Daemon, check_against_truth, list_page_hits, upgrade

TICK = 4  # seconds between schedule ticks (--interval): ticks sit on multiples of TICK since the epoch


def _iso_tick(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat().replace("+00:00", "Z")


def _events_for(workers: list[Daemon], event: str, tick: float) -> list[dict]:
    want = _iso_tick(tick)
    return [e for w in workers for e in w.all(event) if e["requested"] == want]


def test_three_workers_crawl_each_source_exactly_once_per_tick(
        sites: SimulatedSites, sources_file: Path, pg_url: str, daemons: list[Daemon]) -> None:
    upgrade(pg_url)
    workers = [Daemon("--config", str(sources_file), "--db", pg_url, "--port", "0", "--host", "127.0.0.1",
                      "--interval", str(TICK), "--concurrency", "2", "--lease-ttl", "5", "--worker-id", f"w{i}")
               for i in range(3)]
    daemons.extend(workers)
    for w in workers:
        w.wait_event("started", 30)
    n = len(sites.source_ids)
    first = math.ceil((time.time() + 0.5) / TICK) * TICK
    for tick in (first, first + TICK):
        workers[0].wait_for(lambda _w, t=tick: len(_events_for(workers, "run", t)) >= n, TICK + 20,
                            f"every source run for tick {_iso_tick(tick)}")
        time.sleep(0.5)
        runs = _events_for(workers, "run", tick)
        assert all(e["outcome"] == "ok" for e in runs), runs
        per_source = Counter(e["source"] for e in runs)
        assert per_source == dict.fromkeys(sites.source_ids, 1), per_source  # each exactly once
        assert Counter(e["source"] for e in _events_for(workers, "run_start", tick)) == per_source
        by_worker = Counter(e["worker"] for e in runs)
        print(f"tick {_iso_tick(tick)}: runs per worker {dict(sorted(by_worker.items()))}")
        assert len(by_worker) >= 2, "the sources should be split between workers"
        hits = list_page_hits(sites, since=tick, until=tick + TICK)
        assert hits == dict.fromkeys(sites.source_ids, 1), hits  # one list crawl per source per tick
    for w in workers:
        assert w.stop(20) == 0, w.stderr_tail()
    check_against_truth(sites, pg_url)


def test_a_killed_workers_sources_are_taken_over_after_lease_expiry(
        sites: SimulatedSites, sources_file: Path, pg_url: str, daemons: list[Daemon]) -> None:
    upgrade(pg_url)
    for sid in sites.source_ids:
        sites.override(sid, "*", faults.slow(0.25))
    workers = [Daemon("--once", "--config", str(sources_file), "--db", pg_url, "--port", "0", "--host",
                      "127.0.0.1", "--concurrency", "2", "--lease-ttl", "3", "--worker-id", f"k{i}")
               for i in range(3)]
    daemons.extend(workers)
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        def held() -> dict[str, str]:
            with engine.connect() as conn:
                rows = conn.execute(sa.text("SELECT source_id, owner FROM lease WHERE expires_at > now()")).all()
            return {r.source_id: r.owner for r in rows}

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(set(held().values())) < 3:
            time.sleep(0.05)
        leases = held()
        assert len(set(leases.values())) == 3, leases
        victim = workers[0]
        victim.kill()  # kill -9 while it holds leases
        orphaned = {sid for sid, owner in leases.items() if owner == "k0"}
        assert orphaned
        for w in workers[1:]:
            assert w.wait(60) == 0, w.stderr_tail()
        # every source was completed by someone; the dead worker's ones by the survivors
        done_by = {e["source"]: e["worker"] for w in workers[1:] for e in w.all("run") if e["outcome"] == "ok"}
        done_by.update({e["source"]: "k0" for e in victim.all("run") if e["outcome"] == "ok"})
        assert set(done_by) == set(sites.source_ids), done_by
        for sid in orphaned:
            assert done_by[sid] in ("k1", "k2"), (sid, done_by)
        waited = [e for w in workers[1:] for e in w.all("wait") if e.get("holder") == "k0"]
        assert waited, "survivors should have waited for the dead worker's leases"
        with engine.connect() as conn:
            open_runs = conn.execute(sa.text("SELECT COUNT(*) FROM run WHERE finished_at IS NULL")).scalar_one()
            not_done = conn.execute(sa.text("SELECT COUNT(*) FROM lease WHERE done_since IS NULL")).scalar_one()
        assert open_runs == 0 and not_done == 0
    finally:
        engine.dispose()
    check_against_truth(sites, pg_url)
