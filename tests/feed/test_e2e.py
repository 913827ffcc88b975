"""``govwatch feed`` end to end after two crawls of the simulated sites."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.export.e2e import Crawled, cli, crawled  # noqa: F401  (the fixture)
from tests.feed.test_feed import A, by_kind, check_atom


def test_feed_command(crawled: Crawled) -> None:  # noqa: F811
    c = crawled
    out = c.tmp / "changes.atom"
    proc = cli("feed", "--db", c.db, "--out", str(out), "--limit", "200", "--feed-url", "http://127.0.0.1/feed.atom")
    assert "entries" in proc.stderr
    entries = check_atom(ET.parse(out).getroot())
    kinds = by_kind(entries)
    link = {k: {e.find(f"{A}link").get("href") for e in v} for k, v in kinds.items()}  # type: ignore[union-attr]
    assert c.changes.edited in link["changed"]
    assert set(c.changes.deleted) <= link["removed"]
    assert c.changes.new in link["new"] and c.changes.duplicate[1] in link["duplicate"]  # type: ignore[index]
    edited = next(e for e in kinds["changed"] if e.find(f"{A}link").get("href") == c.changes.edited)  # type: ignore[union-attr]
    html = edited.findtext(f"{A}content") or ""
    assert "<del>" in html and "<ins>" in html
    # to stdout, limited, and since a date in the future: an empty but valid feed
    root = ET.fromstring(cli("feed", "--db", c.db, "--limit", "3", text=False).stdout)
    assert len(check_atom(root)) == 3
    assert check_atom(ET.fromstring(cli("feed", "--db", c.db, "--since", "2999-01-01", text=False).stdout)) == []
    assert cli("feed", "--db", c.db, "--since", "soon", check=2).returncode == 2
