"""Issue registration codes offline: region + device number + day + a per-day sequence, read from SQLite.

A code is taken by storing its case: the next code is one past the highest this device's cases hold (the cases
table's key, read in one index step), or past a floor in code_seq where the kiosk was rebuilt from the network
(sync.salvage.raise_sequences). Nothing is written to issue a code, so a case's durable transaction writes
no counter row, and a rolled-back case frees its number with everything else it wrote.

The issue day never goes below the highest day already used (the high-water mark: the day of this device's
highest code, or of the last floor): a kiosk whose clock jumps backwards (power loss, no RTC battery) goes on
numbering that day instead of reissuing the codes of an earlier one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from domain import regcode


class CodesExhausted(RuntimeError):
    """More than 9999 cases on one kiosk in one (issue) day."""


# this device's highest code (its prefix's range of the cases key) and the highest floor, in one statement
_HIGHEST = ("SELECT (SELECT MAX(code) FROM cases WHERE code > ? AND code < ?), "
            "(SELECT day || ' ' || seq FROM code_seq ORDER BY day DESC LIMIT 1)")


@dataclass(frozen=True)
class CodeIssuer:
    region: str  # 6-digit region code given at enrollment
    device: int  # device number within the region, 1..999 (0 is the web channel)
    _range: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        prefix = f"{self.region}{self.device:03d}"
        object.__setattr__(self, "_range", (prefix, prefix + ":"))  # ':' sorts right after '9'

    def issue(self, conn: sqlite3.Connection, day: date) -> str:
        """The next code, inside the caller's write transaction; it is taken when the caller stores its case in
        that transaction (two calls before that give the same code). Past 9999 in the issue day it raises."""
        code, floor = conn.execute(_HIGHEST, self._range).fetchone()
        today = key = day.isoformat()
        seq = 0
        if code:
            used, used_seq = regcode.day_and_seq(code)
            if used >= key:  # ISO dates order as text
                key, seq = used, used_seq
        if floor:
            floor_day, floor_seq = floor.split(" ")
            if floor_day > key:
                key, seq = floor_day, int(floor_seq)
            elif floor_day == key:
                seq = max(seq, int(floor_seq))
        if seq >= regcode.MAX_SEQ:
            raise CodesExhausted(key)
        return regcode.make(self.region, self.device, day if key == today else date.fromisoformat(key), seq + 1)
