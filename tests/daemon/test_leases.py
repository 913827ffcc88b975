"""The lease table on SQLite and on the real PostgreSQL: take, hold, expire, hand over."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import sqlalchemy as sa

from govwatch.daemon.leases import Leases, utcnow
from govwatch.store.migrate import upgrade


def _engine(db_url: str) -> sa.Engine:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    upgrade(engine=engine)
    return engine


def test_one_holder_then_done_then_due_again(db_url: str) -> None:
    engine = _engine(db_url)
    a, b = Leases(engine, "worker-a", ttl=30), Leases(engine, "worker-b", ttl=30)
    tick = utcnow()
    first = a.acquire("src", tick)
    assert first.acquired and first.started_at is not None
    busy = b.acquire("src", tick)
    assert (busy.state, busy.owner) == ("busy", "worker-a")
    assert set(b.held()) == {"src"}
    assert a.renew("src", first.started_at)
    assert a.release("src", first.started_at, completed=True)
    assert b.acquire("src", tick).state == "done"  # the run that started after the tick covers it
    assert b.held() == {}
    later = utcnow() + timedelta(seconds=1)
    again = b.acquire("src", later)  # the next tick is due again, for whoever comes first
    assert again.acquired and again.owner == "worker-b"
    engine.dispose()


def test_interrupted_run_is_not_done(db_url: str) -> None:
    engine = _engine(db_url)
    a, b = Leases(engine, "worker-a", ttl=30), Leases(engine, "worker-b", ttl=30)
    tick = utcnow()
    got = a.acquire("src", tick)
    assert a.release("src", got.started_at, completed=False)  # type: ignore[arg-type]
    assert b.acquire("src", tick).acquired
    engine.dispose()


def test_expired_lease_is_taken_over_and_the_old_holder_notices(db_url: str) -> None:
    engine = _engine(db_url)
    dead, alive = Leases(engine, "dead", ttl=0.3), Leases(engine, "alive", ttl=30)
    tick = utcnow()
    held = dead.acquire("src", tick)
    assert held.acquired
    assert alive.acquire("src", tick).state == "busy"
    time.sleep(0.45)
    taken = alive.acquire("src", tick)
    assert taken.acquired
    assert not dead.renew("src", held.started_at)  # type: ignore[arg-type]
    assert not dead.release("src", held.started_at, completed=True)  # type: ignore[arg-type]
    assert alive.held()["src"][0] == "alive"
    engine.dispose()


def test_racing_workers_exactly_one_wins(db_url: str) -> None:
    engine = _engine(db_url)
    tick = utcnow()
    results: list[str] = []
    barrier = threading.Barrier(8)

    def worker(i: int) -> None:
        leases = Leases(engine, f"w{i}", ttl=30)
        barrier.wait()
        for sid in ("s1", "s2", "s3"):
            if leases.acquire(sid, tick).acquired:
                results.append(sid)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["s1", "s2", "s3"]
    engine.dispose()


def test_a_worker_whose_clock_runs_fast_cannot_take_a_live_lease(pg_url: str) -> None:
    """Leases are judged by PostgreSQL's clock: a worker 90 s fast sees a 60 s lease as expired, yet
    the database does not."""
    engine = _engine(pg_url)
    honest = Leases(engine, "honest", ttl=60)
    fast = Leases(engine, "fast", ttl=60, clock=lambda: utcnow() + timedelta(seconds=90))
    tick = utcnow()
    held = honest.acquire("src", tick)
    assert held.acquired
    attempt = fast.acquire("src", tick)
    assert (attempt.state, attempt.owner) == ("busy", "honest")
    assert honest.renew("src", held.started_at)  # type: ignore[arg-type]
    assert set(fast.held()) == {"src"}
    engine.dispose()
