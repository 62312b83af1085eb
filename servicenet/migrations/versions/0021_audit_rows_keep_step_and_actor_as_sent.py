"""audit rows keep their step and actor as sent

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 09:19:13.224648

A kiosk's audit row is hashed over its step and actor; the network cut them to 40 and 64 characters when it
stored them, so a longer one then read as tampered in `servicenet audit-verify` (PostgreSQL would have refused
the insert). They are stored whole now: TEXT. PostgreSQL changes a VARCHAR to TEXT in place; SQLite copies the
table (batch mode). Downgrading refuses (PostgreSQL) if a stored value is longer than the old limit by then.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('step', existing_type=sa.String(length=40), type_=sa.Text(), existing_nullable=False)
        batch_op.alter_column('actor', existing_type=sa.String(length=64), type_=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('actor', existing_type=sa.Text(), type_=sa.String(length=64), existing_nullable=False)
        batch_op.alter_column('step', existing_type=sa.Text(), type_=sa.String(length=40), existing_nullable=False)
