"""What every command module shares: the app, common options, exit codes, errors, the store."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from govwatch import __version__

if TYPE_CHECKING:
    from govwatch.store import Store

app = typer.Typer(
    name="govwatch",
    help="Watch local-government disclosure columns for rule-of-law reports; keep every version.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="sources.yaml [env GOVWATCH_CONFIG; default config/sources.yaml]",
                 show_default=False),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL or SQLite path [env GOVWATCH_DB; default storage/govwatch.db]",
                 show_default=False),
]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``error: message`` on stderr and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log requests and retries")] = False,
    version: Annotated[bool, typer.Option("--version", help="print the version and exit")] = False,
) -> None:
    _setup_logging(verbose)
    if version:
        print(__version__)
        raise typer.Exit(EXIT_OK)


def open_store(db: str | None) -> Store:
    from govwatch.store import Store

    try:
        return Store(db)
    except Exception as exc:
        raise fail(f"cannot open database {db or ''}: {exc}") from None
