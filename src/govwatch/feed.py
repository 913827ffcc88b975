"""The changes feed: an Atom (RFC 4287) feed of new, changed, reposted and removed documents.

``govwatch feed`` writes it; the daemon serves :func:`render_feed` at ``/feed.atom``. Each
entry links to the page, has a stable id (the same version or removal always gets the same
``urn:uuid:``), its updated time, the title, and as ``content`` (HTML) the sentence diff
with ``<del>``/``<ins>`` marks — or the text of a new document, or a removal notice.

>>> entry_id("http://a.gov.cn/t1.html", "v2")
'urn:uuid:...'
>>> entry_id("http://a.gov.cn/t1.html", "v2") == entry_id("http://a.gov.cn/t1.html", "v2")
True
"""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from govwatch.store.diff import diff_html

if TYPE_CHECKING:
    from govwatch.store.repository import Change, Store

ATOM_NS = "http://www.w3.org/2005/Atom"
DEFAULT_TITLE = "govwatch: rule-of-law report changes"
#: longest document text carried in a "new" entry (characters); the link has the rest
MAX_TEXT_CHARS = 20_000
LABELS = {"new": "new", "changed": "changed", "duplicate": "reposted", "removed": "removed"}

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def entry_id(url: str, what: str) -> str:
    """A stable Atom id for one event of one document (``what``: ``v3``, ``removed@<time>``)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{url}#{what}')}"


def _time(dt: datetime) -> str:
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _clean(text)
    return el


def _text_html(text: str, limit: int) -> str:
    cut = text[:limit]
    paragraphs = [f"<p>{html.escape(p, quote=False)}</p>" for p in cut.split("\n") if p.strip()]
    if len(text) > limit:
        paragraphs.append(f"<p>… ({len(text) - limit} more characters)</p>")
    return "\n".join(paragraphs)


def entry_content(change: Change, max_chars: int = MAX_TEXT_CHARS) -> str:
    """The HTML content of one entry."""
    rec = change.record
    if change.kind == "changed":
        body = diff_html(rec.diff or "") or "<p>(no textual difference stored)</p>"
        return f"<p>Version {rec.version - 1} → {rec.version}:</p>\n{body}"
    if change.kind == "removed":
        return (f"<p>The page no longer answers (removed); govwatch keeps its {rec.version} version(s). "
                f"Last text:</p>\n{_text_html(rec.text, max_chars)}")
    head = ""
    if change.kind == "duplicate" and rec.duplicate_of:
        link = html.escape(rec.duplicate_of)
        head = f'<p>A copy of <a href="{link}">{link}</a>.</p>\n'
    return head + _text_html(rec.text, max_chars)


def render_feed(store: Store, *, since: datetime | None = None, limit: int = 50,
                source_ids: list[str] | None = None, feed_url: str | None = None,
                title: str = DEFAULT_TITLE, now: datetime | None = None,
                max_chars: int = MAX_TEXT_CHARS) -> bytes:
    """The Atom feed of the ``limit`` newest changes (since ``since``), as UTF-8 bytes."""
    changes = store.changes_since(since, limit=limit, source_ids=source_ids)
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(root, "id", entry_id(feed_url or "govwatch:changes", "feed"))
    _sub(root, "title", title)
    updated = max((c.at for c in changes), default=now or datetime.now(UTC))
    _sub(root, "updated", _time(updated))
    author = _sub(root, "author")
    _sub(author, "name", "govwatch")
    _sub(root, "generator", "govwatch")
    if feed_url:
        _sub(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    for change in changes:
        rec = change.record
        entry = _sub(root, "entry")
        what = f"removed@{_time(change.at)}" if change.kind == "removed" else f"v{rec.version}"
        _sub(entry, "id", entry_id(rec.url, what))
        label = LABELS.get(change.kind, change.kind)
        _sub(entry, "title", f"[{label}] {rec.title or rec.url}")
        _sub(entry, "link", rel="alternate", type="text/html", href=rec.url)
        _sub(entry, "updated", _time(change.at))
        if change.kind in ("new", "duplicate"):
            _sub(entry, "published", _time(change.at))
        _sub(entry, "category", term=change.kind, label=label)
        _sub(entry, "category", term=rec.source, scheme="urn:govwatch:source")
        facts = [rec.source, f"version {rec.version}"]
        if rec.report_year:
            facts.append(f"report year {rec.report_year}")
        if rec.published:
            facts.append(f"published {rec.published}")
        _sub(entry, "summary", f"{label}: " + ", ".join(facts))
        _sub(entry, "content", entry_content(change, max_chars), type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
