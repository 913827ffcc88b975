"""The ``govwatch`` command line: one module per command group.

Exit codes: 0 success, 1 some pages or sources failed (the rest is stored), 2 usage or
config errors. ``GOVWATCH_CONFIG`` and ``GOVWATCH_DB`` stand in for ``--config``/``--db``.

Where a command lives: ``fetch`` in ``cli/fetch.py``; ``export`` in ``cli/export.py``; ``feed`` in
``cli/feed.py``; ``history``/``diff`` in ``cli/documents.py``; ``extract``/``reextract``/``eval`` in
``cli/extract.py``; ``sources …``/``fetchers`` in ``cli/sources.py``; ``calendar`` in ``cli/calendar.py``;
``coverage`` in ``cli/coverage.py``; ``discover`` in ``cli/discover.py``; ``serve`` in ``cli/serve.py``;
``daemon``/``status`` in ``cli/daemon.py``; ``db …`` in ``cli/db.py``; ``demo`` in ``cli/demo.py``;
``assess``/``assess-eval`` in ``cli/assess.py``.
"""

from __future__ import annotations

# each module registers its commands on the shared app when imported; the order is the help's order
from govwatch.cli import (  # noqa: F401
    assess,
    calendar,
    coverage,
    daemon,
    db,
    demo,
    discover,
    documents,
    export,
    extract,
    feed,
    fetch,
    serve,
    sources,
)
from govwatch.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
