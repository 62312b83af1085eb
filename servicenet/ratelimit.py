"""Rate limits per client, kept in the database so that every worker and every node counts the same hits.

A limit is `hits` per `window` seconds on a bucket (e.g. "track:<client>"). One row per bucket holds the start
of its current window and the hits in it; each hit is one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ...
RETURNING, the same SQL on SQLite >= 3.35 and PostgreSQL), so no process keeps a counter of its own.
A refused hit is counted too: a client that keeps hammering stays refused until its window ends.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.columns import table

rate_counters = table(
    "rate_counters",
    sa.Column("bucket", sa.String(200), primary_key=True),
    sa.Column("window_start", sa.BigInteger, nullable=False),
    sa.Column("hits", sa.Integer, nullable=False),
)

_HIT = sa.text(
    "INSERT INTO rate_counters (bucket, window_start, hits) VALUES (:bucket, :now, 1) "
    "ON CONFLICT (bucket) DO UPDATE SET "
    "hits = CASE WHEN rate_counters.window_start <= :stale THEN 1 ELSE rate_counters.hits + 1 END, "
    "window_start = CASE WHEN rate_counters.window_start <= :stale THEN :now ELSE rate_counters.window_start END "
    "RETURNING hits, window_start")


@dataclass(frozen=True)
class Limit:
    """At most `hits` in `window` seconds; `from_env("TRACK", 30, 600)` reads SERVICENET_TRACK_LIMIT="30/600"."""

    hits: int
    window: int

    @classmethod
    def from_env(cls, name: str, hits: int, window: int) -> "Limit":
        raw = os.environ.get(f"SERVICENET_{name}_LIMIT", "")
        if raw:
            n, _, w = raw.partition("/")
            return cls(int(n), int(w or window))
        return cls(hits, window)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    hits: int
    retry_after: int  # seconds until the window ends (0 when allowed)


def hit(engine: Engine, bucket: str, limit: Limit, now: float | None = None) -> Verdict:
    """Count one hit on `bucket` and say whether it is within `limit`."""
    t = int(now if now is not None else time.time())
    with engine.begin() as conn:
        hits, start = conn.execute(_HIT, {"bucket": bucket[:200], "now": t, "stale": t - limit.window}).one()
    if hits <= limit.hits:
        return Verdict(True, int(hits), 0)
    return Verdict(False, int(hits), max(1, int(start) + limit.window - t))


def peek(engine: Engine, bucket: str, limit: Limit, now: float | None = None) -> int:
    """Hits on `bucket` in its current window, without counting one."""
    t = int(now if now is not None else time.time())
    with engine.connect() as conn:
        row = conn.execute(sa.select(rate_counters.c.hits, rate_counters.c.window_start)
                           .where(rate_counters.c.bucket == bucket[:200])).first()
    return int(row.hits) if row is not None and row.window_start > t - limit.window else 0


def reset(engine: Engine, bucket: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(rate_counters).where(rate_counters.c.bucket == bucket[:200]))


def client_of(request: Any) -> str:
    """Who is asking: the peer address, or with SERVICENET_TRUSTED_PROXY=1 (behind our own load balancer) the
    address the proxy appended last to X-Forwarded-For."""
    if os.environ.get("SERVICENET_TRUSTED_PROXY") == "1":
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    return request.client.host if request.client else "unknown"
