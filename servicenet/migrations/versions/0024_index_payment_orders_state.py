"""index payment_orders.state

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 13:56:48.367867

The refund worker closes the expired QRs of refused cases on every poll of every node
(servicenet/payments/refunds.py, Refunder.close_expired): open orders are found through this index instead
of a scan of every order the network ever took.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_orders_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_orders_state'))
