"""Shared fixtures: the simulated government sites (see ``govwatch.demo.sites``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.demo.sites import SimulatedSites

pytest_plugins = ["tests.dbfixtures"]


@pytest.fixture
def sites() -> Iterator[SimulatedSites]:
    """All simulated sites, started, in state "initial"; stopped after the test."""
    with SimulatedSites() as running:
        yield running


@pytest.fixture
def sources_file(sites: SimulatedSites, tmp_path: Path) -> Path:
    """A ``sources.yaml`` pointing at the running simulated sites (no delay)."""
    path = tmp_path / "sources.yaml"
    path.write_text(sites.sources_yaml(delay=0.0), encoding="utf-8")
    return path
