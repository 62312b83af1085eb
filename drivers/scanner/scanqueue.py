"""What every code scanner backend shares: a reader thread that (re)opens the device, and scanned lines
classified, queued for next_scan and told to listeners.

A backend says how to open its device (`_connect`), read it until it fails or `_stop` is set (`_read`, which
calls `_line(text)` for each line) and let it go (`_disconnect`). If the device goes away (USB pulled) it is
reopened every `reopen_interval` seconds and the status says the scanner is not connected until then.
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from drivers.base import ClosedOnExit, Condition, DeviceStatus, NoScan, Scan, message
from drivers.listeners import Listeners
from drivers.scanner.classify import classify

log = logging.getLogger(__name__)

NOT_CONNECTED = message("The code scanner is not connected.")
SHOW_CODE = message("Please hold the code under the scanner.")

MAX_LINE = 2048  # characters; a longer line is noise and is dropped
QUEUE = 16  # scans kept for next_scan (the oldest go first when full)

H = TypeVar("H")  # the open device


class ScanQueue(ClosedOnExit, Generic[H]):
    _errors: ClassVar[tuple[type[BaseException], ...]] = (OSError,)  # what opening or reading may raise

    def __init__(self, where: str, track_base_url: str, reopen_interval: float) -> None:
        self.where = where
        self._base = track_base_url
        self._reopen = reopen_interval
        self._cond = threading.Condition()
        self._queue: collections.deque[Scan] = collections.deque(maxlen=QUEUE)
        self._listeners: Listeners[Scan] = Listeners("scan")
        self._stop = threading.Event()
        self._handle: H | None = None
        self._error = ""
        self.scans = 0

    def _start(self) -> None:
        """Open at once (so status() is right from the start), then read on a thread."""
        first = self._open()
        self._thread = threading.Thread(target=self._run, args=(first,), name=f"scanner {self.where}", daemon=True)
        self._thread.start()

    # -- the backend's part ---------------------------------------------------------------------

    def _connect(self) -> H:
        raise NotImplementedError

    def _read(self, handle: H) -> None:
        raise NotImplementedError

    def _disconnect(self, handle: H) -> None:
        raise NotImplementedError

    # -- Scanner --------------------------------------------------------------------------------

    def next_scan(self, timeout: float = 5.0) -> Scan:
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._queue) or self._stop.is_set(), timeout) \
                    or not self._queue:
                raise NoScan(SHOW_CODE)
            return self._queue.popleft()

    def subscribe(self, listener: Callable[[Scan], None]) -> Callable[[], None]:
        return self._listeners.add(listener)

    def clear(self) -> None:
        with self._cond:
            self._queue.clear()

    def status(self) -> DeviceStatus:
        with self._cond:
            if self._handle is None:
                return DeviceStatus.error(NOT_CONNECTED, Condition.NOT_CONNECTED)
        return DeviceStatus.ok()

    @property
    def error(self) -> str:
        """Why the device is not open (technical, for the log / staff screen)."""
        return self._error

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(5)
        self._let_go()

    def wait_connected(self, timeout: float = 2.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cond:
                if self._handle is not None:
                    return True
            time.sleep(0.01)
        return False

    # -- the reader thread ----------------------------------------------------------------------

    def _run(self, first: H | None) -> None:
        while not self._stop.is_set():
            handle, first = first or self._open(), None
            if handle is None:
                self._stop.wait(self._reopen)
                continue
            try:
                self._read(handle)
            except self._errors as exc:
                if not self._stop.is_set():
                    log.warning("scanner %s lost: %s", self.where, exc)
                    self._error = str(exc)
            finally:
                self._let_go()

    def _open(self) -> H | None:
        try:
            handle = self._connect()
        except self._errors as exc:
            if self._error != str(exc):
                log.warning("scanner %s not available: %s", self.where, exc)
            self._error = str(exc)
            return None
        with self._cond:
            self._handle = handle
        self._error = ""
        log.info("scanner on %s", self.where)
        return handle

    def _let_go(self) -> None:
        with self._cond:
            handle, self._handle = self._handle, None
        if handle is not None:
            try:
                self._disconnect(handle)
            except self._errors:
                pass

    def _line(self, text: str) -> None:
        scan = classify(text, self._base)
        log.info("scanned %s", type(scan).__name__)
        with self._cond:
            self.scans += 1
            self._queue.append(scan)
            self._cond.notify_all()
        self._listeners.emit(scan)
