"""Attachments and images of the body, with absolute URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from govwatch.extract.result import Link
from govwatch.extract.textutil import normalize_space

ATTACHMENT_EXTS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "7z", "ppt",
                   "pptx", "txt", "csv", "ceb", "tif", "tiff")
_EXT_RE = re.compile(r"\.(" + "|".join(ATTACHMENT_EXTS) + r")$", re.IGNORECASE)
_DOWNLOAD_RE = re.compile(r"download|downfile|attach|fujian|filedown", re.IGNORECASE)


def is_attachment_href(href: str) -> bool:
    if not href or href.startswith(("javascript:", "mailto:", "#", "data:")):
        return False
    parts = urlsplit(href)
    if _EXT_RE.search(unquote(parts.path)):
        return True
    if parts.query:
        q = parse_qs(parts.query)
        for key in ("filename", "fileName", "file", "name", "path", "filepath", "fn"):
            for v in q.get(key, ()):
                if _EXT_RE.search(unquote(v)):
                    return True
        if _DOWNLOAD_RE.search(parts.path) and _EXT_RE.search(unquote(parts.query)):
            return True
    return False


def _resolve(base: str | None, href: str) -> str:
    href = href.strip()
    if base:
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def _filename(href: str) -> str:
    parts = urlsplit(href)
    q = parse_qs(parts.query)
    for key in ("filename", "fileName", "file", "name"):
        if q.get(key):
            return unquote(q[key][0]).rsplit("/", 1)[-1]
    return unquote(parts.path.rsplit("/", 1)[-1])


def attachments(nodes: Iterable[LexborNode], base: str | None) -> list[Link]:
    out: list[Link] = []
    seen: set[str] = set()
    for root in nodes:
        for a in root.css("a[href]"):
            href = a.attrs.get("href") or ""  # (one attribute, not the element's whole dict)
            if not is_attachment_href(href):
                continue
            url = _resolve(base, href)
            if url in seen:
                continue
            seen.add(url)
            text = normalize_space(a.text(deep=True)) or normalize_space(a.attributes.get("title") or "")
            out.append(Link(text or _filename(href), url))
    return out


def images(nodes: Iterable[LexborNode], base: str | None) -> list[Link]:
    out: list[Link] = []
    seen: set[str] = set()
    for root in nodes:
        for img in root.css("img"):
            attrs = img.attributes
            src = attrs.get("src") or attrs.get("data-src") or attrs.get("oldsrc") or ""
            src = src.strip()
            if not src or src.startswith("data:"):
                continue
            url = _resolve(base, src)
            if url in seen:
                continue
            seen.add(url)
            text = normalize_space(attrs.get("alt") or attrs.get("title") or "")
            out.append(Link(text, url))
    return out
