"""The notification outbox: every notification is written here before it is sent.

A row stays until its target accepted it (``delivered_at`` set), so a receiver that is down,
a crash or a bad password loses nothing: undelivered rows are retried after the next run,
oldest first. A short lease (``lease_until``) keeps two workers sharing one database from
sending the same row twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlalchemy.engine import Engine
from sqlmodel import Field, SQLModel


class NotifyOutbox(SQLModel, table=True):
    """One notification (a run's events for one target), pending or delivered."""

    __tablename__ = "notify_outbox"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: str = Field(index=True, unique=True, max_length=64)  # sent along, for receivers to dedupe
    target_key: str = Field(index=True, max_length=200)
    target_type: str = Field(max_length=32)
    target_label: str = Field(default="", sa_column=Column(Text, nullable=False))  # no secrets
    payload_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    lease_until: datetime | None = None
    delivered_at: datetime | None = Field(default=None, index=True)


def ensure_table(engine: Engine) -> None:
    """Create the outbox table when the store was created without it."""
    NotifyOutbox.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
