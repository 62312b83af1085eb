"""fleet release files in chunks

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 21:50:00.000000

A release file's bytes move from one `data` value per file to 1 MiB rows in fleet_release_chunks (stored and
served in bounded memory, servicenet/fleet/filestore.py); the index keeps sha256 and size and gains the chunk
size. Files already stored are cut into chunks here, one chunk read at a time.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 1 << 20

files = sa.table('fleet_release_files', sa.column('sha256', sa.String), sa.column('size', sa.BigInteger),
                 sa.column('data', sa.LargeBinary), sa.column('chunk', sa.Integer))
chunks = sa.table('fleet_release_chunks', sa.column('sha256', sa.String), sa.column('seq', sa.Integer),
                  sa.column('data', sa.LargeBinary))


def upgrade() -> None:
    op.create_table('fleet_release_chunks',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'seq')
    )
    with op.batch_alter_table('fleet_release_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chunk', sa.Integer(), nullable=False, server_default=str(CHUNK)))
    conn = op.get_bind()
    for sha256, size in conn.execute(sa.select(files.c.sha256, files.c.size)).all():
        for seq in range(-(-int(size) // CHUNK)):  # an empty file has no chunk
            part = conn.execute(sa.select(sa.func.substr(files.c.data, seq * CHUNK + 1, CHUNK))
                                .where(files.c.sha256 == sha256)).scalar_one()
            conn.execute(sa.insert(chunks).values(sha256=sha256, seq=seq, data=bytes(part)))
    with op.batch_alter_table('fleet_release_files', schema=None) as batch_op:
        batch_op.alter_column('chunk', server_default=None)
        batch_op.drop_column('data')


def downgrade() -> None:
    with op.batch_alter_table('fleet_release_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    conn = op.get_bind()
    for (sha256,) in conn.execute(sa.select(files.c.sha256)).all():
        parts = conn.execute(sa.select(chunks.c.data).where(chunks.c.sha256 == sha256).order_by(chunks.c.seq))
        conn.execute(sa.update(files).where(files.c.sha256 == sha256)
                     .values(data=b''.join(bytes(p) for (p,) in parts)))
    with op.batch_alter_table('fleet_release_files', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('chunk')
    op.drop_table('fleet_release_chunks')
