"""What every command module shares: the app, common options, exit codes, errors, the store."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from govwatch import __version__

if TYPE_CHECKING:
    from govwatch.store import Store


def _flags_take_no_value() -> None:
    """Typer's help shows ``<bool>`` after every flag as if it took a value: show nothing."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "_govwatch", False):
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag and self.metavar is None else shown(self, ctx)

    display_type_rich._govwatch = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_take_no_value()

app = typer.Typer(
    name="govwatch",
    help="Watch local-government disclosure columns for rule-of-law reports; keep every version.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line (scripts grep them)

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
    """Print ``error: message`` (plain text, never markup) on stderr and return the Exit to raise."""
    err.print(Text.assemble(("error:", "bold red"), " ", message), highlight=False)
    return typer.Exit(code)


def plain(text: str | None) -> Text:
    """Scraped text (a title, a URL) for a Rich table or line: shown as it is, never read as markup."""
    return Text(text or "")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log requests and retries")] = False,
    version: Annotated[bool, typer.Option("--version", help="print the version and exit (with -v: and "
                                                            "whether extraction runs its C module)")] = False,
) -> None:
    _setup_logging(verbose)
    if version:
        print(__version__)
        if verbose:
            from govwatch.extract import fastdom
            print(f"extraction C module: {fastdom.STATUS}")
        raise typer.Exit(EXIT_OK)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)


def open_store(db: str | None, *, read_only: bool = False) -> Store:
    """The store at ``--db``/``GOVWATCH_DB``. ``read_only``: refuse (exit 2) a database that does
    not exist or holds no govwatch tables, and create nothing (no file, no directory, no table)."""
    from govwatch.store import Store
    from govwatch.store.repository import MissingDatabase, default_db_url, redact_url

    try:
        return Store(db, create=not read_only, must_exist=read_only)
    except MissingDatabase as exc:
        raise fail(f"{exc}; give --db or GOVWATCH_DB (`govwatch fetch` creates it)") from None
    except Exception as exc:
        raise fail(f"cannot open database {redact_url(default_db_url(db))}: {error_line(exc)}") from None


def error_line(exc: BaseException) -> str:
    """``Type: message`` in one line, any database password redacted (driver messages span lines)."""
    from govwatch.store.repository import redact_url

    lines = [line.strip() for line in str(getattr(exc, "orig", None) or exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {redact_url(lines[0]) if lines else ''}"


def check_output_path(path: Path) -> None:
    """The one check of an ``--out FILE``: fail with exit 2 naming it, before any work, when it
    cannot be written (its directory is missing, it is a directory, the directory is read-only)."""
    import os

    parent = path.parent
    if path.is_dir():
        raise fail(f"cannot write {path}: it is a directory")
    if not parent.is_dir():
        raise fail(f"cannot write {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise fail(f"cannot write {path}: directory {parent} is not writable")


def refuse_binary_to_terminal(fmt: str, out: Path | None) -> None:
    """A binary format written to stdout on a terminal would dump bytes on the screen: exit 2."""
    if out is None and sys.stdout.isatty():
        raise fail(f"format {fmt!r} is binary: give --out FILE or redirect stdout to a file or pipe")


def check_sources(store: Store, config: Path | None, source_ids: Iterable[str] | None) -> None:
    """``--source`` ids must be in the config or have documents in the store (exit 2 naming them)."""
    wanted = list(source_ids or [])
    if not wanted:
        return
    known = set(store.source_ids())
    try:
        from govwatch.sources import load_config

        known |= {s.id for s in load_config(config).sources}
    except Exception:  # no readable config: the store's sources are the known ones
        pass
    unknown = [s for s in wanted if s not in known]
    if unknown:
        shown = ", ".join(sorted(known)[:10]) + (", …" if len(known) > 10 else "")
        raise fail(f"--source: unknown source {', '.join(map(repr, unknown))} "
                   f"(not in the config nor in the store; known: {shown or 'none'})")


__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "ConfigOpt", "DbOpt", "app", "check_output_path",
           "check_sources", "err", "fail", "open_store", "plain",
           "refuse_binary_to_terminal"]
