"""search index: SQLite FTS5 (trigram) or PostgreSQL pg_trgm, filled from the stored documents

Not a SQLModel table (an FTS5 virtual table has no SQLAlchemy model), so the DDL lives in
govwatch/store/search.py and is shared with Store(), which calls it on a fresh database.

Revision ID: 0003_search
Revises: 0002_discovery
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_search"
down_revision: str | Sequence[str] | None = "0002_discovery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from govwatch.store.search import ensure_index

    ensure_index(op.get_bind())


def downgrade() -> None:
    from govwatch.store.search import drop_index

    drop_index(op.get_bind())
