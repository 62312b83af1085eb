"""A serial code scanner simulator on a pseudo-terminal: each scan is the text + CR, like a real one.

    with ScannerSim() as sim:
        scanner = SerialScanner(sim.device_path)
        sim.scan("134567890123456789")          # a WeChat payment code
        sim.scan(receipt.track_url)              # a receipt QR

`python -m drivers.sim.scanner` prints the device path, then sends every line typed on stdin as a scan.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import tty

from drivers.base import ClosedOnExit

SAMPLE_WECHAT = "134567890123456789"
SAMPLE_ALIPAY = "284567890123456789"


class ScannerSim(ClosedOnExit):
    """Writes scans to the master side of a pty; the scanner driver opens `device_path` (the slave)."""

    def __init__(self, terminator: bytes = b"\r") -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.device_path = os.ttyname(self._slave)
        self.terminator = terminator
        self._lock = threading.Lock()
        self._closed = False
        self.sent: list[str] = []

    def scan(self, text: str, encoding: str = "utf-8") -> None:
        """One scan: the text and the terminator, in one write (as a scanner sends a whole line)."""
        self.send_raw(text.encode(encoding) + self.terminator)
        self.sent.append(text)

    def send_raw(self, data: bytes) -> None:
        """Any bytes (noise, a line split in pieces, a line without its terminator)."""
        with self._lock:
            if self._closed:
                raise OSError("the scanner simulator is closed")
            view = memoryview(data)
            while view:
                view = view[os.write(self._master, view):]

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            os.close(self._master)
            os.close(self._slave)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description="code scanner simulator on a pty; type a line to scan it").parse_args(argv)
    with ScannerSim() as sim:
        try:  # from the ready line on, Ctrl-C (SIGINT) is a clean stop
            print(sim.device_path, flush=True)
            for line in sys.stdin:
                if line.strip():
                    sim.scan(line.strip())
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
