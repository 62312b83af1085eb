"""The background sender: one at a time (lease), uploads attachments, sends cases and events in batches,
backs off with full jitter (honouring Retry-After), quarantines poison, pulls status and catalogue."""
from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.status import ALREADY_RATED, EventKind
from sync.cases import apply_status, record_rating
from sync.catalogue import Catalogue
from sync.client import AttachmentRejected, BatchRejected, NetClient, NetworkRefused, RetryLater
from sync.files import AttachmentDamaged
from sync.heartbeat import Heartbeat
from sync.lease import Lease, new_owner
from sync.model import Offline
from sync.outbox import Outbox, OutboxRow
from sync.retention import purge
from sync.store import Store

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another sender took the lease over: this one must drop what it holds."""


@dataclass(frozen=True)
class Backoff:
    base: float = 1.0
    cap: float = 300.0

    def delay(self, attempts: int, rng: Callable[[], float]) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempts)]."""
        return rng() * min(self.cap, self.base * (2.0 ** min(attempts, 30)))


@dataclass
class SyncReport:
    sent: int = 0
    accepted: int = 0
    quarantined: int = 0
    retried: int = 0
    uploaded: int = 0
    events: int = 0
    status_events: int = 0
    catalogue_changes: int = 0
    purged: int = 0
    online: bool = True
    error: str = ""
    refused: bool = False  # the network answered, but refuses (sync.client.NetworkRefused): not out of reach
    codes: list[str] = field(default_factory=list)


Result = dict[str, Any]


