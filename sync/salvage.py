"""A damaged kiosk.db after a bad shutdown: checked on start, set aside (never deleted), and a fresh one rebuilt
from what can be read of it and from what the network holds.

    aside = set_aside_if_damaged(path, now)           # before the store opens; None when the file is sound
    store = Store(path)                               # a fresh file
    report = salvage(aside, store, now)               # rows readable in the set-aside file come back
    NetworkRestore(store, client, device_id)          # a sync listener: the cases the network holds come back

Codes are never issued twice: each day's sequence is raised to the highest code known from either source,
and the current day skips RESERVE numbers on top, so a code the damaged file had issued but could not give
back (and the network never got) is not handed to another resident. What could not be recovered is kept in
the kv row `salvage` for the staff screen and the heartbeat.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain import regcode
from drivers.base import (
    LOST_COPY,
    LOST_FILE,
    LOST_MORE,
    LOST_ORPHAN,
    LOST_ROW,
    LOST_SEQUENCE,
    LOST_TABLE,
    SALVAGED,
    SALVAGED_FROM_NETWORK,
    said,
)
from sync.store import Store

log = logging.getLogger(__name__)

RESERVE = 500  # numbers the current day skips after a salvage
# parents first; kv (cursors of the catalogue and the status feed) starts afresh with the fresh catalogue
TABLES = ("cases", "case_history", "attachments", "case_attachments", "outbox")
KEY = "salvage"
ACKED = "salvage_acknowledged"  # the notes staff acknowledged, each with who and when


@dataclass
class SalvageReport:
    set_aside: str
    recovered: list[str] = field(default_factory=list)  # codes brought back from the set-aside file
    from_network: list[str] = field(default_factory=list)  # codes brought back from the network
    # what could not be read: [a drivers.base message, its values…] (an older kiosk kept words as a str)
    lost: list[Any] = field(default_factory=list)

    def notes(self) -> list[str]:
        """The staff screen's notes, drivers.base.said Notes the kiosk says in the clerk's language (the first
        five of what was lost, then how many more); words an older kiosk kept are shown as they are."""
        notes: list[str] = [said(SALVAGED, Path(self.set_aside).name, len(self.recovered))]
        if self.from_network:
            notes.append(said(SALVAGED_FROM_NETWORK, len(self.from_network)))
        notes += [said(*item) if isinstance(item, list) and item else str(item) for item in self.lost[:5]]
        if len(self.lost) > 5:
            notes.append(said(LOST_MORE, len(self.lost) - 5))
        return notes

    def summary(self) -> str:
        """The notes in English, for the log."""
        return "; ".join(self.notes())


def integrity_ok(path: Path) -> bool:
    """PRAGMA integrity_check says ok (a file that is not a database at all is not ok)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def set_aside_if_damaged(path: Path, now: datetime) -> Path | None:
    """Move a damaged database (with its -wal and -shm) aside under a dated name; None when it is sound."""
    path = Path(path)
    if not path.exists() or integrity_ok(path):
        return None
    aside = path.with_name(f"{path.name}.corrupt-{now.strftime('%Y%m%dT%H%M%S')}")
    for suffix in ("-wal", "-shm", ""):  # the -wal goes with its file: SQLite finds it by name
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.replace(src, f"{aside}{suffix}")
    log.error("kiosk.db failed its integrity check: set aside as %s", aside.name)
    return aside


def raise_sequences(conn: sqlite3.Connection, codes: list[str], today: date, reserve: int) -> None:
    """Each day's sequence to at least the highest known code of that day; `reserve` numbers beyond on the day the
    next code will be issued: today, or the high-water day when the clock is behind it (sync.regseq)."""
    highest: dict[str, int] = {}
    for code in codes:
        day, seq = regcode.day_and_seq(code)
        highest[day] = max(highest.get(day, 0), seq)
    if reserve:
        latest = conn.execute("SELECT MAX(day) FROM code_seq").fetchone()[0] or ""
        day = max(today.isoformat(), latest, *highest)  # ISO dates order as text
        row = conn.execute("SELECT seq FROM code_seq WHERE day=?", (day,)).fetchone()
        highest[day] = min(9999, max(highest.get(day, 0), row[0] if row else 0) + reserve)
    for day, seq in highest.items():
        conn.execute("INSERT INTO code_seq(day, seq) VALUES(?, ?) ON CONFLICT(day) DO UPDATE SET seq=max(seq, ?)",
                     (day, seq, seq))


