"""CSV manifest: one row per document or version, without the text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from govwatch.export.base import Exporter, Regions, csv_cell, region_of, register

if TYPE_CHECKING:
    from govwatch.store.repository import DocumentRecord, Store

COLUMNS = (
    "url", "source", "region", "title", "published", "publisher", "report_year", "kind", "version",
    "status", "first_seen", "last_seen", "fetched_at", "duplicate_of", "content_hash", "encoding",
    "chars", "attachments", "attachment_urls",
)


@register
class CsvExporter(Exporter):
    """A manifest without the texts (UTF-8, comma-separated, header row), one row per
    document or per version with ``--all-versions``. Columns: url, source, region (joined
    with "/"), title, published, publisher, report_year, kind, version, status, first_seen,
    last_seen, fetched_at, duplicate_of, content_hash, encoding, chars (length of the text),
    attachments (how many), attachment_urls (space-separated). A cell starting with
    = + - @, tab or CR gets a leading ' so that spreadsheets do not run it as a formula."""

    name = "csv"

    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        n = 0
        for rec in records:
            region = region_of(rec.source, regions)
            writer.writerow(csv_cell(cell) for cell in [
                rec.url, rec.source, "/".join(region) if region else "", rec.title or "", rec.published or "",
                rec.publisher or "", "" if rec.report_year is None else rec.report_year, rec.kind or "",
                rec.version, rec.status, rec.first_seen, rec.last_seen, rec.fetched_at,
                rec.duplicate_of or "", rec.content_hash, rec.encoding or "", len(rec.text),
                len(rec.attachments),
                " ".join(a.get("url", "") for a in rec.attachments),
            ])
            n += 1
        return n
