"""``govwatch daemon``: run every source on its schedule until stopped.

One asyncio loop runs an APScheduler ``AsyncIOScheduler`` with one job per enabled source
(``max_instances=1``, ``coalesce=True``, a misfire grace), a config watcher (mtime poll and
SIGHUP), and the source runs themselves over one shared HTTP client; a thread serves
``/healthz``, ``/metrics`` and ``/feed.atom``. Before crawling a source the worker takes its lease
(:mod:`govwatch.daemon.leases`), so N daemons on one PostgreSQL split the sources and never
run one twice at the same time; a source whose lease another worker holds is retried until
that worker finishes it or its lease expires (the worker died).

Stopping: SIGTERM or SIGINT stops new work at once; runs in progress get ``stop_timeout``
seconds to finish, then they are cancelled between two page writes (each page write is one
transaction, so nothing half-written remains), their leases are released and the process
exits 0. A second signal cancels at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import signal
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from govwatch import __version__
from govwatch.daemon.health import HealthServer
from govwatch.daemon.instrument import LoggedHttpClient, ObservedStore, current_source
from govwatch.daemon.leases import Attempt, Leases, as_utc, iso, utcnow
from govwatch.daemon.logs import event
from govwatch.daemon.metrics import Metrics
from govwatch.daemon.triggers import previous_fire_time, trigger_for
from govwatch.sources import Config, ConfigError, Source, config_path, load_config

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2

METRICS_META: dict[str, tuple[str, str]] = {
    "govwatch_up": ("gauge", "1 while the daemon runs."),
    "govwatch_info": ("gauge", "Version and worker id of this daemon (always 1)."),
    "govwatch_uptime_seconds": ("gauge", "Seconds since the daemon started."),
    "govwatch_scheduler_running": ("gauge", "1 while the scheduler takes new work."),
    "govwatch_sources": ("gauge", "Enabled sources in the loaded config."),
    "govwatch_runs_in_progress": ("gauge", "Source runs this worker is crawling now."),
    "govwatch_documents": ("gauge", "Documents in the database."),
    "govwatch_versions": ("gauge", "Versions in the database."),
    "govwatch_source_last_success_timestamp_seconds": (
        "gauge", "Unix time of the end of the last run with outcome ok, per source (any worker)."),
    "govwatch_source_last_run_timestamp_seconds": (
        "gauge", "Unix time of the end of the last finished run, per source (any worker)."),
    "govwatch_fetches_total": ("counter", "Fetched pages by what they turned out to be (new, changed, "
                                          "unchanged, duplicate, gone, or the failure kind)."),
    "govwatch_http_requests_total": ("counter", "HTTP fetches (after retries and redirects) by outcome."),
    "govwatch_runs_total": ("counter", "Source runs by this worker, by outcome."),
    "govwatch_runs_skipped_total": ("counter", "Due runs this worker left to others, by reason."),
    "govwatch_config_reloads_total": ("counter", "Config reloads, by result."),
    "govwatch_leases_lost_total": ("counter", "Runs cancelled because their lease was taken over."),
}


class StartupError(Exception):
    """The daemon cannot start: bad config, unusable or outdated database (exit 2)."""


@dataclass
class DaemonOptions:
    """Everything ``govwatch daemon`` takes on its command line."""

    config: Path | None = None
    db: str | None = None
    host: str = "0.0.0.0"
    port: int = 8080
    worker_id: str | None = None
    once: bool = False
    run_now: bool = False
    interval: float | None = None
    stop_timeout: float = 30.0
    lease_ttl: float = 60.0
    concurrency: int = 4
    reload_interval: float = 10.0
    misfire_grace: float = 3600.0
    log_format: str = "auto"
    extra: dict[str, Any] = field(default_factory=dict)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def process_start_time() -> datetime:
    """When this process was started (UTC), from /proc; else now.

    ``--once`` workers launched together use it as their request time, so a run that
    another of them started after the launch satisfies them all.
    """
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
        if 0 <= age < 3600:
            return utcnow() - timedelta(seconds=age)
    except (OSError, ValueError, IndexError):
        pass
    return utcnow()


def redact(url: str) -> str:
    """A database URL without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def _utc_timestamp(dt: datetime | None) -> float | None:
    if dt is None:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp()


