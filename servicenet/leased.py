"""Rows that any node may work on, one node at a time: a due row is claimed with a lease in the database.

A table of work (an outbox) has the columns id, state, next_at, lease_owner and lease_until. `claim` takes up
to `limit` rows in state "queued" whose next_at has come and whose lease is free or lapsed, each with a
compare-and-set (one node wins a row); `finish` writes the outcome and frees the lease, but only for the node
that still holds it. A node that dies mid-work leaves a lease that lapses, and the row is worked on again.
Used by the SMS outbox (servicenet/sms/outbox.py) and the alert webhooks (servicenet/fleet/webhooks.py).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)


def insert_ignore(conn: Connection, table: sa.Table, row: dict[str, Any], key: str = "event_key") -> bool:
    """Insert a row unless one with the same unique `key` exists (an event queued twice is one piece of work)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]  # the same insert API per dialect
    return bool(conn.execute(insert(table).values(**row).on_conflict_do_nothing(index_elements=[key])).rowcount)


def claim(engine: Engine, table: sa.Table, owner: str, now: float, lease_s: float, limit: int) -> list[Any]:
    """Claim due rows for `owner` until now + lease_s; returns the rows claimed, oldest due first."""
    c = table.c
    due = sa.and_(c.state == "queued", c.next_at <= now, sa.or_(c.lease_until.is_(None), c.lease_until < now))
    with engine.connect() as conn:
        ids = [r.id for r in conn.execute(sa.select(c.id).where(due).order_by(c.next_at, c.id).limit(limit))]
    claimed = []
    for row_id in ids:
        with engine.begin() as conn:
            if conn.execute(sa.update(table).where(c.id == row_id, due)
                            .values(lease_owner=owner, lease_until=now + lease_s)).rowcount:
                claimed.append(conn.execute(sa.select(table).where(c.id == row_id)).one())
    return claimed


def finish(engine: Engine, table: sa.Table, row_id: int, owner: str, **values: Any) -> None:
    """Write the outcome of a claimed row and free its lease (nothing when another node took it over)."""
    with engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.id == row_id, table.c.lease_owner == owner)
                     .values(lease_owner=None, lease_until=None, **values))


def backoff(attempts: int, most: float = 600.0) -> float:
    """Seconds before the next try after `attempts` failed ones: 2, 4, 8 … at most `most`."""
    return float(min(most, 2 ** attempts))


class Poller:
    """A background thread that calls `drain` every `poll` seconds, and at once when kicked, until it returns
    0 (nothing more due). Only a trigger: what is due lives in the database, so every node runs one."""

    def __init__(self, name: str, drain: Callable[[], int], poll: float) -> None:
        self.name, self.drain, self.poll = name, drain, poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        """Something was queued: drain now rather than at the next poll."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                while self.drain() and not self._stop.is_set():
                    pass
            except Exception:  # the database or the far end failed: the rows stay queued; try at the next poll
                log.exception("%s: drain failed", self.name)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
