"""电子监察 on the network: each kiosk's hash-chained audit log arrives here; the chain is checked as it comes
(each row's own hash, its link to the row before and after) and again on demand (`servicenet audit-verify`).

An audit event on the wire (sent with POST /v1/audit/batch, signed by the device it speaks for):

    {"key": "<device>:audit:<seq>", "kind": "audit", "code": "", "device_id": "<device>", "at": iso,
     "body": {"seq": n, "step": str, "actor": str, "detail": {...}, "prev": hex64, "hash": hex64}}

hash = sha256(canonical({"device_id", "seq", "at", "step", "actor", "detail", "prev"})), prev of seq 1 is
64 zeros. Problems are kept in audit_flags: tampered (a row that does not match its hash), broken_link
(prev is not the hash of the row before), conflict (the same seq sent again with other content), forged (a
device sending rows of another); gaps are the missing seqs below the highest received.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import Connection, Engine

from domain import wire
from servicenet.db import audit_events, audit_flags
from servicenet.schemas import MAX_BATCH, EventsIn, EventsOut

GENESIS = "0" * 64
_HEX64 = re.compile("[0-9a-f]{64}")  # a sha256 hexdigest, as row_hash makes it


def _now() -> str:
    from servicenet.store import now_iso

    return now_iso()


def row_hash(device_id: str, seq: int, at: str, step: str, actor: str, detail: Any, prev: str) -> str:
    return hashlib.sha256(wire.canonical({"device_id": device_id, "seq": seq, "at": at, "step": step,
                                          "actor": actor, "detail": detail, "prev": prev})).hexdigest()


def _result(key: Any, result: str, message: str) -> dict[str, Any]:
    return {"key": key if isinstance(key, str) else None, "code": "", "result": result, "message": message}


def _flag(conn: Connection, device_id: str, seq: int, problem: str, detail: str) -> None:
    conn.execute(sa.insert(audit_flags).values(device_id=device_id, seq=seq, problem=problem, detail=detail,
                                               at=_now()))


def _shape(raw: Any) -> str | None:
    if not isinstance(raw, dict) or raw.get("kind") != "audit" or not isinstance(raw.get("body"), dict):
        return "审计事件格式错误 / an audit event is {key, kind: audit, device_id, at, body}"
    b = raw["body"]
    if not isinstance(b.get("seq"), int) or b["seq"] < 1 or not isinstance(raw.get("at"), str) \
            or not isinstance(b.get("step"), str) or not isinstance(b.get("prev"), str) \
            or not isinstance(b.get("hash"), str) or not isinstance(raw.get("device_id"), str):
        return "审计事件缺少字段 / seq, step, prev, hash, at and device_id are required"
    if raw.get("key") != f"{raw['device_id']}:audit:{b['seq']}":
        return "审计事件的幂等键须为 device:audit:seq / the key is <device>:audit:<seq>"
    if not (_HEX64.fullmatch(b["prev"]) and _HEX64.fullmatch(b["hash"])) or len(raw["at"]) > 40:
        return "审计事件的 prev 与 hash 须为 64 位十六进制，at 为 ISO 时间 / prev and hash are 64 hex digits, at an ISO time"
    return None


def submit_one(engine: Engine, raw: Any, device_id: str) -> dict[str, Any]:
    key = raw.get("key") if isinstance(raw, dict) else None
    problem = _shape(raw)
    if problem:
        return _result(key, "invalid", problem)
    b = raw["body"]
    seq, prev, claimed = int(b["seq"]), b["prev"], b["hash"]
    detail, actor = b.get("detail", {}), str(b.get("actor", ""))
    with engine.begin() as conn:
        if raw["device_id"] != device_id:
            _flag(conn, device_id, seq, "forged", f"sent rows of {raw['device_id']!r}")
            return _result(key, "invalid", "只能上报本终端的审计记录 / a device reports its own audit log only")
        if row_hash(device_id, seq, raw["at"], b["step"], actor, detail, prev) != claimed:
            _flag(conn, device_id, seq, "tampered", f"row {seq} does not match its hash {claimed[:12]}…")
            return _result(key, "invalid", "审计记录被篡改 / audit row does not match its hash (tampered)")
        held = conn.execute(sa.select(audit_events.c.hash).where(audit_events.c.device_id == device_id,
                                                                 audit_events.c.seq == seq)).first()
        if held is not None:
            if held.hash == claimed:
                return _result(key, "duplicate", "已收到 / already received")
            _flag(conn, device_id, seq, "conflict", f"row {seq} sent again with other content")
            return _result(key, "conflict", "同一序号的审计记录内容不同 / same seq, other content")
        before = conn.execute(sa.select(audit_events.c.hash).where(audit_events.c.device_id == device_id,
                                                                   audit_events.c.seq == seq - 1)).first()
        if (seq == 1 and prev != GENESIS) or (before is not None and before.hash != prev):
            _flag(conn, device_id, seq, "broken_link", f"prev of row {seq} is not the hash of row {seq - 1}")
        after = conn.execute(sa.select(audit_events.c.prev).where(audit_events.c.device_id == device_id,
                                                                  audit_events.c.seq == seq + 1)).first()
        if after is not None and after.prev != claimed:
            _flag(conn, device_id, seq + 1, "broken_link", f"prev of row {seq + 1} is not the hash of row {seq}")
        conn.execute(sa.insert(audit_events).values(
            device_id=device_id, seq=seq, at=raw["at"], step=b["step"], actor=actor,
            detail=wire.canonical(detail).decode("utf-8"), prev=prev, hash=claimed, received_at=_now()))
    return _result(key, "created", "已收到 / created")


def verify_chain(engine: Engine, device_id: str) -> dict[str, Any]:
    """Walk one device's chain: every row's hash, every link, the gaps, and the flags raised on arrival."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(audit_events).where(audit_events.c.device_id == device_id)
                            .order_by(audit_events.c.seq)).all()
        flags = [{"seq": f.seq, "problem": f.problem, "detail": f.detail, "at": f.at}
                 for f in conn.execute(sa.select(audit_flags).where(audit_flags.c.device_id == device_id)
                                       .order_by(audit_flags.c.id)).all()]
    problems: list[dict[str, Any]] = []
    gaps: list[list[int]] = []
    expected, prev_hash = 1, GENESIS
    for r in rows:
        if r.seq > expected:
            gaps.append([expected, r.seq - 1])
            prev_hash = None  # unknown: the row before is missing
        if row_hash(device_id, r.seq, r.at, r.step, r.actor, json.loads(r.detail), r.prev) != r.hash:
            problems.append({"seq": r.seq, "problem": "tampered", "detail": "row does not match its hash"})
        if prev_hash is not None and r.prev != prev_hash:
            problems.append({"seq": r.seq, "problem": "broken_link", "detail": "prev is not the row before"})
        prev_hash, expected = r.hash, r.seq + 1
    return {"device_id": device_id, "count": len(rows), "last_seq": rows[-1].seq if rows else 0, "gaps": gaps,
            "problems": problems, "flags": flags, "ok": not gaps and not problems and not flags}


def devices_with_audit(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.select(audit_events.c.device_id).distinct()
                                           .order_by(audit_events.c.device_id)).all()]


def router(engine: Engine) -> APIRouter:
    r = APIRouter()

    @r.post("/v1/audit/batch", response_model=EventsOut,
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/json": {"schema": EventsIn.model_json_schema()}}}})
    async def audit_batch(request: Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(422, "请求格式错误 / invalid request: the body is not JSON") from None
        items = body.get("events") if isinstance(body, dict) else None
        if not isinstance(items, list) or len(items) > MAX_BATCH:
            raise HTTPException(422, f"请求格式错误 / invalid request: body.events is a list of at most {MAX_BATCH}")
        device_id = getattr(request.state, "device_id", "")
        return {"results": [await run_in_threadpool(submit_one, engine, raw, device_id) for raw in items]}

    return r
