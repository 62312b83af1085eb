"""Issue registration codes offline: region + device number + day + a per-day sequence kept in SQLite."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from domain import codes


class CodesExhausted(RuntimeError):
    """More than 9999 cases on one kiosk in one day."""


@dataclass(frozen=True)
class CodeIssuer:
    region: str  # 6-digit region code given at enrollment
    device: int  # device number within the region, 1..999 (0 is the web channel)

    def issue(self, conn: sqlite3.Connection, day: date) -> str:
        """Take the next code inside the caller's transaction, so a rolled-back case frees its number."""
        key = day.isoformat()
        row = conn.execute("SELECT seq FROM code_seq WHERE day=?", (key,)).fetchone()
        seq = (int(row[0]) if row else 0) + 1
        if seq > 9999:
            raise CodesExhausted(key)
        conn.execute(
            "INSERT INTO code_seq(day, seq) VALUES(?, ?) ON CONFLICT(day) DO UPDATE SET seq=excluded.seq",
            (key, seq),
        )
        return codes.make(self.region, self.device, day, seq)
