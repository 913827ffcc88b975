"""`govwatch export`: stored documents for other tools, in the exporter registry's formats."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Literal

import typer

from govwatch.cli.common import (
    ConfigOpt,
    DbOpt,
    app,
    check_output_path,
    check_sources,
    err,
    fail,
    open_store,
    refuse_binary_to_terminal,
)


def _kinds() -> tuple[str, ...]:
    """The kinds a stored version can have: the report patterns', ``match`` and ``attachment``."""
    from govwatch.reports import REPORT_PATTERNS

    return (*dict.fromkeys(kind for kind, _ in REPORT_PATTERNS), "match", "attachment")


def _export_formats() -> list[str]:
    from govwatch.export import REGISTRY

    return sorted(REGISTRY)


#: the export formats, from the exporter registry (``govwatch.export.REGISTRY``)
ExportFormat = Literal[tuple(_export_formats())]  # type: ignore[valid-type]


def _export_formats_help() -> str:
    from govwatch.export import formats_help

    return formats_help().replace("[", r"\[")


@app.command()
def export(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="output format (see below)")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout); "
                                             "the directory for txt")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="one record per version, with its diff")]
    = False,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id "
                                                     "(repeatable)")] = None,
    since: Annotated[str | None, typer.Option("--since", help="only documents (versions) changed or removed "
                                              "since this date: YYYY-MM-DD or ISO time, UTC")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help=f"only this kind (repeatable): {', '.join(_kinds())}")] = None,
    year: Annotated[list[int] | None, typer.Option("--year", help="only this report year (repeatable)")]
    = None,
) -> None:
    """Export stored documents (latest versions, or all with --all-versions).

    region comes from the config (--config / GOVWATCH_CONFIG) when it can be read. Exports
    stream: memory stays flat however large the store. Exit 2 for a bad option or a missing
    optional package (parquet needs pyarrow, warc needs warcio). The formats:
    """
    from govwatch.export import ExportError, get_exporter, run_export
    from govwatch.export.base import parse_since

    exporter = get_exporter(fmt)
    try:
        exporter.check()
        since_dt = parse_since(since) if since else None
        if exporter.mode == "dir" and out is None:
            raise ExportError(f"format {fmt!r} writes a directory tree: give --out DIR")
    except (ExportError, ValueError) as exc:
        raise fail(str(exc)) from None
    bad_kinds = [k for k in kind or [] if k not in _kinds()]
    if bad_kinds:
        raise fail(f"--kind: unknown kind {', '.join(map(repr, bad_kinds))} (known: {', '.join(_kinds())})")
    if exporter.mode == "binary":
        refuse_binary_to_terminal(fmt, out)
    if out is not None and exporter.mode != "dir":
        check_output_path(out)
    regions = _config_regions(config)
    store = open_store(db, read_only=True)
    check_sources(store, config, source)
    records = store.export_records(all_versions=all_versions, source_ids=source, since=since_dt, kinds=kind,
                                   years=year)
    try:
        n = run_export(exporter, records, out, all_versions=all_versions, regions=regions, store=store)
    except ExportError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    err.print(f"exported {n} record(s)", highlight=False)


export.__doc__ = inspect.cleandoc(export.__doc__ or "") + "\n\n" + _export_formats_help()


def _config_regions(config: Path | None) -> dict[str, list[str]] | None:
    """Region lists by source id from the config; an explicit but unreadable config is exit 2."""
    import os

    from govwatch.sources import ConfigError, config_path, load_config

    explicit = config is not None or bool(os.environ.get("GOVWATCH_CONFIG"))
    path = config_path(config)
    if not explicit and not path.exists():
        return None
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        if explicit:
            raise fail(str(exc)) from None
        err.print(f"[yellow]warning:[/] {exc}; region left empty", highlight=False)
        return None
    return {s.id: list(s.region) for s in cfg.sources}
