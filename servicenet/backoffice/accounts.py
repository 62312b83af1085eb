"""Staff accounts: roles, departments, password (scrypt) + TOTP (pyotp) sign-in with a lockout.

An account has one or more roles (servicenet/backoffice/roles.py) and, for 事项办理, the departments whose
cases it may process ("*" = every department). Sign-in needs the password and a current TOTP code; a code is
good once (the last accepted time step is kept), and MAX_FAILS wrong tries in a row lock the account for
LOCK_SECONDS. Everything lives in the database, so every worker and node agrees.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyotp
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import staffid
from servicenet.backoffice.roles import Role, Staff
from servicenet.columns import iso_time, table, unix_time

MAX_FAILS = 5
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 10
ISSUER = "政务服务网后台"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

staff_accounts = table(
    "staff_accounts",
    sa.Column("staff_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, default=""),
    sa.Column("roles", sa.Text, nullable=False),  # JSON list of Role values
    sa.Column("departments", sa.Text, nullable=False),  # JSON list of department names; ["*"] = all
    sa.Column("password_hash", sa.String(200), nullable=True),  # null: API tokens only, no page sign-in
    sa.Column("totp_secret", sa.String(64), nullable=True),
    sa.Column("last_totp_step", sa.BigInteger, nullable=False, default=0),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    unix_time("locked_until", nullable=True),
    sa.Column("session_epoch", sa.Integer, nullable=False, default=0),  # bumped: every open session ends
    iso_time("disabled_at", nullable=True),
    iso_time("created_at"),
)


class AccountError(ValueError):
    """A staff account request the rules refuse (the message says why, in Chinese and English)."""


class SignInRefused(Exception):
    """Wrong password or code, locked or disabled: the message is what the sign-in page shows."""


ID_RULE = "工号须为1-64位半角字母、数字或 . _ -，以字母或数字开头（如 S001）"


def canonical_id(raw: str) -> str:
    """The staff id as typed, made canonical (domain/staffid.py: NFKC, trimmed; S001, window-01), or AccountError
    with the rule in Chinese and what was wrong."""
    try:
        return staffid.validate(raw)
    except staffid.InvalidStaffId as exc:
        raise AccountError(f"{ID_RULE} / {exc}") from None


def _now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def password_matches(stored: str | None, password: str) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, _digest = stored.split("$")
    return hmac.compare_digest(hash_password(password, base64.b64decode(salt)), stored)


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD or len(password) > 200:
        raise AccountError(f"密码须为{MIN_PASSWORD}-200个字符 / a password is {MIN_PASSWORD} to 200 characters")
    return password


def _roles(roles: list[str]) -> list[str]:
    out = []
    for r in roles:
        try:
            out.append(Role.parse(r).value)
        except ValueError as exc:
            raise AccountError(str(exc)) from None
    if not out:
        raise AccountError("至少一个角色 / give at least one role: " + ", ".join(r.value for r in Role))
    return sorted(set(out))


def _departments(departments: list[str]) -> list[str]:
    return sorted({unicodedata.normalize("NFKC", d).strip() for d in departments if d and d.strip()})


@dataclass(frozen=True)
class NewAccount:
    staff_id: str
    totp_secret: str  # shown once, for the authenticator app

    @property
    def provisioning_uri(self) -> str:
        return pyotp.TOTP(self.totp_secret).provisioning_uri(name=self.staff_id, issuer_name=ISSUER)


def add(engine: Engine, staff_id: str, name: str, roles: list[str], departments: Sequence[str] = (),
        password: str | None = None) -> NewAccount:
    """A new account; with a password it may sign in on /admin (the TOTP secret is returned once)."""
    sid = canonical_id(staff_id)
    secret = pyotp.random_base32()
    values = dict(staff_id=sid, name=name.strip()[:64], roles=json.dumps(_roles(roles)),
                  departments=json.dumps(_departments(list(departments)), ensure_ascii=False),
                  password_hash=hash_password(_check_password(password)) if password is not None else None,
                  totp_secret=secret, last_totp_step=0, failed_logins=0, session_epoch=0, created_at=_now_iso())
    try:
        with engine.begin() as conn:
            same = conn.execute(sa.select(staff_accounts.c.staff_id).where(
                sa.func.lower(staff_accounts.c.staff_id) == sid.lower(), staff_accounts.c.staff_id != sid)).first()
            if same is not None:  # case is kept in a staff id, so it must never be what tells two people apart
                raise AccountError(f"已有工号 {same.staff_id}，与 {sid} 只差大小写 / staff {same.staff_id} exists "
                                   f"and differs from {sid} only in case")
            conn.execute(sa.insert(staff_accounts).values(**values))
    except sa.exc.IntegrityError:
        raise AccountError(f"工号 {sid} 已存在 / staff {sid} exists") from None
    return NewAccount(sid, secret)


def _update(engine: Engine, staff_id: str, **values: Any) -> None:
    sid = canonical_id(staff_id)
    with engine.begin() as conn:
        done = conn.execute(sa.update(staff_accounts).where(staff_accounts.c.staff_id == sid).values(**values))
    if done.rowcount == 0:
        raise AccountError(f"没有工号 {sid} / no staff account {sid}")


def set_roles(engine: Engine, staff_id: str, roles: list[str], departments: list[str]) -> None:
    _update(engine, staff_id, roles=json.dumps(_roles(roles)),
            departments=json.dumps(_departments(departments), ensure_ascii=False),
            session_epoch=staff_accounts.c.session_epoch + 1)


def set_password(engine: Engine, staff_id: str, password: str) -> None:
    _update(engine, staff_id, password_hash=hash_password(_check_password(password)),
            session_epoch=staff_accounts.c.session_epoch + 1)


def reset_totp(engine: Engine, staff_id: str) -> NewAccount:
    secret = pyotp.random_base32()
    _update(engine, staff_id, totp_secret=secret, last_totp_step=0, session_epoch=staff_accounts.c.session_epoch + 1)
    return NewAccount(canonical_id(staff_id), secret)


def disable(engine: Engine, staff_id: str) -> None:
    _update(engine, staff_id, disabled_at=_now_iso(), session_epoch=staff_accounts.c.session_epoch + 1)


def unlock(engine: Engine, staff_id: str) -> None:
    _update(engine, staff_id, failed_logins=0, locked_until=None)


def end_sessions(engine: Engine, staff_id: str) -> None:
    _update(engine, staff_id, session_epoch=staff_accounts.c.session_epoch + 1)


def _staff(row: Any) -> Staff:
    return Staff(row.staff_id, row.name, frozenset(Role(r) for r in json.loads(row.roles)),
                 frozenset(json.loads(row.departments)), int(row.session_epoch))


def get(engine: Engine, staff_id: str) -> Staff | None:
    """The active account (None when unknown or disabled)."""
    try:
        sid = canonical_id(staff_id)
    except AccountError:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(staff_accounts).where(staff_accounts.c.staff_id == sid,
                                                           staff_accounts.c.disabled_at.is_(None))).first()
    return _staff(row) if row else None


def listing(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(staff_accounts).order_by(staff_accounts.c.staff_id)).all()
    return [{"staff_id": r.staff_id, "name": r.name, "roles": json.loads(r.roles),
             "departments": json.loads(r.departments), "can_sign_in": r.password_hash is not None,
             "locked": bool(r.locked_until), "disabled": r.disabled_at is not None} for r in rows]


def _totp_step(secret: str, code: str, now: float) -> int | None:
    """The time step a 6-digit code belongs to (this one or its neighbours), else None."""
    code = unicodedata.normalize("NFKC", code or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        at = now + drift * totp.interval
        if hmac.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None


def sign_in(engine: Engine, staff_id: str, password: str, code: str, now: float) -> Staff:
    """Password + TOTP, or SignInRefused with the reason a clerk can act on (never which part was wrong)."""
    wrong = SignInRefused("工号、密码或动态验证码有误")
    try:
        sid = canonical_id(staff_id)
    except AccountError:  # the rule is public: saying it tells nobody whether an account exists
        raise SignInRefused(ID_RULE) from None
    with engine.begin() as conn:
        row = conn.execute(sa.select(staff_accounts).where(staff_accounts.c.staff_id == sid).with_for_update()).first()
        if row is None or row.password_hash is None:
            password_matches(hash_password("x"), password)  # the same work as for a real account
            raise wrong
        if row.disabled_at is not None:
            raise SignInRefused("该账户已停用，请联系管理员")
        if row.locked_until and row.locked_until > now:
            minutes = int((row.locked_until - now) // 60) + 1
            raise SignInRefused(f"连续输错{MAX_FAILS}次，账户已锁定，请{minutes}分钟后再试或请管理员解锁")
        step = _totp_step(row.totp_secret or "", code, now)
        refusal: SignInRefused | None = None
        if not password_matches(row.password_hash, password) or step is None or step <= row.last_totp_step:
            fails = int(row.failed_logins) + 1
            locked = now + LOCK_SECONDS if fails >= MAX_FAILS else None
            conn.execute(sa.update(staff_accounts).where(staff_accounts.c.staff_id == sid)
                         .values(failed_logins=0 if locked else fails, locked_until=locked))
            refusal = SignInRefused(f"连续输错{MAX_FAILS}次，账户已锁定{LOCK_SECONDS // 60}分钟") if locked else wrong
        else:
            conn.execute(sa.update(staff_accounts).where(staff_accounts.c.staff_id == sid)
                         .values(failed_logins=0, locked_until=None, last_totp_step=step))
    if refusal is not None:  # raised after the commit, so the failed try is counted
        raise refusal
    return _staff(row)
