"""web code counters per device number (the web channel past 9,999 cases a region a day)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:15:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_code_shards',
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('device', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region', 'day', 'device')
    )
    # today's codes under 000 were counted by (region, day): they carry over, so no code is issued twice
    op.execute("INSERT INTO web_code_shards (region, day, device, last) "
               "SELECT region, day, 0, last FROM web_code_counters")
    op.drop_table('web_code_counters')


def downgrade() -> None:
    op.create_table('web_code_counters',
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region', 'day')
    )
    op.execute("INSERT INTO web_code_counters (region, day, last) "
               "SELECT region, day, last FROM web_code_shards WHERE device = 0")
    op.drop_table('web_code_shards')
