"""The background sender: drains the outbox in batches, backs off with full jitter, pulls status + catalogue."""
from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.cases import apply_status
from sync.catalogue import Catalogue
from sync.client import NetClient, NetworkRefused, RetryLater
from sync.model import Offline
from sync.outbox import Outbox
from sync.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    base: float = 1.0
    cap: float = 300.0

    def delay(self, attempts: int, rng: Callable[[], float]) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempts)]."""
        return rng() * min(self.cap, self.base * (2 ** min(attempts, 30)))


@dataclass
class SyncReport:
    sent: int = 0
    accepted: int = 0
    quarantined: int = 0
    retried: int = 0
    status_events: int = 0
    catalogue_changes: int = 0
    online: bool = True
    error: str = ""
    codes: list[str] = field(default_factory=list)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        catalogue: Catalogue,
        client: NetClient,
        *,
        batch_size: int = 50,
        interval: float = 5.0,
        backoff: Backoff = Backoff(),
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.catalogue = catalogue
        self.client = client
        self.batch_size = batch_size
        self.interval = interval
        self.backoff = backoff
        self.clock = clock
        self.rng = rng
        self.listeners: list[Callable[[SyncReport], None]] = []
        self.last_report = SyncReport(online=False)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._run_lock = threading.Lock()  # one sender at a time in this process
        outbox.on_enqueue.append(lambda _code: self.wake())

    # -- one pass ------------------------------------------------------------------------------------
    def run_once(self) -> SyncReport:
        with self._run_lock:
            report = SyncReport()
            try:
                self._send(report)
                self._pull_status(report)
                self._pull_catalogue(report)
            except Offline as exc:
                report.online = False
                report.error = str(exc)
            except NetworkRefused as exc:
                report.error = str(exc)
                log.warning("network refused: %s", exc)
            self.last_report = report
        for listener in self.listeners:
            listener(report)
        return report

    def _send(self, report: SyncReport) -> None:
        while True:
            rows = self.outbox.claim(self.clock(), self.batch_size)
            if not rows:
                return
            try:
                results = self.client.post_cases([r.payload for r in rows])
            except (Offline, NetworkRefused) as exc:
                hint = exc.retry_after if isinstance(exc, RetryLater) else None
                for r in rows:
                    wait = max(hint or 0.0, self.backoff.delay(r.attempts, self.rng))
                    self.outbox.retry(r, self.clock() + wait, str(exc))
                report.retried += len(rows)
                raise
            report.sent += len(rows)
            for r, res in zip(rows, results):
                outcome = res.get("result")
                if outcome in ("created", "duplicate"):
                    self.outbox.accepted(r, res.get("status"))
                    report.accepted += 1
                    report.codes.append(r.ref)
                else:
                    self.outbox.quarantine(r, f"{outcome}: {res.get('message', '')}")
                    report.quarantined += 1

    def _pull_status(self, report: SyncReport) -> None:
        cursor = int(self.store.get_kv("status_cursor", "0"))
        while True:
            events, new_cursor = self.client.status_feed(cursor)
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

    def _pull_catalogue(self, report: SyncReport) -> None:
        cursor = int(self.store.get_kv("catalogue_cursor", "0"))
        while True:
            items, new_cursor, more = self.client.catalogue(cursor)
            with self.store.tx() as c:
                report.catalogue_changes += self.catalogue.apply(c, items)
                self.store.set_kv(c, "catalogue_cursor", str(new_cursor))
            if not more or new_cursor <= cursor:
                return
            cursor = new_cursor

    # -- the background thread ------------------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self.outbox.recover()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="sync-engine", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # never let the sender die silently; log and go on
                log.exception("sync pass failed")
            self._wake.wait(self.interval)
            self._wake.clear()
