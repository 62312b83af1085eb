"""status events carry their case's device

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 03:40:00.000000

A kiosk's status feed is one range of the (device_id, seq) index instead of a join through cases (which
PostgreSQL ran as a scan of every event after the cursor until it had statistics). Events already stored take
their case's device here.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=False, server_default=''))
    op.execute("UPDATE status_events SET device_id = (SELECT cases.device_id FROM cases WHERE cases.code = "
               "status_events.code) WHERE EXISTS (SELECT 1 FROM cases WHERE cases.code = status_events.code)")
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.create_index('ix_status_events_device_id_seq', ['device_id', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.drop_index('ix_status_events_device_id_seq')
        batch_op.drop_column('device_id')
