"""电子监察 on the kiosk: an append-only, hash-chained log of every step, synced like cases (outbox kind 'audit').

Each row: (device_id, seq, at, step, actor, detail, prev, hash) with
hash = sha256(canonical({"device_id", "seq", "at", "step", "actor", "detail", "prev"})) and prev the hash of
the row before (64 zeros for the first). Triggers refuse UPDATE and DELETE; someone who goes around them
(editing the file) breaks the chain, which `verify()` here and servicenet/audit.py on the network detect.

`detail` never holds personal data: codes, service codes, screen names, counts, staff ids; never a name
or an ID number (the test that scans the kiosk's files checks it).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain import staffid, wire
from domain.status import EventKind
from sync.outbox import insert_row
from sync.store import Store

GENESIS = "0" * 64

# the steps the kiosk records
SCREEN = "screen"  # a screen reached: {"screen"}
CARD_READ = "card_read"  # {"ok", "source" | "error"}
CASE_SUBMITTED = "case_submitted"  # {"code", "service_code", "assisted_by"}
PAYMENT = "payment"  # {"code", "state", "amount_cents"}
STAFF_LOGIN = "staff_login"  # {"method"}
LOGIN_FAILED = "login_failed"  # {"method", "failures", "locked_for_s"}
STAFF_ACTION = "staff_action"  # {"action", ...}: requeue, export, reprint, end of day, logout
PROVISION = "provision"  # technician steps: {"action", ...}

SCHEMA = (
    """
    CREATE TABLE audit_log (
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        step TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (device_id, seq)
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    """,
)


def row_hash(device_id: str, seq: int, at: str, step: str, actor: str, detail: Any, prev: str) -> str:
    return hashlib.sha256(wire.canonical({"device_id": device_id, "seq": seq, "at": at, "step": step,
                                          "actor": actor, "detail": detail, "prev": prev})).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    device_id: str
    seq: int
    at: str
    step: str
    actor: str
    detail: dict[str, Any]
    prev: str
    hash: str

    def wire(self) -> dict[str, Any]:
        """The audit event as the network receives it (POST /v1/audit/batch)."""
        return {"key": f"{self.device_id}:audit:{self.seq}", "kind": EventKind.AUDIT.value, "code": "",
                "device_id": self.device_id, "at": self.at,
                "body": {"seq": self.seq, "step": self.step, "actor": self.actor, "detail": self.detail,
                         "prev": self.prev, "hash": self.hash}}


@dataclass
class ChainCheck:
    count: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (seq, "tampered" | "broken_link" | "gap")

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditLog:
    """Append a step (and, when `send`, its outbox row) in one transaction."""

    def __init__(self, store: Store, device_id: str, clock: Callable[[], datetime], *, send: bool = True) -> None:
        self.store = store
        self.device_id = device_id
        self.clock = clock
        self.send = send
        self.listeners: list[Callable[[AuditEntry], None]] = []
        store.ensure_schema("audit", SCHEMA)

    def record(self, step: str, actor: str = "", **detail: Any) -> AuditEntry:
        """Append a row; `actor` is "" or a staff id in its canonical form (domain/staffid.py: the settings made
        it so), since the row's hash covers it: anything else is a fault, refused before it is chained."""
        if actor and not staffid.is_canonical(actor):
            raise ValueError(f"an audit row's actor is a canonical staff id, not {actor!r}")
        at = self.clock().isoformat(timespec="seconds")
        clean = json.loads(wire.canonical(detail))  # only JSON values; the same bytes as hashed
        with self.store.tx() as c:
            entry = self._append(c, step, actor, clean, at)
        for listener in self.listeners:
            listener(entry)
        return entry

    def _append(self, conn: sqlite3.Connection, step: str, actor: str, detail: dict[str, Any], at: str) -> AuditEntry:
        last = conn.execute("SELECT seq, hash FROM audit_log WHERE device_id=? ORDER BY seq DESC LIMIT 1",
                            (self.device_id,)).fetchone()
        seq, prev = (int(last["seq"]) + 1, str(last["hash"])) if last else (1, GENESIS)
        entry = AuditEntry(self.device_id, seq, at, step, actor, detail, prev,
                           row_hash(self.device_id, seq, at, step, actor, detail, prev))
        conn.execute("INSERT INTO audit_log(device_id, seq, at, step, actor, detail, prev, hash) "
                     "VALUES(?,?,?,?,?,?,?,?)",
                     (self.device_id, seq, at, step, actor, wire.canonical(detail).decode("utf-8"), prev, entry.hash))
        if self.send:
            insert_row(conn, EventKind.AUDIT, entry.wire()["key"], "", entry.wire(), at)
        return entry

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """This device's rows, newest first."""
        with self.store.read() as c:
            rows = c.execute("SELECT * FROM audit_log WHERE device_id=? ORDER BY seq DESC" +
                             (" LIMIT ?" if limit else ""), (self.device_id, limit) if limit else (self.device_id,))
            return [AuditEntry(r["device_id"], int(r["seq"]), r["at"], r["step"], r["actor"], json.loads(r["detail"]),
                               r["prev"], r["hash"]) for r in rows.fetchall()]

    def verify(self) -> ChainCheck:
        """Walk the chain from the first row: each row against its hash, each link, each missing seq."""
        check = ChainCheck()
        expected, prev = 1, GENESIS
        for e in reversed(self.entries()):
            check.count += 1
            if e.seq != expected:
                check.problems.append((expected, "gap"))
            if row_hash(e.device_id, e.seq, e.at, e.step, e.actor, e.detail, e.prev) != e.hash:
                check.problems.append((e.seq, "tampered"))
            elif e.prev != prev and e.seq == expected:
                check.problems.append((e.seq, "broken_link"))
            expected, prev = e.seq + 1, e.hash
        return check
