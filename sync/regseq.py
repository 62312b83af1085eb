"""Issue registration codes offline: region + device number + day + a per-day sequence kept in SQLite.

The issue day never goes below the highest day already used (the high-water mark, the last row of code_seq):
a kiosk whose clock jumps backwards (power loss, no RTC battery) goes on numbering that day instead of
reissuing the codes of an earlier one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from domain import regcode


class CodesExhausted(RuntimeError):
    """More than 9999 cases on one kiosk in one (issue) day."""


@dataclass(frozen=True)
class CodeIssuer:
    region: str  # 6-digit region code given at enrollment
    device: int  # device number within the region, 1..999 (0 is the web channel)

    def issue(self, conn: sqlite3.Connection, day: date) -> str:
        """Take the next code inside the caller's transaction, so a rolled-back case frees its number.

        One statement: the day is raised to the high-water mark (ISO dates order as text) and its sequence
        taken; past 9999 it raises, and the caller's transaction is rolled back with the number."""
        key, seq = conn.execute(
            "INSERT INTO code_seq(day, seq) VALUES(max(?, coalesce((SELECT MAX(day) FROM code_seq), '')), 1) "
            "ON CONFLICT(day) DO UPDATE SET seq = seq + 1 RETURNING day, seq",
            (day.isoformat(),),
        ).fetchone()
        if seq > 9999:
            raise CodesExhausted(key)
        return regcode.make(self.region, self.device, date.fromisoformat(key), seq)
