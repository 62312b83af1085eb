"""Who may use the staff side, and which paths a kiosk signature does not guard.

Staff hold a bearer token from the CLI (`servicenet office staff-token --staff-id S001 --name 王五`); only its
sha256 is kept. The back-office API (/v1/backoffice/...) takes it as `Authorization: Bearer <token>`, the
admin pages (/admin/...) as a cookie set by /admin/login. Residents' web pages (/web/...) have their own
login (servicenet/webchannel/session.py). None of these callers is a kiosk, so `Guard` lets them through
the device-signature check (servicenet/auth.py) that guards every other path.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from servicenet import auth
from servicenet.db import metadata

staff_tokens = sa.Table(
    "staff_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.String(64), nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)

STAFF_COOKIE = "hk_staff"


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


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def issue_token(engine: Engine, staff_id: str, name: str = "") -> str:
    """A new bearer token for a staff member (printed once by the CLI; only its hash is kept)."""
    staff_id = staff_id.strip()
    if not staff_id or len(staff_id) > 64:
        raise ValueError("staff id: 1 to 64 characters")
    token = "st_" + secrets.token_urlsafe(24)
    with engine.begin() as conn:
        conn.execute(sa.insert(staff_tokens).values(
            token_hash=_hash(token), staff_id=staff_id, name=name.strip()[:64],
            created_at=datetime.now().astimezone().isoformat(timespec="seconds")))
    return token


def staff_for(engine: Engine, token: str | None) -> Staff | None:
    if not token or len(token) > 200:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(staff_tokens.c.staff_id, staff_tokens.c.name)
                           .where(staff_tokens.c.token_hash == _hash(token), staff_tokens.c.revoked_at.is_(None))
                           ).first()
    return Staff(row.staff_id, row.name) if row else None


_bearer = HTTPBearer(auto_error=False, scheme_name="staffToken",
                     description="a staff token from `servicenet office staff-token`")


def require_staff(request: Request,
                  creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Staff:
    """FastAPI dependency of the back-office API: a valid bearer token, else 401."""
    staff = staff_for(request.app.state.engine, creds.credentials if creds else None)
    if staff is None:
        raise HTTPException(401, "需要工作人员令牌 / a staff bearer token is required "
                                 "(servicenet office staff-token)", headers={"WWW-Authenticate": "Bearer"})
    return staff
