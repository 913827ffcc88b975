"""`govwatch sources …` and `govwatch fetchers`: the config and the site-family fetchers."""

from __future__ import annotations

import typer
from rich.text import Text

from govwatch.cli.common import EXIT_OK, EXIT_USAGE, ConfigOpt, app, err, fail


@app.command()
def fetchers() -> None:
    """List the site-family fetchers and what they fit."""
    import inspect

    from govwatch.crawl.fetchers import REGISTRY, load_plugins

    load_plugins()
    for name in sorted(REGISTRY):
        doc = inspect.cleandoc(REGISTRY[name].__doc__ or "")
        print(f"{name}\n    " + doc.replace("\n", "\n    ") + "\n")


sources_app = typer.Typer(help="Inspect and validate config/sources.yaml.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
def sources_check(config: ConfigOpt = None) -> None:
    """Validate the config without crawling: schema, URL shape, known fetcher, region.

    Exit 0 when every source passes, 2 otherwise (each problem names the source and key).
    """
    from govwatch.crawl.fetchers import get_fetcher
    from govwatch.sources import ConfigError, check_source, load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    problems: list[str] = []
    seen_urls: dict[str, str] = {}
    for src in cfg.sources:
        problems.extend(check_source(src))
        try:
            get_fetcher(src.fetcher)
        except KeyError as exc:
            problems.append(f"source '{src.id}': key 'fetcher': {exc.args[0]}")
        for url in src.start_urls:
            if url in seen_urls:
                problems.append(f"source '{src.id}': key 'start_urls': also used by '{seen_urls[url]}'")
            seen_urls[url] = src.id
    unverified = sum(1 for s in cfg.sources if not s.verified)
    for line in problems:
        err.print(Text.assemble(("✗", "red"), " ", line), highlight=False)
    print(f"{len(cfg.sources)} sources checked, {len(problems)} problem(s), {unverified} not yet verified")
    raise typer.Exit(EXIT_USAGE if problems else EXIT_OK)
