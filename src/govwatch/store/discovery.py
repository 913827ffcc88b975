"""What discovery found, kept in the store (not in the user's YAML).

Three tables:

* ``government_check``: one row per discovery of one government: ``searched`` (the portal
  answered and was searched), ``blocked`` (an anti-bot wall) or ``unreachable`` (DNS, connect,
  TLS), with the reason and the number of requests spent. The latest row counts.
* ``discovered_source``: a column found on a government's site, watched like a configured
  source under its ``source_id`` (``d<code>-<n>``). ``state`` is ``auto`` (found, crawled),
  ``pinned`` (kept whatever later discovery finds) or ``rejected`` (never crawled).
* ``discovered_report``: a stored document attributed to a government, with how it was found
  (``found_by``: ``path``, ``navigation``, ``search``, ``aggregator``) and the evidence (the
  chain of pages, or the search query).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Text, UniqueConstraint, func
from sqlmodel import Field, Session, SQLModel, select

from govwatch.store.models import Document, Version
from govwatch.store.repository import DocumentRecord, Store, _columns_record, _record_select

CHECK_STATUSES = ("searched", "blocked", "unreachable")
SOURCE_STATES = ("auto", "pinned", "rejected")


class GovernmentCheck(SQLModel, table=True):
    __tablename__ = "government_check"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, max_length=12)
    checked_at: datetime
    status: str = Field(max_length=16)  # searched | blocked | unreachable
    reason: str | None = Field(default=None, sa_column=Column(Text))
    requests: int = 0
    found: int = 0  # reports found in this discovery


class DiscoveredSource(SQLModel, table=True):
    __tablename__ = "discovered_source"
    __table_args__ = (UniqueConstraint("code", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, unique=True, max_length=200)
    code: str = Field(index=True, max_length=12)
    name: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(max_length=2048)
    found_by: str = Field(max_length=16)
    evidence_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    state: str = Field(default="auto", max_length=16)  # auto | pinned | rejected
    first_seen: datetime
    last_seen: datetime


class DiscoveredReport(SQLModel, table=True):
    __tablename__ = "discovered_report"
    __table_args__ = (UniqueConstraint("document_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    code: str = Field(index=True, max_length=12)
    found_by: str = Field(max_length=16)
    evidence_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    found_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Check:
    code: str
    checked_at: datetime
    status: str
    reason: str | None
    requests: int
    found: int


@dataclass(frozen=True)
class SourceRow:
    source_id: str
    code: str
    name: str
    url: str
    found_by: str
    evidence: list[str]
    state: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class AttributedReport:
    """A stored document (latest version) attributed to a government."""

    code: str
    document_id: int
    found_by: str
    evidence: list[str]
    record: DocumentRecord


class DiscoveryStore:
    """Reads and writes of the discovery tables, over a :class:`Store`'s engine."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        for model in (GovernmentCheck, DiscoveredSource, DiscoveredReport):
            model.__table__.create(self.engine, checkfirst=True)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ writes
    def record_check(self, code: str, status: str, reason: str | None = None, *, requests: int = 0,
                     found: int = 0, at: datetime | None = None) -> None:
        if status not in CHECK_STATUSES:
            raise ValueError(f"check status {status!r}: want one of {', '.join(CHECK_STATUSES)}")
        with Session(self.engine) as session, session.begin():
            session.add(GovernmentCheck(code=code, checked_at=at or _now(), status=status, reason=reason,
                                        requests=requests, found=found))

    def add_source(self, code: str, name: str, url: str, found_by: str, evidence: list[str]) -> SourceRow:
        """Insert a discovered column (or refresh ``last_seen`` of a known one); returns it."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            row = session.exec(select(DiscoveredSource).where(DiscoveredSource.code == code,
                                                              DiscoveredSource.url == url)).first()
            if row is None:
                n = session.exec(select(func.count()).select_from(DiscoveredSource)
                                 .where(DiscoveredSource.code == code)).one()
                row = DiscoveredSource(source_id=f"d{code}-{n + 1}", code=code, name=name, url=url,
                                       found_by=found_by, evidence_json=json.dumps(evidence, ensure_ascii=False),
                                       first_seen=now, last_seen=now)
                session.add(row)
            else:
                row.last_seen = now
            session.flush()
            return _source_row(row)

    def set_state(self, source_id: str, state: str) -> bool:
        """Pin, reject or reset (``auto``) a discovered source; False for an unknown id."""
        if state not in SOURCE_STATES:
            raise ValueError(f"state {state!r}: want one of {', '.join(SOURCE_STATES)}")
        with Session(self.engine) as session, session.begin():
            row = session.exec(select(DiscoveredSource).where(DiscoveredSource.source_id == source_id)).first()
            if row is None:
                return False
            row.state = state
            return True

    def attribute(self, code: str, url: str, found_by: str, evidence: list[str]) -> bool:
        """Attribute the stored document at ``url`` to government ``code``; False if no such document."""
        with Session(self.engine) as session, session.begin():
            doc = session.exec(select(Document).where(Document.url == url)).first()
            if doc is None:
                return False
            known = session.exec(select(DiscoveredReport).where(DiscoveredReport.document_id == doc.id,
                                                                DiscoveredReport.code == code)).first()
            if known is None:
                assert doc.id is not None
                session.add(DiscoveredReport(document_id=doc.id, code=code, found_by=found_by,
                                             evidence_json=json.dumps(evidence, ensure_ascii=False),
                                             found_at=_now()))
            return True

    # ------------------------------------------------------------------- reads
    def latest_checks(self) -> dict[str, Check]:
        """The latest check of every government checked."""
        out: dict[str, Check] = {}
        with Session(self.engine) as session:
            for row in session.exec(select(GovernmentCheck).order_by(GovernmentCheck.checked_at,  # type: ignore[arg-type]
                                                                     GovernmentCheck.id)):
                out[row.code] = Check(row.code, row.checked_at, row.status, row.reason, row.requests, row.found)
        return out

    def sources(self, *, codes: Iterable[str] | None = None, states: Iterable[str] | None = None) -> list[SourceRow]:
        with Session(self.engine) as session:
            stmt = select(DiscoveredSource).order_by(DiscoveredSource.code, DiscoveredSource.id)  # type: ignore[arg-type]
            if codes is not None:
                stmt = stmt.where(DiscoveredSource.code.in_(list(codes)))  # type: ignore[attr-defined]
            if states is not None:
                stmt = stmt.where(DiscoveredSource.state.in_(list(states)))  # type: ignore[attr-defined]
            return [_source_row(r) for r in session.exec(stmt)]

    def reports(self, year: int) -> list[AttributedReport]:
        """Documents whose latest version reports on ``year``, with the government they belong to:
        attributed by discovery, or crawled from a discovered source of that government."""
        out: list[AttributedReport] = []
        cur = _record_select().add_columns(Document.id.label("d_id")).where(  # type: ignore[union-attr]
            Document.current_version == Version.number, Version.report_year == year)
        attributed = cur.add_columns(DiscoveredReport.code.label("a_code"), DiscoveredReport.found_by.label("a_by"),
                                     DiscoveredReport.evidence_json.label("a_ev")).join(
            DiscoveredReport, DiscoveredReport.document_id == Document.id)  # type: ignore[arg-type]
        from_source = cur.add_columns(DiscoveredSource.code.label("a_code"), DiscoveredSource.url.label("a_col")).join(
            DiscoveredSource, DiscoveredSource.source_id == Document.source_id)  # type: ignore[arg-type]
        seen: set[tuple[str, int]] = set()
        with self.engine.connect() as conn:
            for row in conn.execute(attributed):
                seen.add((row.a_code, row.d_id))
                out.append(AttributedReport(row.a_code, row.d_id, row.a_by, json.loads(row.a_ev or "[]"),
                                            _columns_record(row)))
            for row in conn.execute(from_source):
                if (row.a_code, row.d_id) not in seen:
                    out.append(AttributedReport(row.a_code, row.d_id, "column", [row.a_col], _columns_record(row)))
        return out


def _source_row(row: DiscoveredSource) -> SourceRow:
    return SourceRow(row.source_id, row.code, row.name, row.url, row.found_by, json.loads(row.evidence_json or "[]"),
                     row.state, row.first_seen, row.last_seen)
