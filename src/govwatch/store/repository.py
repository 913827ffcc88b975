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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, event, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, create_engine, select

from govwatch.extract.result import Extracted
from govwatch.store import search
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
class RawResponse:
    """A fetched response to keep as a raw capture."""

    url: str
    kind: str  # list | document | attachment
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str | None = None


def _add_capture(session: Session, source_id: str, raw: RawResponse, now: datetime) -> str | None:
    """Add a capture (and its body, once per hash) to ``session``; returns the body hash."""
    digest = hashlib.sha256(raw.body).hexdigest() if raw.body else None
    if digest and session.get(RawBody, digest) is None:
        session.add(RawBody(hash=digest, size=len(raw.body), data=zlib.compress(raw.body, 6), created_at=now))
        session.flush()
    session.add(Capture(source_id=source_id, url=raw.url, kind=raw.kind, fetched_at=now, status_code=raw.status,
                        headers_json=json.dumps(raw.headers, ensure_ascii=False), raw_hash=digest,
                        encoding=raw.encoding))
    return digest


def _set_page_state(session: Session, source_id: str, url: str, etag: str | None, last_modified: str | None,
                    raw_hash: str | None, now: datetime) -> None:
    """Insert or update a list page's validators in ``session``."""
    state = session.get(PageState, url)
    if state is None:
        state = PageState(url=url, source_id=source_id, checked_at=now)
        session.add(state)
    state.etag, state.last_modified, state.raw_hash = etag, last_modified, raw_hash
    state.checked_at = now


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
    raw_hash: str | None = None  # SHA-256 of the fetched page bytes this version came from

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
            with self.engine.begin() as conn:
                search.ensure_index(conn)  # not a SQLModel table: FTS5 / pg_trgm

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
        parent_url: str | None = None,
        attachment_info: dict[str, dict[str, object]] | None = None,
        capture: RawResponse | None = None,
        now: datetime | None = None,
    ) -> Outcome:
        """Store one fetched page in one transaction and say what it was.

        With ``extractor="reextract"`` the page was not fetched now: only a changed text is
        recorded (as a new version); when it was seen and its validators stay as they were.
        """
        fetched = extractor != "reextract"
        now = now or utcnow()
        text = clean_text(extracted.paragraphs)
        digest = content_hash(text)
        with Session(self.engine) as session, session.begin():
            if capture is not None:  # the response this text came from, kept in the same transaction
                raw_hash = _add_capture(session, source_id, capture, now)
            doc = session.exec(select(Document).where(Document.url == url)).first()
            outcome: Outcome
            if doc is None:
                doc = Document(url=url, source_id=source_id, first_seen=now, last_seen=now,
                               last_checked=now, link_text=link_text)
                if parent_url:
                    parent = session.exec(select(Document).where(Document.url == parent_url)).first()
                    doc.parent_id = parent.id if parent else None
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
            revived = False
            if fetched:
                if doc.status == "gone":
                    doc.status, doc.gone_at, revived = "active", None, True
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
                    attachments_json=json.dumps(
                        [{"text": a.text, "url": a.url, **(attachment_info or {}).get(a.url, {})}
                         for a in extracted.attachments], ensure_ascii=False),
                    encoding=encoding, diff=diff, raw_hash=raw_hash, extractor=extractor, created_at=now,
                ))
                doc.current_version = number
                doc.current_hash = digest
                session.flush()  # the search index row is written in this same transaction
                search.index_document(session.connection(), doc.id, extracted.title, text,
                                      extracted.report_year, kind, source_id, doc.status)
            elif revived:
                search.set_status(session.connection(), doc.id, doc.status)  # type: ignore[arg-type]
            if fetched:
                session.add(Fetch(source_id=source_id, url=url, fetched_at=now, status_code=status_code,
                                  outcome=outcome.value, encoding=encoding, bytes=size))
        return outcome

    def save_capture(self, source_id: str, url: str, kind: str, status: int, headers: dict[str, str],
                     body: bytes, encoding: str | None = None, *,
                     validators: tuple[str | None, str | None] | None = None) -> str | None:
        """Keep a fetched response (body compressed, stored once per hash); returns the body hash.

        With ``validators`` (ETag, Last-Modified) the URL's list-page state is updated in the
        same transaction.
        """
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            digest = _add_capture(session, source_id, RawResponse(url, kind, status, headers, body, encoding), now)
            if validators is not None:
                _set_page_state(session, source_id, url, validators[0], validators[1], digest, now)
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
            _set_page_state(session, source_id, url, etag, last_modified, raw_hash, utcnow())

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
                    session.flush()
                    search.set_status(session.connection(), doc.id, "gone")  # type: ignore[arg-type]
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

    def history(self, url: str) -> list[DocumentRecord]:
        """Every version of one document, oldest first ([] for an unknown URL)."""
        stmt = _record_select().where(Document.url == url).order_by(Version.number)  # type: ignore[arg-type]
        with self.engine.connect() as conn:
            return [_columns_record(row) for row in conn.execute(stmt)]

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                "documents": session.exec(select(func.count()).select_from(Document)).one(),
                "versions": session.exec(select(func.count()).select_from(Version)).one(),
                "contents": session.exec(select(func.count()).select_from(Content)).one(),
            }

    # ------------------------------------------------ reads for exports, feed, calendar, notifications
    def export_records(self, *, all_versions: bool = False, source_ids: list[str] | None = None,
                       since: datetime | None = None, kinds: list[str] | None = None,
                       years: list[int] | None = None, batch: int = 500) -> Iterator[DocumentRecord]:
        """Stream documents (latest version) or versions, filtered, in a stable order, in flat memory.

        ``since``: versions created at or after it (with ``all_versions``), else documents whose
        latest version was created or which were removed since. ``kinds``/``years``: the
        version's kind and report year.
        """
        stmt = _record_select()
        if not all_versions:
            stmt = stmt.where(Version.number == Document.current_version)
        if source_ids:
            stmt = stmt.where(Document.source_id.in_(source_ids))  # type: ignore[attr-defined]
        if kinds:
            stmt = stmt.where(Version.kind.in_(kinds))  # type: ignore[union-attr]
        if years:
            stmt = stmt.where(Version.report_year.in_(years))  # type: ignore[union-attr]
        if since is not None:
            if all_versions:
                stmt = stmt.where(Version.created_at >= since)
            else:
                stmt = stmt.where(or_(Version.created_at >= since,
                                      Document.gone_at >= since))  # type: ignore[operator]
        stmt = stmt.order_by(Document.id, Version.number)  # type: ignore[arg-type]
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(stmt)
            for row in result:
                yield _columns_record(row)

    def document(self, url: str) -> DocumentRecord | None:
        """One document with its latest version, or None."""
        stmt = _record_select().where(Document.url == url, Version.number == Document.current_version)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
            return _columns_record(row) if row else None

    def changes_since(self, since: datetime | None = None, *, limit: int = 50,
                      source_ids: list[str] | None = None) -> list[Change]:
        """The newest changes, newest first: new, changed and duplicate versions, removed documents."""
        versions = (
            _record_select()
            .order_by(Version.created_at.desc(), Version.id.desc())  # type: ignore[attr-defined,union-attr]
            .limit(limit)
        )
        gone = (
            _record_select()
            .where(Version.number == Document.current_version,
                   Document.gone_at.is_not(None))  # type: ignore[union-attr]
            .order_by(Document.gone_at.desc(), Document.id.desc())  # type: ignore[union-attr]
            .limit(limit)
        )
        if since is not None:
            versions = versions.where(Version.created_at >= since)
            gone = gone.where(Document.gone_at >= since)  # type: ignore[operator]
        if source_ids:
            versions = versions.where(Document.source_id.in_(source_ids))  # type: ignore[attr-defined]
            gone = gone.where(Document.source_id.in_(source_ids))  # type: ignore[attr-defined]
        out: list[Change] = []
        with self.engine.connect() as conn:
            for row in conn.execute(versions):
                rec = _columns_record(row)
                kind = "changed" if rec.version > 1 else ("duplicate" if rec.duplicate_of else "new")
                out.append(Change(kind, _aware(row.v_created_at), rec))
            for row in conn.execute(gone):
                out.append(Change("removed", _aware(row.d_gone_at), _columns_record(row)))
        out.sort(key=lambda c: (c.at, c.kind != "removed", c.record.version), reverse=True)
        return out[:limit]

    def raw_capture(self, url: str, raw_hash: str) -> RawCapture | None:
        """The first capture of ``url`` whose body has ``raw_hash``, with the body; None when not kept."""
        with self.raw_captures() as get:
            return get(url, raw_hash)

    @contextmanager
    def raw_captures(self) -> Iterator[Callable[[str, str], RawCapture | None]]:
        """A fast :meth:`raw_capture` over one connection, for exporting many (the WARC export)."""
        stmt = (
            sa_select(Capture.url, Capture.fetched_at, Capture.status_code, Capture.headers_json,  # type: ignore[call-overload]
                      Capture.encoding, RawBody.data)
            .join(RawBody, RawBody.hash == Capture.raw_hash)
            .where(Capture.url == bindparam("url"), Capture.raw_hash == bindparam("raw_hash"))
            .order_by(Capture.id)
            .limit(1)
        )
        with self.engine.connect() as conn:
            def get(url: str, raw_hash: str) -> RawCapture | None:
                row = conn.execute(stmt, {"url": url, "raw_hash": raw_hash}).first()
                if row is None:
                    return None
                return RawCapture(url=row.url, fetched_at=_aware(row.fetched_at), status_code=row.status_code,
                                  headers=json.loads(row.headers_json or "{}"), body=zlib.decompress(row.data),
                                  encoding=row.encoding)

            yield get

    def calendar_rows(self, year: int, kinds: tuple[str, ...] | None = None) -> list[DocumentRecord]:
        """Documents whose latest version reports on ``year`` (optionally only these kinds)."""
        return list(self.export_records(years=[year], kinds=list(kinds) if kinds else None))


