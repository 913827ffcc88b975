"""WARC (ISO 28500) of the raw HTTP responses the stored versions were extracted from, via warcio."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from govwatch.export.base import Exporter, ExportError, Regions, region_of, register

if TYPE_CHECKING:
    from govwatch.store.repository import DocumentRecord, RawCapture, Store

log = logging.getLogger(__name__)

#: response headers that describe the transfer, not the body we kept (it is stored decoded)
DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


def _status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


@register
class WarcExporter(Exporter):
    """A gzipped WARC 1.0 file (needs warcio, in the ``warc`` extra; ``--out FILE.warc.gz`` or a
    pipe) of the raw captures: for each exported document (or version, with
    ``--all-versions``) the HTTP response its text was extracted from, as a ``response``
    record (WARC-Target-URI, WARC-Date = fetch time, WARC-Block-Digest and
    WARC-Payload-Digest; the body as fetched, decoded from any Content-Encoding), followed by
    a ``metadata`` record (application/json: source, region, title, version, content_hash,
    report_year, kind) tied to it by WARC-Concurrent-To. Versions stored before raw captures
    were kept are skipped (and counted on stderr)."""

    name = "warc"
    mode = "binary"
    requires = ("warcio",)
    extra = "warc"
    needs_store = True

    def write(self, records: Iterable[DocumentRecord], out: Any, *, all_versions: bool,
              regions: Regions | None = None, store: Store | None = None) -> int:
        from warcio.warcwriter import WARCWriter

        from govwatch import __version__

        if store is None:
            raise ExportError("the warc export reads raw captures from the store")
        writer = WARCWriter(out, gzip=True)
        info = {"software": f"govwatch/{__version__}", "format": "WARC File Format 1.0",
                "description": "raw captures of government rule-of-law report pages"}
        writer.write_record(writer.create_warcinfo_record("govwatch.warc.gz", info))
        with store.raw_captures() as raw_capture:
            n, skipped = self._write_records(writer, records, raw_capture, regions)
        if skipped:
            log.warning("warc: %d record(s) have no raw capture kept and were skipped", skipped)
        return n

    def _write_records(self, writer: Any, records: Iterable[DocumentRecord],
                       raw_capture: Callable[[str, str], RawCapture | None],
                       regions: Regions | None) -> tuple[int, int]:
        from warcio.statusandheaders import StatusAndHeaders

        n = skipped = 0
        for rec in records:
            cap = raw_capture(rec.url, rec.raw_hash) if rec.raw_hash else None
            if cap is None:
                skipped += 1
                continue
            date = cap.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            headers = [(k, v) for k, v in cap.headers.items() if k.lower() not in DROP_HEADERS]
            headers.append(("Content-Length", str(len(cap.body))))
            http_headers = StatusAndHeaders(_status_line(cap.status_code), headers, protocol="HTTP/1.1")
            response = writer.create_warc_record(
                cap.url, "response", payload=io.BytesIO(cap.body), length=len(cap.body),
                http_headers=http_headers, warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(response)
            meta = json.dumps({
                "source": rec.source, "region": region_of(rec.source, regions), "title": rec.title,
                "version": rec.version, "content_hash": rec.content_hash, "raw_hash": rec.raw_hash,
                "report_year": rec.report_year, "kind": rec.kind, "status": rec.status,
                "encoding": cap.encoding, "published": rec.published,
            }, ensure_ascii=False).encode("utf-8")
            record_id = response.rec_headers.get_header("WARC-Record-ID")
            writer.write_record(writer.create_warc_record(
                cap.url, "metadata", payload=io.BytesIO(meta), length=len(meta),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
            ))
            n += 1
        return n, skipped