class SyncEngine:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        catalogue: Catalogue,
        client: NetClient,
        *,
        batch_size: int = 100,
        interval: float = 5.0,
        backoff: Backoff = Backoff(),
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        lease: Lease | None = None,
        retention_days: float = 7.0,
        pull_catalogue: bool = True,
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.heartbeat = heartbeat  # sent from this engine's thread when due (sync/heartbeat.py)
        self.store = store
        self.outbox = outbox
        self.catalogue = catalogue
        self.client = client
        self.batch_size = batch_size
        self.interval = interval
        self.backoff = backoff
        self.clock = clock
        self.rng = rng
        self.lease = lease or Lease(new_owner())
        self.retention_days = retention_days
        self.pull_catalogue = pull_catalogue
        self.listeners: list[Callable[[SyncReport], None]] = []
        self.catalogue_progress: Callable[[int, int], None] | None = None  # (done, total) during a catalogue sync
        self.last_report = SyncReport(online=False)
        self._batch = batch_size  # halves after a 5xx to isolate a case the server chokes on
        self._failures = 0
        self._paused_until = 0.0  # backoff: a new case (wake) may probe before it ends
        self._not_before = 0.0  # Retry-After: nothing goes before it, whatever happens
        self._probe = False
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._run_lock = threading.Lock()  # one pass at a time in this process; the lease covers processes
        outbox.on_enqueue.append(lambda _code: self.wake())

    # -- one pass ------------------------------------------------------------------------------------
    def run_once(self) -> SyncReport:
        with self._run_lock:
            report = SyncReport()
            now = self.clock()
            probe, self._probe = self._probe, False
            if now < self._not_before or (now < self._paused_until and not probe):
                report.online = self.last_report.online
                report.error = self.last_report.error
            else:
                self._pass(report)
            report.purged = purge(self.store, self.outbox.files, self.clock(), self.retention_days)
            self.last_report = report
        for listener in self.listeners:
            listener(report)
        return report

    def send_all(self) -> SyncReport:
        """Send every due case and event now (no status or catalogue pull); errors end up in the report."""
        with self._run_lock:
            report = SyncReport()
            try:
                self._send(report, cases=True)
                self._send(report, cases=False)
            except (Offline, NetworkRefused, LeaseLost) as exc:
                report.online = not isinstance(exc, Offline)
                report.error = str(exc)
        return report

    def _pass(self, report: SyncReport) -> None:
        try:
            self._send(report, cases=True)
            self._send(report, cases=False)
            self._pull_status(report)
            if self.pull_catalogue:
                report.catalogue_changes = self.catalogue.pull(self.client, self.store, self.catalogue_progress)
        except (Offline, NetworkRefused) as exc:
            report.online, report.refused = False, isinstance(exc, NetworkRefused)
            report.error = str(exc) or type(exc).__name__
            self._pause(exc)
        except LeaseLost as exc:
            report.error = str(exc)
        else:
            self._failures = 0
            with self.store.tx() as c:
                self.store.set_kv(c, "last_success", datetime.fromtimestamp(self.clock()).astimezone().isoformat())
                self.store.set_kv(c, "last_error", "")
            return
        with self.store.tx() as c:
            self.store.set_kv(c, "last_error", report.error)

    def _pause(self, exc: Exception) -> None:
        """An error that affects every case: stop the pass and wait (full jitter, never less than Retry-After)."""
        hint = exc.retry_after if isinstance(exc, RetryLater) else None
        wait = max(hint or 0.0, self.backoff.delay(self._failures, self.rng))
        self._failures += 1
        self._paused_until = self.clock() + wait
        self._not_before = self.clock() + (hint or 0.0)
        if isinstance(exc, NetworkRefused):
            log.warning("network refused: %s (next try in %.0f s)", exc, wait)

    def _hold(self, conn: Any) -> None:
        if not self.lease.hold(conn, self.clock(), on_takeover=lambda: self.outbox.recover_in(conn)):
            holder = self.lease.holder(conn)
            raise LeaseLost(f"another sender is active ({holder.owner if holder else '?'})")

    def _renew(self) -> None:
        with self.store.tx() as c:
            self._fence(c)

    def _fence(self, conn: Any) -> None:
        """Renew the lease we hold; if someone else took it meanwhile, drop out (our rows are theirs now)."""
        def lost() -> None:
            raise LeaseLost("the sender's lease was taken over")

        if not self.lease.hold(conn, self.clock(), on_takeover=lost):
            lost()

    def _send(self, report: SyncReport, cases: bool) -> None:
        reclaim = cases  # each pass (and send_all) sends the cases first
        while True:
            with self.store.tx() as c:
                self._hold(c)
                if reclaim:  # rows an earlier pass claimed and could not settle (a full disk after the post):
                    self.outbox.recover_in(c)  # one pass at a time, so none is in flight now; resent, they are
                    reclaim = False  # duplicates the network answers as such
                rows = self.outbox.claim_in(c, self.clock(), self._batch, cases)
            if not rows:
                return
            try:
                ready = self._upload(rows, report) if cases else rows
                results = self._post(ready, cases)
            except (Offline, NetworkRefused) as exc:
                if isinstance(exc, RetryLater) and exc.status >= 500 and exc.status != 503:
                    self._batch = max(1, self._batch // 2)
                self._settle_retry(rows, str(exc), report)
                raise
            self._settle(ready, results, report)
            self._batch = min(self.batch_size, self._batch * 2)

    def _upload(self, rows: list[OutboxRow], report: SyncReport) -> list[OutboxRow]:
        """Fill every attachment slot the rows reference before the cases go; returns the rows ready to post."""
        ready: list[OutboxRow] = []
        with self.store.read() as c:
            done = {r[0] for r in c.execute("SELECT sha256 FROM attachments WHERE uploaded=1")} if rows else set()
        for row in rows:
            refs = json.loads(row.payload).get("attachments") or []
            try:
                for ref in refs:
                    sha = ref["sha256"]
                    if sha in done:
                        continue
                    data = self.outbox.files.read(sha)
                    self.client.upload(sha, data, on_chunk=self._renew)
                    with self.store.tx() as c:
                        c.execute("UPDATE attachments SET uploaded=1 WHERE sha256=?", (sha,))
                    done.add(sha)
                    report.uploaded += 1
            except AttachmentDamaged as exc:
                self._settle_one(row, "quarantine", f"附件损坏 / {exc}", report)
                continue
            except AttachmentRejected as exc:
                self._settle_one(row, "retry", str(exc), report)
                continue
            ready.append(row)
        return ready

    def _post(self, rows: list[OutboxRow], cases: bool) -> list[Result]:
        """One result per row; a batch refused as a whole is split until the poison case stands alone."""
        if not rows:
            return []
        if not cases and len({r.kind == "audit" for r in rows}) > 1:  # audit rows have their own endpoint
            return self._post_by_kind(rows)
        post = self.client.post_cases if cases else (
            self.client.post_audit if rows[0].kind == "audit" else self.client.post_events)
        try:
            results = post([r.payload for r in rows])
        except BatchRejected as exc:
            if len(rows) == 1:
                return [{"code": rows[0].ref, "result": "invalid", "status": None, "message": str(exc)}]
            mid = len(rows) // 2
            return self._post(rows[:mid], cases) + self._post(rows[mid:], cases)
        for row, res in zip(rows, results, strict=True):
            if res.get("code") not in (row.ref, row.case_code) and res.get("key") != row.ref:
                raise NetworkRefused(f"answer out of order: {res.get('code')} for {row.ref}")
        return results

    def _post_by_kind(self, rows: list[OutboxRow]) -> list[Result]:
        """Audit rows and the other events in two posts; results back in the rows' order."""
        audit = [r for r in rows if r.kind == "audit"]
        other = [r for r in rows if r.kind != "audit"]
        answers = dict(zip((r.id for r in audit), self._post(audit, False), strict=True))
        answers.update(zip((r.id for r in other), self._post(other, False), strict=True))
        return [answers[r.id] for r in rows]

    def _settle(self, rows: list[OutboxRow], results: list[Result], report: SyncReport) -> None:
        """Write every result of a batch in one transaction, fenced by the lease."""
        now = self.clock()
        with self.store.tx() as c:
            self._fence(c)
            for row, res in zip(rows, results, strict=True):
                outcome = res.get("result")
                if outcome in ("created", "duplicate", ALREADY_RATED):  # already_rated: final, the first stands
                    final = f"{outcome}: {res.get('message') or ''}" if outcome == ALREADY_RATED else ""
                    self.outbox.accepted_in(c, row, res.get("status"), now, final)
                    if row.kind == EventKind.RATING.value:  # the local case shows the rating the network holds
                        record_rating(c, row.case_code, res.get("rating") if final else
                                      json.loads(row.payload).get("body"))
                    report.accepted += row.kind == "case"
                    report.events += row.kind != "case"
                    report.codes.append(row.ref)
                elif outcome in ("conflict", "invalid"):
                    self.outbox.quarantine_in(c, row, f"{outcome}: {res.get('message') or 'no message'}")
                    report.quarantined += 1
                else:
                    self.outbox.retry_in(c, row, now + self.backoff.delay(row.attempts, self.rng),
                                         f"{outcome}: {res.get('message', '')}")
                    report.retried += 1
            report.sent += len(rows)

    def _settle_one(self, row: OutboxRow, how: str, reason: str, report: SyncReport) -> None:
        with self.store.tx() as c:
            self._fence(c)
            if how == "quarantine":
                self.outbox.quarantine_in(c, row, reason)
                report.quarantined += 1
            else:
                self.outbox.retry_in(c, row, self.clock() + self.backoff.delay(row.attempts, self.rng), reason)
                report.retried += 1

    def _settle_retry(self, rows: list[OutboxRow], reason: str, report: SyncReport) -> None:
        """A batch-wide failure: the rows go back to the queue with the reason; the pause spaces the retries."""
        try:
            with self.store.tx() as c:
                self._fence(c)
                for row in rows:
                    state = c.execute("SELECT state FROM outbox WHERE id=?", (row.id,)).fetchone()[0]
                    if state == "sending":  # an attachment failure may have settled it already
                        self.outbox.retry_in(c, row, 0.0, reason)
                        report.retried += 1
        except LeaseLost:
            pass

    def _pull_status(self, report: SyncReport) -> None:
        cursor = int(self.store.get_kv("status_cursor", "0"))
        device = self.outbox.identity.device_id
        while True:
            events, new_cursor = self.client.status_feed(cursor, device=device)
            if not events:
                return
            with self.store.tx() as c:
                for e in events:
                    if apply_status(c, e["code"], e["status"], e["at"], e.get("note", "")):
                        report.status_events += 1
                self.store.set_kv(c, "status_cursor", str(new_cursor))
            if new_cursor <= cursor:
                return
            cursor = new_cursor

    # -- the background thread ------------------------------------------------------------------------
    def wake(self, force: bool = False) -> None:
        """Run a pass soon, even in a back-off (a new case probes the link; Retry-After still holds);
        force (staff: send now) also ends the back-off and makes every queued row due."""
        self._probe = True
        if force:
            self._paused_until = 0.0
            self._failures = 0
            with self.store.tx() as c:
                c.execute("UPDATE outbox SET next_at=0 WHERE state='queued'")
        self._wake.set()

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="sync-engine", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        with self._run_lock, self.store.tx() as c:
            self.lease.release(c)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # never let the sender die silently; log and go on
                log.exception("sync pass failed")
            if self.heartbeat is not None and self.heartbeat.due():
                self.heartbeat.send()
            self._wake.wait(self.interval)
            self._wake.clear()
