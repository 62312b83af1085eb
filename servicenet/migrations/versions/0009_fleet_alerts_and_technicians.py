"""fleet alerts and technicians

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:18:35.831352
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('fleet_alerts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('condition', sa.String(length=24), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('open_key', sa.String(length=60), nullable=True),
    sa.Column('raised_at', sa.Float(), nullable=False),
    sa.Column('resolved_at', sa.Float(), nullable=True),
    sa.Column('notified', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('open_key'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('fleet_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fleet_alerts_device_id'), ['device_id'], unique=False)

    op.create_table('fleet_technicians',
    sa.Column('scope', sa.String(length=220), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('scope')
    )


def downgrade() -> None:
    op.drop_table('fleet_technicians')
    with op.batch_alter_table('fleet_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fleet_alerts_device_id'))

    op.drop_table('fleet_alerts')
