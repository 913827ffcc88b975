"""The store: one object that records what the crawler saw and answers the exporters.

Every page write is one transaction: a crash between two pages loses no earlier page and
leaves no half version. A re-fetch whose content hash is unchanged records only that the
page was seen again; a changed hash adds a version with a paragraph diff; a text already
stored under another URL is stored once and the new URL is marked as its duplicate.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine, select

from govwatch.extract.result import Extracted
from govwatch.store.diff import paragraph_diff
from govwatch.store.models import Capture, Content, Document, Fetch, PageState, RawBody, Run, Version
from govwatch.store.normalize import clean_text, content_hash

DEFAULT_DB_PATH = Path("storage/govwatch.db")


class Outcome(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    GONE = "gone"
    FAILED = "failed"


def utcnow() -> datetime:
    return datetime.now(UTC)


def default_db_url(explicit: str | None = None) -> str:
    """``--db``, else ``GOVWATCH_DB``, else SQLite at ``storage/govwatch.db``."""
    url = explicit or os.environ.get("GOVWATCH_DB")
    if not url:
        return f"sqlite:///{DEFAULT_DB_PATH}"
    if "://" not in url:  # a bare path means an SQLite file
        return f"sqlite:///{url}"
    return url


def _engine_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


@dataclass(frozen=True)
class DocumentRecord:
    """A document with its latest version, as the exporters and the CLI see it."""

    url: str
    source: str
    title: str | None
    published: str | None
    publisher: str | None
    text: str
    content_hash: str
    version: int
    status: str
    first_seen: str
    last_seen: str
    duplicate_of: str | None
    report_year: int | None
    kind: str | None
    fields: dict[str, str]
    attachments: list[dict[str, str]]
    encoding: str | None
    fetched_at: str
    diff: str | None = None

    def as_dict(self, with_diff: bool = False) -> dict[str, object]:
        data = asdict(self)
        if not with_diff:
            data.pop("diff")
        return data


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """Open (and create) the database at ``url``: an SQLAlchemy URL or an SQLite path."""

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = default_db_url(url)
        engine_url = _engine_url(self.url)
        if engine_url.startswith("sqlite:///") and engine_url != "sqlite:///:memory:":
            Path(engine_url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(engine_url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if create:
            SQLModel.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ writes
    def record_page(
        self,
        source_id: str,
        url: str,
        extracted: Extracted,
        *,
        kind: str | None = None,
        link_text: str | None = None,
        encoding: str | None = None,
        status_code: int | None = 200,
        etag: str | None = None,
        last_modified: str | None = None,
        size: int = 0,
        raw_hash: str | None = None,
        extractor: str = "crawl",
        now: datetime | None = None,
    ) -> Outcome:
        """Store one fetched page in one transaction and say what it was."""
        now = now or utcnow()
        text = clean_text(extracted.paragraphs)
        digest = content_hash(text)
        with Session(self.engine) as session, session.begin():
            doc = session.exec(select(Document).where(Document.url == url)).first()
            outcome: Outcome
            if doc is None:
                doc = Document(url=url, source_id=source_id, first_seen=now, last_seen=now,
                               last_checked=now, link_text=link_text)
                session.add(doc)
                session.flush()
                original = session.exec(
                    select(Document)
                    .where(Document.current_hash == digest, Document.id != doc.id,
                           Document.duplicate_of_id.is_(None))  # type: ignore[union-attr]
                    .order_by(Document.id)  # type: ignore[arg-type]
                ).first()
                if original is not None:
                    doc.duplicate_of_id = original.id
                    outcome = Outcome.DUPLICATE
                else:
                    outcome = Outcome.NEW
                previous_text = None
            elif doc.current_hash == digest:
                outcome = Outcome.UNCHANGED
            else:
                outcome = Outcome.CHANGED
                previous = session.get(Content, doc.current_hash) if doc.current_hash else None
                previous_text = previous.text if previous else ""
            if doc.status == "gone":
                doc.status, doc.gone_at = "active", None
            doc.last_seen = doc.last_checked = now
            doc.etag, doc.last_modified = etag, last_modified
            if link_text:
                doc.link_text = link_text
            if outcome is not Outcome.UNCHANGED:
                if session.get(Content, digest) is None:
                    session.add(Content(hash=digest, text=text, created_at=now))
                number = doc.current_version + 1
                diff = None
                if number > 1:
                    diff = paragraph_diff(previous_text or "", text, f"version {number - 1}", f"version {number}")
                session.add(Version(
                    document_id=doc.id, number=number, content_hash=digest, title=extracted.title,
                    published=extracted.published, publisher=extracted.publisher,
                    report_year=extracted.report_year, kind=kind,
                    fields_json=json.dumps(extracted.fields, ensure_ascii=False),
                    attachments_json=json.dumps([{"text": a.text, "url": a.url} for a in extracted.attachments],
                                                ensure_ascii=False),
                    encoding=encoding, diff=diff, raw_hash=raw_hash, extractor=extractor, created_at=now,
                ))
                doc.current_version = number
                doc.current_hash = digest
            session.add(Fetch(source_id=source_id, url=url, fetched_at=now, status_code=status_code,
                              outcome=outcome.value, encoding=encoding, bytes=size))
        return outcome

    def save_capture(self, source_id: str, url: str, kind: str, status: int, headers: dict[str, str],
                     body: bytes, encoding: str | None = None) -> str | None:
        """Keep a fetched response (body compressed, stored once per hash); returns the body hash."""
        now = utcnow()
        digest = hashlib.sha256(body).hexdigest() if body else None
        with Session(self.engine) as session, session.begin():
            if digest and session.get(RawBody, digest) is None:
                session.add(RawBody(hash=digest, size=len(body), data=zlib.compress(body, 6), created_at=now))
                session.flush()
            session.add(Capture(source_id=source_id, url=url, kind=kind, fetched_at=now, status_code=status,
                                headers_json=json.dumps(headers, ensure_ascii=False), raw_hash=digest,
                                encoding=encoding))
        return digest

    def raw_body(self, digest: str) -> bytes | None:
        with Session(self.engine) as session:
            row = session.get(RawBody, digest)
            return zlib.decompress(row.data) if row else None

    def page_state(self, url: str) -> PageState | None:
        with Session(self.engine) as session:
            return session.get(PageState, url)

    def save_page_state(self, source_id: str, url: str, etag: str | None, last_modified: str | None,
                        raw_hash: str | None) -> None:
        with Session(self.engine) as session, session.begin():
            state = session.get(PageState, url)
            if state is None:
                state = PageState(url=url, source_id=source_id, checked_at=utcnow())
                session.add(state)
            state.etag, state.last_modified, state.raw_hash = etag, last_modified, raw_hash
            state.checked_at = utcnow()

    def latest_captures(self, source_ids: list[str] | None = None) -> Iterator[tuple[str, str, Capture]]:
        """For each document: (source id, url, its newest successful capture)."""
        with Session(self.engine) as session:
            newest = (
                select(Capture.url, func.max(Capture.id).label("cid"))
                .where(Capture.kind == "document", Capture.status_code == 200,
                       Capture.raw_hash.is_not(None))  # type: ignore[union-attr]
                .group_by(Capture.url)
                .subquery()
            )
            stmt = (
                select(Document.source_id, Document.url, Capture)
                .join(newest, newest.c.url == Document.url)
                .join(Capture, Capture.id == newest.c.cid)  # type: ignore[arg-type]
                .order_by(Document.id)  # type: ignore[arg-type]
            )
            if source_ids:
                stmt = stmt.where(Document.source_id.in_(source_ids))  # type: ignore[attr-defined]
            yield from session.exec(stmt).all()

    def record_seen(self, source_id: str, url: str, *, status_code: int = 304, size: int = 0) -> bool:
        """A conditional request said 'not modified': the page was seen again. False if unknown."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            doc = session.exec(select(Document).where(Document.url == url)).first()
            if doc is None:
                return False
            doc.last_seen = doc.last_checked = now
            session.add(Fetch(source_id=source_id, url=url, fetched_at=now, status_code=status_code,
                              outcome=Outcome.UNCHANGED.value, bytes=size))
            return True

    def set_listed(self, source_id: str, listed: set[str]) -> None:
        """After a complete list read: remember which of the source's documents the lists showed."""
        with Session(self.engine) as session, session.begin():
            for doc in session.exec(select(Document).where(Document.source_id == source_id)):
                flag = doc.url in listed
                if doc.listed != flag:
                    doc.listed = flag

    def mark_gone(self, source_id: str, url: str, status_code: int) -> bool:
        """Mark a known document gone (its versions stay). True if it was active until now."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            doc = session.exec(select(Document).where(Document.url == url)).first()
            changed = False
            if doc is not None:
                doc.last_checked = now
                if doc.status != "gone":
                    doc.status, doc.gone_at, changed = "gone", now, True
            session.add(Fetch(source_id=source_id, url=url, fetched_at=now, status_code=status_code,
                              outcome=Outcome.GONE.value if doc else "not_found"))
        return changed

    def record_failure(self, source_id: str, url: str, kind: str, detail: str | None,
                       status_code: int | None = None) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(Fetch(source_id=source_id, url=url, fetched_at=utcnow(), status_code=status_code,
                              outcome=kind, error=detail))

    def start_run(self, source_id: str) -> int:
        with Session(self.engine) as session, session.begin():
            run = Run(source_id=source_id, started_at=utcnow())
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, int]) -> None:
        with Session(self.engine) as session, session.begin():
            run = session.get(Run, run_id)
            if run is not None:
                run.finished_at = utcnow()
                run.outcome = outcome
                run.counts_json = json.dumps(counts)

    # ------------------------------------------------------------------- reads
    def known(self, source_id: str) -> dict[str, Document]:
        """The source's documents by URL."""
        with Session(self.engine) as session:
            docs = session.exec(select(Document).where(Document.source_id == source_id)).all()
            return {d.url: d for d in docs}

    def documents(self, *, all_versions: bool = False, source_ids: list[str] | None = None,
                  batch: int = 500) -> Iterator[DocumentRecord]:
        """Stream documents (latest version, or every version), in a stable order."""
        with Session(self.engine) as session:
            urls = dict(session.exec(select(Document.id, Document.url)).all())
            stmt = (
                select(Document, Version, Content)
                .join(Version, Version.document_id == Document.id)  # type: ignore[arg-type]
                .join(Content, Content.hash == Version.content_hash)  # type: ignore[arg-type]
            )
            if not all_versions:
                stmt = stmt.where(Version.number == Document.current_version)
            if source_ids:
                stmt = stmt.where(Document.source_id.in_(source_ids))  # type: ignore[attr-defined]
            stmt = stmt.order_by(Document.id, Version.number)  # type: ignore[arg-type]
            for doc, ver, content in session.exec(stmt.execution_options(yield_per=batch)):
                yield _record(doc, ver, content, urls)

    def history(self, url: str) -> list[DocumentRecord]:
        """Every version of one document, oldest first ([] for an unknown URL)."""
        with Session(self.engine) as session:
            doc = session.exec(select(Document).where(Document.url == url)).first()
            if doc is None:
                return []
            urls = {}
            if doc.duplicate_of_id:
                original = session.get(Document, doc.duplicate_of_id)
                urls = {original.id: original.url} if original else {}
            rows = session.exec(
                select(Version, Content)
                .join(Content, Content.hash == Version.content_hash)  # type: ignore[arg-type]
                .where(Version.document_id == doc.id)
                .order_by(Version.number)  # type: ignore[arg-type]
            ).all()
            return [_record(doc, v, c, urls) for v, c in rows]

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                "documents": session.exec(select(func.count()).select_from(Document)).one(),
                "versions": session.exec(select(func.count()).select_from(Version)).one(),
                "contents": session.exec(select(func.count()).select_from(Content)).one(),
            }


def _record(doc: Document, ver: Version, content: Content, urls: dict[int, str]) -> DocumentRecord:
    return DocumentRecord(
        url=doc.url,
        source=doc.source_id,
        title=ver.title,
        published=ver.published,
        publisher=ver.publisher,
        text=content.text,
        content_hash=content.hash,
        version=ver.number,
        status=doc.status,
        first_seen=_iso(doc.first_seen) or "",
        last_seen=_iso(doc.last_seen) or "",
        duplicate_of=urls.get(doc.duplicate_of_id) if doc.duplicate_of_id else None,
        report_year=ver.report_year,
        kind=ver.kind,
        fields=json.loads(ver.fields_json or "{}"),
        attachments=json.loads(ver.attachments_json or "[]"),
        encoding=ver.encoding,
        fetched_at=_iso(ver.created_at) or "",
        diff=ver.diff,
    )
