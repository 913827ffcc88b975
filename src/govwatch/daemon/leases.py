"""Worker leases: several daemons on one database never run one source at the same time.

A worker runs a source only while it holds that source's row in the ``lease`` table. Taking
the lease is one atomic ``UPDATE … WHERE expires_at <= now AND (done_since IS NULL OR
done_since < requested)``: on PostgreSQL concurrent workers serialise on the row lock and
exactly one UPDATE matches; on SQLite the database lock does the same. The holder renews
``expires_at`` while it crawls; a worker that dies (``kill -9``, a lost host) stops renewing
and another worker takes the source over once the lease has expired.

``done_since`` is the start time of the source's last completed run. A request made at time
``T`` (a schedule tick, or the start of ``govwatch daemon --once``) is satisfied by any run
that started at or after ``T`` and completed, whichever worker ran it: that is how N workers
firing the same tick crawl each source exactly once. Lease times (taking, expiry, renewal)
come from the database's clock on PostgreSQL (``now()`` in the UPDATE), so a worker whose
clock runs fast cannot take a live lease; on SQLite every worker shares one host and its clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Field, SQLModel


class Lease(SQLModel, table=True):
    """Which worker runs (or last ran) a source, until when, and the last completed run."""

    source_id: str = Field(primary_key=True, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    expires_at: datetime  # UTC; at or before now means free
    run_started_at: datetime | None = None  # start of the holder's (or the last) run
    done_since: datetime | None = None  # start of the last run that completed


TABLE: sa.Table = Lease.__table__  # type: ignore[attr-defined]
FREE = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(dt: datetime) -> datetime:
    """An aware UTC datetime (a naive one is taken as UTC)."""
    return dt.astimezone(UTC) if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def iso(dt: datetime | None) -> str | None:
    """``2024-01-02T03:04:05.123456Z`` (None stays None)."""
    return None if dt is None else as_utc(dt).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Attempt:
    """The answer to :meth:`Leases.acquire`."""

    state: str  # "acquired" | "busy" (another worker holds it) | "done" (a run since the request completed)
    owner: str | None = None
    expires_at: datetime | None = None
    started_at: datetime | None = None  # when acquired: this run's start (the lease token)

    @property
    def acquired(self) -> bool:
        return self.state == "acquired"


class Leases:
    """Take, renew and release source leases for the worker ``owner``."""

    def __init__(self, engine: Engine, owner: str, ttl: float = 60.0,
                 clock: Callable[[], datetime] = utcnow) -> None:
        """``clock``: this worker's own notion of now (used where the database has no clock of its own)."""
        if ttl <= 0:
            raise ValueError("lease ttl must be positive")
        self.engine = engine
        self.owner = owner
        self.ttl = timedelta(seconds=ttl)
        self.clock = clock

    def _now(self, conn: sa.Connection) -> Any:
        """The time leases are judged by: the database's ``now()`` on PostgreSQL, else this worker's clock."""
        return sa.func.now() if conn.dialect.name == "postgresql" else self.clock()

    def _ensure_row(self, conn: sa.Connection, source_id: str) -> None:
        from govwatch.store.repository import insert_or_ignore

        insert_or_ignore(conn, TABLE, {"source_id": source_id, "owner": None, "expires_at": FREE}, ["source_id"])

    def acquire(self, source_id: str, requested: datetime) -> Attempt:
        """Take the lease unless another worker holds it or a run since ``requested`` completed."""
        requested = as_utc(requested)
        c = TABLE.c
        with self.engine.begin() as conn:
            self._ensure_row(conn, source_id)
        with self.engine.begin() as conn:
            now = self._now(conn)
            taken = conn.execute(
                TABLE.update()
                .where(c.source_id == source_id, c.expires_at <= now,
                       sa.or_(c.done_since.is_(None), c.done_since < requested))
                .values(owner=self.owner, expires_at=now + self.ttl, run_started_at=now)
                .returning(c.expires_at, c.run_started_at)
            ).first()
            if taken is not None:
                return Attempt("acquired", self.owner, as_utc(taken.expires_at), taken.run_started_at)
            row = conn.execute(sa.select(c.owner, c.expires_at, c.done_since)
                               .where(c.source_id == source_id)).one()
        if row.done_since is not None and as_utc(row.done_since) >= requested:
            return Attempt("done", row.owner, row.expires_at)
        return Attempt("busy", row.owner, row.expires_at)

    def renew(self, source_id: str, started_at: datetime) -> bool:
        """Push the expiry of a held lease; False when it was lost (expired and taken by another)."""
        c = TABLE.c
        with self.engine.begin() as conn:
            return conn.execute(
                TABLE.update()
                .where(c.source_id == source_id, c.owner == self.owner, c.run_started_at == started_at)
                .values(expires_at=self._now(conn) + self.ttl)
            ).rowcount == 1

    def release(self, source_id: str, started_at: datetime, *, completed: bool) -> bool:
        """Free a held lease; ``completed`` records the run as done (satisfying requests up to its start)."""
        c = TABLE.c
        with self.engine.begin() as conn:
            values: dict[str, object] = {"expires_at": self._now(conn)}
            if completed:
                values["done_since"] = started_at
            return conn.execute(
                TABLE.update()
                .where(c.source_id == source_id, c.owner == self.owner, c.run_started_at == started_at)
                .values(**values)
            ).rowcount == 1

    def held(self) -> dict[str, tuple[str | None, datetime]]:
        """Unexpired leases of every worker: source id -> (owner, expires_at)."""
        c = TABLE.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c.source_id, c.owner, c.expires_at)
                                .where(c.expires_at > self._now(conn))).all()
        return {r.source_id: (r.owner, r.expires_at) for r in rows}
