"""The emulated ESC/POS printer's condition, as a technician would find it (tests set it at run time), and the
status answers that report it (DLE EOT n, GS r). drivers.sim.escpos_emulator is a TCP printer in this
condition."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class PrinterState:
    paper_out: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    offline: bool = False
    fault: bool = False
    cutter_error: bool = False
    hang: bool = False  # accept connections but never read or answer
    paper_out_after: int | None = None  # bytes of print data until the paper runs out

    def can_print(self) -> bool:
        return not (self.paper_out or self.cover_open or self.offline or self.fault or self.cutter_error)

    def status_byte(self, n: int) -> int:
        """The DLE EOT n answer for the current state."""
        value = 0x12  # fixed bits 1 and 4
        if n == 1:
            if not self.can_print():
                value |= 0x08
        elif n == 2:
            value |= (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
            value |= 0x40 if self.fault or self.cutter_error else 0
        elif n == 3:  # error cause: 0x08 auto-cutter error, 0x40 auto-recoverable error
            value |= (0x40 if self.fault else 0) | (0x08 if self.cutter_error else 0)
        elif n == 4:
            value |= (0x0C if self.paper_near_end or self.paper_out else 0)
            value |= 0x60 if self.paper_out else 0
        return value

    def status_answer(self, n: int, cmd: bytes) -> bytes | None:
        """The answer to DLE EOT n or GS r n (None: not a status request this printer answers)."""
        if cmd == b"\x1dr":  # GS r n: n=1 paper sensor (bits 0-1 near end, 2-3 out), n=2 drawer
            if n in (1, 49):
                v = (0x03 if self.paper_near_end or self.paper_out else 0) | (0x0C if self.paper_out else 0)
                return bytes([v])
            return b"\x00"
        if n not in (1, 2, 3, 4):
            return None
        return bytes([self.status_byte(n)])
