"""The case file (办件材料): a case opened on a clerk's request, every opening one entry of the back office's
hash-chained audit log.

The network holds the private key, so it unseals the personal part (the form, the applicant, the agent) and
each material image (sealed to `<code>/<slot>`) only when a clerk opens the file. Each opening appends an
entry to the audit chain `office` (same rows and hash as the kiosks' chains, servicenet/audit.py, so
`servicenet audit-verify --device office` checks it): step case_opened or case_pdf, actor the staff id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import wire
from servicenet import attachments, audit, store
from servicenet.backoffice.roles import Staff
from servicenet.db import audit_events, case_attachments, cases, serialize_writers, services
from servicenet.keys import SEALED_FILE_MAGIC, CannotOpen, SealKey, attachment_aad

CHAIN = "office"  # the device_id of the back office's own audit chain
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


@dataclass
class Material:
    slot: str
    media_type: str
    data: bytes = field(repr=False)
    problem: str = ""  # why it could not be shown (not uploaded yet, cannot be opened)

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES and bool(self.data)


@dataclass
class CaseFile:
    view: dict[str, Any]  # store.case_view
    opened: dict[str, Any]  # the case as sent, its sealed part opened
    materials: list[Material]  # every material, the signature last
    signature: Material | None
    department: str
    form: list[tuple[str, str]] = field(default_factory=list)  # (the field's title on the form, the answer)

    @property
    def commitment(self) -> dict[str, Any] | None:
        c = self.opened.get("commitment")
        return c if isinstance(c, dict) else None


def record(engine: Engine, staff: Staff, step: str, code: str, now: str) -> int:
    """Append one entry to the back office's audit chain; returns its seq."""
    return append(engine, staff.staff_id, step, {"code": code, "staff_name": staff.name}, now)


def append(engine: Engine, actor: str, step: str, detail: dict[str, Any], now: str) -> int:
    """Append an entry (who, what, about what) to the back office's audit chain; returns its seq."""
    with engine.begin() as conn:
        serialize_writers(conn, audit_events)
        last = conn.execute(sa.select(audit_events.c.seq, audit_events.c.hash).where(audit_events.c.device_id == CHAIN)
                            .order_by(audit_events.c.seq.desc()).limit(1)).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, audit.GENESIS)
        conn.execute(sa.insert(audit_events).values(
            device_id=CHAIN, seq=seq, at=now, step=step, actor=actor,
            detail=wire.canonical(detail).decode("utf-8"), prev=prev,
            hash=audit.row_hash(CHAIN, seq, now, step, actor, detail, prev), received_at=now))
    return seq


def openings(engine: Engine, code: str, limit: int = 50) -> list[dict[str, Any]]:
    """Who opened this case's file, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(audit_events).where(audit_events.c.device_id == CHAIN)
                            .order_by(audit_events.c.seq.desc()).limit(5000)).all()
    out = []
    for r in rows:
        detail = json.loads(r.detail)
        if detail.get("code") == code:
            out.append({"seq": r.seq, "at": r.at, "step": r.step, "actor": r.actor, "name": detail.get("staff_name", "")})
            if len(out) >= limit:
                break
    return out


def _material(engine: Engine, key: SealKey, code: str, sealed: bool, slot: str, sha: str, media: str) -> Material:
    blob = attachments.read(engine, sha)
    if blob is None:
        return Material(slot, media, b"", "尚未上传完")
    if not sealed or not blob.startswith(SEALED_FILE_MAGIC):  # a web upload is kept as the resident sent it
        return Material(slot, media, blob)
    try:
        return Material(slot, media, key.open_bytes(blob, attachment_aad(code, slot)))
    except (CannotOpen, ValueError) as exc:
        return Material(slot, media, b"", f"无法解封：{exc}")


def form_rows(form: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers as the clerk reads them: each by its title on the form (联系电话, not phone), in the form's
    order; a field the service no longer has keeps its name."""
    props = schema.get("properties", {})
    order = [k for k in (*schema.get("x-order", []), *props, *form) if k in form]
    return [(str(props.get(k, {}).get("title") or k), str(form[k])) for k in dict.fromkeys(order)]


def open_file(engine: Engine, key: SealKey, code: str, department: str) -> CaseFile:
    """Unseal the case and its materials (the caller has checked the clerk's role and recorded the opening)."""
    view = store.case_view(engine, code)
    with engine.connect() as conn:
        row = conn.execute(sa.select(cases.c.payload).where(cases.c.code == code)).first()
        slots = conn.execute(sa.select(case_attachments.c.slot, case_attachments.c.sha256,
                                       case_attachments.c.media_type)
                             .where(case_attachments.c.code == code).order_by(case_attachments.c.slot)).all()
        service = conn.execute(sa.select(services.c.data).where(services.c.code == view["service_code"])).first()
    if row is None:
        raise store.CaseNotFound(code)
    raw = json.loads(row.payload)
    opened = key.open_case(raw)
    sealed = "sealed" in raw
    found = [_material(engine, key, code, sealed, s.slot, s.sha256, s.media_type) for s in slots]
    signature = next((m for m in found if m.slot == "signature"), None)
    materials = [m for m in found if m.slot != "signature"]
    schema = json.loads(service.data).get("form_schema", {}) if service else {}
    return CaseFile(view, opened, materials, signature, department, form_rows(opened.get("form") or {}, schema))
