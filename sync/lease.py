"""One sender at a time across processes: a lease row in SQLite (owner + expiry), renewed while sending.

A crashed owner's lease runs out (or, on the same machine, its process is gone), and the next owner takes
over and puts the dead owner's 'sending' rows back in the queue. An expiry further ahead than one term means
the clock went backwards: such a lease is taken over too, so nothing stays stuck.
"""
from __future__ import annotations

import os
import secrets
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

NAME = "sender"


def new_owner() -> str:
    """host/pid/random: unique per process start, and says where to look whether the owner still lives."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


def pid_alive(owner: str) -> bool:
    """False only when the owner ran on this host and its process is gone (a crash, kill -9)."""
    parts = owner.split("/")
    if len(parts) != 3 or parts[0] != socket.gethostname():
        return True
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


@dataclass(frozen=True)
class Holder:
    owner: str
    expires_at: float


class Lease:
    """The sender's lease; every method runs inside the caller's transaction, so a claim is fenced by it."""

    def __init__(self, owner: str, ttl: float = 60.0, alive: Callable[[str], bool] = pid_alive) -> None:
        self.owner = owner
        self.ttl = ttl
        self.alive = alive

    def holder(self, conn: sqlite3.Connection) -> Holder | None:
        row = conn.execute("SELECT owner, expires_at FROM lease WHERE name=?", (NAME,)).fetchone()
        return Holder(row[0], float(row[1])) if row else None

    def _free(self, h: Holder, now: float) -> bool:
        return h.expires_at <= now or h.expires_at > now + self.ttl or not self.alive(h.owner)

    def hold(self, conn: sqlite3.Connection, now: float, on_takeover: Callable[[], object] = lambda: None) -> bool:
        """Take or renew the lease; on a takeover run on_takeover (recover the last owner's rows) first."""
        h = self.holder(conn)
        if h is not None and h.owner != self.owner and not self._free(h, now):
            return False
        if h is None or h.owner != self.owner:
            on_takeover()
        conn.execute(
            "INSERT INTO lease(name, owner, expires_at) VALUES(?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET owner=excluded.owner, expires_at=excluded.expires_at",
            (NAME, self.owner, now + self.ttl),
        )
        return True

    def release(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM lease WHERE name=? AND owner=?", (NAME, self.owner))
