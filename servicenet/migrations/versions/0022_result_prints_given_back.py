"""result prints the printer did not take are given back

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 12:10:00.000000

A kiosk counts a print of a result document before the job goes to the A4 printer; when the printer does not
take the job (refused, stopped, aborted or cancelled), the kiosk gives the print back. The print's row keeps
when and why (`returned_at`, `return_reason`) and no longer counts towards the document's print limit. A downgrade drops the two columns: a print given
back counts again.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('result_prints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returned_at', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('return_reason', sa.String(length=40), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('result_prints', schema=None) as batch_op:
        batch_op.drop_column('return_reason')
        batch_op.drop_column('returned_at')
