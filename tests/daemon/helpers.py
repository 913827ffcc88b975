"""Helpers for the daemon tests: real ``govwatch`` subprocesses, their JSON log lines, DB checks."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from govwatch.demo.sites import SimulatedSites

ROOT = Path(__file__).resolve().parents[2]


def govwatch(*args: str, timeout: float = 60,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m govwatch ARGS`` to completion."""
    return subprocess.run([sys.executable, "-m", "govwatch", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "200", **(env or {})})


def upgrade(db: str) -> None:
    proc = govwatch("db", "upgrade", "--db", db)
    assert proc.returncode == 0, proc.stderr


class Daemon:
    """A ``govwatch daemon`` subprocess whose stderr JSON lines are collected as they come."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.args = args
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "govwatch", "daemon", "--log-format", "json", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})}, start_new_session=True,
        )
        self.events: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self._new: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.raw.append(line)
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            with self._lock:
                self.events.append(item)
            self._new.put(item)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def all(self, event: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            items = list(self.events)
        return [e for e in items if event is None or e.get("event") == event]

    def wait_for(self, pred: Callable[[Daemon], bool], timeout: float, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred(self):
                return
            if self.proc.poll() is not None and not pred(self):
                self._reader.join(timeout=2)
                if pred(self):
                    return
                code = self.proc.returncode
                raise AssertionError(f"daemon exited ({code}) before {what}:\n{self.stderr_tail()}")
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}:\n{self.stderr_tail()}")

    def wait_event(self, event: str, timeout: float, **match: Any) -> dict[str, Any]:
        found: list[dict[str, Any]] = []

        def pred(d: Daemon) -> bool:
            for e in d.all(event):
                if all(e.get(k) == v for k, v in match.items()):
                    found.append(e)
                    return True
            return False

        self.wait_for(pred, timeout, f"event {event} {match}")
        return found[0]

    @property
    def port(self) -> int:
        return int(self.wait_event("listening", 20)["port"])

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self._reader.join(timeout=5)

    def stderr_tail(self, n: int = 40) -> str:
        with self._lock:
            return "".join(self.raw[-n:])


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def stored_documents(db: str) -> dict[str, dict[str, Any]]:
    """url -> {source, status, text, version, duplicate_of} of the current versions, read with SQL."""
    engine = sa.create_engine(db.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT d.url, d.source_id, d.status, d.current_version, c.text, o.url AS dup "
                "FROM document d JOIN version v ON v.document_id = d.id AND v.number = d.current_version "
                "JOIN content c ON c.hash = v.content_hash LEFT JOIN document o ON o.id = d.duplicate_of_id"
            )).all()
    finally:
        engine.dispose()
    return {r.url: {"source": r.source_id, "status": r.status, "version": r.current_version, "text": r.text,
                    "duplicate_of": r.dup} for r in rows}


def check_against_truth(sites: SimulatedSites, db: str) -> None:
    """Every report of every simulated source is stored with its text, and nothing else."""
    docs = stored_documents(db)
    for sid, exp in sites.expected().items():
        got = {u for u, d in docs.items() if d["source"] == sid}
        want = {r.url for r in exp.reports}
        assert got == want, f"{sid}: missing {want - got}, unexpected {got - want}"
        for rep in exp.reports:
            doc = docs[rep.url]
            assert squash(doc["text"]) == squash("".join(rep.paragraphs)), rep.url
            assert doc["status"] == rep.status and doc["duplicate_of"] == rep.duplicate_of, rep.url


def check_sqlite_consistent(path: Path) -> None:
    """integrity_check ok, no dangling keys, no partial version (current = max number), contents exist."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        bad = con.execute(
            "SELECT d.url, d.current_version, MAX(v.number), COUNT(v.id) FROM document d "
            "LEFT JOIN version v ON v.document_id = d.id GROUP BY d.id "
            "HAVING d.current_version != COALESCE(MAX(v.number), 0) OR COUNT(v.id) != d.current_version "
            "OR d.current_version < 1").fetchall()
        assert bad == [], f"documents whose versions do not add up: {bad}"
        orphans = con.execute("SELECT v.id FROM version v LEFT JOIN content c ON c.hash = v.content_hash "
                              "WHERE c.hash IS NULL").fetchall()
        assert orphans == [], f"versions without content: {orphans}"
        mismatch = con.execute(
            "SELECT d.url FROM document d JOIN version v ON v.document_id = d.id "
            "AND v.number = d.current_version WHERE v.content_hash != d.current_hash").fetchall()
        assert mismatch == [], mismatch
    finally:
        con.close()


def list_page_hits(sites: SimulatedSites, since: float = 0.0, until: float = float("inf")) -> dict[str, int]:
    """Requests to each source's first list page (one per crawl of the source), in [since, until)."""
    out = {}
    for sid, exp in sites.expected().items():
        first = exp.list_pages[0].split("#")[0]
        out[sid] = sum(1 for e in sites.log.entries(sid) if e.url == first and since <= e.time < until)
    return out


PROM_LINE = re.compile(
    r'^(?:# (?:HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+'
    r'|[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? '
    r'(?:[-+]?[0-9.eE+-]+|NaN|[+-]Inf))$'
)


def parse_metrics(text: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Prometheus text format -> {name: {labels: value}}; asserts every line is well formed."""
    out: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    types: dict[str, str] = {}
    for line in text.splitlines():
        if not line:
            continue
        assert PROM_LINE.match(line), f"bad exposition line: {line!r}"
        if line.startswith("# TYPE"):
            _, _, name, kind = line.split(" ", 3)
            assert kind in ("counter", "gauge", "histogram", "summary", "untyped")
            assert name not in types, f"TYPE twice for {name}"
            types[name] = kind
            continue
        if line.startswith("#"):
            continue
        m = re.match(r"^([^{ ]+)(?:\{(.*)\})? (\S+)$", line)
        assert m, line
        name, raw, value = m.groups()
        assert name in types, f"sample before its TYPE: {line}"
        labels = tuple(sorted(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', raw or "")))
        out.setdefault(name, {})[labels] = float(value)
    return out
