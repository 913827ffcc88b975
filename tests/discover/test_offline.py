"""The bundled catalogue with no government reachable: one explained `unreachable` row each, one
request per host (a name that does not resolve is never asked again). The network is a proxy
that knows no host, answering as squid does when DNS fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import Web
from govwatch.sources.catalog import load_catalog


def test_offline_province_is_unreachable_row_by_row(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gw.db'}"
    hubei = [g for g in load_catalog() if g.province == "湖北省"]
    with WebProxy(Web([])) as proxy:
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy",
                                                                          "all_proxy", "govwatch_config")}
        env.update(HTTP_PROXY=proxy.url, HTTPS_PROXY=proxy.url, COLUMNS="200")
        proc = subprocess.run([sys.executable, "-m", "govwatch", "discover", "--province", "湖北省", "--db", db,
                               "--quiet", "--config", str(tmp_path / "none.yaml")], capture_output=True, text=True,
                              env=env, timeout=300, cwd=tmp_path)
        assert proc.returncode == 2 and "none.yaml: cannot read config" in proc.stderr  # a named config must exist
        proc = subprocess.run([sys.executable, "-m", "govwatch", "discover", "--province", "湖北省", "--db", db,
                               "--quiet"], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
        log = list(proxy.log)
    assert proc.returncode == 1, proc.stderr
    assert "unreachable: 117" in proc.stdout
    per_host = Counter(e.host for e in log)
    assert set(per_host) == {g.host for g in hubei}
    assert max(per_host.values()) == 1, per_host.most_common(3)  # resolved once, never retried
    cov = subprocess.run([sys.executable, "-m", "govwatch", "coverage", "--year", "2024", "--db", db,
                          "--province", "湖北省", "--format", "jsonl"], capture_output=True, text=True, env=env,
                         timeout=120, cwd=tmp_path)
    rows = [json.loads(line) for line in cov.stdout.splitlines()]
    assert [r["code"] for r in rows] == [g.code for g in hubei]
    for row, gov in zip(rows, hubei, strict=True):
        assert row["status"] == "unreachable" and gov.host in row["reason"] and "ERR_DNS_FAIL" in row["reason"]
