"""The bare limit of case ingest, for bench/servicenet_load.py only. Mounted only when SERVICENET_BENCH_BARE=1;
its tables are outside servicenet's schema (no migration: they exist only in a benchmark's throwaway database).

- POST /sandbox/bench/bare-batch takes the same {"cases": [...]} body through the same web stack (uvicorn,
  FastAPI, the same middleware and admission control, the same JSON parse and batch bounds) and stores, per
  case, as many rows as a real case makes (a case row with the body as sent, a feed event, a delivery row) with
  the same bulk insert (servicenet/db.py insert_rows), in one transaction, in the same database: no signature,
  no unsealing, no checks, no feed lock.
- GET /sandbox/bench/bare-feed?cursor=&device= reads that device's events after the cursor, as the signed
  status feed does, so the bare kiosks make the same requests as the real ones.
"""
from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import Engine

from servicenet.db import insert_rows, one_statement

ENV = "SERVICENET_BENCH_BARE"
PATH = "/sandbox/bench/bare-batch"
FEED = "/sandbox/bench/bare-feed"
scratch = sa.MetaData()
bare_cases = sa.Table("bench_bare_cases", scratch, sa.Column("code", sa.String(20), primary_key=True),
                      sa.Column("device_id", sa.String(64), nullable=False, index=True),
                      sa.Column("body", sa.Text, nullable=False))
bare_events = sa.Table("bench_bare_events", scratch, sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
                       sa.Column("code", sa.String(20), nullable=False, index=True),
                       sa.Column("status", sa.String(16), nullable=False), sa.Column("at", sa.String(40), nullable=False),
                       sa.Column("device_id", sa.String(64), nullable=False),  # as status_events: the feed's index
                       sa.Index("ix_bench_bare_events_device_id_seq", "device_id", "seq"))
bare_delivery = sa.Table("bench_bare_delivery", scratch, sa.Column("code", sa.String(20), primary_key=True),
                         sa.Column("method", sa.String(8), nullable=False))


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def _insert(engine: Engine, items: list[Any]) -> int:
    found = {str(c.get("code", ""))[:20]: c for c in items if isinstance(c, dict)}
    if not found:
        return 0
    with engine.begin() as conn:
        held = set(conn.execute(sa.select(bare_cases.c.code).where(bare_cases.c.code.in_(found))).scalars())
        new = {code: c for code, c in found.items() if code not in held}
        insert_rows(conn, bare_cases, [{"code": code, "device_id": str(c.get("device_id", ""))[:64],
                                        "body": json.dumps(c, ensure_ascii=False)} for code, c in new.items()])
        insert_rows(conn, bare_delivery, [{"code": code, "method": "window"} for code in new])
        insert_rows(conn, bare_events, [{"code": code, "status": "submitted", "at": str(c.get("submitted_at", "")),
                                         "device_id": str(c.get("device_id", ""))[:64]} for code, c in new.items()])
    return len(found)


def _feed(engine: Engine, cursor: int, device: str) -> dict[str, Any]:
    query = (sa.select(bare_events).where(bare_events.c.seq > cursor, bare_events.c.device_id == device)
             .order_by(bare_events.c.seq).limit(200))
    with one_statement(engine) as conn:  # as the signed feed reads (servicenet/store.py status_feed)
        rows = conn.execute(query).all()
    return {"events": [{"seq": r.seq, "code": r.code, "status": r.status, "at": r.at} for r in rows],
            "cursor": rows[-1].seq if rows else cursor}


def mount(app: FastAPI, engine: Engine, batch: Callable[[Request, str], Awaitable[list[Any]]]) -> None:
    scratch.create_all(engine)

    @app.post(PATH, include_in_schema=False)
    async def bare_batch(request: Request) -> dict[str, int]:
        return {"stored": await run_in_threadpool(_insert, engine, await batch(request, "cases"))}

    @app.get(FEED, include_in_schema=False)
    def bare_feed(cursor: int = 0, device: str = "") -> dict[str, Any]:
        return _feed(engine, cursor, device)
