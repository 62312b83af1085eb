"""fleet settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:41:50.030287
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('fleet_settings',
    sa.Column('version', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('scope', sa.String(length=220), nullable=False),
    sa.Column('doc', sa.Text(), nullable=False),
    sa.Column('previous', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('version'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('fleet_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fleet_settings_scope'), ['scope'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fleet_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fleet_settings_scope'))

    op.drop_table('fleet_settings')
