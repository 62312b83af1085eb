"""The staff side of sync (kiosk.services.SyncService): health, quarantine list, re-queue, export, send now."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from domain import wire
from domain.status import CaseStatus, SyncState
from drivers.base import DISK_FULL_NOTE, said
from sync.cases import CASE_SELECT, local_case
from sync.engine import SyncEngine
from sync.files import AttachmentDamaged
from sync.model import LocalCase, Offline, SyncHealth
from sync.outbox import OF_CASE, Outbox
from sync.salvage import acknowledge, pending_report
from sync.store import Store

EXPORT_FORMAT = "hall-kiosk-export/1"


class SyncDesk:
    """Implements kiosk.services.SyncService over the store, the outbox and the engine."""

    def __init__(self, store: Store, outbox: Outbox, engine: SyncEngine | None) -> None:
        self.store = store
        self.outbox = outbox
        self.engine = engine

    def health(self) -> SyncHealth:
        depth = self.outbox.depth()
        last = self.store.get_kv("last_success")
        report = self.engine.last_report if self.engine else None
        error = (report.error if report else "") or self.store.get_kv("last_error")
        salvaged = pending_report(self.store)  # a damaged kiosk.db was set aside on start: staff must know
        notes = salvaged.notes() if salvaged is not None else []
        full = self.store.disk.full
        if full:
            notes.append(said(DISK_FULL_NOTE))
        return SyncHealth(
            queued=depth.get(SyncState.QUEUED.value, 0) + depth.get(SyncState.SENDING.value, 0),
            quarantined=depth.get(SyncState.QUARANTINED.value, 0),
            last_success=datetime.fromisoformat(last) if last else None,
            online=bool(report and report.online and not report.error),
            last_error=error,
            notes=tuple(notes),
            disk_full=full,
            salvaged=salvaged is not None,
            refused=bool(report and report.refused and report.error == error),
        )

    def send_diagnostics(self, name: str, data: bytes, staff_id: str) -> dict[str, Any]:
        """Hand a diagnostics bundle to the network (sync.client errors: Offline, TooLarge, NetworkRefused)."""
        if self.engine is None:
            raise Offline("no network client on this kiosk")
        return self.engine.client.upload_diagnostics(name, data, staff_id)

    def acknowledge_salvage(self, staff_id: str, now: datetime) -> bool:
        """Staff have read the salvage note: it leaves the staff screen (kept in the store with who and when)."""
        return acknowledge(self.store, staff_id, now) is not None

    def quarantined(self) -> list[LocalCase]:
        """Each quarantined case (or the case of a quarantined event) with its reason in last_error."""
        out: dict[str, LocalCase] = {}
        with self.store.read() as c:
            rows = c.execute("SELECT kind, case_code, last_error, created_at FROM outbox WHERE state=? ORDER BY id",
                             (SyncState.QUARANTINED.value,)).fetchall()
            for q in rows:
                code = q["case_code"]
                reason = q["last_error"] if q["kind"] == "case" else f"[{q['kind']}] {q['last_error']}"
                if code in out:
                    reason = out[code].last_error + "; " + reason
                row = c.execute(CASE_SELECT + "WHERE code=?", (code,)).fetchone()
                if row is not None:
                    out[code] = local_case(c, row, last_error=reason)
                else:  # an event about a case only the network holds (a web case rated here)
                    out[code] = LocalCase(code, "", "", "", CaseStatus.SUBMITTED, SyncState.QUARANTINED,
                                          datetime.fromisoformat(q["created_at"]), None, last_error=reason)
        return list(out.values())

    def requeue(self, code: str) -> None:
        self.outbox.requeue(code)

    def export(self, code: str) -> bytes:
        """The frozen case, its events and its attachments (base64) as one JSON document for staff."""
        with self.store.read() as c:
            rows = c.execute("SELECT kind, ref, payload, digest, state, last_error, purged FROM outbox "
                             f"WHERE {OF_CASE} ORDER BY id", {"code": code}).fetchall()
        if not rows:
            raise KeyError(code)
        case: dict[str, Any] | None = None
        events: list[dict[str, Any]] = []
        attachments: list[dict[str, Any]] = []
        for r in rows:
            if r["purged"]:
                raise KeyError(f"{code}: personal data already purged after retention")
            entry = {"key": r["ref"], "digest": r["digest"], "state": r["state"], "reason": r["last_error"],
                     "payload": json.loads(r["payload"])}
            if r["kind"] == "case":
                case = entry
            else:
                events.append(entry)
        for ref in (case["payload"].get("attachments") or []) if case is not None else []:
            try:
                data = base64.b64encode(self.outbox.files.read(ref["sha256"])).decode("ascii")
            except AttachmentDamaged as exc:
                data, ref = "", {**ref, "error": str(exc)}
            attachments.append({**ref, "data_base64": data})
        return wire.canonical({"format": EXPORT_FORMAT, "code": code, "case": case, "events": events,
                               "attachments": attachments})

    def wake(self) -> None:
        if self.engine is not None:
            self.engine.wake(force=True)
