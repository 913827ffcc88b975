"""Decoding page bytes the way Chinese government pages need it (used by crawl and extract).

Order: byte-order mark, the HTTP header's charset (an ``iso-8859-1``/``latin-1`` header is
not trusted: servers send it by default on GBK pages), the ``<meta>`` charset, then
detection with charset-normalizer. gb2312 and gbk are decoded as gb18030, their superset.
Invalid bytes are replaced, never fatal.

>>> decode("今天".encode("gbk"), "text/html; charset=gb2312")
('今天', 'gb18030')
>>> decode(b'<meta charset="GBK">' + "法治".encode("gbk"), "text/html; charset=ISO-8859-1")[1]
'gb18030'
>>> decode(b"\\xef\\xbb\\xbfok", None)
('ok', 'utf-8')
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "euc-cn": "gb18030",
    "gb18030": "gb18030",
    "utf8": "utf-8",
    "unicode": "utf-8",
}
_UNTRUSTED = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def normalize_charset(name: str | None) -> str | None:
    """Canonical codec name for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    label = name.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name if label not in ("gb18030",) else "gb18030"
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER.search(content_type)
    return m.group(1) if m else None


def meta_charset(head: bytes) -> str | None:
    m = _META.search(head[:8192])
    return m.group(1).decode("ascii", "replace") if m else None


def sniff(content: bytes, content_type: str | None = None) -> str:
    """Choose the encoding of ``content`` (see the module docstring for the order)."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = normalize_charset(header_charset(content_type))
    if declared and declared.replace("_", "-") not in _UNTRUSTED and declared not in ("iso8859-1", "cp1252"):
        return declared
    meta = normalize_charset(meta_charset(content))
    if meta:
        return meta
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content[:200_000]).best()
    if best is not None:
        return normalize_charset(best.encoding) or "utf-8"
    return "utf-8"


def decode(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``content``; returns ``(text, encoding_used)``."""
    encoding = sniff(content, content_type)
    text = content.decode(encoding, errors="replace")
    if text.startswith("\ufeff") and (encoding == "utf-8" or encoding.startswith("utf-16")):
        text = text[1:]
    return text, encoding


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode a page's bytes to text (see :func:`decode`), dropping the encoding name."""
    return decode(content, content_type)[0]
