"""Fixtures for the hostile-site suite: the daemon tests' ``daemons`` (started daemons, killed afterwards)."""

from tests.daemon.conftest import daemons

__all__ = ["daemons"]
