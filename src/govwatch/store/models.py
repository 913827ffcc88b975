"""Tables. A document is a URL; its versions point at texts stored once per content hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Content(SQLModel, table=True):
    """A normalised text, stored once however many URLs or versions carry it."""

    hash: str = Field(primary_key=True, max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True, max_length=2048)  # longer URLs are refused per document
    source_id: str = Field(index=True, max_length=200)
    status: str = Field(default="active", max_length=16)  # active | gone
    link_text: str | None = Field(default=None, sa_column=Column(Text))
    first_seen: datetime
    last_seen: datetime
    last_checked: datetime
    gone_at: datetime | None = None
    current_version: int = 0
    current_hash: str | None = Field(default=None, index=True, max_length=64)
    duplicate_of_id: int | None = Field(default=None, foreign_key="document.id")
    etag: str | None = Field(default=None, sa_column=Column(Text))  # as long as the server sends it
    last_modified: str | None = Field(default=None, sa_column=Column(Text))
    listed: bool = True  # seen on the column's list in the latest complete list read
    parent_id: int | None = Field(default=None, foreign_key="document.id")  # attachments: their page


class Version(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number: int
    content_hash: str = Field(foreign_key="content.hash", max_length=64)
    title: str | None = Field(default=None, sa_column=Column(Text))
    published: str | None = Field(default=None, max_length=10)
    publisher: str | None = Field(default=None, sa_column=Column(Text))
    report_year: int | None = None
    kind: str | None = Field(default=None, max_length=32)
    fields_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    attachments_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    encoding: str | None = Field(default=None, max_length=32)
    diff: str | None = Field(default=None, sa_column=Column(Text))
    raw_hash: str | None = Field(default=None, max_length=64)  # the capture this text came from
    extractor: str | None = Field(default=None, max_length=32)  # "crawl" or "reextract"
    created_at: datetime


class Fetch(SQLModel, table=True):
    """One line per request outcome, for status pages and debugging."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, max_length=200)
    url: str = Field(max_length=2048)
    fetched_at: datetime
    status_code: int | None = None
    outcome: str = Field(max_length=32)
    error: str | None = Field(default=None, sa_column=Column(Text))
    encoding: str | None = Field(default=None, max_length=32)
    bytes: int = 0
    via: str | None = Field(default=None, max_length=16)  # NULL: plain HTTP; "browser"; "http+cookies"


class Run(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, max_length=200)
    started_at: datetime
    finished_at: datetime | None = None
    outcome: str | None = Field(default=None, max_length=16)  # ok | partial | failed
    counts_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class RawBody(SQLModel, table=True):
    """A fetched response body, zlib-compressed, stored once per SHA-256 of its bytes."""

    hash: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class Capture(SQLModel, table=True):
    """One HTTP response as fetched (status, headers, body hash): kept for re-extraction and WARC."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, max_length=200)
    url: str = Field(index=True, max_length=2048)
    kind: str = Field(max_length=16)  # list | document | attachment
    fetched_at: datetime
    status_code: int
    headers_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    raw_hash: str | None = Field(default=None, foreign_key="rawbody.hash", max_length=64)
    encoding: str | None = Field(default=None, max_length=32)


class PageState(SQLModel, table=True):
    """Validators of a list page, so a re-crawl can ask "changed since?" and reuse the body on 304."""

    url: str = Field(primary_key=True, max_length=2048)
    source_id: str = Field(index=True, max_length=200)
    etag: str | None = Field(default=None, sa_column=Column(Text))
    last_modified: str | None = Field(default=None, sa_column=Column(Text))
    raw_hash: str | None = Field(default=None, max_length=64)
    checked_at: datetime
