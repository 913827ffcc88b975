"""`govwatch feed`: the Atom feed of new, changed and removed documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from govwatch.cli.common import DbOpt, app, check_output_path, check_sources, err, fail, open_store


@app.command()
def feed(
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: stdout)")] = None,
    since: Annotated[str | None, typer.Option("--since", help="only changes since this date: YYYY-MM-DD or "
                                              "ISO time, UTC")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="at most this many entries")] = 50,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="only this source id "
                                                     "(repeatable)")] = None,
    feed_url: Annotated[str | None, typer.Option("--feed-url", help="the feed's own URL (rel=self link)")]
    = None,
) -> None:
    """Write an Atom feed of new, changed, reposted and removed documents, newest first.

    Each entry links to the page, has a stable id, its time, the title, and the sentence
    diff as HTML content (removed characters in <del>, added ones in <ins>). The daemon
    serves the same feed at /feed.atom. Exit 2 for a bad option.
    """
    from govwatch.export.base import parse_since
    from govwatch.feed import render_feed

    try:
        since_dt = parse_since(since) if since else None
    except ValueError as exc:
        raise fail(str(exc)) from None
    if out is not None:
        check_output_path(out)
    store = open_store(db, read_only=True)
    check_sources(store, None, source)
    try:
        data = render_feed(store, since=since_dt, limit=limit, source_ids=source, feed_url=feed_url)
    finally:
        store.close()
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
        err.print(f"wrote {data.count(b'<entry>')} entries to {out}", highlight=False, markup=False)
