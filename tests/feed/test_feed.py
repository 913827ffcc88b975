"""The Atom feed, parsed with xml.etree and checked structurally."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from govwatch.feed import ATOM_NS, render_feed
from govwatch.store import Store
from tests.export.synth import Small, small_store

A = f"{{{ATOM_NS}}}"


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Small:
    return small_store(db_url, tmp_path)


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml")
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    return root


def check_atom(root: ET.Element) -> list[ET.Element]:
    """RFC 4287 structure: required elements once, unique ids, links with href, content."""
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{tag}")) == 1, tag
    assert root.find(f"{A}author/{A}name") is not None
    entries = root.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    for e in entries:
        for tag in ("id", "title", "updated"):
            assert len(e.findall(f"{A}{tag}")) == 1, tag
        assert (e.findtext(f"{A}id") or "").startswith("urn:uuid:")
        assert (e.findtext(f"{A}updated") or "").endswith("Z")
        link = e.find(f"{A}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("http")
        content = e.find(f"{A}content")
        assert content is not None and content.get("type") == "html" and content.text
    return entries


def by_kind(entries: list[ET.Element]) -> dict[str, list[ET.Element]]:
    out: dict[str, list[ET.Element]] = {}
    for e in entries:
        kind = next(c.get("term") for c in e.findall(f"{A}category") if c.get("scheme") is None)
        out.setdefault(kind or "", []).append(e)
    return out


def test_feed_structure_and_entries(small: Small) -> None:
    store = Store(small.db)
    try:
        data = render_feed(store, feed_url="http://127.0.0.1:8080/feed.atom")
        again = render_feed(store, feed_url="http://127.0.0.1:8080/feed.atom")
    finally:
        store.close()
    root = parse(data)
    entries = check_atom(root)
    assert root.find(f"{A}link[@rel='self']").get("href") == "http://127.0.0.1:8080/feed.atom"  # type: ignore[union-attr]
    kinds = by_kind(entries)
    assert len(kinds["new"]) == 6 and len(kinds["changed"]) == 1
    assert len(kinds["duplicate"]) == 1 and len(kinds["removed"]) == 1
    changed = kinds["changed"][0]
    assert changed.find(f"{A}link").get("href") == small.urls["edited"]  # type: ignore[union-attr]
    html = changed.findtext(f"{A}content") or ""
    assert "<del>0</del><ins>6</ins>" in html  # 120件 -> 126件, marked in place
    assert "甲区2024年度法治政府建设情况报告" in (changed.findtext(f"{A}title") or "")
    removed = kinds["removed"][0]
    assert removed.find(f"{A}link").get("href") == small.urls["gone"]  # type: ignore[union-attr]
    # newest first; ids and times are stable between renders
    times = [e.findtext(f"{A}updated") for e in entries]
    assert times == sorted(times, reverse=True)
    assert [e.findtext(f"{A}id") for e in entries] == [e.findtext(f"{A}id") for e in check_atom(parse(again))]


def test_feed_since_limit_and_source(small: Small) -> None:
    store = Store(small.db)
    try:
        recent = check_atom(parse(render_feed(store, since=small.times["v2"] - timedelta(seconds=1))))
        assert {k: len(v) for k, v in by_kind(recent).items()} == {"changed": 1, "duplicate": 1, "removed": 1}
        assert len(check_atom(parse(render_feed(store, limit=2)))) == 2
        beta = check_atom(parse(render_feed(store, source_ids=["beta"])))
        assert {e.find(f"{A}link").get("href") for e in beta} == {  # type: ignore[union-attr]
            small.urls["gone"], small.urls["odd"], small.urls["odd2"]}
        empty = parse(render_feed(store, since=small.times["v2"] + timedelta(days=3650)))
        assert check_atom(empty) == []
    finally:
        store.close()


def test_feed_strips_characters_xml_cannot_carry(small: Small) -> None:
    store = Store(small.db)
    try:
        root = parse(render_feed(store, source_ids=["beta"]))  # a title holds \x07
    finally:
        store.close()
    titles = [e.findtext(f"{A}title") or "" for e in root.findall(f"{A}entry")]
    assert any("法治政府建设" in t for t in titles) and not any("\x07" in t for t in titles)
