"""The read side of cases: local view at once, refreshed from the network; ratings; a person's cases."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from domain import regcode, wire
from domain.models import Receipt
from domain.status import CaseStatus, EventKind, SyncState
from sync.client import NetClient, NetworkRefused
from sync.model import RATING_LEVELS, Application, LocalCase, Offline, StatusEntry
from sync.outbox import Outbox
from sync.store import Store

log = logging.getLogger(__name__)

CASE_SELECT = (
    "SELECT cases.*, outbox.state AS sync_state, outbox.last_error AS last_error "
    "FROM cases JOIN outbox ON outbox.kind='case' AND outbox.ref=cases.code "
)


def apply_status(conn: sqlite3.Connection, code: str, status: str, at: str, note: str = "") -> bool:
    """Record a status the network reports for a local case; returns False for cases this kiosk lacks."""
    if conn.execute("SELECT 1 FROM cases WHERE code=?", (code,)).fetchone() is None:
        return False
    CaseStatus(status)  # refuse unknown words
    conn.execute("UPDATE cases SET status=? WHERE code=?", (status, code))
    conn.execute(
        "INSERT INTO case_history(code, status, at, note) VALUES(?,?,?,?) "
        "ON CONFLICT(code, status) DO UPDATE SET at=excluded.at, note=excluded.note",
        (code, status, at, note),
    )
    return True


def record_rating(conn: sqlite3.Connection, code: str, held: Any) -> None:
    """Keep on the local case the 好差评 level the network holds: `held` is a rating ({"level", ...}) from its
    case view, its already_rated answer (the rating that stood) or this kiosk's own once taken; a case this
    kiosk does not hold, or anything but a rating, changes nothing."""
    level = held.get("level") if isinstance(held, dict) else None
    if level in RATING_LEVELS:
        conn.execute("UPDATE cases SET rating=? WHERE code=?", (level, code))


def _from_network(view: dict[str, Any]) -> LocalCase:
    history = tuple(
        StatusEntry(CaseStatus(h["status"]), datetime.fromisoformat(h["at"]), h.get("note", ""))
        for h in view.get("history", [])
    )
    return LocalCase(
        code=view["code"],
        service_code=view["service_code"],
        service_name=view.get("service_name", ""),
        applicant_masked_name=view.get("applicant_masked_name", ""),
        status=CaseStatus(view["status"]),
        sync_state=SyncState.ACCEPTED,
        submitted_at=datetime.fromisoformat(view["submitted_at"]),
        history=history,
        **_supplement(view),
    )


def _supplement(view: dict[str, Any]) -> dict[str, Any]:
    """What only the network's case view knows, as LocalCase fields: the open 补正 request (none: empty),
    whether the case is rated (on the web or at any kiosk), and the promised date moved on by the working days
    a 补正 request paused the clock (`deadline`; the date printed on the receipt when there was no pause)."""
    request = view.get("supplement") or {}
    due = view.get("deadline") or view.get("due_date")
    rating = view.get("rating") or {}
    return {"supplement": tuple(str(m) for m in request.get("missing", ())),
            "supplement_note": str(request.get("note", "")), "rated": bool(rating),
            "rating": rating.get("level") if rating.get("level") in RATING_LEVELS else None,
            "due_date": date.fromisoformat(due) if due else None}


def local_case(conn: sqlite3.Connection, row: sqlite3.Row, last_error: str | None = None) -> LocalCase:
    """A LocalCase from a CASE_SELECT row and its history."""
    code = row["code"]
    found = conn.execute("SELECT status, at, note FROM case_history WHERE code=? ORDER BY id", (code,)).fetchall()
    history = [StatusEntry(CaseStatus(h["status"]), datetime.fromisoformat(h["at"]), h["note"]) for h in found]
    submitted_at = datetime.fromisoformat(row["submitted_at"])
    if all(e.status is not CaseStatus.SUBMITTED for e in history):  # the case row is its own first entry
        history.insert(0, StatusEntry(CaseStatus.SUBMITTED, submitted_at))
    return LocalCase(
        code=code,
        service_code=row["service_code"],
        service_name=row["service_name"],
        applicant_masked_name=row["applicant_masked_name"],
        status=CaseStatus(row["status"]),
        sync_state=SyncState(row["sync_state"]),
        submitted_at=submitted_at,
        due_date=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        # by time: the kiosk and the network may write different UTC offsets
        history=tuple(sorted(history, key=lambda e: e.at)),
        last_error=row["last_error"] if last_error is None else last_error,
        printed=bool(row["printed"]),
        rated=row["rating"] is not None,
        rating=row["rating"],
    )


class CaseBook:
    """Implements kiosk.services.CaseService over the store, the outbox and the network client.

    `annotate` adds to a reprinted receipt what the case book does not hold: kiosk.wiring passes the payment
    desk's (sync.payments.PaymentDesk.annotate: the amount, order number and paid time, or how to pay later)."""

    def __init__(self, store: Store, outbox: Outbox, client: NetClient | None,
                 annotate: Callable[[Receipt], Receipt] = lambda receipt: receipt) -> None:
        self.store = store
        self.outbox = outbox
        self.client = client
        self.annotate = annotate

    def enqueue(self, application: Application) -> Receipt:
        return self.outbox.enqueue(application)

    def receipt(self, code: str) -> Receipt:
        return self.annotate(self.outbox.receipt(code, reprint=True))

    def mark_printed(self, code: str) -> None:
        self.outbox.mark_printed(code)

    def get(self, code: str) -> LocalCase | None:
        with self.store.read() as c:
            row = c.execute(CASE_SELECT + "WHERE code=?", (code,)).fetchone()
            return None if row is None else local_case(c, row)

    def _merge(self, view: dict[str, Any]) -> bool:
        """Apply a network case view to the local copy; False when this kiosk does not hold the case."""
        code = view["code"]
        with self.store.tx() as c:
            known = False
            for h in view.get("history", []):
                known = apply_status(c, code, h["status"], h["at"], h.get("note", "")) or known
            if known:
                c.execute("UPDATE cases SET status=? WHERE code=?", (view["status"], code))
                record_rating(c, code, view.get("rating"))
        return known

    def refresh(self, code: str) -> LocalCase | None:
        """Ask the network now. Raises sync.model.Offline when it cannot be reached."""
        if self.client is None:
            return self.get(code)
        view = self.client.get_case(code)
        if view is None:
            return self.get(code)
        if not self._merge(view):
            return _from_network(view)
        local = self.get(code)
        return replace(local, **_supplement(view)) if local is not None else None

    def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
        """Queue a 好差评 rating; one per case (a second raises sync.outbox.DuplicateEvent)."""
        code = regcode.validate(code)
        if level not in RATING_LEVELS:
            raise ValueError(f"a rating level is one of {RATING_LEVELS}")
        self.outbox.add_event(code, EventKind.RATING, {"level": level, "reasons": [str(r) for r in reasons]})

    def cases_for_person(self, id_number: str) -> list[LocalCase]:
        """Local cases at once, merged with the network's (kiosk and web channel); never raises Offline."""
        person = wire.person_hash(self.outbox.person_key, id_number)
        remote: list[dict[str, Any]] = []
        if self.client is not None:
            try:
                remote = self.client.cases_by_person(person)
            except (Offline, NetworkRefused) as exc:
                log.info("cases by person: local only (%s)", exc)
        found: dict[str, LocalCase] = {}
        merged: list[str] = []
        for view in remote:
            if self._merge(view):
                merged.append(view["code"])
            else:
                found[view["code"]] = _from_network(view)
        with self.store.read() as c:
            for row in c.execute(CASE_SELECT + "WHERE cases.person_hash=?", (person,)).fetchall():
                found[row["code"]] = local_case(c, row)
        for code in merged:  # held here but purged after retention: no person hash left to find it by
            if code not in found and (case := self.get(code)) is not None:
                found[code] = case
        return sorted(found.values(), key=lambda k: (k.submitted_at, k.code), reverse=True)
