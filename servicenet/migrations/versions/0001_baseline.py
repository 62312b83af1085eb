"""Baseline: every table of issues 1-8 (cases, attachments, events, catalogue, security, payments, web channel,
back office, heartbeats), as servicenet.db.create_tables made them.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('audit_events',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    op.create_table('audit_flags',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_flags_device_id'), ['device_id'], unique=False)

    op.create_table('cases',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('service_code', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.String(length=40), nullable=False),
    sa.Column('due_date', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('person_hash', sa.String(length=64), nullable=True),
    sa.Column('applicant_masked_name', sa.String(length=64), nullable=True),
    sa.Column('first_response', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_person_hash'), ['person_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_service_code'), ['service_code'], unique=False)

    op.create_table('device_heartbeats',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('received_unix', sa.Float(), nullable=False),
    sa.Column('sent_at', sa.String(length=40), nullable=False),
    sa.Column('queue_depth', sa.Integer(), nullable=False),
    sa.Column('quarantined', sa.Integer(), nullable=False),
    sa.Column('last_sync', sa.String(length=40), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('devices',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('hall_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('enrolled_at', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('device_id'),
    sa.UniqueConstraint('region', 'number')
    )
    op.create_table('enrollment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.Column('used_at', sa.String(length=40), nullable=True),
    sa.Column('device_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_table('network_keys',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('private_key', sa.String(length=64), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('payment_notifies',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('out_trade_no', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('digest')
    )
    with op.batch_alter_table('payment_notifies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_notifies_out_trade_no'), ['out_trade_no'], unique=False)

    op.create_table('payment_orders',
    sa.Column('out_trade_no', sa.String(length=40), nullable=False),
    sa.Column('case_code', sa.String(length=20), nullable=False),
    sa.Column('flow', sa.String(length=10), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('fee_item', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('code_url', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.String(length=40), nullable=True),
    sa.Column('transaction_id', sa.String(length=64), nullable=False),
    sa.Column('paid_at', sa.String(length=40), nullable=True),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('out_trade_no')
    )
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_orders_case_code'), ['case_code'], unique=False)

    op.create_table('payment_refunds',
    sa.Column('out_refund_no', sa.String(length=48), nullable=False),
    sa.Column('out_trade_no', sa.String(length=40), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('out_refund_no')
    )
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_refunds_out_trade_no'), ['out_trade_no'], unique=False)

    op.create_table('sandbox_codes',
    sa.Column('auth_code', sa.String(length=24), nullable=False),
    sa.Column('behaviour', sa.String(length=16), nullable=False),
    sa.Column('used_by', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('auth_code')
    )
    op.create_table('sandbox_trades',
    sa.Column('out_trade_no', sa.String(length=40), nullable=False),
    sa.Column('flow', sa.String(length=10), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('attach', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=True),
    sa.Column('auth_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.String(length=40), nullable=True),
    sa.Column('transaction_id', sa.String(length=40), nullable=False),
    sa.Column('paid_at', sa.String(length=40), nullable=True),
    sa.Column('recall_left', sa.Integer(), nullable=False),
    sa.Column('notified', sa.Boolean(), nullable=False),
    sa.Column('charged', sa.Integer(), nullable=False),
    sa.Column('refunded_cents', sa.BigInteger(), nullable=False),
    sa.Column('refund_no', sa.String(length=48), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('out_trade_no'),
    sa.UniqueConstraint('token')
    )
    op.create_table('seen_nonces',
    sa.Column('keyid', sa.String(length=32), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('keyid', 'nonce')
    )
    with op.batch_alter_table('seen_nonces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_nonces_created'), ['created'], unique=False)

    op.create_table('services',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('time_limit_days', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('staff_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('staff_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_tokens_staff_id'), ['staff_id'], unique=False)

    op.create_table('web_code_counters',
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region', 'day')
    )
    op.create_table('web_submissions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('token')
    )
    op.create_table('attachment_chunks',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['attachments.sha256'], ),
    sa.PrimaryKeyConstraint('sha256', 'offset')
    )
    op.create_table('case_attachments',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('slot', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['cases.code'], ),
    sa.PrimaryKeyConstraint('code', 'slot')
    )
    with op.batch_alter_table('case_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_attachments_sha256'), ['sha256'], unique=False)

    op.create_table('case_supplements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('missing', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.String(length=40), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('resolved_at', sa.String(length=40), nullable=True),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['code'], ['cases.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_supplements', schema=None) as batch_op:
        batch_op.create_index('case_supplements_one_open', ['code'], unique=True, sqlite_where=sa.text('resolved_at IS NULL'), postgresql_where=sa.text('resolved_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_case_supplements_code'), ['code'], unique=False)

    op.create_table('events',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('first_response', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['cases.code'], ),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_code'), ['code'], unique=False)

    op.create_table('ratings',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['cases.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('status_events',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['cases.code'], ),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_events_code'), ['code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_events_code'))

    op.drop_table('status_events')
    op.drop_table('ratings')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_code'))

    op.drop_table('events')
    with op.batch_alter_table('case_supplements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_supplements_code'))
        batch_op.drop_index('case_supplements_one_open', sqlite_where=sa.text('resolved_at IS NULL'), postgresql_where=sa.text('resolved_at IS NULL'))

    op.drop_table('case_supplements')
    with op.batch_alter_table('case_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_attachments_sha256'))

    op.drop_table('case_attachments')
    op.drop_table('attachment_chunks')
    op.drop_table('web_submissions')
    op.drop_table('web_code_counters')
    with op.batch_alter_table('staff_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_tokens_staff_id'))

    op.drop_table('staff_tokens')
    op.drop_table('services')
    with op.batch_alter_table('seen_nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_nonces_created'))

    op.drop_table('seen_nonces')
    op.drop_table('sandbox_trades')
    op.drop_table('sandbox_codes')
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_refunds_out_trade_no'))

    op.drop_table('payment_refunds')
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_orders_case_code'))

    op.drop_table('payment_orders')
    with op.batch_alter_table('payment_notifies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_notifies_out_trade_no'))

    op.drop_table('payment_notifies')
    op.drop_table('network_keys')
    op.drop_table('enrollment_codes')
    op.drop_table('devices')
    op.drop_table('device_heartbeats')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_service_code'))
        batch_op.drop_index(batch_op.f('ix_cases_person_hash'))
        batch_op.drop_index(batch_op.f('ix_cases_device_id'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_flags_device_id'))

    op.drop_table('audit_flags')
    op.drop_table('audit_events')
    op.drop_table('attachments')
