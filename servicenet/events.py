"""Case events (ratings now; payments, staff actions, audit later): one row per idempotency key."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain import wire
from domain.status import ALREADY_RATED, EventKind, event_key
from servicenet.backoffice import complaints
from servicenet.db import cases, events, ratings
from servicenet.ratings import ratings_of
from servicenet.store import now_iso

KINDS = {k.value for k in EventKind if k is not EventKind.CASE}
RATING_LEVELS = (1, 2, 3, 4, 5)
READABLE = frozenset({ALREADY_RATED})  # answers a sender may say it reads (?results=), beyond the first four


def _result(key: Any, code: Any, result: str, message: str) -> dict[str, Any]:
    return {"key": key if isinstance(key, str) else None, "code": code if isinstance(code, str) else None,
            "result": result, "message": message}


def _problem(raw: dict[str, Any]) -> str | None:
    """Why an event is invalid, or None."""
    kind, code, key, body = raw.get("kind"), raw.get("code"), raw.get("key"), raw.get("body")
    if kind not in KINDS:
        return f"未知的事件类型 / unknown event kind: {kind!r}"
    if not isinstance(code, str) or not isinstance(body, dict) or not isinstance(raw.get("at"), str):
        return "事件须含 code、at 与 body / an event needs code, at and body"
    if kind == EventKind.RATING.value:
        if key != event_key(code, EventKind.RATING):
            return f"评价的幂等键须为 {code}:rating / a rating's key is code:rating"
        reasons = body.get("reasons", [])
        if body.get("level") not in RATING_LEVELS or not isinstance(reasons, list) or \
                not all(isinstance(r, str) for r in reasons):
            return "评价等级为1-5，原因为文字列表 / a rating is a level 1..5 and a list of reasons"
    elif not isinstance(key, str) or not key.startswith(f"{code}:{kind}"):
        return f"事件的幂等键须以 {code}:{kind} 开头 / an event key starts with code:kind"
    return None


def _taken(conn: Connection, key: Any, code: Any, kind: Any, reads: frozenset[str]) -> dict[str, Any]:
    """The key is held with other bytes. A second rating of a case, to a sender that reads it: already_rated,
    final, with the rating that stands (the first the network took). Anything else: conflict."""
    if kind == EventKind.RATING.value and ALREADY_RATED in reads:
        stood = ratings_of(conn, [code]).get(code)
        if stood is not None:
            return _result(key, code, ALREADY_RATED, "该办件已有评价，以首次评价为准 / this case is already rated: "
                                                     "the first rating stands") | {"rating": stood}
    return _result(key, code, "conflict",
                   "幂等键已被内容不同的事件使用 / key already used by an event with different content")


def submit_one(engine: Engine, raw: Any, reads: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Store one event: created / duplicate (same key, same bytes) / conflict (other bytes) / invalid; with
    `reads` holding already_rated, a second rating of a case is answered that instead of conflict (_taken)."""
    if not isinstance(raw, dict):
        return _result(None, None, "invalid", "事件须为 JSON 对象 / an event is a JSON object")
    key, code = raw.get("key"), raw.get("code")
    problem = _problem(raw)
    if problem:
        return _result(key, code, "invalid", problem)
    dg = wire.digest(raw)
    answer = _result(key, code, "created", "已收到 / created")
    try:
        with engine.begin() as conn:
            held = conn.execute(sa.select(events.c.digest, events.c.first_response).where(events.c.key == key)).first()
            if held is not None:
                if held.digest == dg:
                    return _result(key, code, "duplicate", "已收到相同的事件 / same event already received") | {
                        "first_response": json.loads(held.first_response)}
                return _taken(conn, key, code, raw["kind"], reads)
            case = conn.execute(sa.select(cases.c.channel).where(cases.c.code == code)).first()
            if case is None:
                return _result(key, code, "invalid", f"未找到该办件 / unknown case: {code}")
            conn.execute(sa.insert(events).values(
                key=key, kind=raw["kind"], code=code, digest=dg, payload=wire.canonical(raw).decode("utf-8"),
                received_at=now_iso(), first_response=json.dumps(answer, ensure_ascii=False)))
            if raw["kind"] == EventKind.RATING.value:
                body = raw["body"]
                conn.execute(sa.insert(ratings).values(
                    code=code, level=body["level"], reasons=json.dumps(body.get("reasons", []), ensure_ascii=False),
                    at=raw["at"], channel=str(raw.get("channel", "kiosk"))[:8]))
                complaints.on_rating(conn, code, int(body["level"]), list(body.get("reasons", [])), raw["at"])
    except sa.exc.IntegrityError:  # the same key (or a second rating of the case) arrived concurrently
        with engine.connect() as conn:
            held = conn.execute(sa.select(events.c.digest).where(events.c.key == key)).first()
            if held is not None and held.digest == dg:
                return _result(key, code, "duplicate", "已收到相同的事件 / same event already received")
            return _taken(conn, key, code, raw["kind"], reads)
    return answer


def reads_of(results: str) -> frozenset[str]:
    """The answers a sender says it reads (`?results=already_rated`, comma-separated): the words this network
    knows; others are left out (a newer kiosk may name more)."""
    return frozenset(w.strip() for w in results.split(",")) & READABLE


def submit_batch(engine: Engine, batch: list[Any], reads: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """One result per event, same order; each event is its own transaction."""
    return [submit_one(engine, raw, reads) for raw in batch]
