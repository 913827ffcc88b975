"""Plain-text tree: ``region/…/source/report_year-title.txt``, one file per document or version.

File and directory names are made safe on every common file system:

>>> safe_name("关于2023年度法治政府建设/情况的报告")
'关于2023年度法治政府建设_情况的报告'
>>> safe_name("..\\x00  con ")
'_con'
>>> len(safe_name("长" * 200).encode("utf-8")) <= 120
True
>>> safe_name("")
'untitled'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govwatch.export.base import Exporter, Regions, region_of, register

if TYPE_CHECKING:
    from govwatch.store.repository import DocumentRecord, Store

#: longest file or directory name component, in UTF-8 bytes (file systems allow 255)
MAX_NAME_BYTES = 120
_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")
HEADER_KEYS = ("title", "url", "source", "region", "report_year", "kind", "published", "publisher",
               "version", "status", "duplicate_of", "content_hash", "first_seen", "fetched_at")


def safe_name(text: str | None, max_bytes: int = MAX_NAME_BYTES, fallback: str = "untitled") -> str:
    """One path component: no separators, reserved or control characters, at most ``max_bytes``."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Zl", "Zp") else c for c in text
                   if not unicodedata.category(c).startswith("C"))
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if _RESERVED.match(text):
        text = "_" + text
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip(" .")
    return text or fallback


def _unique(directory: Path, stem: str, suffix: str) -> Path:
    """``stem + suffix`` in ``directory``, or ``stem-2 + suffix`` … when taken."""
    path = directory / f"{stem}{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    return path


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


def header(rec: DocumentRecord, region: list[str] | None) -> str:
    values: dict[str, object] = {
        "title": rec.title, "url": rec.url, "source": rec.source, "region": " / ".join(region or []) or None,
        "report_year": rec.report_year, "kind": rec.kind, "published": rec.published,
        "publisher": rec.publisher, "version": rec.version, "status": rec.status,
        "duplicate_of": rec.duplicate_of, "content_hash": rec.content_hash, "first_seen": rec.first_seen,
        "fetched_at": rec.fetched_at,
    }
    lines = []
    for key in HEADER_KEYS:
        value = values[key]
        if value is None or value == "":
            continue
        lines.append(f"{key}: {_one_line(str(value))}")
    return "\n".join(lines) + "\n\n"


@register
class TxtExporter(Exporter):
    """A directory tree of UTF-8 text files (needs ``--out DIR``):
    ``<province>/<city>/<district>/<source>/<report_year>-<title>.txt`` (``_unknown-region``
    when the source is not in the config; ``.vN`` before ``.txt`` with ``--all-versions``).
    Each file starts with ``key: value`` lines (title, url, source, region, report_year,
    kind, published, publisher, version, status, duplicate_of, content_hash, first_seen,
    fetched_at), a blank line, then the text, one paragraph per line. Names have no path
    separators or control characters, are at most 120 bytes per component, and clashes get
    ``-2``, ``-3`` …. The directory is replaced whole only when it is empty or a previous
    export."""

    name = "txt"
    mode = "dir"

    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        root = Path(out)
        n = 0
        for rec in records:
            region = region_of(rec.source, regions)
            parts = [safe_name(r) for r in region] if region else ["_unknown-region"]
            directory = root.joinpath(*parts, safe_name(rec.source))
            directory.mkdir(parents=True, exist_ok=True)
            year = str(rec.report_year) if rec.report_year is not None else "unknown"
            stem = safe_name(f"{year}-{rec.title or 'untitled'}")
            suffix = f".v{rec.version}.txt" if all_versions else ".txt"
            path = _unique(directory, stem, suffix)
            path.write_text(header(rec, region) + rec.text + "\n", encoding="utf-8")
            n += 1
        return n
