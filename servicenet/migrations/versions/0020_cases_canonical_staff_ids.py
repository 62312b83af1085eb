"""cases already stored keep their staff ids in canonical form, and their digest is of that form

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 09:20:00.000000

Until 5 Dec the batch API stored a case's `assisted_by` and `face_check.clerk` as sent; now it takes them as their
canonical form (domain/staffid.py, servicenet.schemas.with_canonical_staff_ids) and keeps and digests only that.
A case stored earlier with `ｓ００１` would answer the same bytes sent again (a kiosk that lost the reply) with
`conflict`, and would show `ｓ００１` in the back office: its payload and digest are rewritten here as the batch
API writes them now (the same function, so that the two cannot differ). A value that has no canonical form is
left as it was: the same bytes sent again still match it. Only rows whose payload names a staff id are read.
Downgrading leaves the rows canonical (the code before reads them as well).
"""
from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from domain import wire
    from servicenet.schemas import with_canonical_staff_ids

    conn = op.get_bind()
    cases = sa.table("cases", sa.column("code", sa.String), sa.column("digest", sa.String),
                     sa.column("payload", sa.Text))
    named = sa.or_(sa.and_(cases.c.payload.like('%"assisted_by":"%'), cases.c.payload.not_like('%"assisted_by":""%')),
                   cases.c.payload.like('%"clerk":"%'))  # canonical JSON: no spaces
    for code, payload in conn.execute(sa.select(cases.c.code, cases.c.payload).where(named)).all():
        raw = json.loads(payload)
        kept = with_canonical_staff_ids(raw)
        if kept is raw:
            continue
        body = wire.canonical(kept)
        conn.execute(sa.update(cases).where(cases.c.code == code)
                     .values(payload=body.decode("utf-8"), digest=wire.digest_of(body)))


def downgrade() -> None:
    pass
