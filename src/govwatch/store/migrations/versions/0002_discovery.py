"""discovery: government checks, discovered sources and reports (store/discovery.py)

Tables that already exist (made by `govwatch discover` on a database without migrations) are
kept, so such a database is adopted like in 0001.

Revision ID: 0002_discovery
Revises: 0001 (the initial revision, file 0001_initial.py)
Create Date: 2026-11-26 09:18:24.871736
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002_discovery'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing('discovered_source'):
        op.create_table('discovered_source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('found_by', sa.String(length=16), nullable=False),
        sa.Column('evidence_json', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code', 'url')
        )
        with op.batch_alter_table('discovered_source', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_discovered_source_code'), ['code'], unique=False)
            batch_op.create_index(batch_op.f('ix_discovered_source_source_id'), ['source_id'], unique=True)

    if _missing('government_check'):
        op.create_table('government_check',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('requests', sa.Integer(), nullable=False),
        sa.Column('found', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('government_check', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_government_check_code'), ['code'], unique=False)

    if _missing('discovered_report'):
        op.create_table('discovered_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('found_by', sa.String(length=16), nullable=False),
        sa.Column('evidence_json', sa.Text(), nullable=False),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'code')
        )
        with op.batch_alter_table('discovered_report', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_discovered_report_code'), ['code'], unique=False)
            batch_op.create_index(batch_op.f('ix_discovered_report_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('discovered_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discovered_report_document_id'))
        batch_op.drop_index(batch_op.f('ix_discovered_report_code'))

    op.drop_table('discovered_report')
    with op.batch_alter_table('government_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_government_check_code'))

    op.drop_table('government_check')
    with op.batch_alter_table('discovered_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discovered_source_source_id'))
        batch_op.drop_index(batch_op.f('ix_discovered_source_code'))

    op.drop_table('discovered_source')
