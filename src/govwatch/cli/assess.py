"""`govwatch assess`: what each government's report contains; `assess-eval`: the analyser on the gold set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govwatch.cli.common import EXIT_OK, ConfigOpt, DbOpt, app, err, fail, open_store

if TYPE_CHECKING:
    from govwatch.assess.table import AssessRow


@app.command("assess")
def assess_cmd(
    year: Annotated[int, typer.Option("--year", "-y", help="the report year (published the year after)")],
    catalog: Annotated[Path | None, typer.Option("--catalog", help="catalogue of governments (default: "
                                                 "the bundled one, when present)")] = None,
    province: Annotated[str | None, typer.Option("--province", help="only this province (e.g. 江苏省)")] = None,
    fmt: Annotated[Literal["table", "csv", "jsonl", "parquet"],
                   typer.Option("--format", "-f", help="table, csv, jsonl or parquet")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="write here (parquet needs it)")] = None,
    explain: Annotated[str | None, typer.Option("--explain", help="show every cell of one government "
                                                "(catalogue code or name) with its sentence")] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
    today: Annotated[str | None, typer.Option("--today", help="judge overdue reports as of this date "
                                              "(YYYY-MM-DD; default: today)")] = None,
    all_governments: Annotated[bool, typer.Option("--all-governments", help="also list catalogue governments "
                                                  "that discovery has not checked")] = False,
) -> None:
    """One row per government: coverage status, days early or late, the five required parts
    (S section, m mentioned only, — absent), the key figures, the length.

    Rows: catalogue governments that discovery has checked (all with --all-governments), then
    configured sources whose report no catalogue government took, named after their region. The table ends with
    totals by province; --format jsonl carries each part's heading and span and each figure's
    sentence, csv the headings and sentences in columns. Exit 0, or 2 for usage errors.
    """
    from datetime import date

    from govwatch.assess.table import assess_rows, to_csv, to_jsonl
    from govwatch.assess.table import explain as explain_row
    from govwatch.sources import ConfigError, load_config

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise fail(f"--today: not a date: {today!r} (want YYYY-MM-DD)") from None
    try:
        sources = list(load_config(config).sources)
    except ConfigError as exc:
        if config is not None:
            raise fail(escape(str(exc))) from None
        sources = []
    cat = None
    if catalog is not None:
        try:
            from govwatch.sources.catalog import load_catalog
        except ImportError:
            raise fail("--catalog: this build has no catalogue support (govwatch.sources.catalog)") from None
        try:
            cat = load_catalog(catalog)
        except (OSError, ValueError) as exc:
            raise fail(f"--catalog {catalog}: {escape(str(exc))}") from None
    store = open_store(db)
    try:
        result = assess_rows(store, year, catalog=cat, sources=sources, province=province, today=day,
                             all_governments=all_governments)
    finally:
        store.close()
    rows = result.rows
    if result.not_checked:
        err.print(f"{result.not_checked} catalogue governments not checked by discovery yet are not listed "
                  "(--all-governments lists them)", highlight=False)
    if explain is not None:
        hits = [r for r in rows if explain in (r.code, r.name, r.prefecture + r.name, r.province + r.name,
                                               r.province + r.prefecture + r.name)]
        if not hits:
            raise fail(f"--explain: no government {explain!r} among {len(rows)} rows")
        for r in hits:
            print("\n".join(explain_row(r)))
        raise typer.Exit(EXIT_OK)
    if fmt == "csv":
        _write(to_csv(rows), out)
    elif fmt == "jsonl":
        _write(to_jsonl(rows), out)
    elif fmt == "parquet":
        if out is None:
            raise fail("--format parquet needs --out FILE")
        _parquet(rows, out)
    else:
        _print_table(rows, year)
    raise typer.Exit(EXIT_OK)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _parquet(rows: list[AssessRow], out: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise fail("format 'parquet' needs pyarrow (pip install 'govwatch[parquet]')") from None
    flat = [r.flat() for r in rows]
    pq.write_table(pa.Table.from_pylist(flat), out)


_NO_WRAP = ("government", "province", "published", "timely", "status")


def _print_table(rows: list[AssessRow], year: int) -> None:
    from govwatch.assess.rules import FIGURE_NAMES, FIGURE_RULES_BY_NAME, PART_NAMES, PART_RULES_BY_NAME
    from govwatch.assess.table import PART_MARK, province_totals, timeliness

    short = {n: r.short for n, r in PART_RULES_BY_NAME.items()}
    figs = {n: r.short for n, r in FIGURE_RULES_BY_NAME.items()}
    table = Table(title=f"rule-of-law reports for {year}: parts (S section, m mentioned, — absent) and figures",
                  caption="every cell's sentence: govwatch assess --explain CODE|NAME (or --format jsonl)")
    for col in ("#", "government", "province", "status", "published", "timely", "kind", "ver", "字数",
                *(short[n] for n in PART_NAMES), *(figs[n] for n in FIGURE_NAMES)):
        table.add_column(col, overflow="fold", no_wrap=col in _NO_WRAP)
    for i, r in enumerate(rows, 1):
        a = r.assessment
        ver = f"{r.version}/{r.versions}" + (" Δ" if any("text edited" not in c for c in r.changes) else "") \
            if r.version else ""
        table.add_row(
            str(i), f"{r.name}" + (f" {r.code}" if r.code else ""), r.province, r.status,
            r.published or "", timeliness(r.days), a.kind if a else "", ver,
            str(a.length) if a else "",
            *(PART_MARK[r.part(n)] for n in PART_NAMES),
            *(_fmt(r.figure(n)) for n in FIGURE_NAMES),
        )
    console = Console(width=220)
    console.print(table)
    totals = Table(title="totals by province (S/m: reports with the part as a section / mentioned only)")
    for col in ("province", "governments", "reports", "late", *(short[n] for n in PART_NAMES), "median 字数"):
        totals.add_column(col)
    for t in province_totals(rows):
        med = sorted(t.lengths)[len(t.lengths) // 2] if t.lengths else None
        totals.add_row(t.province, str(t.governments), str(t.found), str(t.late),
                       *(f"{t.sections[n]}/{t.mentioned[n]}" for n in PART_NAMES), str(med or ""))
    console.print(totals)
    changed = [r for r in rows if r.changes]
    for r in changed:
        for c in r.changes:
            err.print(f"{r.name}: {c}", highlight=False)


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if v == int(v) else f"{v:g}"


@app.command("assess-eval")
def assess_eval_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Per-part precision and recall of the report analyser on its hand-written gold set.

    Exit 1 when some part's precision or recall is below 0.95.
    """
    from govwatch.assess.evaluate import main

    raise typer.Exit(main(["--json"] if as_json else []))
