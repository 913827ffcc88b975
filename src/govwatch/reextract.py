"""Re-extraction: run the (possibly improved) extractor over stored raw captures.

No site is contacted. For every stored document, the newest successful capture is decoded
and extracted again; a text whose hash differs from the current version becomes a new
version with ``extractor = "reextract"``, so a better extractor improves the corpus and the
history shows why the text changed.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from govwatch.encoding import decode
from govwatch.extract import extract
from govwatch.reports import classify
from govwatch.sources import ConfigError, Source, load_config
from govwatch.store import Store

log = logging.getLogger(__name__)


def reextract(store: Store, config: str | Path | None = None,
              source_ids: list[str] | None = None) -> dict[str, int]:
    """Re-extract the stored captures; returns counts of changed / unchanged / failed."""
    sources: dict[str, Source] = {}
    try:
        sources = {s.id: s for s in load_config(config).sources}
    except ConfigError as exc:
        log.info("re-extracting without source settings: %s", exc)
    counts: Counter[str] = Counter()
    for source_id, url, capture in store.latest_captures(source_ids):
        body = store.raw_body(capture.raw_hash) if capture.raw_hash else None
        if body is None:
            counts["failed"] += 1
            continue
        headers = _headers(capture.headers_json)
        html, encoding = decode(body, headers.get("content-type"))
        src = sources.get(source_id)
        result = extract(html, url, content=src.content if src else None, drop=list(src.drop) if src else None)
        if not result.paragraphs:
            counts["failed"] += 1
            continue
        kind, year = classify(result.title)
        if result.report_year is None:
            result.report_year = year
        outcome = store.record_page(source_id, url, result, kind=kind or "match", encoding=encoding,
                                    status_code=capture.status_code, etag=headers.get("etag"),
                                    last_modified=headers.get("last-modified"), raw_hash=capture.raw_hash,
                                    extractor="reextract", size=len(body))
        counts["changed" if outcome in ("changed", "new") else "unchanged"] += 1
    return {"changed": counts["changed"], "unchanged": counts["unchanged"], "failed": counts["failed"]}


def _headers(raw: str) -> dict[str, str]:
    import json

    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k).lower(): str(v) for k, v in data.items()}
