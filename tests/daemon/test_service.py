"""`govwatch daemon` as a real process against the simulated sites: logs, /healthz, /metrics,
config reload, SIGTERM, `govwatch status`."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from govwatch.demo import faults
from govwatch.demo.sites import SimulatedSites
from tests.daemon.helpers import (
    Daemon,
    check_against_truth,
    check_sqlite_consistent,
    govwatch,
    list_page_hits,
    parse_metrics,
)
from tests.daemon.test_docker import healthcheck_command


def _path(db: str) -> Path:
    return Path(db.removeprefix("sqlite:///"))


def test_once_crawls_every_source_logs_json_and_status_reports(
        sites: SimulatedSites, sources_file: Path, sqlite_db: str, daemons: list[Daemon]) -> None:
    d = Daemon("--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0", "--host", "127.0.0.1")
    daemons.append(d)
    assert d.wait(60) == 0, d.stderr_tail()
    check_against_truth(sites, sqlite_db)
    assert set(list_page_hits(sites).values()) == {1}  # each source crawled exactly once
    # one JSON line per fetch and per source run, with the documented fields
    assert all(line.startswith("{") for line in d.raw), "non-JSON output on stderr"
    for e in d.all():
        assert {"ts", "level", "event"} <= set(e), e
        datetime.fromisoformat(e["ts"].replace("Z", "+00:00"))
    fetches = d.all("fetch")
    assert len(fetches) == len(sites.log)  # every request the sites saw was logged once
    assert all({"source", "url", "outcome", "status"} <= set(e) for e in fetches)
    assert {e["source"] for e in fetches} == set(sites.source_ids)
    runs = {e["source"]: e for e in d.all("run")}
    assert set(runs) == set(sites.source_ids)
    truth = sites.expected()
    for sid, e in runs.items():
        assert e["outcome"] == "ok" and e["counts"]["new"] == len(truth[sid].reports), e
    docs = d.all("document")
    assert sorted(e["url"] for e in docs) == sorted(r.url for exp in truth.values() for r in exp.reports)

    proc = govwatch("status", "--config", str(sources_file), "--db", sqlite_db, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    rows = {r["source"]: r for r in report["sources"]}
    assert set(rows) == set(sites.source_ids)
    now = datetime.now(UTC)
    for sid, row in rows.items():
        assert row["last_run"]["outcome"] == "ok"
        assert row["last_run"]["counts"]["new"] == len(truth[sid].reports)
        assert row["documents"] == len(truth[sid].reports)
        nxt = datetime.fromisoformat(row["next_run"].replace("Z", "+00:00"))
        assert now < nxt <= now + timedelta(days=1, seconds=1)
        assert row["schedule"].startswith("daily at ")
    assert report["totals"]["documents"] == sum(len(t.reports) for t in truth.values())
    table = govwatch("status", "--config", str(sources_file), "--db", sqlite_db)
    assert table.returncode == 0 and all(sid in table.stdout for sid in sites.source_ids)
    bad = govwatch("status", "--config", str(sources_file), "--db", sqlite_db, "--format", "xml")
    assert bad.returncode == 2


def test_service_health_metrics_reload_and_sigterm(sites: SimulatedSites, sources_file: Path, sqlite_db: str,
                                                   daemons: list[Daemon]) -> None:
    d = Daemon("--config", str(sources_file), "--db", sqlite_db, "--port", "0", "--host", "127.0.0.1",
               "--interval", "3", "--run-now", "--reload-interval", "0.3", "--stop-timeout", "10",
               "--concurrency", "8")
    daemons.append(d)
    status, body = d.get("/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["scheduler"]["running"] is True
    assert isinstance(health["uptime"], float | int) and health["sources"] == len(sites.source_ids)
    d.wait_for(lambda x: {e["source"] for e in x.all("run")} == set(sites.source_ids), 30, "first round")

    status, text = d.get("/metrics")
    assert status == 200
    m = parse_metrics(text)
    truth = sites.expected()
    n_reports = sum(len(t.reports) for t in truth.values())
    assert m["govwatch_runs_total"][(("outcome", "ok"),)] >= len(sites.source_ids)
    assert m["govwatch_fetches_total"][(("outcome", "new"),)] == n_reports
    assert m["govwatch_documents"][()] == n_reports and m["govwatch_versions"][()] == n_reports
    assert m["govwatch_http_requests_total"][(("outcome", "ok"),)] >= len(sites.source_ids)
    assert m["govwatch_scheduler_running"][()] == 1
    last_ok = m["govwatch_source_last_success_timestamp_seconds"]
    assert {dict(k)["source"] for k in last_ok} == set(sites.source_ids)
    assert all(time.time() - 60 < v <= time.time() + 1 for v in last_ok.values())
    assert d.get("/nope")[0] == 404

    # the changes feed: one entry per new report, parseable Atom
    status, feed = d.get("/feed.atom?limit=500")
    assert status == 200
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed).findall(f"{atom}entry")
    assert len(entries) == n_reports
    assert {e.find(f"{atom}link").get("href") for e in entries} == {r.url for t in truth.values() for r in t.reports}

    # the image's HEALTHCHECK command passes against this very process
    hc = healthcheck_command()
    assert subprocess.run(hc, env={**os.environ, "GOVWATCH_PORT": str(d.port)}, timeout=20).returncode == 0

    # a changed file is picked up by the mtime poll: one source removed, one changed
    original = sources_file.read_text(encoding="utf-8")
    removed, changed = "ucap-demo", "trs-demo"
    blocks = original.split("  - id: ")
    kept = [b for b in blocks if not b.startswith(removed + "\n")]
    new_text = "  - id: ".join(kept).replace(f"  - id: {changed}\n", f"  - id: {changed}\n    delay: 0.01\n")
    sources_file.write_text(new_text, encoding="utf-8")
    ev = d.wait_event("config_reloaded", 10, reason="changed")
    assert ev["removed"] == [removed] and ev["changed"] == [changed] and ev["added"] == []
    reloaded_at = time.time()
    assert json.loads(d.get("/healthz")[1])["sources"] == len(sites.source_ids) - 1

    # a bad file (SIGHUP) is logged and the running config kept
    sources_file.write_text(new_text + "  - id: Broken Id\n", encoding="utf-8")
    d.signal(signal.SIGHUP)
    bad = d.wait_event("config_invalid", 10, reason="SIGHUP")
    assert "key 'id'" in bad["error"] and bad["kept"] == len(sites.source_ids) - 1
    assert json.loads(d.get("/healthz")[1])["sources"] == len(sites.source_ids) - 1
    sources_file.write_text(original, encoding="utf-8")
    d.signal(signal.SIGHUP)
    back = d.wait_event("config_reloaded", 10, reason="SIGHUP")
    assert back["added"] == [removed]
    back_at = time.time()

    # while it was removed, the source was not started (the ticks are 3 s apart)
    starts = [e for e in d.all("run_start") if e["source"] == removed]
    ts = [datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).timestamp() for e in starts]
    assert not [t for t in ts if reloaded_at + 0.5 < t < back_at - 0.5]

    assert d.stop(20) == 0
    assert d.all("stopped")
    m2 = d.all("stopping")
    assert m2 and m2[0]["signal"] == "SIGTERM"


def test_sigterm_mid_crawl_stops_cleanly_and_the_next_run_completes(
        sites: SimulatedSites, sources_file: Path, sqlite_db: str, daemons: list[Daemon]) -> None:
    for sid in sites.source_ids:
        sites.override(sid, "*", faults.slow(0.4))
    d = Daemon("--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0", "--host", "127.0.0.1",
               "--stop-timeout", "1", "--concurrency", "8", "--worker-id", "stopper")
    daemons.append(d)
    d.wait_event("document", 30)
    sent = time.monotonic()
    d.signal(signal.SIGTERM)
    assert d.wait(20) == 0, d.stderr_tail()
    assert time.monotonic() - sent < 10
    stopping = d.all("stopping")[0]
    assert stopping["running"], "expected runs in progress at SIGTERM"
    cancelled = [e["source"] for e in d.all("run") if e["outcome"] == "cancelled"]
    assert cancelled, "the slow runs should have been cut at the stop timeout"
    check_sqlite_consistent(_path(sqlite_db))
    con = sqlite3.connect(_path(sqlite_db))
    try:
        open_runs = con.execute("SELECT COUNT(*) FROM run WHERE finished_at IS NULL").fetchone()[0]
        outcomes = dict(con.execute("SELECT source_id, outcome FROM run").fetchall())
        held = con.execute("SELECT COUNT(*) FROM lease WHERE expires_at > ?",
                           (datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),)).fetchone()[0]
    finally:
        con.close()
    assert open_runs == 0 and held == 0
    assert all(outcomes[sid] == "cancelled" for sid in cancelled)

    sites.clear_overrides()
    again = govwatch("daemon", "--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0",
                     "--host", "127.0.0.1", timeout=60)
    assert again.returncode == 0, again.stderr[-3000:]
    check_against_truth(sites, sqlite_db)
    check_sqlite_consistent(_path(sqlite_db))


def test_runs_are_handed_to_notify_targets(sources_file: Path, sqlite_db: str, sites: SimulatedSites) -> None:
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        hook = f"notify:\n  - type: webhook\n    url: http://127.0.0.1:{server.server_port}/hook\n"
        sources_file.write_text(sources_file.read_text(encoding="utf-8") + hook, encoding="utf-8")
        proc = govwatch("daemon", "--once", "--config", str(sources_file), "--db", sqlite_db, "--port", "0",
                        "--host", "127.0.0.1", timeout=60)
        assert proc.returncode == 0, proc.stderr[-2000:]
    finally:
        server.shutdown()
        server.server_close()
    urls = {e["url"] for body in received for e in body["events"]}
    assert urls == {r.url for exp in sites.expected().values() for r in exp.reports}
