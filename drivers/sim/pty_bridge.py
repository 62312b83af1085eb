"""A serial line to a TCP device: a pty whose far side is copied to and from a TCP connection.

    with EscposEmulator(out) as emu, PtyBridge("127.0.0.1", emu.port) as line:
        printer = Serial(devfile=line.device_path)      # python-escpos Serial, as on a real RS-232 printer

The kiosk opens `device_path` (the pty's slave) as it would /dev/ttyUSB0; every byte it writes reaches the
emulator, and the emulator's answers (DLE EOT status) come back on the line.
"""
from __future__ import annotations

import os
import select
import socket
import threading
import tty

from drivers.base import ClosedOnExit


class PtyBridge(ClosedOnExit):
    def __init__(self, host: str, port: int) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        self.device_path = os.ttyname(self._slave)
        self._sock = socket.create_connection((host, port), timeout=5)
        self._sock.setblocking(False)
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pty-bridge {self.device_path}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        sock = self._sock.fileno()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master, sock, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                if self._master in ready:
                    data = os.read(self._master, 4096)
                    if data:
                        self._send(data)
                if sock in ready:
                    data = self._sock.recv(4096)
                    if not data:
                        return
                    os.write(self._master, data)
            except OSError:  # the slave closed (EIO) or the device went away: keep the line open for the next
                if self._stop.is_set():
                    return
                select.select([self._wake_r], [], [], 0.05)

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([], [self._sock], [], 5)
            if not writable:
                raise OSError("the device stopped reading")
            view = view[self._sock.send(view):]

    def close(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        os.write(self._wake_w, b"x")
        self._thread.join(5)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            os.close(fd)
        self._sock.close()
