"""A web application becomes a case like a kiosk's: a code of the same scheme (device 000), the same wire
shape, the personal part sealed to the network's key, and the same batch upsert (store.submit_one), which
computes the person hash from the applicant so a kiosk's track-by-ID-card finds it.

A double submit (a second click, a reload) is harmless: the form carries a one-time token, and the same
token answers with the code it already got.
"""
from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import Engine

from domain import wire
from domain.models import Person
from servicenet import store
from servicenet.columns import iso_time, table
from servicenet.keys import SEAL_ALG, SEAL_INFO, SealKey
from servicenet.webchannel import regseq

web_submissions = table(
    "web_submissions",
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("code", sa.String(20), nullable=False),
    iso_time("created_at"),
)


class NotAccepted(ValueError):
    """The network refused the case (the message is store's `invalid` reason)."""


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def seal(recipient: bytes, plaintext: bytes, aad: bytes) -> dict[str, str]:
    """The kiosks' sealing (sync/crypto.py seal): ephemeral X25519, HKDF-SHA256, AES-256-GCM."""
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + recipient, info=SEAL_INFO).derive(
        eph.exchange(X25519PublicKey.from_public_bytes(recipient)))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext, aad)
    return {"alg": SEAL_ALG, "epk": _b64(epk), "nonce": _b64(nonce), "ct": _b64(sealed)}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def code_for_token(engine: Engine, token: str) -> str | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(web_submissions.c.code).where(web_submissions.c.token == token)).first()
    return row.code if row else None


def submit(engine: Engine, seal_key: SealKey, person_key: str, service: dict[str, Any], resident: Person,
           form: dict[str, Any], token: str, now: datetime | None = None,
           default_region: str = regseq.DEFAULT_REGION, delivery: dict[str, str] | None = None,
           attachments: list[dict[str, Any]] | None = None) -> str:
    """File the web application; returns its registration code (the same one again for a repeated token).
    delivery: how the result is collected (servicenet/results/delivery.py), sealed with the personal part;
    attachments: the materials uploaded with the form (servicenet/webchannel/materials.py)."""
    if not token or len(token) > 64:
        raise NotAccepted("表单已过期，请重新填写 / the form expired, fill it in again")
    held = code_for_token(engine, token)
    if held:
        return held
    at = (now or datetime.now().astimezone()).replace(microsecond=0)
    code = regseq.next_code(engine, regseq.region_of(service["code"], default_region), at.date())
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(web_submissions).values(token=token, code=code, created_at=at.isoformat()))
    except sa.exc.IntegrityError:  # the same form posted twice at once: the first one's code
        held = code_for_token(engine, token)
        assert held is not None
        return held
    personal = {"applicant": replace(resident, address=str(form.get("address", ""))).to_wire(),
                "agent": None, "form": form, **({"delivery": delivery} if delivery else {})}
    case = {"code": code, "service_code": service["code"], "channel": "web", "device_id": "",
            "submitted_at": at.isoformat(), "assisted_by": "", "attachments": list(attachments or []),
            "commitment": commitment(service, {a["slot"] for a in attachments or []}, at.date()),
            "sealed": seal(seal_key.public, wire.canonical(personal), code.encode("ascii"))}
    result = store.submit_one(engine, case, person_key, seal_key.open_case)
    if result["result"] not in ("created", "duplicate"):
        with engine.begin() as conn:
            conn.execute(sa.delete(web_submissions).where(web_submissions.c.token == token))
        raise NotAccepted(result["message"])
    return code


LETTER_VERSION = "web-2026.1"  # changes whenever the wording of letter() changes


def letter(service_name: str, missing: list[str], days: int) -> str:
    """告知承诺书 of the web channel, as the apply page shows it (submitting it is signing it)."""
    lines = [f"本人申请办理“{service_name}”，承诺所填写的信息和提交的材料真实、完整、有效。"]
    if missing:
        lines.append(f"以下材料尚未提交：{'、'.join(missing)}。本人承诺在{days}个工作日内到窗口补交。")
    lines.append("如有不实，愿承担申请被驳回或决定被撤销的后果及相应法律责任。")
    lines.append("本人的个人信息仅用于办理本次申请。")
    return "\n".join(lines)


def commitment(service: dict[str, Any], uploaded: set[str], day: Any) -> dict[str, Any]:
    """The letter as submitted, with each required material not uploaded promised within the time limit."""
    from domain.models import Commitment
    from servicenet.calendar import current

    days = max(1, int(service.get("time_limit_days", 0)))
    missing = [m["name"] for m in service.get("materials", []) if m.get("required", True) and m["name"] not in uploaded]
    return Commitment(letter(service["name"], missing, days), LETTER_VERSION,
                      tuple((name, days) for name in missing)).to_wire(day, current())
