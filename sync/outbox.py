"""Enqueue a case in ONE transaction (code + case + attachments + outbox row), case events, and the row moves."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain import wire
from domain.models import Receipt
from domain.status import EDITABLE, CaseStatus, EventKind, IllegalTransition, SyncState, check_sync_move, event_key
from sync.catalogue import Catalogue
from sync.crypto import Sealer
from sync.files import FileStore
from sync.model import Application
from sync.regseq import CodeIssuer
from sync.store import Store


class CaseFrozen(RuntimeError):
    """The case (or event) is queued: its bytes can no longer change."""


class DuplicateEvent(ValueError):
    """This event (same idempotency key) is already stored, e.g. a second rating of one case."""


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    ref: str  # the idempotency key: the code for a case, code:kind[:seq] for an event
    payload: bytes
    attempts: int
    case_code: str = ""


@dataclass(frozen=True)
class KioskIdentity:
    device_id: str  # e.g. "440105-001"
    hall_name: str  # printed on receipts
    track_base_url: str  # the receipt QR holds f"{track_base_url}/{code}"


def move(conn: sqlite3.Connection, row_id: int, dst: SyncState, **fields: object) -> None:
    """Change an outbox row's state, refusing any move domain.status.check_sync_move refuses."""
    row = conn.execute("SELECT state FROM outbox WHERE id=?", (row_id,)).fetchone()
    check_sync_move(SyncState(row["state"]), dst)
    sets = ", ".join(f"{k}=?" for k in fields)
    conn.execute(
        f"UPDATE outbox SET state=?{', ' + sets if sets else ''} WHERE id=?",
        (dst.value, *fields.values(), row_id),
    )


check_sync_move(SyncState.DRAFT, SyncState.QUEUED)  # the move every new row makes (checked once: a fixed table)
_QUEUED = SyncState.QUEUED.value
INSERT_ROW = "INSERT INTO outbox(kind, ref, case_code, payload, digest, state, created_at) VALUES(?,?,?,?,?,?,?)"


def insert_row(conn: sqlite3.Connection, kind: EventKind, ref: str, case_code: str, obj: Any, at: str) -> int:
    """Store a row with its canonical bytes, frozen from its first moment: it is written as 'queued' (the move
    out of 'draft' that domain.status allows) in the INSERT itself, not inserted as a draft and then updated."""
    payload = wire.canonical(obj)
    cur = conn.execute(INSERT_ROW, (kind.value, ref, case_code, payload, wire.digest_of(payload),
                                     _QUEUED, at))
    return int(cur.lastrowid or 0)


CASE_COLUMNS = ("code", "service_code", "service_name", "department", "applicant_masked_name",
                "applicant_masked_id", "submitted_at", "time_limit_days", "due_date", "status", "person_hash")
CASE_INSERT = f"INSERT INTO cases({', '.join(CASE_COLUMNS)}) VALUES({', '.join('?' * len(CASE_COLUMNS))})"


# the outbox rows of one case: the case by its key (kind, ref), its events by case_code, which is indexed for
# events only (an enqueue's row writes no entry there: store migration 5)
OF_CASE = "((kind = 'case' AND ref = :code) OR (kind != 'case' AND case_code = :code))"


def _rows(found: list[sqlite3.Row]) -> list[OutboxRow]:
    return [OutboxRow(r["id"], r["kind"], r["ref"], bytes(r["payload"]), r["attempts"], r["case_code"])
            for r in found]


