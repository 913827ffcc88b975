"""Apache Parquet via pyarrow (optional: ``pip install 'govwatch[parquet]'``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from govwatch.export.base import Exporter, Regions, region_of, register

if TYPE_CHECKING:
    import pyarrow as pa

    from govwatch.store.repository import DocumentRecord, Store

#: rows per row group, and the text bytes after which a row group is written early
BATCH_ROWS = 1000
BATCH_BYTES = 32 * 1024 * 1024


def schema(with_diff: bool) -> pa.Schema:
    import pyarrow as pa

    ts = pa.timestamp("s", tz="UTC")
    fields = [
        ("url", pa.string()), ("source", pa.string()), ("region", pa.list_(pa.string())),
        ("title", pa.string()), ("published", pa.date32()), ("publisher", pa.string()),
        ("text", pa.string()), ("content_hash", pa.string()), ("version", pa.int32()),
        ("status", pa.string()), ("first_seen", ts), ("last_seen", ts), ("duplicate_of", pa.string()),
        ("report_year", pa.int32()), ("kind", pa.string()), ("fields", pa.map_(pa.string(), pa.string())),
        ("attachments", pa.list_(pa.struct([("text", pa.string()), ("url", pa.string())]))),
        ("encoding", pa.string()), ("fetched_at", ts),
    ]
    if with_diff:
        fields.append(("diff", pa.string()))
    return pa.schema(fields)


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@register
class ParquetExporter(Exporter):
    """Apache Parquet (needs pyarrow: ``pip install 'govwatch[parquet]'``; needs ``--out FILE``
    or a pipe), one row per document or per version with ``--all-versions``. Columns as in
    jsonl, typed: region list<string>, published date32, first_seen/last_seen/fetched_at
    timestamp[s, UTC], version/report_year int32, fields map<string,string>, attachments
    list<struct<text,url>>; ``diff`` only with --all-versions. Written in row groups of
    1000, so memory stays flat."""

    name = "parquet"
    mode = "binary"
    requires = ("pyarrow",)
    extra = "parquet"

    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        import pyarrow as pa
        import pyarrow.parquet as pq

        sch = schema(all_versions)
        n = 0
        rows: list[dict[str, Any]] = []
        size = 0
        with pq.ParquetWriter(out, sch, compression="zstd") as writer:
            for rec in records:
                row = {
                    "url": rec.url, "source": rec.source, "region": region_of(rec.source, regions),
                    "title": rec.title, "published": _date(rec.published), "publisher": rec.publisher,
                    "text": rec.text, "content_hash": rec.content_hash, "version": rec.version,
                    "status": rec.status, "first_seen": _ts(rec.first_seen), "last_seen": _ts(rec.last_seen),
                    "duplicate_of": rec.duplicate_of, "report_year": rec.report_year, "kind": rec.kind,
                    "fields": list(rec.fields.items()),
                    "attachments": [{"text": a.get("text"), "url": a.get("url")} for a in rec.attachments],
                    "encoding": rec.encoding, "fetched_at": _ts(rec.fetched_at),
                }
                if all_versions:
                    row["diff"] = rec.diff
                rows.append(row)
                size += len(rec.text) * 3
                n += 1
                if len(rows) >= BATCH_ROWS or size >= BATCH_BYTES:
                    writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=sch))
                    rows, size = [], 0
            if rows or n == 0:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=sch))
        return n
