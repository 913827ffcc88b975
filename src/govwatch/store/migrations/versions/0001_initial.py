"""initial schema: the store's tables, the daemon's lease table, the notification outbox

Captures store/models.py as of commit f6a307f (content; document with listed, parent_id;
version with raw_hash, extractor; fetch; run; rawbody; capture; pagestate), daemon/leases.py
(lease) and notify/outbox.py (notify_outbox). Tables that already exist (a database made by
`govwatch fetch`, which calls create_all) are kept as they are, so such a database is adopted.

Revision ID: 0001
Revises: none
Create Date: 2026-11-22 00:31:31.679885
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _missing(table: str) -> bool:
    """A database made by `govwatch fetch` (create_all) already has some tables: keep them."""
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing('content'):
        op.create_table('content',
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('hash')
        )
    if _missing('document'):
        op.create_table('document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('link_text', sa.Text(), nullable=True),
        sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_checked', sa.DateTime(timezone=True), nullable=False),
        sa.Column('gone_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('current_version', sa.Integer(), nullable=False),
        sa.Column('current_hash', sa.String(length=64), nullable=True),
        sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
        sa.Column('etag', sa.String(length=512), nullable=True),
        sa.Column('last_modified', sa.String(length=128), nullable=True),
        sa.Column('listed', sa.Boolean(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['duplicate_of_id'], ['document.id'], ),
        sa.ForeignKeyConstraint(['parent_id'], ['document.id'], ),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('document', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_document_current_hash'), ['current_hash'], unique=False)
            batch_op.create_index(batch_op.f('ix_document_source_id'), ['source_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_document_url'), ['url'], unique=True)

    if _missing('fetch'):
        op.create_table('fetch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=32), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('encoding', sa.String(length=32), nullable=True),
        sa.Column('bytes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('fetch', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_fetch_source_id'), ['source_id'], unique=False)

    if _missing('lease'):
        op.create_table('lease',
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('run_started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('done_since', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('source_id')
        )
    if _missing('notify_outbox'):
        op.create_table('notify_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.String(length=64), nullable=False),
        sa.Column('target_key', sa.String(length=200), nullable=False),
        sa.Column('target_type', sa.String(length=32), nullable=False),
        sa.Column('target_label', sa.Text(), nullable=False),
        sa.Column('payload_json', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('notify_outbox', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_notify_outbox_delivered_at'), ['delivered_at'], unique=False)
            batch_op.create_index(batch_op.f('ix_notify_outbox_delivery_id'), ['delivery_id'], unique=True)
            batch_op.create_index(batch_op.f('ix_notify_outbox_target_key'), ['target_key'], unique=False)

    if _missing('pagestate'):
        op.create_table('pagestate',
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('etag', sa.String(length=512), nullable=True),
        sa.Column('last_modified', sa.String(length=128), nullable=True),
        sa.Column('raw_hash', sa.String(length=64), nullable=True),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('url')
        )
        with op.batch_alter_table('pagestate', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_pagestate_source_id'), ['source_id'], unique=False)

    if _missing('rawbody'):
        op.create_table('rawbody',
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('hash')
        )
    if _missing('run'):
        op.create_table('run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('counts_json', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('run', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_run_source_id'), ['source_id'], unique=False)

    if _missing('capture'):
        op.create_table('capture',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('headers_json', sa.Text(), nullable=False),
        sa.Column('raw_hash', sa.String(length=64), nullable=True),
        sa.Column('encoding', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['raw_hash'], ['rawbody.hash'], ),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('capture', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_capture_source_id'), ['source_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_capture_url'), ['url'], unique=False)

    if _missing('version'):
        op.create_table('version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('title', sa.Text(), nullable=True),
        sa.Column('published', sa.String(length=10), nullable=True),
        sa.Column('publisher', sa.Text(), nullable=True),
        sa.Column('report_year', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=True),
        sa.Column('fields_json', sa.Text(), nullable=False),
        sa.Column('attachments_json', sa.Text(), nullable=False),
        sa.Column('encoding', sa.String(length=32), nullable=True),
        sa.Column('diff', sa.Text(), nullable=True),
        sa.Column('raw_hash', sa.String(length=64), nullable=True),
        sa.Column('extractor', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['content_hash'], ['content.hash'], ),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'number')
        )
        with op.batch_alter_table('version', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_version_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_document_id'))

    op.drop_table('version')
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capture_url'))
        batch_op.drop_index(batch_op.f('ix_capture_source_id'))

    op.drop_table('capture')
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_source_id'))

    op.drop_table('run')
    op.drop_table('rawbody')
    with op.batch_alter_table('pagestate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pagestate_source_id'))

    op.drop_table('pagestate')
    with op.batch_alter_table('notify_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notify_outbox_target_key'))
        batch_op.drop_index(batch_op.f('ix_notify_outbox_delivery_id'))
        batch_op.drop_index(batch_op.f('ix_notify_outbox_delivered_at'))

    op.drop_table('notify_outbox')
    op.drop_table('lease')
    with op.batch_alter_table('fetch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fetch_source_id'))

    op.drop_table('fetch')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_url'))
        batch_op.drop_index(batch_op.f('ix_document_source_id'))
        batch_op.drop_index(batch_op.f('ix_document_current_hash'))

    op.drop_table('document')
    op.drop_table('content')