class Outbox:
    def __init__(
        self,
        store: Store,
        issuer: CodeIssuer,
        identity: KioskIdentity,
        catalogue: Catalogue,
        clock: Callable[[], datetime],
        *,
        files: FileStore | None = None,
        person_key: str = wire.DEV_PERSON_KEY,
        seal_to: bytes | None = None,
    ) -> None:
        """seal_to: the network's X25519 public key (given at enrollment). With it, the applicant, the agent,
        the form and the attachments are sealed at enqueue (sync/crypto.py): this kiosk cannot read them back."""
        self.store = store
        self.issuer = issuer
        self.identity = identity
        self.catalogue = catalogue
        self.clock = clock
        self.files = files or FileStore(store.data_dir / "attachments")
        self.person_key = person_key
        self.seal_to = seal_to
        self.sealer = Sealer(seal_to) if seal_to else None
        if self.sealer:
            self.sealer.prepare_ahead()
        self.on_enqueue: list[Callable[[str], None]] = []

    def enqueue(self, app: Application) -> Receipt:
        """Freeze the case bytes and store everything in one transaction; works with no network at all.

        What does not depend on the code (the due date, the person hash, the canonical bytes of the personal
        part) is made before the write lock; inside it: the code, the seals (their aad holds the code), the
        rows, the COMMIT. Attachment files are written and fsynced first: a crash before the commit leaves only
        a harmless unreferenced file, never a case that points at a missing one.
        """
        slots = [a.slot for a in app.attachments]
        if len(set(slots)) != len(slots):
            raise ValueError("each attachment slot may be filled once")
        if app.delivery not in app.service.delivery_methods:  # the confirm screen offers only these
            raise ValueError(f"{app.service.code} does not offer delivery {app.delivery!r}")
        now = self.clock()
        today = now.date()
        service = app.service
        applicant = app.applicant
        calendar = self.catalogue.calendar(today)
        due = calendar.add_working_days(today, service.time_limit_days) if service.time_limit_days else None
        submitted_at = now.isoformat(timespec="seconds")
        case: dict[str, Any] = {"service_code": service.code, "channel": app.channel,
                                "device_id": self.identity.device_id, "submitted_at": submitted_at,
                                "assisted_by": app.assisted_by}
        if app.commitment is not None:  # the letter as signed, with the due date of each promised material
            case["commitment"] = app.commitment.to_wire(today, calendar)
        if app.face_check is not None:  # the outcome only, like assisted_by outside the sealed part: no image
            case["face_check"] = app.face_check.to_wire()
        # the method only (a posted result goes to the form's address and phone), and the methods this kiosk's
        # catalogue offered: a case queued before the network's catalogue changed is then taken, not refused
        case["delivery"] = {"method": app.delivery, "offered": list(service.delivery_methods)}
        personal = {"applicant": applicant.to_wire(), "agent": app.agent.to_wire() if app.agent else None,
                    "form": app.form}
        sealed = wire.canonical(personal) if self.sealer else b""  # frozen bytes hold the sealed part only
        if not self.sealer:
            case.update(personal)
        row = (service.code, service.name, service.department, applicant.masked_name, applicant.masked_id,
               submitted_at, service.time_limit_days, due.isoformat() if due else None, CaseStatus.SUBMITTED.value,
               wire.person_hash(self.person_key, applicant.id_number))
        with self.store.tx() as c:  # files inside the write lock, so a concurrent purge cannot remove them
            code = self.issuer.issue(c, today)
            refs = []
            for a in app.attachments:
                data = self.sealer.seal_bytes(a.data, f"{code}/{a.slot}".encode()) if self.sealer else a.data
                refs.append({"slot": a.slot, "sha256": self.files.put(data), "size": len(data),
                             "media_type": a.media_type})
            case["code"], case["attachments"] = code, refs
            if self.sealer:  # re-sends stay byte-identical: the envelope is made once, here
                case["sealed"] = self.sealer.seal(sealed, code.encode("ascii"))
            c.execute(CASE_INSERT, (code, *row))  # also its first history entry (sync.cases.local_case)
            for ref in refs:
                c.execute("INSERT OR IGNORE INTO attachments(sha256, size, media_type) VALUES(?,?,?)",
                          (ref["sha256"], ref["size"], ref["media_type"]))
                c.execute("INSERT INTO case_attachments(code, slot, sha256) VALUES(?,?,?)",
                          (code, ref["slot"], ref["sha256"]))
            insert_row(c, EventKind.CASE, code, code, case, submitted_at)  # its use is counted after (claim_in)
            # the receipt from the values in hand, made before the COMMIT (no read back, no parse of what was
            # just formatted); returned only after it
            receipt = self._receipt_of(code, service.name, applicant.masked_name, applicant.masked_id,
                                       now.replace(microsecond=0), service.time_limit_days, due, service.department,
                                       False, case)
        for callback in self.on_enqueue:
            callback(code)
        if self.sealer:  # the next cases' key pairs, made in the background once this one is stored
            self.sealer.prepare_ahead()
        return receipt

    def add_event(self, code: str, kind: EventKind, body: dict[str, Any], seq: int | None = None) -> str:
        """Queue an event about a case (rating, payment, staff action, audit); returns its idempotency key."""
        key = event_key(code, kind, seq)
        at = self.clock().isoformat(timespec="seconds")
        event = {"key": key, "kind": kind.value, "code": code, "device_id": self.identity.device_id, "at": at,
                 "body": body}
        try:
            with self.store.tx() as c:
                insert_row(c, kind, key, code, event, at)
        except sqlite3.IntegrityError as exc:
            raise DuplicateEvent(f"{key} is already stored") from exc
        for callback in self.on_enqueue:
            callback(code)
        return key

    def amend(self, code: str, form: dict[str, Any]) -> None:
        """Change the form of a draft case; refused (CaseFrozen) once it is queued, whatever happens next."""
        with self.store.tx() as c:
            row = c.execute("SELECT id, state, payload FROM outbox WHERE kind='case' AND ref=?", (code,)).fetchone()
            if row is None:
                raise KeyError(code)
            if SyncState(row["state"]) not in EDITABLE:
                raise CaseFrozen(f"case {code} is {row['state']}: its content is frozen")
            case = json.loads(row["payload"]) | {"form": form}
            c.execute("UPDATE outbox SET payload=?, digest=? WHERE id=?",
                      (wire.canonical(case), wire.digest(case), row["id"]))

    def receipt(self, code: str, reprint: bool = True) -> Receipt:
        with self.store.read() as c:
            row = c.execute("SELECT * FROM cases WHERE code=?", (code,)).fetchone()
        if row is None:
            raise KeyError(code)
        return self._receipt(row, reprint)

    def _receipt(self, row: sqlite3.Row, reprint: bool) -> Receipt:
        """A reprint: what was promised and how to collect are in the frozen case (a purged case, retention,
        keeps no payload: its reprint shows no promises)."""
        code = row["code"]
        with self.store.read() as c:
            held = c.execute("SELECT payload FROM outbox WHERE kind='case' AND ref=?", (code,)).fetchone()
        case = json.loads(held["payload"]) if held and held["payload"] else {}
        return self._receipt_of(code, row["service_name"], row["applicant_masked_name"], row["applicant_masked_id"],
                                datetime.fromisoformat(row["submitted_at"]), row["time_limit_days"],
                                date.fromisoformat(row["due_date"]) if row["due_date"] else None,
                                row["department"], reprint, case)

    def _receipt_of(self, code: str, service_name: str, masked_name: str, masked_id: str, submitted_at: datetime,
                    time_limit_days: int, due_date: date | None, department: str, reprint: bool,
                    case: dict[str, Any]) -> Receipt:
        promised = tuple((str(m["name"]), str(m["due_date"]))
                         for m in (case.get("commitment") or {}).get("missing", []))
        return Receipt(
            code=code,
            service_name=service_name,
            applicant_masked_name=masked_name,
            applicant_masked_id=masked_id,
            submitted_at=submitted_at,
            time_limit_days=int(time_limit_days),
            due_date=due_date,
            department=department,
            track_url=f"{self.identity.track_base_url.rstrip('/')}/{code}",
            hall_name=self.identity.hall_name,
            reprint=reprint,
            promised=promised,
            delivery=str((case.get("delivery") or {}).get("method", "window")),
        )

    def mark_printed(self, code: str) -> None:
        with self.store.tx() as c:
            c.execute("UPDATE cases SET printed=1 WHERE code=?", (code,))

    # -- the sender's side (the engine holds the lease around these) ----------------------------------
    def recover_in(self, conn: sqlite3.Connection) -> int:
        """Rows left 'sending' by a dead sender go back to 'queued' (the idempotency key makes a resend harmless)."""
        ids = [r["id"] for r in conn.execute("SELECT id FROM outbox WHERE state=?", (SyncState.SENDING.value,))]
        for row_id in ids:
            move(conn, row_id, SyncState.QUEUED)
        return len(ids)

    def recover(self) -> int:
        with self.store.tx() as c:
            return self.recover_in(c)

    def claim_in(self, conn: sqlite3.Connection, now: float, limit: int, cases: bool = True) -> list[OutboxRow]:
        """Move due rows to 'sending': cases, or events whose case the network already holds. Claiming cases
        also counts the cases stored since into the catalogue's popularity (kept out of the enqueue)."""
        if cases:
            self.catalogue.count_uses(conn)
            where = "kind = 'case'"
        else:
            where = ("kind != 'case' AND NOT EXISTS (SELECT 1 FROM outbox c WHERE c.kind = 'case' "
                     "AND c.ref = outbox.case_code AND c.state != 'accepted')")
        found = conn.execute(
            f"SELECT id, kind, ref, payload, attempts, case_code FROM outbox WHERE state=? AND next_at<=? "
            f"AND {where} ORDER BY id LIMIT ?",
            (SyncState.QUEUED.value, now, limit),
        ).fetchall()
        for r in found:
            move(conn, r["id"], SyncState.SENDING)
        return _rows(found)

    def claim(self, now: float, limit: int, cases: bool = True) -> list[OutboxRow]:
        with self.store.tx() as c:
            return self.claim_in(c, now, limit, cases)

    def accepted_in(self, conn: sqlite3.Connection, row: OutboxRow, status: str | None, now: float,
                    note: str = "") -> None:
        """Done: the network holds the row, or answered it for good (note: its word, e.g. already_rated)."""
        move(conn, row.id, SyncState.ACCEPTED, last_error=note, done_at=now)
        if status and row.kind == EventKind.CASE.value:
            conn.execute("UPDATE cases SET status=? WHERE code=? AND status=?",
                         (status, row.ref, CaseStatus.SUBMITTED.value))

    def accepted(self, row: OutboxRow, status: str | None, now: float = 0.0) -> None:
        with self.store.tx() as c:
            self.accepted_in(c, row, status, now)

    def quarantine_in(self, conn: sqlite3.Connection, row: OutboxRow, reason: str) -> None:
        move(conn, row.id, SyncState.QUARANTINED, last_error=reason or "quarantined (no reason given)")

    def quarantine(self, row: OutboxRow, reason: str) -> None:
        with self.store.tx() as c:
            self.quarantine_in(c, row, reason)

    def retry_in(self, conn: sqlite3.Connection, row: OutboxRow, next_at: float, reason: str,
                 count: bool = True) -> None:
        move(conn, row.id, SyncState.QUEUED, attempts=row.attempts + int(count), next_at=next_at, last_error=reason)

    def retry(self, row: OutboxRow, next_at: float, reason: str) -> None:
        with self.store.tx() as c:
            self.retry_in(c, row, next_at, reason)

    # -- staff ----------------------------------------------------------------------------------------
    def requeue(self, code: str) -> int:
        """Staff action: put the quarantined case and its quarantined events back in the queue."""
        with self.store.tx() as c:
            rows = c.execute(f"SELECT id FROM outbox WHERE {OF_CASE} AND state=:state",
                             {"code": code, "state": SyncState.QUARANTINED.value}).fetchall()
            if not rows:
                if c.execute(f"SELECT 1 FROM outbox WHERE {OF_CASE}", {"code": code}).fetchone() is None:
                    raise KeyError(code)
                raise IllegalTransition(f"{code}: nothing quarantined to re-queue")
            for r in rows:
                move(c, r["id"], SyncState.QUEUED, attempts=0, next_at=0)
        for callback in self.on_enqueue:
            callback(code)
        return len(rows)

    def depth(self, kind: EventKind | None = None) -> dict[str, int]:
        """Outbox rows by sync state: all of them, or only those of one kind (e.g. the residents' cases)."""
        where, args = ("WHERE kind=? ", (kind.value,)) if kind is not None else ("", ())
        with self.store.read() as c:
            rows = c.execute(f"SELECT state, COUNT(*) AS n FROM outbox {where}GROUP BY state", args).fetchall()
        return {r["state"]: int(r["n"]) for r in rows}

    def unprinted(self) -> int:
        """Cases stored whose receipt never printed (a crash or a printer fault between the two)."""
        with self.store.read() as c:
            return int(c.execute("SELECT COUNT(*) FROM cases WHERE printed=0").fetchone()[0])
