"""Card insert/remove events from pyscard's CardMonitor, made dependable: start-up poll and watchdog.

pyscard's CardMonitor is a process-wide singleton with one thread. What we found with pyscard 2.3.1
against pcscd 1.9.9:
- a card already in the reader is reported by the thread some time after start, or not at all when the
  singleton was already running (an observer added late only gets the thread's last list). So we poll
  once at start (SCardGetStatusChange with timeout 0) and keep our own state.
- when pcscd stops, the thread catches SCARD_E_NO_SERVICE and ends, printing a traceback and telling
  nobody; later events never come. Its PCSCCardRequest then raises in `__del__` (invalid handle).
  The watchdog (`check()`, every `watchdog_interval` seconds on its own thread) notices a dead thread or
  a context pcscd no longer knows, retires the singleton (cancel, join, release, forget) and starts a new
  monitor once pcscd answers again, followed by a poll so a card that stayed in is seen.
Each pass also polls, so a missed event is repaired within one interval. Events are de-duplicated
against our own state, whichever path saw the change first.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smartcard import scard as sc
from smartcard.CardMonitoring import CardMonitor, CardMonitoringThread, CardObserver

from drivers.idcard import pcsc
from drivers.listeners import Listeners
from drivers.periodic import Periodic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardEvent:
    reader: str
    inserted: bool  # False: removed (or its reader / pcscd went away)
    atr: bytes = b""
    origin: str = "monitor"  # "monitor" (pyscard's thread), "poll" (start-up / watchdog), "service"


Listener = Callable[[CardEvent], None]

_PYSCARD = threading.Lock()  # CardMonitor is a singleton: one of us at a time changes it


def _request_context(thread: Any) -> int | None:
    request = getattr(thread, "cardrequest", None)
    inner = getattr(request, "pcsccardrequest", None)
    return getattr(inner, "hcontext", None)


def retire_pyscard_monitor() -> None:
    """Stop pyscard's monitor thread (if any) and forget both singletons, so CardMonitor() starts afresh.

    Its context is cancelled (the thread may sit in a 60 s SCardGetStatusChange), released and set to
    None, so the request object's `__del__` has nothing left to release.
    """
    thread = CardMonitoringThread.instance
    CardMonitor.instance = None
    CardMonitoringThread.instance = None
    if thread is None:
        return
    thread.stopEvent.set()
    deadline = time.monotonic() + 3.0
    while thread.is_alive() and time.monotonic() < deadline:
        ctx = _request_context(thread)
        if ctx is not None:
            sc.SCardCancel(ctx)
        thread.join(0.05)
    if thread.is_alive():
        log.warning("pyscard's card monitor thread did not stop; leaving it (it is a daemon)")
        return
    ctx = _request_context(thread)
    if ctx is not None:
        sc.SCardReleaseContext(ctx)
        thread.cardrequest.pcsccardrequest.hcontext = None


class _Observer(CardObserver):  # type: ignore[misc]  # pyscard has no types: CardObserver is Any to mypy
    def __init__(self, watcher: "CardWatcher") -> None:
        self._watcher = watcher

    def update(self, observable: object, handlers: Any) -> None:
        try:  # an exception here would kill pyscard's thread
            added, removed = handlers
            self._watcher._from_monitor([(str(c.reader), bytes(c.atr)) for c in added],
                                        [str(c.reader) for c in removed])
        except Exception:
            log.exception("card event handling failed")


class CardWatcher:
    """Which PC/SC readers hold a card now, with events on every change.

    watchdog_interval: seconds between watchdog passes on a thread of its own; None = no thread (call
    `check()` yourself, as tests do). `poll` is injectable: () -> (readers, {reader: atr}).
    """

    def __init__(self, *, watchdog_interval: float | None = 2.0,
                 poll: Callable[[], tuple[list[str], dict[str, bytes]]] = pcsc.poll_cards,
                 use_monitor: bool = True) -> None:
        self._interval = watchdog_interval
        self._poll = poll
        self._use_monitor = use_monitor
        self._cond = threading.Condition()
        self._cards: dict[str, bytes] = {}
        self._readers: list[str] = []
        self._listeners: Listeners[CardEvent] = Listeners("card event")
        self._observer = _Observer(self)
        self._loop = Periodic(self.check, lambda: watchdog_interval or 0.0, name="pcsc-watchdog",
                              what="PC/SC watchdog pass", wait_first=True)  # start() has just checked
        self._check_lock = threading.Lock()
        self._deliver = threading.RLock()
        self.healthy = False  # pcscd answered the last poll
        self.error = ""  # why not, when not
        self.monitor_starts = 0  # how many times a pyscard monitor was (re)created for us

    # -- public ---------------------------------------------------------------------------------

    def start(self) -> "CardWatcher":
        self.check()
        if self._interval is not None:
            self._loop.start()
        return self

    def stop(self) -> None:
        self._loop.stop()
        with _PYSCARD:
            monitor = CardMonitor.instance
            if monitor is not None and self._observer in monitor.obs:
                monitor.deleteObserver(self._observer)
            if monitor is not None and not monitor.obs:
                retire_pyscard_monitor()

    close = stop

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(CardEvent)` on each change (from a background thread); returns unsubscribe."""
        return self._listeners.add(listener)

    def cards(self) -> dict[str, bytes]:
        """{reader: ATR} of the readers holding a card."""
        with self._cond:
            return dict(self._cards)

    def readers(self) -> list[str]:
        with self._cond:
            return list(self._readers)

    def wait_for_card(self, matches: Callable[[str], bool], timeout: float) -> str | None:
        """The first reader (matching) with a card, waiting up to `timeout` s; None on timeout."""
        def found() -> str | None:
            return next((r for r in self._cards if matches(r)), None)

        with self._cond:
            self._cond.wait_for(lambda: found() is not None or self._loop.stopping.is_set(), timeout)
            return found()

    def check(self) -> None:
        """One watchdog pass: poll pcscd, (re)create the pyscard monitor if it died, apply what was seen."""
        with self._check_lock:
            try:
                readers, cards = self._poll()
            except pcsc.PcscError as exc:
                self._service_lost(str(exc))
                return
            with self._cond:
                self._readers = readers
            self.healthy, self.error = True, ""
            if self._use_monitor and not self._loop.stopping.is_set():
                self._ensure_monitor()
            self._apply(cards, "poll")

    # -- internals --------------------------------------------------------------------------------

    def _ensure_monitor(self) -> None:
        with _PYSCARD:
            thread = CardMonitoringThread.instance
            monitor = CardMonitor.instance
            alive = thread is not None and thread.is_alive() and pcsc.context_is_valid(_request_context(thread))
            if monitor is not None and alive:
                if self._observer not in monitor.obs:
                    monitor.addObserver(self._observer)
                return
            if monitor is not None or thread is not None:
                log.warning("pyscard's card monitor died (pcscd restarted?): starting a new one")
                retire_pyscard_monitor()
            CardMonitor().addObserver(self._observer)
            self.monitor_starts += 1

    def _service_lost(self, error: str) -> None:
        if self.healthy or not self.error:
            log.warning("pcscd is not answering: %s", error)
        self.healthy, self.error = False, error
        with self._cond:
            self._readers = []
        self._apply({}, "service")

    def _from_monitor(self, added: list[tuple[str, bytes]], removed: list[str]) -> None:
        def change(cards: dict[str, bytes]) -> dict[str, bytes]:
            for reader in removed:
                cards.pop(reader, None)
            cards.update(added)
            return cards

        self._change(change, "monitor")

    def _apply(self, cards: dict[str, bytes], origin: str) -> None:
        self._change(lambda _: dict(cards), origin)

    def _change(self, compute: Callable[[dict[str, bytes]], dict[str, bytes]], origin: str) -> None:
        with self._deliver:  # listeners get the events in the order the state changed
            with self._cond:
                cards = compute(dict(self._cards))
                events = [CardEvent(r, False, self._cards[r], origin) for r in self._cards if r not in cards]
                events += [CardEvent(r, True, a, origin) for r, a in cards.items() if self._cards.get(r) != a]
                if not events:
                    return
                self._cards = cards
                self._cond.notify_all()
            for event in events:
                log.info("card %s %s (%s)", "in" if event.inserted else "out", event.reader, origin)
                self._listeners.emit(event)
