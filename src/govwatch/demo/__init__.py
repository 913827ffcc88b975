"""Simulated government web sites for ``govwatch demo`` and the tests (see :mod:`govwatch.demo.sites`)."""

from govwatch.demo.sites import Changes, ExpectedReport, ExpectedSource, SimulatedSites

__all__ = ["Changes", "ExpectedReport", "ExpectedSource", "SimulatedSites"]
