"""a diagnostics bundle's staff id is as long as every other staff id column (64)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 06:31:47.814026

A staff id has one canonical form, 1-64 characters (domain/staffid.py); fleet_diagnostics.staff_id was the one
column that held only 32. PostgreSQL widens a VARCHAR in place; SQLite copies the table (batch mode).
Downgrading refuses (PostgreSQL) if a stored id is longer than 32 by then.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('fleet_diagnostics', schema=None) as batch_op:
        batch_op.alter_column('staff_id', existing_type=sa.String(length=32), type_=sa.String(length=64),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('fleet_diagnostics', schema=None) as batch_op:
        batch_op.alter_column('staff_id', existing_type=sa.String(length=64), type_=sa.String(length=32),
                              existing_nullable=False)
