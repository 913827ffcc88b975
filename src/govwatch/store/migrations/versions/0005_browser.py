"""fetch.via: how a page was read (NULL plain HTTP, "browser", "http+cookies" after a browser's handover)

Revision ID: 0005_browser
Revises: 0004_hardening
Create Date: 2026-11-26 09:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_browser'
down_revision: str | Sequence[str] | None = '0004_hardening'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _has_via() -> bool:
    """A database made by `govwatch fetch` (create_all) may have the column already."""
    return any(c["name"] == "via" for c in sa.inspect(op.get_bind()).get_columns("fetch"))


def upgrade() -> None:
    if not _has_via():
        with op.batch_alter_table('fetch', schema=None) as batch_op:
            batch_op.add_column(sa.Column('via', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fetch', schema=None) as batch_op:
        batch_op.drop_column('via')
