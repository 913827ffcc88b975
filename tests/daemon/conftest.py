"""Fixtures for the daemon tests (helpers live in ``tests.daemon.helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.daemon.helpers import Daemon, upgrade


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    """Daemons started by a test (append them); any still running are killed afterwards."""
    started: list[Daemon] = []
    yield started
    for d in started:
        if d.proc.poll() is None:
            d.kill()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    """A migrated SQLite database."""
    url = f"sqlite:///{tmp_path / 'gw.db'}"
    upgrade(url)
    return url
