"""`govwatch demo`: crawl bundled simulated sites twice, with a change in between."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govwatch.cli.common import DbOpt, app, err
from govwatch.cli.documents import print_diff
from govwatch.cli.fetch import run_fetch


@app.command()
def demo(
    db: DbOpt = None,
    keep: Annotated[Path | None, typer.Option("--keep", help="keep the demo database and config here")] = None,
) -> None:
    """Crawl bundled simulated sites on 127.0.0.1, switch them to a later state, crawl again.

    Needs no network: shows the summary of both crawls and one diff.
    """
    import tempfile

    from govwatch.demo.sites import SimulatedSites

    with tempfile.TemporaryDirectory(prefix="govwatch-demo-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        cfg = workdir / "sources.yaml"
        db_url = db or f"sqlite:///{workdir / 'demo.db'}"
        with SimulatedSites() as sites:
            cfg.write_text(sites.sources_yaml(delay=0.0), encoding="utf-8")
            err.print("[bold]1. first crawl of the simulated sites[/]")
            run_fetch(cfg, db_url, None, title="crawl 1")
            sites.set_state("later")
            err.print("[bold]2. the sites changed (a report edited, one deleted, one reposted, one new); "
                      "crawl again[/]")
            run_fetch(cfg, db_url, None, title="crawl 2")
            edited = sites.changes().edited
        from govwatch.store import Store
        from govwatch.store.diff import paragraph_diff

        store = Store(db_url)
        from govwatch.demo.attribution import attribute_sources
        from govwatch.sources import load_config

        # the demo's places are real governments of the catalogue: coverage and the web map show them
        attribute_sources(store, [(s.id, s.region, s.start_urls[0]) for s in load_config(cfg).sources])
        versions = store.history(edited)
        err.print(f"[bold]3. what changed in {edited}[/]")
        if len(versions) >= 2:
            print_diff(paragraph_diff(versions[-2].text, versions[-1].text, "version 1", "version 2"))
        store.close()
        if keep:
            err.print(f"demo config and database kept in {workdir}")
