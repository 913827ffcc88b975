"""Parsing where it can be stopped: a pool of worker processes with a time and a memory budget.

Crawled pages and attachments are untrusted. A document that makes a parser loop (an XLSX whose rows
run to 1e9, a PDF whose 2,000 pages share one content stream) or balloon (a DOCX with 196 MB of XML)
must cost one ``failed`` fetch, not the crawl. So every page and attachment is parsed in a worker
process that runs under ``RLIMIT_AS`` (``memory_mb``) and gets ``timeout`` seconds per task; a worker
that runs over is killed and replaced (never reused), one that runs out of memory or dies is replaced
too, and the caller gets :class:`ParseFailed` with the reason.

Workers are fresh interpreters (``python -c``, talking over a socket pair) started lazily, so they
never inherit the crawler's threads or import its main module; each serves up to ``max_tasks`` tasks.
Functions are sent by reference (pickled), so they must be importable module-level functions.
``call`` is the asyncio entry: the blocking wait runs in a thread, and cancelling the awaiting task
kills the worker at once (so SIGTERM never waits for a runaway parse).

Settings from the environment (the CLI and the daemon use :meth:`ParsePool.from_env`):
``GOVWATCH_PARSE_TIMEOUT`` (seconds, default 60), ``GOVWATCH_PARSE_MEMORY_MB`` (default 2048) and
``GOVWATCH_PARSE_WORKERS`` (default 2).
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_WORKERS = 2
WORKER = ("import sys; from govwatch.extract.pool import _worker_main; "
          "_worker_main(int(sys.argv[1]), int(sys.argv[2]))")


class ParseFailed(Exception):
    """A parse ran over its budget or its worker died. ``kind``: timeout, memory, crashed."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _worker_main(fd: int, memory_bytes: int) -> None:
    """A worker process: import the parsers, set the address-space limit, serve tasks on ``fd``."""
    import resource

    import govwatch.extract
    import govwatch.extract.attachments  # noqa: F401  (imported before the limit, once per worker)

    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    _serve(Connection(fd), memory_bytes)


def _serve(conn: Connection, memory_bytes: int) -> None:
    """A worker's loop: run tasks until the connection closes."""
    while True:
        try:
            fn, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except MemoryError:
            result = ("memory", None)
        except Exception as exc:
            result = ("raise", exc)
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("memory", None))
        except Exception as exc:  # an unpicklable result or exception
            conn.send(("raise", RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", WORKER, str(theirs.fileno()), str(memory_bytes)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.tasks = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            log.warning("parse worker %s did not exit after SIGKILL", self.proc.pid)
        self.conn.close()


class _Job:
    """One task; ``abort`` kills the worker running it (from any thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.worker: _Worker | None = None
        self.aborted = False

    def abort(self) -> None:
        with self.lock:
            self.aborted = True
            if self.worker is not None and self.worker.alive():
                self.worker.proc.kill()


class ParsePool:
    """Worker processes for parsing; see the module docs. Thread-safe; ``close`` kills every worker."""

    def __init__(self, workers: int = DEFAULT_WORKERS, *, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB, max_tasks: int = 500) -> None:
        self.size = max(1, workers)
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024
        self.max_tasks = max_tasks
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._threads = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="govwatch-parse")

    @classmethod
    def from_env(cls) -> ParsePool:
        env = os.environ
        return cls(int(env.get("GOVWATCH_PARSE_WORKERS", DEFAULT_WORKERS)),
                   timeout=float(env.get("GOVWATCH_PARSE_TIMEOUT", DEFAULT_TIMEOUT)),
                   memory_mb=int(env.get("GOVWATCH_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)))

    def warm(self, background: bool = True) -> None:
        """Start the workers now (a daemon does, so that its first runs do not wait for them)."""

        def start() -> None:
            for _ in range(self.size - self._idle.qsize()):
                if self._closed:
                    return
                worker = _Worker(self.memory_bytes)
                with self._lock:
                    self._live.add(worker)
                self._idle.put(worker)

        if background:
            threading.Thread(target=start, name="govwatch-parse-warm", daemon=True).start()
        else:
            start()

    def _take(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            worker = _Worker(self.memory_bytes)
            with self._lock:
                self._live.add(worker)
            return worker

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def run(self, fn: Callable[..., T], *args: Any, _job: _Job | None = None, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker; blocks. Raises :class:`ParseFailed` on a budget."""
        job = _job or _Job()
        with self._slots:
            if self._closed:
                raise ParseFailed("crashed", "parse pool closed")
            worker = self._take()
            with job.lock:
                job.worker = worker
                aborted = job.aborted
            ok = False
            try:
                if aborted:
                    raise ParseFailed("crashed", "parse cancelled")
                started = time.monotonic()
                try:
                    worker.conn.send((fn, args, kwargs))
                    if not worker.conn.poll(self.timeout):
                        raise ParseFailed("timeout", f"parsing took longer than {self.timeout:g}s; stopped")
                    status, value = worker.conn.recv()
                except (EOFError, OSError, BrokenPipeError):
                    code = worker.proc.poll()
                    why = "parse cancelled" if job.aborted else f"parser process died (exit code {code})"
                    raise ParseFailed("crashed", why) from None
                if status == "memory":
                    raise ParseFailed("memory", f"parsing needed more than {self.memory_bytes >> 20} MB; stopped")
                ok = True
                if status == "raise":
                    raise value
                log.debug("parsed %s in %.3fs", getattr(fn, "__name__", fn), time.monotonic() - started)
                return value  # type: ignore[no-any-return]
            finally:
                worker.tasks += 1
                if ok and worker.tasks < self.max_tasks and not self._closed:
                    self._idle.put(worker)
                else:  # over budget, dead or worn: never reused
                    self._drop(worker)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``run`` from asyncio: waits in a thread; cancelling the caller kills the worker at once."""
        job = _Job()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, lambda: self.run(fn, *args, _job=job, **kwargs))
        try:
            return await future
        except asyncio.CancelledError:
            job.abort()
            raise

    def close(self) -> None:
        """Kill every worker (a parse in progress fails with ``crashed``); the pool cannot be reused."""
        self._closed = True
        with self._lock:
            live = list(self._live)
        for worker in live:
            if worker.alive():
                worker.proc.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
        for worker in live:
            self._drop(worker)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
