"""Device enrollment: one-time codes from the CLI, POST /v1/devices/enroll, revocation.

A code is 12 digits (typed on the kiosk's keypad), kept only as its sha256, valid for `ttl` seconds and
once. Enrolling gives the kiosk its device id (the keyid of its signatures), its number in the region (part
of its registration codes), the network's X25519 public key (cases are sealed to it) and the person key.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from domain import regcode
from servicenet.db import devices, enrollment_codes
from servicenet.refusal import Refusal

ACTIVE, REVOKED = "active", "revoked"
CODE_REFUSED = "注册码无效、已过期或已使用 / enrollment code unknown, expired or already used"


class EnrollRefused(Refusal):
    """The code or the key is refused."""


@dataclass(frozen=True)
class Device:
    device_id: str
    region: str
    number: int
    public_key: bytes  # raw Ed25519
    status: str
    hall_name: str = ""


def _now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def normalize(code: str) -> str:
    """The code's ASCII digits after NFKC (full-width digits typed by an input method are the same code); any
    other character, Arabic-Indic digits included, is no digit of a code (the hash is over ASCII)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", code) if ch in "0123456789")


def device_id_typed(text: str) -> str:
    """A device id as a person typed it (full-width digits and hyphen, spaces), in the form the network keeps."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode("ascii")).hexdigest()


def pretty(code: str) -> str:
    digits = normalize(code)
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def issue_code(engine: Engine, region: str = "440105", ttl: float = 600.0,
               clock: Callable[[], float] = time.time) -> str:
    """A fresh one-time code for a kiosk of `region` (as typed: full-width digits are the same), valid for `ttl`
    seconds."""
    region = unicodedata.normalize("NFKC", region).strip()
    if not (len(region) == 6 and region.isascii() and region.isdigit()):
        raise ValueError("region: a 6-digit region code")
    if ttl <= 0:
        raise ValueError("ttl: more than 0 seconds")
    code = "".join(secrets.choice("0123456789") for _ in range(12))
    with engine.begin() as conn:
        conn.execute(sa.insert(enrollment_codes).values(code_hash=code_hash(code), region=region,
                                                        expires_at=clock() + ttl))
    return pretty(code)


def _public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise EnrollRefused(422, "公钥格式错误 / public_key: base64 of a raw 32-byte Ed25519 key")
    return raw


def _claim_number(conn: sa.Connection, region: str, values: dict[str, Any], attempts: int = 200) -> int:
    """Insert the device with the region's next free number. Two enrollments at once (two technicians, two nodes)
    read the same highest number; the loser's insert hits UNIQUE(region, number), is rolled back to its savepoint
    and reads again (a new statement sees the winner's commit under READ COMMITTED), so nobody gets a 500."""
    for _ in range(attempts):
        highest = conn.execute(sa.select(sa.func.max(devices.c.number)).where(devices.c.region == region)).scalar()
        number = int(highest or 0) + 1
        if number > regcode.KIOSK_MAX:  # 900..999 are the web channel's (domain/regcode.py)
            raise EnrollRefused(409, "该地区终端编号已用完 / no device number left in this region")
        try:
            with conn.begin_nested():
                conn.execute(sa.insert(devices).values(device_id=f"{region}-{number:03d}", region=region,
                                                       number=number, **values))
        except sa.exc.IntegrityError:
            continue
        return number
    raise EnrollRefused(503, "终端登记繁忙，请稍后重试 / too many enrollments at once, try again")


def enroll(engine: Engine, code: str, public_key: str, hall_name: str = "",
           clock: Callable[[], float] = time.time) -> Device:
    """Use the code (once, before it expires) to register the key; the next free number of the region."""
    raw = _public_key(public_key)
    now = _now_iso()
    with engine.begin() as conn:
        row = conn.execute(sa.select(enrollment_codes).where(enrollment_codes.c.code_hash == code_hash(code))).first()
        if row is None or row.used_at is not None or row.expires_at <= clock():
            raise EnrollRefused(403, CODE_REFUSED)
        taken = conn.execute(sa.update(enrollment_codes).where(enrollment_codes.c.code_hash == row.code_hash,
                                                               enrollment_codes.c.used_at.is_(None))
                             .values(used_at=now))
        if taken.rowcount != 1:  # the same code used at the same moment by another kiosk
            raise EnrollRefused(403, CODE_REFUSED)
        number = _claim_number(conn, row.region, {"public_key": base64.b64encode(raw).decode("ascii"),
                                                  "hall_name": hall_name[:200], "status": ACTIVE, "enrolled_at": now})
        device_id = f"{row.region}-{number:03d}"
        conn.execute(sa.update(enrollment_codes).where(enrollment_codes.c.code_hash == row.code_hash)
                     .values(device_id=device_id))
    return Device(device_id, row.region, number, raw, ACTIVE, hall_name)


def get_device(engine: Engine, device_id: str) -> Device | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(devices).where(devices.c.device_id == device_id)).first()
    if row is None:
        return None
    return Device(row.device_id, row.region, int(row.number), base64.b64decode(row.public_key), row.status,
                  row.hall_name or "")


def revoke(engine: Engine, device_id: str) -> bool:
    """Refuse every further request of this device; False when there is no such active device."""
    with engine.begin() as conn:
        done = conn.execute(sa.update(devices).where(devices.c.device_id == device_id, devices.c.status == ACTIVE)
                            .values(status=REVOKED, revoked_at=_now_iso()))
    return bool(done.rowcount == 1)


def list_devices(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(devices).order_by(devices.c.device_id)).all()
    return [{"device_id": r.device_id, "status": r.status, "hall_name": r.hall_name or "",
             "enrolled_at": r.enrolled_at, "revoked_at": r.revoked_at or ""} for r in rows]


class EnrollIn(BaseModel):
    code: str = Field(min_length=1, max_length=40, description="the one-time code from `servicenet enrollment-code`")
    public_key: str = Field(description="the kiosk's Ed25519 public key, base64 of the raw 32 bytes")
    hall_name: str = ""


class EnrollOut(BaseModel):
    device_id: str = Field(description="the keyid of every request the kiosk signs")
    device_number: int
    region: str
    network_public_key: str = Field(description="X25519, base64 raw: the kiosk seals personal data to it")
    person_key: str
    settings_key: str = Field(description="Ed25519, base64 raw: the network signs the kiosk's remote settings with it")


def router(engine: Engine, network_public_key: str, person_key: str, settings_key: str = "") -> APIRouter:
    r = APIRouter()

    @r.post("/v1/devices/enroll", response_model=EnrollOut,
            responses={403: {"description": CODE_REFUSED}, 422: {"description": "malformed key"}})
    async def enroll_device(body: EnrollIn, request: Request) -> dict[str, Any]:
        try:
            device = await run_in_threadpool(enroll, engine, body.code, body.public_key, body.hall_name,
                                             request.app.state.clock)
        except EnrollRefused as exc:
            raise HTTPException(exc.status, str(exc)) from None
        return {"device_id": device.device_id, "device_number": device.number, "region": device.region,
                "network_public_key": network_public_key, "person_key": person_key, "settings_key": settings_key}

    return r