@dataclass(frozen=True)
class Change:
    """One entry of the changes feed: ``kind`` is new, changed, duplicate or removed."""

    kind: str
    at: datetime
    record: DocumentRecord


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _record_select():  # type: ignore[no-untyped-def]
    """SELECT of the columns a DocumentRecord needs (document, version, text, original URL)."""
    original = aliased(Document)
    return (
        sa_select(
            Document.url.label("d_url"), Document.source_id.label("d_source"),  # type: ignore[attr-defined]
            Document.status.label("d_status"), Document.first_seen.label("d_first_seen"),  # type: ignore[attr-defined]
            Document.last_seen.label("d_last_seen"), Document.gone_at.label("d_gone_at"),  # type: ignore[attr-defined,union-attr]
            original.url.label("d_original"), Version.number.label("v_number"),  # type: ignore[attr-defined]
            Version.title.label("v_title"), Version.published.label("v_published"),  # type: ignore[union-attr]
            Version.publisher.label("v_publisher"), Version.content_hash.label("v_hash"),  # type: ignore[union-attr,attr-defined]
            Version.report_year.label("v_year"), Version.kind.label("v_kind"),  # type: ignore[union-attr]
            Version.fields_json.label("v_fields"), Version.attachments_json.label("v_attachments"),  # type: ignore[attr-defined]
            Version.encoding.label("v_encoding"), Version.diff.label("v_diff"),  # type: ignore[union-attr]
            Version.created_at.label("v_created_at"),  # type: ignore[attr-defined]
            Version.raw_hash.label("v_raw_hash"),  # type: ignore[union-attr]
            Content.text.label("c_text"),  # type: ignore[attr-defined]
        )
        .select_from(Document)
        .join(Version, Version.document_id == Document.id)  # type: ignore[arg-type]
        .join(Content, Content.hash == Version.content_hash)  # type: ignore[arg-type]
        .outerjoin(original, original.id == Document.duplicate_of_id)  # type: ignore[arg-type]
    )


def _columns_record(row: Any) -> DocumentRecord:
    return DocumentRecord(
        url=row.d_url,
        source=row.d_source,
        title=row.v_title,
        published=row.v_published,
        publisher=row.v_publisher,
        text=row.c_text,
        content_hash=row.v_hash,
        version=row.v_number,
        status=row.d_status,
        first_seen=_iso(row.d_first_seen) or "",
        last_seen=_iso(row.d_last_seen) or "",
        duplicate_of=row.d_original,
        report_year=row.v_year,
        kind=row.v_kind,
        fields=json.loads(row.v_fields or "{}"),
        attachments=json.loads(row.v_attachments or "[]"),
        encoding=row.v_encoding,
        fetched_at=_iso(row.v_created_at) or "",
        diff=row.v_diff,
        raw_hash=row.v_raw_hash,
    )


@dataclass(frozen=True)
class RawCapture:
    """One kept HTTP response: what the WARC export writes."""

    url: str
    fetched_at: datetime
    status_code: int
    headers: dict[str, str]
    body: bytes
    encoding: str | None
