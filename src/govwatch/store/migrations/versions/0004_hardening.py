"""hardening: validators (ETag, Last-Modified) sized to the data

Servers send ETags longer than 512 characters (and Last-Modified values longer than 128):
on PostgreSQL such a value raised a DataError that aborted its source on every run. The
columns become TEXT. URLs stay VARCHAR(2048) (they are uniquely indexed): the crawler refuses
a longer URL for that document alone, with a recorded reason.

Revision ID: 0004_hardening
Revises: 0003_search
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_hardening"
down_revision: str | Sequence[str] | None = "0003_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, column, old type)
_WIDENED = (
    ("document", "etag", sa.String(length=512)),
    ("document", "last_modified", sa.String(length=128)),
    ("pagestate", "etag", sa.String(length=512)),
    ("pagestate", "last_modified", sa.String(length=128)),
)


def upgrade() -> None:
    for table, column, old in _WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=old, type_=sa.Text(), existing_nullable=True)


def downgrade() -> None:
    for table, column, old in _WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=old, existing_nullable=True)
