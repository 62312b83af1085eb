"""HidScanner: a keyboard-wedge (HID) code scanner read from its evdev device (drivers.base.Scanner).

    scanner.kind = "hid"
    scanner.device = "/dev/input/by-id/usb-XXXX-event-kbd"

The device is opened through python-evdev and grabbed, so its key presses reach no window (no keyboard
focus games); a reader thread decodes the raw `struct input_event` stream (drivers/scanner/hid_keys.py) into
lines, each classified and queued like the serial scanner's. A FIFO at the device path is read the same way
(a recorded stream played into it); the reader holds it open for writing too, so a player that finishes is
not taken for a scanner pulled out. If the device goes away it is reopened every `reopen_interval` seconds
and the status says the scanner is not connected until then.
"""
from __future__ import annotations

import os
import select
import stat
from typing import TYPE_CHECKING

from drivers.scanner.hid_keys import KeyDecoder, take_events
from drivers.scanner.scanqueue import ScanQueue

if TYPE_CHECKING:
    from evdev import InputDevice


class _Source:
    """An open event device (grabbed) or FIFO: its fd, and how to let it go."""

    def __init__(self, path: str) -> None:
        self.device: InputDevice[str] | None = None
        if stat.S_ISCHR(os.stat(path).st_mode):
            import evdev

            self.device = evdev.InputDevice(path)
            try:
                self.device.grab()
            except OSError:
                self.device.close()
                raise
            self.fd = self.device.fd
        elif stat.S_ISFIFO(os.stat(path).st_mode):
            self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        else:
            raise OSError(f"{path}: not an input event device")

    def close(self) -> None:
        if self.device is None:
            os.close(self.fd)
            return
        try:
            self.device.ungrab()
        except OSError:
            pass  # already gone (unplugged)
        finally:
            self.device.close()


class HidScanner(ScanQueue[_Source]):
    def __init__(self, device: str, *, track_base_url: str = "", reopen_interval: float = 2.0) -> None:
        super().__init__(device, track_base_url, reopen_interval)
        self.device = device
        self._start()

    def _connect(self) -> _Source:
        return _Source(self.device)

    def _disconnect(self, source: _Source) -> None:
        source.close()

    def _read(self, source: _Source) -> None:
        fd, decoder, buf = source.fd, KeyDecoder(), bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except BlockingIOError:
                continue
            if not chunk:
                raise OSError("end of the event stream")
            buf.extend(chunk)
            for etype, code, value in take_events(buf):
                line = decoder.feed(etype, code, value)
                if line is not None:
                    self._line(line)
