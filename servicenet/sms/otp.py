"""One-time codes that prove a resident holds a phone (the web channel's phone field, and logins by SMS).

`issue()` queues the verify_code message through the outbox (so it is rate-limited and sent like any other);
a new code for the same phone and purpose is refused for RESEND_SECONDS. `check()` accepts a code once,
within TTL_SECONDS, and at most MAX_TRIES wrong guesses per code. Only a hash of the code is stored.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.sms import outbox
from servicenet.sms.tables import sms_codes

TTL_SECONDS = 300
RESEND_SECONDS = 60
MAX_TRIES = 5
PURPOSES = {"phone": "验证手机号码", "login": "登录政务服务网"}


class TooSoon(Exception):
    """A code for this phone was sent a moment ago."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"验证码已发送，请{wait}秒后再获取 / a code was just sent: wait {wait} s")
        self.wait = wait


class WrongCode(ValueError):
    """The code is wrong, expired or used."""


def _hash(phone: str, purpose: str, code: str) -> str:
    return hashlib.sha256(f"{purpose}:{phone}:{code}".encode()).hexdigest()


def issue(engine: Engine, phone: str, purpose: str, now: float | None = None) -> str:
    """Queue a new 6-digit code by SMS; returns the canonical phone. Raises outbox.BadPhone or TooSoon."""
    phone = outbox.canonical_phone(phone)
    label = PURPOSES[purpose]
    at = time.time() if now is None else now
    code = f"{secrets.randbelow(10**6):06d}"
    with engine.begin() as conn:
        last = conn.execute(sa.select(sa.func.max(sms_codes.c.created_at))
                            .where(sms_codes.c.phone == phone, sms_codes.c.purpose == purpose)).scalar()
        if last is not None and at - float(last) < RESEND_SECONDS:
            raise TooSoon(int(RESEND_SECONDS - (at - float(last))) + 1)
        inserted = conn.execute(sa.insert(sms_codes).values(
            phone=phone, purpose=purpose, code_hash=_hash(phone, purpose, code), created_at=at,
            expires_at=at + TTL_SECONDS, tries=0)).inserted_primary_key
        assert inserted is not None
        row_id = inserted[0]
        outbox.enqueue(conn, f"otp:{row_id}", phone, "verify_code",
                       {"otp": code, "minutes": TTL_SECONDS // 60, "purpose": label}, now=at)
    return phone


def check(engine: Engine, phone: str, purpose: str, code: str, now: float | None = None) -> str:
    """The canonical phone when `code` is the live code for it; else WrongCode (the code is used up once right)."""
    try:
        phone = outbox.canonical_phone(phone)
    except outbox.BadPhone as exc:
        raise WrongCode(str(exc)) from None
    at = time.time() if now is None else now
    code = "".join(ch for ch in unicodedata.normalize("NFKC", code) if not ch.isspace())  # １２３ ４５６ as typed
    with engine.begin() as conn:
        row = conn.execute(sa.select(sms_codes).where(
            sms_codes.c.phone == phone, sms_codes.c.purpose == purpose, sms_codes.c.used_at.is_(None),
            sms_codes.c.expires_at > at, sms_codes.c.tries < MAX_TRIES).order_by(sms_codes.c.id.desc())).first()
        if row is None:
            raise WrongCode("验证码已失效，请重新获取 / the code expired or was used: ask for a new one")
        right = hmac.compare_digest(row.code_hash, _hash(phone, purpose, code))
        conn.execute(sa.update(sms_codes).where(sms_codes.c.id == row.id).values(
            **({"used_at": at} if right else {"tries": row.tries + 1})))
    if not right:  # the wrong guess is counted (committed) before it is refused
        raise WrongCode("验证码不正确 / wrong code")
    return phone
