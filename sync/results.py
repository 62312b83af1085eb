"""结果领取 and 补正 at the kiosk: a person's (ID card) or a receipt's (QR) finished cases with result documents, and
printing one on the hall's A4 printer (drivers.base.DocumentPrinter).

A print goes: the printer's status (paper out / offline → PrinterError with its message, nothing is counted,
the document stays owed and can be printed later) → the PDF from the network, checked against the sha256 the
network signed → the print counted by the network (this kiosk, when, copies; one key, so a retried report is
one print) → the job to the printer → the job followed until it is done (or `settle_s` passes, or the printer
stops). The count comes before the job: the network refuses a print past the service item's limit, and two
kiosks offering the last copy at once print it once (the other says no prints are left). The kiosk also stops
offering a document with no prints left.

A print the printer did not take is given back under its key (POST /v1/results/{doc}/returns, once however
often sent): the job refused after a good status check, a job that ends aborted or cancelled, and a count
whose answer was lost (nothing was sent to the printer; the give-back voids the count if it was made). A
give-back is written to the kiosk's store before it is sent, so one the network did not answer is sent again
with the next listing or sync (`settle`); a job still waiting in the printer's queue (paper out) is watched
the same way, and given back if it ends without printing. The print is in the store from before its count to
its job's end, so a kiosk that restarts in between gives back a count whose job the printer never took and
goes on watching a job it took.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.models import Person
from domain.results import ResultDoc
from domain.wire import person_hash
from drivers.base import (
    A4_JOB_STOPPED,
    DOCUMENT_DAMAGED,
    NO_A4_PRINTER,
    NO_PRINTS_LEFT,
    PRINT_GIVE_BACK_OWED,
    PRINT_GIVEN_BACK,
    DocumentPrinter,
    Health,
    PrinterError,
    UserFacingError,
)
from sync.client import GiveBackRefused, NetClient, NetworkRefused, PrintLimitReached
from sync.crypto import Sealer
from sync.model import Offline
from sync.store import Store

log = logging.getLogger(__name__)
OWED = "results_owed"  # the store's kv key: give-backs not yet answered and jobs still in the printer's queue


def _docs(value: object) -> list[dict[str, object]]:
    """A case's `documents` on the wire: a list of objects."""
    return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class ResultCase:
    code: str
    service_name: str
    documents: tuple[ResultDoc, ...]


@dataclass(frozen=True)
class Printed:
    doc: ResultDoc  # as the network counts it after this print
    job_id: str
    done: bool = True  # False: the job still waits in the printer's queue (it comes out when the printer is ready)


class NotPrinted(PrinterError):
    """The printer did not take the print, and it was given back: `reason` is what the printer said, `doc` the
    document as the network counts it now (None while the give-back waits for the network)."""

    def __init__(self, reason: str, doc: ResultDoc | None, detail: str = "") -> None:
        super().__init__(PRINT_GIVEN_BACK if doc is not None else PRINT_GIVE_BACK_OWED, detail)
        self.reason = reason
        self.doc = doc