def _copy_rows(old: sqlite3.Connection, new: sqlite3.Connection, table: str, report: SalvageReport) -> list[Any]:
    """Copy each readable row of `table`; returns the rows copied (a damaged page costs only its rows)."""
    columns = [r[1] for r in new.execute(f"PRAGMA table_info({table})")]
    try:
        rowids = [r[0] for r in old.execute(f"SELECT rowid FROM {table}")]  # noqa: S608 - our own table names
    except sqlite3.DatabaseError as exc:
        report.lost.append([LOST_TABLE, table, str(exc)])
        return []
    try:
        have = [r[1] for r in old.execute(f"PRAGMA table_info({table})")]
    except sqlite3.DatabaseError:
        have = columns
    shared = [c for c in columns if c in have]
    copied = []
    for rowid in rowids:
        try:
            row = old.execute(f"SELECT {', '.join(shared)} FROM {table} WHERE rowid=?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            report.lost.append([LOST_ROW, table, rowid])
            continue
        if row is None:
            continue
        try:
            new.execute(f"INSERT OR IGNORE INTO {table}({', '.join(shared)}) "
                        f"VALUES({', '.join('?' * len(shared))})", tuple(row))
        except sqlite3.IntegrityError:  # its parent row was lost
            report.lost.append([LOST_ORPHAN, table, rowid])
            continue
        copied.append(row)
    return copied


def salvage(aside: Path, store: Store, now: datetime, reserve: int = RESERVE) -> SalvageReport:
    """Bring back what can be read of the set-aside file into the fresh store; never touch the file itself."""
    report = SalvageReport(str(aside))
    known: list[str] = []
    try:
        old = sqlite3.connect(f"file:{aside}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        report.lost.append([LOST_FILE, str(exc)])
        old = None
    with store.tx() as new:
        if old is not None:
            try:
                for table in TABLES:
                    rows = _copy_rows(old, new, table, report)
                    if table == "cases":
                        report.recovered = [str(r[0]) for r in rows]
                try:
                    known = [str(r[0]) for r in old.execute("SELECT code FROM cases")]
                    for day, seq in old.execute("SELECT day, seq FROM code_seq"):
                        new.execute("INSERT INTO code_seq(day, seq) VALUES(?, ?) "
                                    "ON CONFLICT(day) DO UPDATE SET seq=max(seq, ?)", (day, seq, seq))
                except sqlite3.DatabaseError as exc:
                    report.lost.append([LOST_SEQUENCE, str(exc), reserve])
            finally:
                old.close()
        new.execute("UPDATE outbox SET state='queued' WHERE state='sending'")
        orphans = [r[0] for r in new.execute(
            "SELECT code FROM cases WHERE code NOT IN (SELECT ref FROM outbox WHERE kind='case')")]
        report.lost += [[LOST_COPY, code] for code in orphans]
        raise_sequences(new, known + report.recovered, now.date(), reserve)
        store.set_kv(new, KEY, json.dumps(asdict(report), ensure_ascii=False))
        store.set_kv(new, KEY + "_pending", "1")
    log.warning("salvage: %s", report.summary())
    return report


def pending_report(store: Store) -> SalvageReport | None:
    raw = store.get_kv(KEY)
    return SalvageReport(**json.loads(raw)) if raw else None


def acknowledge(store: Store, staff_id: str, now: datetime) -> SalvageReport | None:
    """Staff have read the note: it leaves the staff screen, and is kept (with who and when) under ACKED."""
    with store.tx() as c:
        row = c.execute("SELECT value FROM kv WHERE key=?", (KEY,)).fetchone()
        if row is None:
            return None
        report = json.loads(row[0])
        kept = json.loads((c.execute("SELECT value FROM kv WHERE key=?", (ACKED,)).fetchone() or ["[]"])[0])
        kept.append(report | {"acknowledged_by": staff_id, "acknowledged_at": now.isoformat()})
        store.set_kv(c, ACKED, json.dumps(kept, ensure_ascii=False))
        c.execute("DELETE FROM kv WHERE key=?", (KEY,))
    return SalvageReport(**report)


class NetworkRestore:
    """A sync listener: after a salvage, once online, bring back every case of this kiosk the network holds."""

    def __init__(self, store: Store, client: Any, device_id: str) -> None:
        self.store = store
        self.client = client
        self.device_id = device_id

    def after_sync(self, report: Any) -> None:
        if getattr(report, "online", False) and self.store.get_kv(KEY + "_pending") == "1":
            self.run()

    def run(self) -> list[str]:
        codes, cursor = [], 0
        while True:
            events, cursor = self.client.status_feed(cursor, 200, device=self.device_id)
            if not events:
                break
            codes += [str(e["code"]) for e in events if str(e["code"]) not in codes]
        with self.store.read() as c:
            local = {r[0] for r in c.execute("SELECT code FROM cases")}
        views = [v for v in (self.client.get_case(code) for code in codes if code not in local) if v]
        salvaged = pending_report(self.store)
        with self.store.tx() as c:
            for v in views:
                c.execute("INSERT OR IGNORE INTO cases(code, service_code, service_name, applicant_masked_name, "
                          "applicant_masked_id, submitted_at, time_limit_days, due_date, status, printed) "
                          "VALUES(?, ?, ?, ?, '', ?, ?, ?, ?, 1)",
                          (v["code"], v["service_code"], v.get("service_name", ""),
                           v.get("applicant_masked_name", ""), v["submitted_at"], int(v.get("time_limit_days") or 0),
                           v.get("due_date"), v["status"]))
                # its outbox row as the network holds it (accepted, nothing kept to send): the case book reads a
                # case through its row, so without one it was nowhere to be found on the kiosk
                c.execute("INSERT OR IGNORE INTO outbox(kind, ref, case_code, payload, digest, state, created_at, "
                          "done_at, purged) VALUES('case', ?, ?, x'', '', 'accepted', ?, ?, 1)",
                          (v["code"], v["code"], v["submitted_at"], time.time()))
                for h in v.get("history", []):
                    c.execute("INSERT OR IGNORE INTO case_history(code, status, at, note) VALUES(?, ?, ?, ?)",
                              (v["code"], h["status"], h["at"], h.get("note", "")))
            raise_sequences(c, codes, date.today(), 0)
            if salvaged is not None:
                salvaged.from_network = [v["code"] for v in views]
                self.store.set_kv(c, KEY, json.dumps(asdict(salvaged), ensure_ascii=False))
            self.store.set_kv(c, KEY + "_pending", "0")
        log.warning("salvage: %d cases back from the network", len(views))
        return [v["code"] for v in views]
