"""web login generations

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:17:36.365886
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_login_generations',
    sa.Column('person_hash', sa.String(length=64), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('person_hash')
    )


def downgrade() -> None:
    op.drop_table('web_login_generations')
