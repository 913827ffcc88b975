"""The daemon serves the same web pages beside /healthz (with the pages' basic auth, not the probe's)."""

from __future__ import annotations

from pathlib import Path

import httpx

from govwatch.demo.sites import SimulatedSites
from tests.daemon.conftest import daemons  # noqa: F401  (fixture)
from tests.daemon.helpers import Daemon, upgrade


def test_daemon_serves_the_pages(sites: SimulatedSites, sources_file: Path, tmp_path: Path,
                                 daemons: list[Daemon]) -> None:  # noqa: F811
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    upgrade(db)
    d = Daemon("--config", str(sources_file), "--db", db, "--port", "0", "--host", "127.0.0.1",
               "--interval", "3600", "--run-now", "--concurrency", "8",
               env={"GOVWATCH_WEB_AUTH": "reader:pw"})
    daemons.append(d)
    d.wait_for(lambda x: {e["source"] for e in x.all("run")} == set(sites.source_ids), 60, "first round")
    assert d.get("/healthz")[0] == 200  # the probe needs no password
    assert d.get("/")[0] == 401
    base = f"http://127.0.0.1:{d.port}"
    page = httpx.get(base + "/search?q=" + "法治政府建设", auth=("reader", "pw"))
    assert page.status_code == 200 and "<mark>法治政府建设</mark>" in page.text
    doc = httpx.get(base + "/doc/1", auth=("reader", "pw"))
    assert doc.status_code == 200 and "版本 Versions" in doc.text
    changes = httpx.get(base + "/changes", auth=("reader", "pw"))  # sources named from the loaded config
    assert changes.status_code == 200 and sites.site("trs-demo").spec.name in changes.text
    home = httpx.get(base + "/", auth=("reader", "pw"))
    assert home.status_code == 200 and home.text.count("<circle") == 3213
    assert httpx.get(base + "/nope", auth=("reader", "pw")).status_code == 404
    assert d.stop() == 0
