"""The simulated web of portals behind a loopback proxy, and the `govwatch` CLI pointed at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from govwatch.demo.proxy import WebProxy
from govwatch.demo.web import Web, scenario_web

CONFIG = "defaults:\n  delay: 0\n  timeout: 5\n  retries: 1\nsources: []\n"


@dataclass
class Run:
    web: Web
    proxy: WebProxy
    catalog: Path
    config: Path
    db: str

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy",
                                                                          "no_proxy")}
        env.update({"HTTP_PROXY": self.proxy.url, "HTTPS_PROXY": self.proxy.url, "NO_PROXY": "127.0.0.1,localhost",
                    "COLUMNS": "200"})
        return env

    def govwatch(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "govwatch", *args], capture_output=True, text=True,
                              timeout=timeout, env=self.env())

    def discover(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.govwatch("discover", "--catalog", str(self.catalog), "--config", str(self.config),
                             "--db", self.db, "--year", "2024", "--quiet", *args)

    def coverage(self, year: int, *args: str) -> dict[str, dict[str, object]]:
        proc = self.govwatch("coverage", "--year", str(year), "--catalog", str(self.catalog), "--db", self.db,
                             "--format", "jsonl", *args)
        assert proc.returncode == 0, proc.stderr
        return {row["code"]: row for row in map(json.loads, proc.stdout.splitlines())}


def make_run(web: Web, tmp_path: Path, db: str) -> Iterator[Run]:
    catalog = tmp_path / "governments.tsv"
    catalog.write_text(web.catalog_tsv(), encoding="utf-8")
    config = tmp_path / "sources.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    with WebProxy(web) as proxy:
        yield Run(web, proxy, catalog, config, db)


@pytest.fixture
def run(tmp_path: Path, db_url: str) -> Iterator[Run]:
    yield from make_run(scenario_web(), tmp_path, db_url)


@pytest.fixture
def sqlite_run(tmp_path: Path) -> Iterator[Run]:
    yield from make_run(scenario_web(), tmp_path, f"sqlite:///{tmp_path / 'gw.db'}")
