"""A crawl of the simulated sites through the real CLI, shared by the output commands' end-to-end tests.

Import the ``crawled`` fixture into a test module to use it (``from tests.export.e2e import crawled``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from govwatch.demo.sites import Changes, SimulatedSites


def cli(*args: str, env: dict[str, str] | None = None, check: int | None = 0,
        text: bool = True) -> subprocess.CompletedProcess:
    """Run ``python -m govwatch ARGS``; assert the exit code unless ``check`` is None."""
    proc = subprocess.run([sys.executable, "-m", "govwatch", *args], capture_output=True, text=text, timeout=300,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})
    if check is not None:
        assert proc.returncode == check, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


@dataclass
class Crawled:
    sites: SimulatedSites
    config: Path
    db: str
    changes: Changes
    tmp: Path


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """The simulated sites crawled in their initial state, then again in their later state."""
    tmp = tmp_path_factory.mktemp("outputs-e2e")
    with SimulatedSites() as sites:
        config = tmp / "sources.yaml"
        config.write_text(sites.sources_yaml(delay=0.0), encoding="utf-8")
        db = f"sqlite:///{tmp / 'gw.db'}"
        cli("fetch", "--config", str(config), "--db", db, "--quiet", check=None)
        sites.set_state("later")
        cli("fetch", "--config", str(config), "--db", db, "--quiet", check=None)
        yield Crawled(sites, config, db, sites.changes(), tmp)
