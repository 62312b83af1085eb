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


def high_water(conn: sqlite3.Connection) -> date | None:
    """The latest issue day this kiosk has used, or None before its first code."""
    row = conn.execute("SELECT MAX(day) FROM code_seq").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


@dataclass(frozen=True)
class CodeIssuer:
    region: str  # 6-digit region code given at enrollment
    device: int  # device number within the region, 1..999 (0 is the web channel)

    def issue(self, conn: sqlite3.Connection, day: date) -> str:
        """Take the next code inside the caller's transaction, so a rolled-back case frees its number."""
        mark = high_water(conn)
        if mark is not None and day < mark:
            day = mark  # the clock went back: never reuse an earlier day's numbers
        key = day.isoformat()
        row = conn.execute("SELECT seq FROM code_seq WHERE day=?", (key,)).fetchone()
        seq = (int(row[0]) if row else 0) + 1
        if seq > 9999:
            raise CodesExhausted(key)
        conn.execute(
            "INSERT INTO code_seq(day, seq) VALUES(?, ?) ON CONFLICT(day) DO UPDATE SET seq=excluded.seq",
            (key, seq),
        )
        return regcode.make(self.region, self.device, day, seq)
