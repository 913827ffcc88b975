"""`govwatch extract`, `reextract` and `eval`: the extractor on saved pages, stored captures and the gold set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from govwatch.cli.common import EXIT_OK, EXIT_PARTIAL, ConfigOpt, DbOpt, app, check_sources, fail, open_store


@app.command()
def reextract(
    config: ConfigOpt = None,
    db: DbOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id")] = None,
) -> None:
    """Run the extractor again on the stored raw captures, without fetching anything.

    A document whose re-extracted text differs gets a new version (marked as re-extracted);
    the rest is left as it is. Uses the sources' content/drop settings when --config is
    readable.
    """
    from govwatch.reextract import reextract as run

    store = open_store(db, read_only=True)
    check_sources(store, config, source)
    try:
        counts = run(store, config, source)
    except Exception as exc:
        raise fail(str(exc)) from None
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    raise typer.Exit(EXIT_OK if counts.get("failed", 0) == 0 else EXIT_PARTIAL)


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="saved HTML pages", exists=True, dir_okay=False)],
    url: Annotated[str | None, typer.Option("--url", help="the page's URL, to resolve links")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="only jsonl for now")] = "jsonl",
) -> None:
    """Run the extractor on saved pages: one JSON object per file."""
    from govwatch.encoding import decode
    from govwatch.extract import extract

    if fmt != "jsonl":
        raise fail(f"unknown format {fmt!r}; known: jsonl")
    for path in files:
        html, _enc = decode(path.read_bytes())
        res = extract(html, url)
        print(json.dumps({
            "file": str(path), "title": res.title, "published": res.published, "publisher": res.publisher,
            "text": res.text, "fields": res.fields, "report_year": res.report_year,
            "attachments": [{"text": a.text, "url": a.url} for a in res.attachments], "reason": res.reason,
        }, ensure_ascii=False))


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(
        help="gold set: real/ and synth/ pages with expect/gold files (the repository's tests/gold) "
             "\\[env GOVWATCH_GOLD]", envvar="GOVWATCH_GOLD", show_envvar=False)] = Path("tests/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="the full report as JSON")] = False,
) -> None:
    """Score the extractor on a gold set: per-page pass/fail and character-level P/R/F1.

    Exit 1 when a score is below the floor recorded in GOLD_DIR/FLOOR.json, 2 when there is
    no gold set.
    """
    from govwatch.extract.evaluate import main as evaluate_main

    if not gold_dir.is_dir():
        where = "" if gold_dir.is_absolute() else f" (looked in {Path.cwd()})"
        raise fail(f"no gold set at {gold_dir}{where}: give GOLD_DIR, the repository's tests/gold, "
                   "or set GOVWATCH_GOLD")
    raise typer.Exit(evaluate_main([str(gold_dir), *(["--json"] if as_json else [])]))
