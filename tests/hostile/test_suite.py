"""The hostile-site suite (issue 15): one loopback site serving every attack, a healthy source beside it,
both crawled by the real ``govwatch fetch`` in a child process with a wall-clock cap.

Each attack must end as one ``failed`` fetch with its reason (or be refused, or be cut short), the run
must finish in bounded time, and the healthy source's reports must still be stored.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from govwatch.demo import hostile
from govwatch.demo.sites import SimulatedSites

HEALTHY, HOSTILE = "trs-demo", "ucap-demo"
ENV = {"GOVWATCH_PARSE_TIMEOUT": "5", "GOVWATCH_PARSE_MEMORY_MB": "1024", "GOVWATCH_PARSE_WORKERS": "2"}
#: a list page that announces three million further pages, links to a trickling page and a stacked-gzip bomb
EXTRA = ('<script>createPageHTML(3000000, 0, "index", "html");</script>'
         "<a href='/hostile/slow.html'>XX县2031年度法治政府建设情况报告</a>"
         "<a href='/hostile/bomb.html'>XX县2032年度法治政府建设情况报告</a>")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimulatedSites, sqlite3.Connection, float]]:
    tmp = tmp_path_factory.mktemp("hostile")
    with SimulatedSites([HEALTHY, HOSTILE]) as sites:
        index = hostile.install(sites, HOSTILE, extra=EXTRA)
        sites.override(HOSTILE, "/hostile/slow.html", hostile.trickle(interval=0.5))
        sites.override(HOSTILE, "/hostile/bomb.html", hostile.stacked_gzip_bomb())
        config = sites.sources_yaml(families=[HEALTHY]) + (
            f"  - id: hostile\n    name: 恶意站点\n    region: [\"测试\"]\n    fetcher: generic\n"
            f"    timeout: 3\n    deadline: 4\n    retries: 0\n    max_pages: 5\n"
            f"    start_urls: [{json.dumps(sites.url(HOSTILE, index))}]\n")
        (tmp / "sources.yaml").write_text(config, encoding="utf-8")
        db = tmp / "gw.db"
        t0 = time.monotonic()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "govwatch", "fetch", "--config", str(tmp / "sources.yaml"), "--db", str(db),
                 "--quiet"],
                capture_output=True, text=True, timeout=300, env={**os.environ, **ENV})
        except subprocess.TimeoutExpired as exc:
            raise AssertionError("govwatch fetch still running after 300 s on the hostile site") from exc
        elapsed = time.monotonic() - t0
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        conn = sqlite3.connect(db)
        yield sites, conn, elapsed
        conn.close()


def failures(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    rows = conn.execute("SELECT url, outcome, error FROM fetch WHERE source_id = 'hostile'").fetchall()
    return {url.split("/hostile/", 1)[-1]: (outcome, error or "") for url, outcome, error in rows}


def test_the_healthy_source_is_still_stored(crawled: tuple[SimulatedSites, sqlite3.Connection, float]) -> None:
    _sites, conn, _elapsed = crawled
    stored = conn.execute("SELECT count(*) FROM document WHERE source_id = ? AND parent_id IS NULL",
                          (HEALTHY,)).fetchone()[0]
    assert stored >= 3
    outcome = conn.execute("SELECT outcome FROM run WHERE source_id = ?", (HEALTHY,)).fetchone()[0]
    assert outcome == "ok"


@pytest.mark.parametrize("attack", [a for a in hostile.ATTACKS if a.name != "chrome_backtrack"],
                         ids=lambda a: a.name)
def test_runaway_document_is_one_failed_fetch(crawled: tuple[SimulatedSites, sqlite3.Connection, float],
                                              attack: hostile.Attack) -> None:
    _sites, conn, _elapsed = crawled
    outcome, reason = failures(conn)[attack.path.split("/hostile/", 1)[-1]]
    assert outcome == "parse", (outcome, reason)
    assert "stopped" in reason


def test_chrome_backtracking_page_is_stored(crawled: tuple[SimulatedSites, sqlite3.Connection, float]) -> None:
    _sites, conn, _elapsed = crawled
    urls = [u for (u,) in conn.execute("SELECT url FROM document WHERE source_id = 'hostile'")]
    assert any(u.endswith("/hostile/chrome.html") for u in urls)


def test_trickle_and_stacked_gzip_are_cut_off(crawled: tuple[SimulatedSites, sqlite3.Connection, float]) -> None:
    _sites, conn, _elapsed = crawled
    failed = failures(conn)
    assert failed["slow.html"][0] == "timeout" and "deadline" in failed["slow.html"][1]
    assert failed["bomb.html"][0] == "decoding" and "stacked" in failed["bomb.html"][1]


def test_announced_pages_are_clamped(crawled: tuple[SimulatedSites, sqlite3.Connection, float]) -> None:
    sites, _conn, _elapsed = crawled
    list_requests = [p for p in sites.log.paths(HOSTILE) if "/index_" in p]
    assert 0 < len(list_requests) <= 5


def test_the_run_is_bounded(crawled: tuple[SimulatedSites, sqlite3.Connection, float]) -> None:
    *_, elapsed = crawled
    assert elapsed < 240