class Daemon:
    """A long-running worker (see the module docstring). ``run()`` returns the exit code."""

    def __init__(self, opts: DaemonOptions) -> None:
        self.opts = opts
        self.worker = opts.worker_id or default_worker_id()
        self.metrics = Metrics()
        self.config_path = config_path(opts.config)
        self.sources: dict[str, Source] = {}
        self.config: Config | None = None
        self.config_loaded_at: datetime | None = None
        self._config_stamp: tuple[int, int, int] | None = None
        self.store: ObservedStore | None = None
        self.leases: Leases | None = None
        self.http: LoggedHttpClient | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.server: HealthServer | None = None
        self.started = time.monotonic()
        self._forced: dict[str, datetime] = {}
        self._crawls: dict[str, asyncio.Task[Any]] = {}
        self._jobs: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self._stop_event: asyncio.Event | None = None
        self._slots: asyncio.Semaphore | None = None
        self._deadline_task: asyncio.Task[None] | None = None
        self._db_cache: tuple[float, dict[str, Any]] | None = None
        self.outcomes: dict[str, str] = {}

    # ------------------------------------------------------------------ startup
    def prepare(self) -> None:
        """Load the config, open the database, check its schema. Raises :class:`StartupError`."""
        if self.opts.interval is not None and self.opts.interval <= 0:
            raise StartupError("--interval must be positive")
        if self.opts.concurrency < 1:
            raise StartupError("--concurrency must be at least 1")
        try:
            self.sources = self._load_config()
        except ConfigError as exc:
            raise StartupError(str(exc)) from None
        from govwatch.store.migrate import compare, schema_status

        try:
            self.store = ObservedStore(self.opts.db, metrics=self.metrics, create=False)
            status = schema_status(self.store.engine)
            # what the code needs but the database lacks (extra tables or columns of others are fine)
            drift = [d for d in (compare(self.store.engine) if status.state == "current" else [])
                     if isinstance(d, tuple) and d[0] in ("add_table", "add_column")]
        except Exception as exc:
            where = redact(self.opts.db or '') or 'default'
            raise StartupError(f"cannot open database {where}: {exc}") from None
        if status.state != "current":
            raise StartupError(f"{status.message}; run `govwatch db upgrade` first")
        if drift:
            shown = "; ".join(str(d) for d in drift[:3]) + (" …" if len(drift) > 3 else "")
            raise StartupError(f"database schema (revision {status.head}) differs from this govwatch's models "
                               f"({shown}): a migration is missing; see govwatch/store/migrate.py")
        self.leases = Leases(self.store.engine, self.worker, self.opts.lease_ttl)
        if self.config is not None:
            self.sources.update(self._discovered(self.config))

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.config_path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load_config(self) -> dict[str, Source]:
        from govwatch.crawl.fetchers import get_fetcher

        stamp = self._stamp()
        cfg = load_config(self.config_path)
        for src in cfg.sources:
            try:
                get_fetcher(src.fetcher)
            except KeyError as exc:
                raise ConfigError(f"source '{src.id}': key 'fetcher': {exc.args[0]}") from None
        self._config_stamp = stamp
        self.config_loaded_at = utcnow()
        self.config = cfg
        return {s.id: s for s in cfg.sources if s.enabled} | self._discovered(cfg)

    def _discovered(self, cfg: Config) -> dict[str, Source]:
        """The columns `govwatch discover` found (kept in the store), crawled like configured sources."""
        if self.store is None:
            return {}
        from govwatch.sources.discovered import discovered_sources

        return {s.id: s for s in discovered_sources(self.store, cfg)}

    def run(self) -> int:
        """Prepare, then serve until stopped (or until every source ran, with ``once``)."""
        self.prepare()
        return asyncio.run(self._main())

    async def _main(self) -> int:
        await self.start()
        code = EXIT_OK
        try:
            if self.opts.once:
                code = await self._run_once()
            else:
                await self._serve()
        finally:
            await self.shutdown()
        return code

    async def start(self, *, signals: bool = True) -> None:
        """Open the HTTP client and the health server (after :meth:`prepare`; the loop must run)."""
        loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        self._slots = asyncio.Semaphore(self.opts.concurrency)
        if signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self.request_stop, sig.name)
            loop.add_signal_handler(signal.SIGHUP, self.reload, "SIGHUP")
        try:
            self.server = HealthServer(self.opts.host, self.opts.port, self.health, self.render_metrics,
                                       self.render_feed, web=self._web_pages())
        except OSError as exc:
            raise StartupError(f"cannot serve /healthz on {self.opts.host}:{self.opts.port}: {exc}") from None
        self.server.start()
        self.http = LoggedHttpClient(self.metrics)
        shown = "127.0.0.1" if self.opts.host in ("0.0.0.0", "") else self.opts.host
        event("listening", host=self.opts.host, port=self.server.port,
              url=f"http://{shown}:{self.server.port}/healthz")
        assert self.store is not None
        mode = "once" if self.opts.once else "schedule"
        event("started", worker=self.worker, version=__version__, mode=mode,
              sources=len(self.sources), config=str(self.config_path), db=redact(self.store.url),
              lease_ttl=self.opts.lease_ttl, concurrency=self.opts.concurrency, pid=os.getpid())

    # ------------------------------------------------------------------ modes
    def _order(self, ids: Iterable[str]) -> list[str]:
        """Source ids in a worker-specific order, so that workers starting together spread out."""
        return sorted(ids, key=lambda sid: hashlib.sha256(f"{self.worker}\0{sid}".encode()).digest())

    async def run_all(self, requested: datetime) -> dict[str, str]:
        """Run every source once for a request made at ``requested``: source id -> outcome."""
        ids = self._order(self.sources)
        tasks = [asyncio.create_task(self.run_source(sid, requested=requested)) for sid in ids]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        return {sid: r if isinstance(r, str) else f"error: {r!r}" for sid, r in zip(ids, results, strict=True)}

    async def _run_once(self) -> int:
        outcomes = await self.run_all(process_start_time())
        if self._stopping:
            return EXIT_OK
        return EXIT_OK if all(r in ("ok", "done") for r in outcomes.values()) else EXIT_PARTIAL

    async def _serve(self) -> None:
        assert self._stop_event is not None
        self.scheduler = AsyncIOScheduler(job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": int(self.opts.misfire_grace)})
        self.scheduler.start()
        self._sync_jobs(self.sources)
        from govwatch.daemon.rediscover import LEASE_ID

        self.scheduler.add_job(self.run_rediscovery, trigger=IntervalTrigger(days=1), id=LEASE_ID,
                               name="rediscover", next_run_time=datetime.now(UTC) + timedelta(minutes=10))
        if self.opts.run_now:
            now = utcnow()
            for sid in self._order(self.sources):
                self._fire_now(sid, now)
        else:
            self._catch_up()
        watcher = asyncio.create_task(self._watch_config())
        try:
            await self._stop_event.wait()
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        if self.scheduler.state == STATE_RUNNING:
            self.scheduler.pause()
        if self._jobs:
            await asyncio.wait(set(self._jobs), timeout=self.opts.stop_timeout + 15)

    # ------------------------------------------------------------------ jobs
    def _trigger(self, source: Source) -> BaseTrigger:
        tz = self.scheduler.timezone if self.scheduler is not None else None
        return trigger_for(source, tz=tz, interval=self.opts.interval)

    def _sync_jobs(self, new: dict[str, Source]) -> tuple[list[str], list[str], list[str]]:
        """Make the scheduler's jobs match ``new``; returns (added, removed, changed) ids."""
        assert self.scheduler is not None
        old, self.sources = self.sources, new
        have = {job.id for job in self.scheduler.get_jobs()} - {"_rediscover"}  # not a source
        added, removed, changed = [], [], []
        for sid in sorted(have - set(new)):
            self.scheduler.remove_job(sid)
            removed.append(sid)
        for sid, src in new.items():
            before = old.get(sid)
            if sid not in have:
                self.scheduler.add_job(self.run_source, trigger=self._trigger(src), args=[sid], id=sid,
                                       name=sid)
                added.append(sid)
            elif before is None or (before.schedule, before.jitter) != (src.schedule, src.jitter):
                self.scheduler.reschedule_job(sid, trigger=self._trigger(src))
                changed.append(sid)
            elif before != src:
                changed.append(sid)
        return added, removed, changed

    async def run_rediscovery(self) -> list[str]:
        """Re-discover the governments still missing their latest report (daemon/rediscover.py), under a
        lease so that one worker does it; returns the codes discovered."""
        from govwatch.crawl.http import RequestPolicy
        from govwatch.daemon.rediscover import LEASE_ID, rediscover
        from govwatch.sources.catalog import load_catalog

        assert self.leases is not None and self.store is not None and self.http is not None
        requested = utcnow()
        attempt = self.leases.acquire(LEASE_ID, requested)
        if attempt.state != "acquired" or attempt.started_at is None:
            return []
        codes: list[str] = []
        completed = False
        try:
            d = self.config.defaults if self.config is not None else None
            policy = RequestPolicy() if d is None else RequestPolicy(
                delay=d.delay, timeout=d.timeout, retries=d.retries, user_agent=d.user_agent, verify=d.verify)
            catalog = load_catalog(os.environ.get("GOVWATCH_CATALOG") or None)
            codes = await rediscover(self.store, catalog, self.http, policy)
            completed = True
        except Exception as exc:
            event("rediscover_error", logging.ERROR, error=f"{type(exc).__name__}: {exc}")
        finally:
            self.leases.release(LEASE_ID, attempt.started_at, completed=completed)
        event("rediscovered", governments=len(codes), codes=codes[:20])
        if codes and self.config is not None:  # new columns join the schedule
            self._sync_jobs({**self.sources, **self._discovered(self.config)})
        return codes

    def _fire_now(self, sid: str, requested: datetime) -> None:
        assert self.scheduler is not None
        job = self.scheduler.get_job(sid)
        if job is None:
            return
        self._forced[sid] = requested
        job.modify(next_run_time=datetime.now(UTC))

    def _catch_up(self) -> None:
        """A source that ran before but missed its latest tick (the daemon was down) runs now, once."""
        last = self._db_stats(fresh=True).get("last_started", {})
        now = datetime.now(UTC)
        for sid, src in self.sources.items():
            started = last.get(sid)
            tick = previous_fire_time(self._trigger(src), now)
            if started is None or tick is None:
                continue
            if as_utc(started) < as_utc(tick):
                event("catch_up", source=sid, missed=iso(tick), last_run=iso(started))
                self._fire_now(sid, as_utc(tick))

    async def _wait_stop(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when the daemon is stopping."""
        assert self._stop_event is not None
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), timeout=seconds)
        return self._stopping

    async def _take_slot(self) -> bool:
        """Wait for a free run slot; False (and no slot) when the daemon stops first."""
        assert self._slots is not None and self._stop_event is not None
        if self._stopping:
            return False
        slot = asyncio.ensure_future(self._slots.acquire())
        stop = asyncio.ensure_future(self._stop_event.wait())
        try:
            await asyncio.wait({slot, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not slot.done():
                slot.cancel()
        if slot.done() and not slot.cancelled():
            if self._stopping:
                self._slots.release()
                return False
            return True
        return False

    async def run_source(self, sid: str, requested: datetime | None = None) -> str:
        """The job: run one source once for the current tick, unless another worker does it.

        Returns ``ok``/``partial``/``failed`` (it ran), ``done`` (another run covered the
        request), ``busy`` (gave up waiting before the next tick), ``cancelled`` or ``error``.
        """
        task = asyncio.current_task()
        assert task is not None and self.leases is not None
        self._jobs.add(task)
        try:
            result = await self._run_source(sid, requested)
        finally:
            self._jobs.discard(task)
        self.outcomes[sid] = result
        return result

    async def _run_source(self, sid: str, requested: datetime | None) -> str:
        assert self.leases is not None
        src = self.sources.get(sid)
        if src is None:
            return "done"
        if requested is None:
            requested = self._forced.pop(sid, None)
        if requested is None:
            tick = previous_fire_time(self._trigger(src), datetime.now(UTC))
            requested = as_utc(tick) if tick is not None else utcnow()
        deadline = None
        job = self.scheduler.get_job(sid) if self.scheduler is not None else None
        if job is not None and job.next_run_time is not None:
            deadline = as_utc(job.next_run_time) - timedelta(seconds=1)
        waited_for: str | None = None
        while True:
            src = self.sources.get(sid)
            if src is None:
                return "done"
            if not await self._take_slot():
                return "cancelled"
            try:
                try:
                    attempt = self.leases.acquire(sid, requested)
                except Exception as exc:
                    event("lease_error", logging.ERROR, source=sid, error=f"{type(exc).__name__}: {exc}")
                    attempt = Attempt("busy")
                if attempt.acquired:
                    return await self._crawl_leased(src, attempt, requested)
            finally:
                assert self._slots is not None
                self._slots.release()
            if attempt.state == "done":
                self.metrics.inc("govwatch_runs_skipped_total", reason="done")
                event("skip", logging.DEBUG if waited_for is None else logging.INFO, source=sid,
                      outcome="done", by=attempt.owner, requested=iso(requested))
                return "done"
            if waited_for != attempt.owner:
                event("wait", source=sid, holder=attempt.owner, outcome="busy",
                      expires=iso(attempt.expires_at))
                waited_for = attempt.owner
            now = utcnow()
            pause = self.opts.lease_ttl / 2
            if attempt.expires_at is not None:
                pause = min(pause, (attempt.expires_at - now).total_seconds() + 0.05)
            pause = max(0.2, pause)
            if deadline is not None and now + timedelta(seconds=pause) >= deadline:
                self.metrics.inc("govwatch_runs_skipped_total", reason="busy")
                event("skip", source=sid, outcome="busy", holder=attempt.owner)
                return "busy"
            if await self._wait_stop(pause):
                return "cancelled"

    async def _crawl_leased(self, src: Source, attempt: Attempt, requested: datetime) -> str:
        assert self.leases is not None and attempt.started_at is not None
        sid, started_at = src.id, attempt.started_at
        begun = time.monotonic()
        event("run_start", source=sid, worker=self.worker, requested=iso(requested))
        self._close_abandoned(sid)
        crawl_task = asyncio.create_task(self._crawl(src))
        self._crawls[sid] = crawl_task
        keeper = asyncio.create_task(self._keep_lease(sid, started_at, crawl_task))
        outcome, completed, fields = "error", False, {}
        try:
            results = await crawl_task
            res = results[0]
            outcome = "ok" if res.ok else ("failed" if res.errors else "partial")
            completed = True
            fields = {"counts": res.summary(), "list_pages": res.list_pages, "errors": res.errors[:5]}
        except asyncio.CancelledError:
            outcome = "cancelled"
            self._mark_cancelled(sid, started_at)
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
        except Exception as exc:
            fields = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            keeper.cancel()
            self._crawls.pop(sid, None)
            try:
                self.leases.release(sid, started_at, completed=completed)
            except Exception as exc:
                event("lease_error", logging.ERROR, source=sid, error=f"{type(exc).__name__}: {exc}")
            self.metrics.inc("govwatch_runs_total", outcome=outcome)
            self._db_cache = None
            level = logging.INFO if outcome == "ok" else logging.WARNING
            event("run", level, source=sid, outcome=outcome, worker=self.worker, requested=iso(requested),
                  seconds=round(time.monotonic() - begun, 3), **fields)
        if completed:
            await self._notify(results[0])
        return outcome

    async def _notify(self, result: Any) -> None:
        """Hand the run's events to the config's ``notify:`` targets, as ``govwatch fetch`` does."""
        cfg = self.config
        if cfg is None or not (cfg.notify or any(s.notify for s in cfg.sources)):
            return
        try:
            from govwatch.notify import notify_after_run

            report = await asyncio.to_thread(notify_after_run, cfg, self.store, [result])
        except Exception as exc:  # notifications never break the crawl
            event("notify", logging.ERROR, source=result.source_id, error=f"{type(exc).__name__}: {exc}")
            return
        if report.queued or report.delivered or report.pending or report.errors:
            event("notify", logging.WARNING if report.errors else logging.INFO, source=result.source_id,
                  queued=report.queued, delivered=report.delivered, pending=report.pending,
                  errors=report.errors[:3])

    async def _crawl(self, src: Source) -> list[Any]:
        from govwatch.crawl.crawler import crawl

        current_source.set(src.id)
        assert self.store is not None and self.http is not None
        return await crawl([src], self.store, client=self.http, concurrency=1)

    async def _keep_lease(self, sid: str, started_at: datetime, crawl_task: asyncio.Task[Any]) -> None:
        assert self.leases is not None
        every = max(0.2, self.opts.lease_ttl / 3)
        while not crawl_task.done():
            await asyncio.sleep(every)
            try:
                held = self.leases.renew(sid, started_at)
            except Exception as exc:
                event("lease_error", logging.ERROR, source=sid, error=f"{type(exc).__name__}: {exc}")
                continue
            if not held:
                self.metrics.inc("govwatch_leases_lost_total")
                event("lease_lost", logging.WARNING, source=sid, worker=self.worker)
                crawl_task.cancel()
                return

    def _close_abandoned(self, sid: str) -> None:
        """Runs of this source left open by a killed worker: we hold the lease, so they are over."""
        from govwatch.store.models import Run

        assert self.store is not None
        table = Run.__table__  # type: ignore[attr-defined]
        try:
            with self.store.engine.begin() as conn:
                closed = conn.execute(table.update()
                                      .where(table.c.source_id == sid, table.c.finished_at.is_(None))
                                      .values(outcome="abandoned", finished_at=utcnow())).rowcount
            if closed:
                event("abandoned_runs", logging.WARNING, source=sid, closed=closed)
        except Exception as exc:
            event("db_error", logging.ERROR, source=sid, error=f"{type(exc).__name__}: {exc}")

    def _mark_cancelled(self, sid: str, since: datetime) -> None:
        """The crawler closes an interrupted run as if it ended; record it as cancelled."""
        from govwatch.store.models import Run

        assert self.store is not None
        table = Run.__table__  # type: ignore[attr-defined]
        try:
            with self.store.engine.begin() as conn:
                conn.execute(table.update()
                             .where(table.c.source_id == sid, table.c.started_at >= since)
                             .values(outcome="cancelled",
                                     finished_at=sa.func.coalesce(table.c.finished_at, utcnow())))
        except Exception as exc:
            event("db_error", logging.ERROR, source=sid, error=f"{type(exc).__name__}: {exc}")

    # ------------------------------------------------------------------ config reload
    async def _watch_config(self) -> None:
        while not await self._wait_stop(self.opts.reload_interval):
            if self._stamp() != self._config_stamp:
                self.reload("changed")

    def reload(self, reason: str = "SIGHUP") -> bool:
        """Re-read the config; jobs follow added, removed and changed sources. A bad file is ignored."""
        if self._stopping or self.scheduler is None:
            event("config_reload_ignored", reason=reason, mode="once" if self.opts.once else "starting")
            return False
        stamp = self._stamp()
        try:
            new = self._load_config()
        except ConfigError as exc:
            self._config_stamp = stamp  # don't re-read the same bad file every poll
            self.metrics.inc("govwatch_config_reloads_total", result="error")
            event("config_invalid", logging.ERROR, reason=reason, config=str(self.config_path),
                  error=str(exc), kept=len(self.sources))
            return False
        added, removed, changed = self._sync_jobs(new)
        self.metrics.inc("govwatch_config_reloads_total", result="ok")
        event("config_reloaded", reason=reason, config=str(self.config_path), sources=len(new),
              added=added, removed=removed, changed=changed)
        return True

    # ------------------------------------------------------------------ stopping
    def request_stop(self, signame: str = "SIGTERM") -> None:
        """First signal: graceful stop. Second: cancel the runs at once."""
        if self._stopping:
            event("stop_now", logging.WARNING, signal=signame, cancelled=sorted(self._crawls))
            self._cancel_crawls()
            return
        self._stopping = True
        assert self._stop_event is not None
        self._stop_event.set()
        if self.scheduler is not None and self.scheduler.state == STATE_RUNNING:
            self.scheduler.pause()
        event("stopping", signal=signame, running=sorted(self._crawls), timeout=self.opts.stop_timeout)
        self._deadline_task = asyncio.get_running_loop().create_task(self._stop_deadline())

    async def _stop_deadline(self) -> None:
        await asyncio.sleep(self.opts.stop_timeout)
        if self._crawls:
            event("stop_timeout", logging.WARNING, cancelled=sorted(self._crawls))
            self._cancel_crawls()

    def _cancel_crawls(self) -> None:
        for task in list(self._crawls.values()):
            task.cancel()

    async def shutdown(self) -> None:
        """Wait for (bounded) or cancel the runs, close everything; logs ``stopped``."""
        if self._jobs:
            await asyncio.wait(set(self._jobs), timeout=self.opts.stop_timeout + 15)
        if self._deadline_task is not None:
            self._deadline_task.cancel()
        if self.scheduler is not None and self.scheduler.state != STATE_STOPPED:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)
        if self.http is not None:
            await self.http.aclose()
        if self.server is not None:
            self.server.stop()
        if self.store is not None:
            self.store.close()
        event("stopped", worker=self.worker, uptime=round(time.monotonic() - self.started, 3))

    # ------------------------------------------------------------------ health and metrics
    def health(self) -> tuple[int, dict[str, object]]:
        sched = self.scheduler
        state = {STATE_RUNNING: "running", STATE_PAUSED: "paused", STATE_STOPPED: "stopped"}.get(
            sched.state if sched is not None else STATE_STOPPED, "stopped")
        payload: dict[str, object] = {
            "status": "stopping" if self._stopping else "ok",
            "uptime": round(time.monotonic() - self.started, 3),
            "worker": self.worker,
            "version": __version__,
            "mode": "once" if self.opts.once else "schedule",
            "scheduler": {"running": state == "running", "state": state,
                          "jobs": len(self.sources) if sched is not None else 0},
            "sources": len(self.sources),
            "runs_in_progress": sorted(self._crawls),
            "config": str(self.config_path),
            "config_loaded_at": iso(self.config_loaded_at),
        }
        return (503 if self._stopping else 200), payload

    def _db_stats(self, fresh: bool = False) -> dict[str, Any]:
        """Counts and per-source run times from the database (cached for a few seconds)."""
        cached = self._db_cache
        if cached is not None and not fresh and time.monotonic() - cached[0] < 5:
            return cached[1]
        from govwatch.store.models import Document, Run, Version

        assert self.store is not None
        run = Run.__table__  # type: ignore[attr-defined]
        stats: dict[str, Any] = {}
        with self.store.engine.connect() as conn:
            stats["documents"] = conn.execute(sa.select(sa.func.count()).select_from(
                Document.__table__)).scalar_one()  # type: ignore[attr-defined]
            stats["versions"] = conn.execute(sa.select(sa.func.count()).select_from(
                Version.__table__)).scalar_one()  # type: ignore[attr-defined]
            finished = run.c.finished_at.is_not(None)
            stats["last_success"] = dict(conn.execute(
                sa.select(run.c.source_id, sa.func.max(run.c.finished_at))
                .where(run.c.outcome == "ok").group_by(run.c.source_id)).all())
            stats["last_run"] = dict(conn.execute(
                sa.select(run.c.source_id, sa.func.max(run.c.finished_at))
                .where(finished).group_by(run.c.source_id)).all())
            stats["last_started"] = dict(conn.execute(
                sa.select(run.c.source_id, sa.func.max(run.c.started_at))
                .where(finished, run.c.outcome.not_in(["cancelled", "abandoned"]))
                .group_by(run.c.source_id)).all())
        self._db_cache = (time.monotonic(), stats)
        return stats

    def _taking_work(self) -> bool:
        return self.scheduler is not None and self.scheduler.state == STATE_RUNNING and not self._stopping

    def _web_pages(self):  # type: ignore[no-untyped-def]
        """The web interface over the daemon's store, naming the configured sources (govwatch.web)."""
        from govwatch.web.app import WebApp

        assert self.store is not None
        return WebApp(self.store, lambda: self.config.sources if self.config else [], feed=self.render_feed)

    def render_feed(self, limit: int) -> bytes:
        """The changes feed served at ``/feed.atom``."""
        from govwatch.feed import render_feed

        assert self.store is not None
        port = self.server.port if self.server else self.opts.port
        return render_feed(self.store, limit=limit, feed_url=f"http://{self.opts.host}:{port}/feed.atom")

    def render_metrics(self) -> str:
        extra: list[tuple[str, dict[str, str], float]] = [
            ("govwatch_up", {}, 1),
            ("govwatch_info", {"version": __version__, "worker": self.worker}, 1),
            ("govwatch_uptime_seconds", {}, round(time.monotonic() - self.started, 3)),
            ("govwatch_scheduler_running", {}, int(self._taking_work())),
            ("govwatch_sources", {}, len(self.sources)),
            ("govwatch_runs_in_progress", {}, len(self._crawls)),
        ]
        try:
            stats = self._db_stats()
        except Exception as exc:  # the database is down: still answer, without its gauges
            event("db_error", logging.WARNING, error=f"{type(exc).__name__}: {exc}")
            stats = {}
        if stats:
            extra.append(("govwatch_documents", {}, stats["documents"]))
            extra.append(("govwatch_versions", {}, stats["versions"]))
            for name, key in (("govwatch_source_last_success_timestamp_seconds", "last_success"),
                              ("govwatch_source_last_run_timestamp_seconds", "last_run")):
                for sid, when in sorted(stats[key].items()):
                    ts = _utc_timestamp(when)
                    if ts is not None:
                        extra.append((name, {"source": sid}, round(ts, 3)))
        return self.metrics.render(METRICS_META, extra)


def run_daemon(opts: DaemonOptions) -> int:
    """Set up logging and run a :class:`Daemon`; returns the exit code (2 when it cannot start)."""
    from govwatch.daemon.logs import setup_logging

    setup_logging(opts.log_format)
    daemon = Daemon(opts)
    try:
        return daemon.run()
    except StartupError as exc:
        event("startup_failed", logging.ERROR, error=str(exc))
        return EXIT_USAGE
