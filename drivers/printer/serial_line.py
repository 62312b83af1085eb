"""python-escpos Serial whose status read returns when the answer is in, not when the timeout runs out.

python-escpos' Serial._read is `read(16)`: pyserial waits for 16 bytes or the whole timeout, and a DLE EOT
answer is one byte, so each of the four status questions took the full timeout (8 s of status per job at
2 s). Here the first byte is waited for (up to the timeout: a silent printer is still told apart) and the
rest is whatever has arrived with it.
"""
from __future__ import annotations

from escpos.printer import Serial


class SerialLine(Serial):  # type: ignore[misc]  # python-escpos has no types: its Serial is Any to mypy
    def _read(self) -> bytes:
        first = bytes(self.device.read(1))
        if not first:
            return first
        return first + bytes(self.device.read(self.device.in_waiting))
