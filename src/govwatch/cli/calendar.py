"""`govwatch calendar`: which sources published their report for a year."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govwatch.cli.common import EXIT_OK, EXIT_PARTIAL, ConfigOpt, DbOpt, app, err, fail, open_store
from govwatch.cli.coverage import CatalogOpt, ProvinceOpt, load_selected


@app.command("calendar")
def calendar_cmd(
    year: Annotated[int, typer.Option("--year", "-y", help="the report year (published the year after)")],
    config: ConfigOpt = None,
    db: DbOpt = None,
    fmt: Annotated[Literal["table", "csv"], typer.Option("--format", "-f", help="table or csv")] = "table",
    today: Annotated[str | None, typer.Option("--today", help="judge the deadline as of this date "
                                              "(YYYY-MM-DD; default: today)")] = None,
    governments: Annotated[bool, typer.Option("--governments", help="also one row per government of the "
                                              "catalogue, from the `govwatch coverage` data")] = False,
    catalog: CatalogOpt = None,
    province: ProvinceOpt = None,
) -> None:
    """For every source in the config (and, with --governments, every government): was the report for --year found?

    Shows when it was first seen, whether it was edited later (version > 1) or removed, and
    flags sources without a report once 1 April of the following year has passed (the
    publication deadline). Exit 0 when no source is overdue, 1 when some are, 2 for usage
    or config errors.

    With --governments (implied by --catalog or --province) the rows of every government of
    the catalogue follow, from the same data as `govwatch coverage`; the config is then
    optional.
    """
    from datetime import date

    from govwatch.calendar import build_calendar, from_coverage, to_csv
    from govwatch.coverage import coverage_rows
    from govwatch.sources import ConfigError, config_path, load_config

    governments = governments or catalog is not None or province is not None
    govs = load_selected(catalog, province) if governments else None
    try:
        cfg = load_config(config) if not governments or config is not None or config_path().exists() else None
        day = date.fromisoformat(today) if today else None
    except ConfigError as exc:
        raise fail(escape(str(exc))) from None
    except ValueError:
        raise fail(f"--today: not a date: {today!r} (want YYYY-MM-DD)") from None
    store = open_store(db)
    try:
        rows = build_calendar(cfg.sources, store, year, today=day) if cfg is not None else []
        if govs is not None:
            rows += from_coverage(coverage_rows(store, year, govs), store, year, today=day)
    finally:
        store.close()
    if fmt == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        table = Table(title=f"rule-of-law reports for {year} (due before {year + 1}-04-01)")
        for col in ("source", "region", "status", "first seen", "published", "edited", "removed", "title"):
            table.add_column(col)
        colours = {"found": "green", "removed": "yellow", "overdue": "bold red", "missing": "dim"}
        for r in rows:
            table.add_row(r.source, r.region, f"[{colours[r.status]}]{r.status}[/]", r.first_seen or "",
                          (r.published or "") + (" (late)" if r.late else ""),
                          ("yes" if r.edited else "no") if r.found else "",
                          ("yes" if r.removed else "no") if r.found else "", r.title or "")
        Console(width=200).print(table)
    overdue = [r.source for r in rows if r.overdue]
    if overdue:
        err.print(f"{len(overdue)} source(s) overdue: {', '.join(overdue)}", highlight=False)
    raise typer.Exit(EXIT_PARTIAL if overdue else EXIT_OK)
