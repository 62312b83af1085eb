"""The bare limit of case ingest, for bench/servicenet_load.py only: POST /sandbox/bench/bare-batch takes the
same {"cases": [...]} body through the same web stack (uvicorn, FastAPI, the same JSON parse and batch bounds)
and stores the batch with one multi-row INSERT ... ON CONFLICT DO NOTHING in the same database, with no
signature, no unsealing and no checks. Mounted only when SERVICENET_BENCH_BARE=1; its table is outside
servicenet's schema (no migration: it exists only in a benchmark's throwaway database).
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

ENV = "SERVICENET_BENCH_BARE"
PATH = "/sandbox/bench/bare-batch"
scratch = sa.MetaData()
bare_cases = sa.Table("bench_bare_cases", scratch, sa.Column("code", sa.String(20), primary_key=True),
                      sa.Column("body", sa.Text, nullable=False))


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def _insert(engine: Engine, items: list[Any]) -> int:
    rows = [{"code": str(c.get("code", ""))[:20], "body": json.dumps(c, ensure_ascii=False)}
            for c in items if isinstance(c, dict)]
    if not rows:
        return 0
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with engine.begin() as conn:
        conn.execute(insert(bare_cases).values(rows).on_conflict_do_nothing())
    return len(rows)


def mount(app: FastAPI, engine: Engine, batch: Callable[[Request, str], Awaitable[list[Any]]]) -> None:
    scratch.create_all(engine)

    @app.post(PATH, include_in_schema=False)
    async def bare_batch(request: Request) -> dict[str, int]:
        return {"stored": await run_in_threadpool(_insert, engine, await batch(request, "cases"))}
