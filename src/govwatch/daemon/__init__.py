"""Running govwatch as a service: ``govwatch daemon``, ``govwatch status``, ``govwatch db upgrade``.

- :mod:`~govwatch.daemon.scheduler` — the daemon: APScheduler jobs per source, config reload,
  graceful stop;
- :mod:`~govwatch.daemon.triggers` — cron schedules with deterministic per-source offsets;
- :mod:`~govwatch.daemon.leases` — the ``lease`` table that lets N workers share one database;
- :mod:`~govwatch.daemon.health` and :mod:`~govwatch.daemon.metrics` — ``/healthz``, ``/metrics``;
- :mod:`~govwatch.daemon.logs` — JSON-lines (or terminal text) structured logs;
- :mod:`~govwatch.daemon.status` — what ``govwatch status`` prints.
"""
