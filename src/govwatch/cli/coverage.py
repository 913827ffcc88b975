"""`govwatch coverage`: one explained row per government of the catalogue for a report year."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govwatch.cli.common import EXIT_OK, DbOpt, app, fail, open_store

CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="governments TSV (same columns as the bundled one) "
                 "[env GOVWATCH_CATALOG; default: the bundled catalogue]", show_default=False,
                 envvar="GOVWATCH_CATALOG"),
]
ProvinceOpt = Annotated[str | None, typer.Option("--province", "-p", help="only this province (full name: 湖北省)")]


def load_selected(catalog: Path | None, province: str | None, codes: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The catalogue narrowed to ``province``/``codes``; a bad file or name is a usage error."""
    from govwatch.sources.catalog import CatalogError, load_catalog, select

    try:
        return select(load_catalog(catalog), codes=codes, province=province)
    except CatalogError as exc:
        raise fail(escape(str(exc))) from None


COLOURS = {"published": "green", "late": "yellow", "missing": "bold red", "blocked": "magenta",
           "unreachable": "red", "not_checked": "dim"}


@app.command("coverage")
def coverage_cmd(
    year: Annotated[int, typer.Option("--year", "-y", help="the report year (due by 1 April of the next year)")],
    catalog: CatalogOpt = None,
    province: ProvinceOpt = None,
    fmt: Annotated[Literal["table", "csv", "jsonl"], typer.Option("--format", "-f",
                                                                   help="table, csv or jsonl")] = "table",
    db: DbOpt = None,
) -> None:
    """For every government in the catalogue: was its report for --year found, and if not, why?

    Status: published (on or before 1 April of the next year), late, missing (searched, none
    found), blocked (anti-bot wall), unreachable (DNS/connect/TLS, with the reason),
    not_checked. Run `govwatch discover` first. The table ends with counts by province.
    """
    from govwatch.coverage import STATUSES, counts_by_province, coverage_rows, to_csv, to_jsonl

    govs = load_selected(catalog, province)
    store = open_store(db)
    try:
        rows = coverage_rows(store, year, govs)
    finally:
        store.close()
    if fmt == "csv":
        sys.stdout.write(to_csv(rows))
    elif fmt == "jsonl":
        sys.stdout.write(to_jsonl(rows))
    else:
        console = Console(width=240)
        table = Table(title=f"rule-of-law reports for {year} (due by {year + 1}-04-01)")
        for col in ("code", "name", "level", "province", "prefecture", "status", "published", "found_by",
                    "url / reason", "title"):
            table.add_column(col)
        for r in rows:
            table.add_row(r.code, r.name, r.level, r.province, r.prefecture,
                          f"[{COLOURS[r.status]}]{r.status}[/]", r.published or "", r.found_by or "",
                          escape(r.url if r.status in ("published", "late") else (r.reason or r.url or "")),
                          escape(r.title or ""))
        console.print(table)
        counts = Table(title="by province")
        counts.add_column("province")
        for status in STATUSES:
            counts.add_column(status, justify="right")
        counts.add_column("total", justify="right")
        for prov, c in counts_by_province(rows).items():
            counts.add_row(prov, *(str(c.get(s, 0)) for s in STATUSES), str(sum(c.values())))
        console.print(counts)
    raise typer.Exit(EXIT_OK)
