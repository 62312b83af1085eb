"""Enqueue a case in ONE transaction (code + case + history + outbox row), and the outbox's state moves."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import wire
from domain.models import Receipt
from domain.status import SYNC_ALLOWED, CaseStatus, SyncState
from sync.catalogue import Catalogue
from sync.codes import CodeIssuer
from sync.model import Application
from sync.store import Store


class IllegalSyncMove(RuntimeError):
    pass


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    ref: str
    payload: bytes
    attempts: int


@dataclass(frozen=True)
class KioskIdentity:
    device_id: str  # e.g. "440105-001"
    hall_name: str  # printed on receipts
    track_base_url: str  # the receipt QR holds f"{track_base_url}/{code}"


def move(conn: sqlite3.Connection, row_id: int, dst: SyncState, **fields: object) -> None:
    """Change an outbox row's state, refusing any move domain.status.SYNC_ALLOWED does not list."""
    row = conn.execute("SELECT state FROM outbox WHERE id=?", (row_id,)).fetchone()
    src = SyncState(row["state"])
    if dst not in SYNC_ALLOWED[src]:
        raise IllegalSyncMove(f"outbox {row_id}: {src.value} -> {dst.value}")
    sets = ", ".join(f"{k}=?" for k in fields)
    conn.execute(
        f"UPDATE outbox SET state=?{', ' + sets if sets else ''} WHERE id=?",
        (dst.value, *fields.values(), row_id),
    )


class Outbox:
    def __init__(
        self,
        store: Store,
        issuer: CodeIssuer,
        identity: KioskIdentity,
        catalogue: Catalogue,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.issuer = issuer
        self.identity = identity
        self.catalogue = catalogue
        self.clock = clock
        self.on_enqueue: list[Callable[[str], None]] = []

    def enqueue(self, app: Application) -> Receipt:
        """Freeze the case bytes and store everything in one transaction; works with no network at all."""
        now = self.clock()
        service = app.service
        due = (now + timedelta(days=service.time_limit_days)).date() if service.time_limit_days else None
        with self.store.tx() as c:
            code = self.issuer.issue(c, now.date())
            case = {
                "code": code,
                "service_code": service.code,
                "channel": app.channel,
                "device_id": self.identity.device_id,
                "submitted_at": now.isoformat(timespec="seconds"),
                "applicant": app.applicant.to_wire(),
                "form": app.form,
            }
            payload = wire.canonical(case)
            c.execute(
                "INSERT INTO cases(code, service_code, service_name, department, applicant_masked_name, "
                "applicant_masked_id, submitted_at, time_limit_days, due_date, status) "
                "VALUES(?,?,?,?,?,?,?,?,?,?)",
                (code, service.code, service.name, service.department, app.applicant.masked_name,
                 app.applicant.masked_id, case["submitted_at"], service.time_limit_days,
                 due.isoformat() if due else None, CaseStatus.SUBMITTED.value),
            )
            c.execute(
                "INSERT INTO case_history(code, status, at, note) VALUES(?,?,?,?)",
                (code, CaseStatus.SUBMITTED.value, case["submitted_at"], ""),
            )
            c.execute(
                "INSERT INTO outbox(kind, ref, payload, digest, state, created_at) VALUES('case',?,?,?,?,?)",
                (code, payload, wire.digest(case), SyncState.QUEUED.value, case["submitted_at"]),
            )
            self.catalogue.bump(c, service.code)
        for callback in self.on_enqueue:
            callback(code)
        return self.receipt(code, reprint=False)

    def receipt(self, code: str, reprint: bool = True) -> Receipt:
        with self.store.read() as c:
            row = c.execute("SELECT * FROM cases WHERE code=?", (code,)).fetchone()
        if row is None:
            raise KeyError(code)
        return Receipt(
            code=code,
            service_name=row["service_name"],
            applicant_masked_name=row["applicant_masked_name"],
            applicant_masked_id=row["applicant_masked_id"],
            submitted_at=datetime.fromisoformat(row["submitted_at"]),
            time_limit_days=int(row["time_limit_days"]),
            department=row["department"],
            track_url=f"{self.identity.track_base_url.rstrip('/')}/{code}",
            hall_name=self.identity.hall_name,
            reprint=reprint,
        )

    def mark_printed(self, code: str) -> None:
        with self.store.tx() as c:
            c.execute("UPDATE cases SET printed=1 WHERE code=?", (code,))

    # -- the sender's side ---------------------------------------------------------------------------
    def recover(self) -> int:
        """After a crash, rows left 'sending' go back to 'queued' (the code makes a resend harmless)."""
        with self.store.tx() as c:
            ids = [r["id"] for r in c.execute("SELECT id FROM outbox WHERE state=?", (SyncState.SENDING.value,))]
            for row_id in ids:
                move(c, row_id, SyncState.QUEUED)
        return len(ids)

    def claim(self, now: float, limit: int) -> list[OutboxRow]:
        with self.store.tx() as c:
            rows = c.execute(
                "SELECT id, kind, ref, payload, attempts FROM outbox WHERE state=? AND next_at<=? "
                "ORDER BY id LIMIT ?",
                (SyncState.QUEUED.value, now, limit),
            ).fetchall()
            for r in rows:
                move(c, r["id"], SyncState.SENDING)
        return [OutboxRow(r["id"], r["kind"], r["ref"], bytes(r["payload"]), r["attempts"]) for r in rows]

    def accepted(self, row: OutboxRow, status: str | None) -> None:
        with self.store.tx() as c:
            move(c, row.id, SyncState.ACCEPTED, last_error="")
            if status and row.kind == "case":
                c.execute("UPDATE cases SET status=? WHERE code=? AND status=?",
                          (status, row.ref, CaseStatus.SUBMITTED.value))

    def quarantine(self, row: OutboxRow, reason: str) -> None:
        with self.store.tx() as c:
            move(c, row.id, SyncState.QUARANTINED, last_error=reason)

    def retry(self, row: OutboxRow, next_at: float, reason: str) -> None:
        with self.store.tx() as c:
            move(c, row.id, SyncState.QUEUED, attempts=row.attempts + 1, next_at=next_at, last_error=reason)

    def requeue(self, code: str) -> None:
        """Staff action: put a quarantined case back in the queue."""
        with self.store.tx() as c:
            row = c.execute("SELECT id FROM outbox WHERE kind='case' AND ref=?", (code,)).fetchone()
            if row is None:
                raise KeyError(code)
            move(c, row["id"], SyncState.QUEUED, attempts=0, next_at=0)

    def depth(self) -> dict[str, int]:
        with self.store.read() as c:
            rows = c.execute("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state").fetchall()
        return {r["state"]: int(r["n"]) for r in rows}
