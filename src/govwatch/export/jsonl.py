"""JSON Lines: the full record, one object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from govwatch.export.base import Exporter, Regions, record_row, register

if TYPE_CHECKING:
    from govwatch.store.repository import DocumentRecord, Store


@register
class JsonlExporter(Exporter):
    """One JSON object per line: per document (its latest version), or per version with
    ``--all-versions`` (adding ``diff``, null for version 1). Fields: url, source, region (the
    source's region list from the config, null when the source is not in it), title,
    published (YYYY-MM-DD or null), publisher, text, content_hash, version, status
    (active/gone), first_seen, last_seen, duplicate_of, report_year, kind, fields,
    attachments, encoding, fetched_at, and ``assessment`` (``govwatch.assess``: kind, length, the five
    parts with heading and span, the key figures with their sentence)."""

    name = "jsonl"

    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        from govwatch.assess import assess_text

        n = 0
        for rec in records:
            row = record_row(rec, regions, with_diff=all_versions)
            row["assessment"] = assess_text(rec.text, rec.title).as_dict()
            out.write(json.dumps(row, ensure_ascii=False))
            out.write("\n")
            n += 1
        return n