class Ledger:
    """What the kiosk still owes the network about prints: give-backs ({doc, key, reason, at}) not yet answered,
    jobs ({doc, key, job}) still in the printer's queue and prints counted whose job is not yet taken ({doc,
    key}: the kiosk stopped there if it is no print in hand); in the store (kv) when there is one."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self._mem: list[dict[str, str]] = []
        self._lock = threading.Lock()  # one change at a time: a print's give-back and the sync's settle

    def entries(self) -> list[dict[str, str]]:
        if self.store is None:
            return list(self._mem)
        found = json.loads(self.store.get_kv(OWED, "[]"))
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []

    def put(self, entry: dict[str, str]) -> None:
        """Add or replace the entry of its print (by key)."""
        with self._lock:
            self._write([e for e in self.entries() if e.get("key") != entry["key"]] + [entry])

    def drop(self, key: str) -> None:
        with self._lock:
            self._write([e for e in self.entries() if e.get("key") != key])

    def _write(self, entries: list[dict[str, str]]) -> None:
        if self.store is None:
            self._mem = entries
            return
        with self.store.tx() as c:
            self.store.set_kv(c, OWED, json.dumps(entries, ensure_ascii=False))


class ResultDesk:
    def __init__(self, client: NetClient, person_key: str, printer: DocumentPrinter | None,
                 clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
                 sealer: Sealer | None = None, store: Store | None = None, settle_s: float = 30.0,
                 poll_s: float = 0.3) -> None:
        self.client = client
        self.person_key = person_key
        self.printer = printer
        self.clock = clock
        self.sealer = sealer  # the network's key: handed-in materials are sealed like a case's
        self.owed = Ledger(store)
        self.settle_s = settle_s  # how long a print waits for its job to end before it says "waiting"
        self.poll_s = poll_s
        self._lock = threading.Lock()  # one settle at a time; another that finds it taken leaves it be
        self._mark = threading.Lock()  # held only to read or change which prints are in hand
        self._active: set[str] = set()  # keys of the prints this kiosk has in hand now (their entries are live)

    def hand_in(self, code: str, photos: list[tuple[bytes, str]]) -> dict[str, object]:
        """补正 at the kiosk (online): each photo sealed, uploaded by its sha256, then joined to the case, which
        marks the 补正 request received. Offline / RetryLater / NetworkRefused (nothing asked) from the network."""
        stamp = self.clock().strftime("%Y%m%d%H%M%S")
        refs = []
        for n, (data, media_type) in enumerate(photos, start=1):
            slot = f"补正{stamp}-{n}"
            blob = self.sealer.seal_bytes(data, f"{code}/{slot}".encode()) if self.sealer else data
            sha = hashlib.sha256(blob).hexdigest()
            self.client.upload(sha, blob)
            refs.append({"slot": slot, "sha256": sha, "size": len(blob), "media_type": media_type})
        return self.client.hand_in(code, refs)

    @staticmethod
    def _cases(raw: list[dict[str, object]]) -> list[ResultCase]:
        return [ResultCase(str(c["code"]), str(c["service_name"]),
                           tuple(ResultDoc.from_wire(d) for d in _docs(c["documents"])))
                for c in raw]

    def for_person(self, person: Person) -> list[ResultCase]:
        """Offline / RetryLater when the network cannot answer."""
        self.settle(jobs=False)
        return self._cases(self.client.results(person=person_hash(self.person_key, person.id_number)))

    def for_code(self, code: str) -> list[ResultCase]:
        self.settle(jobs=False)
        return self._cases(self.client.results(case=code))

    def print(self, doc: ResultDoc, copies: int = 1) -> Printed:
        if self.printer is None:
            raise PrinterError(NO_A4_PRINTER)
        if copies > doc.prints_left:
            raise PrinterError(NO_PRINTS_LEFT)
        status = self.printer.status()
        if status.health.value == "error":
            raise PrinterError(status.reason)  # owed: nothing printed, nothing counted
        data = self.client.result_pdf(doc.doc_code)
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise PrinterError(DOCUMENT_DAMAGED)
        key = f"{doc.doc_code}:{uuid.uuid4().hex}"
        with self._mark:
            self._active.add(key)  # before its entry: settle leaves a print in hand alone
        try:
            return self._count_and_print(doc, data, key, copies)
        finally:
            with self._mark:  # its entry is final now (dropped, a job watched, or a give-back owed)
                self._active.discard(key)

    def _count_and_print(self, doc: ResultDoc, data: bytes, key: str, copies: int) -> Printed:
        assert self.printer is not None
        # in the store before the count: a kiosk that restarts before the job is taken gives the copy back
        self.owed.put({"doc": doc.doc_code, "key": key})
        try:
            counted = self.client.report_print(doc.doc_code, key, copies, self._now())
        except Offline:  # counted or not, nothing goes to the printer: void the count if it was made
            self._give_back(doc.doc_code, key, "unanswered")
            raise
        except NetworkRefused as exc:  # not counted (no prints left, no such document)
            self.owed.drop(key)
            if isinstance(exc, PrintLimitReached):
                raise PrinterError(NO_PRINTS_LEFT) from None
            raise
        try:
            job = self.printer.print_pdf(data, copies, doc.title)
        except UserFacingError as exc:  # refused right after a good status check (queue stopped, lp failed)
            raise NotPrinted(exc.message, self._give_back(doc.doc_code, key, "refused"), exc.detail) from None
        self.owed.put({"doc": doc.doc_code, "key": key, "job": job})  # taken: followed after a restart too
        state = self._follow(job)
        if state == "failed":
            raise NotPrinted(A4_JOB_STOPPED, self._give_back(doc.doc_code, key, "failed"), f"job {job}")
        if state == "done":
            self.owed.drop(key)
        return Printed(ResultDoc.from_wire(counted), job, done=state == "done")

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _follow(self, job: str) -> str:
        """The job's end ("done" / "failed"), or "waiting" once `settle_s` passes or the printer stops."""
        assert self.printer is not None
        deadline = time.monotonic() + self.settle_s
        while time.monotonic() < deadline:
            try:
                state = self.printer.job_state(job)
                if state != "waiting" or self.printer.status().health is Health.ERROR:
                    return state
            except UserFacingError:
                return "waiting"  # the printer cannot say: the job is watched until it can
            time.sleep(self.poll_s)
        return "waiting"

    def _give_back(self, doc_code: str, key: str, reason: str) -> ResultDoc | None:
        """Give the print back; the document as the network counts it now, or None when the network did not
        answer (the give-back stays owed and goes with the next listing or sync)."""
        entry = {"doc": doc_code, "key": key, "reason": reason, "at": self._now()}
        self.owed.put(entry)  # first: a give-back cut short is sent again, and the network takes it once
        return self._send(entry)

    def _send(self, entry: dict[str, str]) -> ResultDoc | None:
        try:
            view = self.client.give_back(entry["doc"], entry["key"], entry["reason"], entry["at"])
        except GiveBackRefused as exc:
            log.error("print %s cannot be given back: %s", entry["key"], exc)
            self.owed.drop(entry["key"])
            return None
        except (Offline, NetworkRefused) as exc:
            log.warning("print %s not given back yet (%s): it is owed", entry["key"], exc)
            return None
        self.owed.drop(entry["key"])
        return ResultDoc.from_wire(view)

    def settle(self, jobs: bool = True) -> None:
        """Send the give-backs still owed; with `jobs`, also ask the printer about the jobs still queued: one
        done is forgotten, one that ended without printing is given back. Never raises for a network or a
        printer that cannot answer (what is owed stays owed). While another settle runs (the sync's asks a
        slow printer about each job), this one leaves it to that one: a resident's listing does not wait."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._settle(jobs)
        finally:
            self._lock.release()

    def _settle(self, jobs: bool) -> None:
        for key in [e.get("key") for e in self.owed.entries()]:
            with self._mark:  # a print in hand settles its own entry; one no longer in hand has written it
                entry = None if key in self._active else next(
                    (e for e in self.owed.entries() if e.get("key") == key), None)
            if entry is not None:
                self._settle_one(entry, jobs)

    def _settle_one(self, entry: dict[str, str], jobs: bool) -> None:
        if "reason" in entry:
            self._send(entry)
        elif "job" not in entry:  # counted, and the kiosk stopped before the printer took the job
            self._give_back(entry["doc"], entry["key"], "interrupted")
        elif jobs and self.printer is not None:
            try:
                state = self.printer.job_state(entry["job"])
            except UserFacingError:
                return
            if state == "done":
                self.owed.drop(entry["key"])
            elif state == "failed":
                self._give_back(entry["doc"], entry["key"], "failed")

    def after_sync(self, report: Any) -> None:
        """A sync listener (sync.engine): while the network answers, settle what is owed."""
        if getattr(report, "online", False) and self.owed.entries():
            self.settle()
