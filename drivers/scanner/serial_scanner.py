"""SerialScanner: a code scanner on a serial port that sends each scan as text + CR (drivers.base.Scanner).

    with SerialScanner("/dev/ttyACM0", track_base_url="https://zwfw.example.gov.cn/track") as scanner:
        scan = scanner.next_scan(timeout=30)          # PaymentCode | ReceiptCode | UnknownScan
        scanner.subscribe(lambda scan: ...)           # or be told of every scan

A reader thread owns the port. If the port goes away (USB pulled) it is reopened every
`reopen_interval` seconds and the status says the scanner is not connected until then. Lines end with CR,
LF or CR LF; a line longer than MAX_LINE is noise and is dropped.
"""
from __future__ import annotations

import logging
from typing import ClassVar

import serial

from drivers.scanner.scanqueue import MAX_LINE, ScanQueue

log = logging.getLogger(__name__)


class SerialScanner(ScanQueue[serial.Serial]):
    _errors: ClassVar[tuple[type[BaseException], ...]] = (serial.SerialException, OSError, ValueError, TypeError)
    # TypeError: pyserial reading a closed fd

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        track_base_url: str = "",
        encoding: str = "utf-8",
        reopen_interval: float = 2.0,
    ) -> None:
        super().__init__(port, track_base_url, reopen_interval)
        self.port = port
        self._baudrate = baudrate
        self._encoding = encoding
        self._start()

    def _connect(self) -> serial.Serial:
        return serial.Serial(self.port, baudrate=self._baudrate, timeout=0.1, exclusive=True)

    def _disconnect(self, port: serial.Serial) -> None:
        port.close()

    def _read(self, port: serial.Serial) -> None:
        line = bytearray()
        skipping = False  # inside a line that was too long: drop up to its end
        while not self._stop.is_set():
            chunk = port.read(max(1, min(port.in_waiting, 4096)))  # returns as soon as a byte is there
            for byte in chunk:
                if byte in (0x0D, 0x0A):
                    if line and not skipping:
                        self._line(bytes(line).decode(self._encoding, errors="replace"))
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
