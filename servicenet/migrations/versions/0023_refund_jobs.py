"""refund jobs: a refused case's fee goes back

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 12:18:01.671929

The network's own refunds of a refused case's fee (servicenet/payments/refunds.py): one job per paid order,
keyed by the order's refund number, worked by any node under a lease until the provider has refunded.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('refund_jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_key', sa.String(length=48), nullable=False),
    sa.Column('out_trade_no', sa.String(length=40), nullable=False),
    sa.Column('case_code', sa.String(length=20), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_at', sa.Float(), nullable=False),
    sa.Column('lease_owner', sa.String(length=40), nullable=True),
    sa.Column('lease_until', sa.Float(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('done_at', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_key')
    )
    with op.batch_alter_table('refund_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_jobs_case_code'), ['case_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_jobs_out_trade_no'), ['out_trade_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_jobs_state'), ['state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('refund_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_jobs_state'))
        batch_op.drop_index(batch_op.f('ix_refund_jobs_out_trade_no'))
        batch_op.drop_index(batch_op.f('ix_refund_jobs_case_code'))

    op.drop_table('refund_jobs')
