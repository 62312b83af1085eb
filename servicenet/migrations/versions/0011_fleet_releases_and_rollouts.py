"""fleet releases and rollouts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:52:30.076277
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('fleet_releases',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('manifest', sa.Text(), nullable=False),
    sa.Column('signature', sa.String(length=100), nullable=False),
    sa.Column('published_at', sa.Float(), nullable=False),
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.create_table('fleet_rollouts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('canary', sa.String(length=32), nullable=False),
    sa.Column('ring', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.Float(), nullable=False),
    sa.Column('ring_since', sa.Float(), nullable=False),
    sa.Column('ring_complete_at', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )


def downgrade() -> None:
    op.drop_table('fleet_rollouts')
    op.drop_table('fleet_releases')
