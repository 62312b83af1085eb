"""The sandbox QR identity provider: the real adapter shape; its "phone app" issues dynamic codes.

A code is the kind's prefix and 24 random digits (ESSC… for the electronic social-security card, EID… for the
electronic ID), valid for TTL seconds and for one check only, like the providers' refreshing codes. Issued
codes live in servicenet's database (qrid_sandbox_codes), so any worker checks any code.
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import idnumber
from servicenet.columns import table, unix_time
from servicenet.qrid.provider import E_ID, E_SSCARD, KINDS, CodeRefused, Holder

NAME = "sandbox"
TTL = 60  # seconds a shown code may be scanned
PREFIX = {E_SSCARD: "ESSC", E_ID: "EID"}

qrid_sandbox_codes = table(
    "qrid_sandbox_codes",
    sa.Column("code", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("id_number", sa.String(18), nullable=False),
    unix_time("expires_at"),
    unix_time("used_at", nullable=True),
)


def issue(engine: Engine, name: str, id_number: str, kind: str = E_SSCARD, ttl: float = TTL,
          clock: Callable[[], float] = time.time) -> tuple[str, float]:
    """What the resident's phone shows: a fresh code for this holder, and when it stops working."""
    if kind not in KINDS:
        raise ValueError(f"kind is one of {KINDS}")
    name = " ".join(name.split())
    if not name or len(name) > 30:
        raise ValueError("a name has 1 to 30 characters")
    number = idnumber.validate(id_number)
    code = PREFIX[kind] + "".join(secrets.choice("0123456789") for _ in range(24))
    expires = clock() + ttl
    with engine.begin() as conn:
        conn.execute(sa.insert(qrid_sandbox_codes).values(code=code, kind=kind, name=name, id_number=number,
                                                          expires_at=expires))
    return code, expires


class SandboxQrIdentity:
    name = NAME

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def verify(self, code: str) -> Holder:
        now = self.clock()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(qrid_sandbox_codes).where(qrid_sandbox_codes.c.code == code)).first()
            if row is None:
                raise CodeRefused("unknown", "该码无效，请在手机上刷新后重新出示")
            if row.expires_at < now:
                raise CodeRefused("expired", "该码已过期，请在手机上刷新后重新出示")
            taken = conn.execute(sa.update(qrid_sandbox_codes)
                                 .where(qrid_sandbox_codes.c.code == code, qrid_sandbox_codes.c.used_at.is_(None))
                                 .values(used_at=now)).rowcount
            if taken != 1:
                raise CodeRefused("used", "该码已使用过，请在手机上刷新后重新出示")
        return Holder(row.name, row.id_number, row.kind)
