"""Who is signed in on the staff side, and which paths a kiosk signature does not guard.

Staff accounts (servicenet/backoffice/accounts.py) sign in on /admin/login with password + TOTP; the session
is a sealed cookie naming the account and its session epoch (changing the password, the roles or disabling
the account ends every open session). The back-office API (/v1/backoffice/...) takes a bearer token issued to
an account by `servicenet staff token S001` (only its sha256 is kept). Residents' web pages (/web/...) have
their own login (servicenet/webchannel/session.py). None of these callers is a kiosk, so `Guard` lets them
through the device-signature check (servicenet/auth.py) that guards every other path. What a staff member
may do is the route's business: servicenet/backoffice/roles.py `require_role`.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import Request, Response
from sqlalchemy.engine import Engine

from servicenet import auth
from servicenet.backoffice import accounts
from servicenet.backoffice.roles import Staff
from servicenet.columns import iso_time, table
from servicenet.webchannel.session import STAFF_COOKIE, cookie_box

staff_tokens = table(
    "staff_tokens",
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.String(64), nullable=False, default=""),
    iso_time("created_at"),
    iso_time("revoked_at", nullable=True),
)

SESSION_SECONDS = 8 * 3600


def unsigned(path: str) -> bool:
    """Paths whose callers are residents' browsers or staff, not kiosks."""
    return (path in ("/web", "/admin") or path.startswith(("/web/", "/admin/", "/v1/backoffice/")))


class Guard(auth.SignatureGuard):
    """servicenet/auth.py's device-signature guard, minus the residents' and the staff's own paths."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and unsigned(scope["path"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def issue_token(engine: Engine, staff_id: str) -> str:
    """A new bearer token for an existing account (printed once by the CLI; only its hash is kept)."""
    staff = accounts.get(engine, staff_id)
    if staff is None:
        raise accounts.AccountError(f"没有启用的工号 {staff_id}：先用 servicenet staff add 建立账户 / "
                                    f"no active staff account {staff_id}: create it with `servicenet staff add`")
    token = "st_" + secrets.token_urlsafe(24)
    with engine.begin() as conn:
        conn.execute(sa.insert(staff_tokens).values(
            token_hash=_hash(token), staff_id=staff.staff_id, name=staff.name,
            created_at=datetime.now().astimezone().isoformat(timespec="seconds")))
    return token


def revoke_tokens(engine: Engine, staff_id: str) -> int:
    with engine.begin() as conn:
        return int(conn.execute(sa.update(staff_tokens).where(staff_tokens.c.staff_id == staff_id,
                                                             staff_tokens.c.revoked_at.is_(None))
                                .values(revoked_at=datetime.now().astimezone().isoformat(timespec="seconds")))
                   .rowcount)


def staff_for(engine: Engine, token: str | None) -> Staff | None:
    """The active account a bearer token was issued to."""
    if not token or len(token) > 200:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(staff_tokens.c.staff_id)
                           .where(staff_tokens.c.token_hash == _hash(token), staff_tokens.c.revoked_at.is_(None))
                           ).first()
    return accounts.get(engine, row.staff_id) if row else None


def start_session(request: Request, response: Response, staff: Staff) -> None:
    box = cookie_box(request.app.state, "staff")
    response.set_cookie(STAFF_COOKIE, box.seal({"sid": staff.staff_id, "epoch": staff.epoch},
                                               max_age=SESSION_SECONDS),
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/admin")


def session_staff(request: Request) -> Staff | None:
    doc = cookie_box(request.app.state, "staff").open(request.cookies.get(STAFF_COOKIE))
    if not doc or not isinstance(doc.get("sid"), str):
        return None
    staff = accounts.get(request.app.state.engine, doc["sid"])
    return staff if staff is not None and staff.epoch == doc.get("epoch") else None


def current_staff(request: Request, token: str | None) -> Staff | None:
    """The bearer token's account, else the /admin session's."""
    if token:
        return staff_for(request.app.state.engine, token)
    return session_staff(request)
