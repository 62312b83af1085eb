"""SerialScanner: a code scanner on a serial port that sends each scan as text + CR (drivers.base.Scanner).

    with SerialScanner("/dev/ttyACM0", track_base_url="https://zwfw.example.gov.cn/track") as scanner:
        scan = scanner.next_scan(timeout=30)          # PaymentCode | ReceiptCode | UnknownScan
        scanner.subscribe(lambda scan: ...)           # or be told of every scan

A reader thread owns the port. If the port goes away (USB pulled) it is reopened every
`reopen_interval` seconds and the status says the scanner is not connected until then. Lines end with CR,
LF or CR LF; a line longer than MAX_LINE is noise and is dropped.
"""
from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable

import serial

from drivers.base import ClosedOnExit, DeviceStatus, Health, NoScan, Scan, message
from drivers.listeners import Listeners
from drivers.scanner.classify import classify

log = logging.getLogger(__name__)

NOT_CONNECTED = message("The code scanner is not connected.")
SHOW_CODE = message("Please hold the code under the scanner.")

MAX_LINE = 2048
QUEUE = 16  # scans kept for next_scan (the oldest go first when full)


class SerialScanner(ClosedOnExit):
    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        track_base_url: str = "",
        encoding: str = "utf-8",
        reopen_interval: float = 2.0,
    ) -> None:
        self.port = port
        self._baudrate = baudrate
        self._base = track_base_url
        self._encoding = encoding
        self._reopen = reopen_interval
        self._cond = threading.Condition()
        self._queue: collections.deque[Scan] = collections.deque(maxlen=QUEUE)
        self._listeners: Listeners[Scan] = Listeners("scan")
        self._stop = threading.Event()
        self._serial: serial.Serial | None = None
        self._error = ""
        self.scans = 0
        first = self._open()  # at once, so status() is right from the start
        self._thread = threading.Thread(target=self._run, args=(first,), name=f"scanner {port}", daemon=True)
        self._thread.start()

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
            if self._serial is None:
                return DeviceStatus(Health.ERROR, NOT_CONNECTED)
        return DeviceStatus.ok()

    @property
    def error(self) -> str:
        """Why the port is not open (technical, for the log / staff screen)."""
        return self._error

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(5)
        self._close_port()

    def wait_connected(self, timeout: float = 2.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cond:
                if self._serial is not None:
                    return True
            time.sleep(0.01)
        return False

    # -- the reader thread ----------------------------------------------------------------------

    def _run(self, first: serial.Serial | None) -> None:
        while not self._stop.is_set():
            port, first = first or self._open(), None
            if port is None:
                self._stop.wait(self._reopen)
                continue
            try:
                self._read_lines(port)
            except (serial.SerialException, OSError, TypeError) as exc:  # TypeError: pyserial on a closed fd
                if not self._stop.is_set():
                    log.warning("scanner %s lost: %s", self.port, exc)
                    self._error = str(exc)
            finally:
                self._close_port()

    def _open(self) -> serial.Serial | None:
        try:
            port = serial.Serial(self.port, baudrate=self._baudrate, timeout=0.1, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            if self._error != str(exc):
                log.warning("scanner %s not available: %s", self.port, exc)
            self._error = str(exc)
            return None
        with self._cond:
            self._serial = port
        self._error = ""
        log.info("scanner on %s", self.port)
        return port

    def _close_port(self) -> None:
        with self._cond:
            port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass

    def _read_lines(self, port: serial.Serial) -> None:
        line = bytearray()
        skipping = False  # inside a line that was too long: drop up to its end
        while not self._stop.is_set():
            chunk = port.read(max(1, min(port.in_waiting, 4096)))  # returns as soon as a byte is there
            for byte in chunk:
                if byte in (0x0D, 0x0A):
                    if line and not skipping:
                        self._line(bytes(line))
                    line.clear()
                    skipping = False
                elif skipping:
                    continue
                elif len(line) < MAX_LINE:
                    line.append(byte)
                else:
                    log.warning("scanner line longer than %d bytes: dropped", MAX_LINE)
                    line.clear()
                    skipping = True

    def _line(self, raw: bytes) -> None:
        text = raw.decode(self._encoding, errors="replace")
        scan = classify(text, self._base)
        log.info("scanned %s", type(scan).__name__)
        with self._cond:
            self.scans += 1
            self._queue.append(scan)
            self._cond.notify_all()
        self._listeners.emit(scan)
