"""SIGTERM stops the daemon while a runaway document is being parsed (issue 15, item 2).

Before: the parse ran on the crawl's writer thread and, on cancel, ``shutdown(wait=True)`` ran on the
event loop, so ``--stop-timeout 2`` never exited. Now the cancelled parse's worker process is killed.
The parse budget is set far above the test's time cap, so only cancellation can end the parse.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from govwatch.demo import hostile
from govwatch.demo.sites import SimulatedSites
from tests.daemon.helpers import Daemon, upgrade

SID = "ucap-demo"


def test_sigterm_exits_during_a_runaway_parse(tmp_path: Path, daemons: list[Daemon]) -> None:
    pdf = next(a for a in hostile.ATTACKS if a.name == "pdf_shared_stream")
    with SimulatedSites([SID]) as sites:
        index = hostile.install(sites, SID, attacks=(pdf,))
        (tmp_path / "sources.yaml").write_text(
            f"sources:\n  - id: hostile\n    name: 恶意站点\n    region: [\"测试\"]\n    fetcher: generic\n"
            f"    delay: 0\n    start_urls: [{json.dumps(sites.url(SID, index))}]\n", encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'gw.db'}"
        upgrade(db)
        d = Daemon("--once", "--config", str(tmp_path / "sources.yaml"), "--db", db, "--port", "0",
                   "--host", "127.0.0.1", "--stop-timeout", "2",
                   env={"GOVWATCH_PARSE_TIMEOUT": "3600", "GOVWATCH_PARSE_MEMORY_MB": "1024"})
        daemons.append(d)
        deadline = time.monotonic() + 60
        while pdf.path not in sites.log.paths(SID):
            assert time.monotonic() < deadline and d.proc.poll() is None, d.stderr_tail()
            time.sleep(0.2)
        time.sleep(1.5)  # the attachment is being parsed now
        assert d.proc.poll() is None
        sent = time.monotonic()
        d.signal(signal.SIGTERM)
        try:
            code = d.wait(30)
        except Exception as exc:
            raise AssertionError(f"daemon still running 30 s after SIGTERM:\n{d.stderr_tail()}") from exc
        assert code == 0, d.stderr_tail()
        assert time.monotonic() - sent < 25
        assert d.all("stopped")
