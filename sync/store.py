"""The kiosk's durable SQLite store: WAL, synchronous=FULL, versioned migrations, one writer lock."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

MIGRATIONS: tuple[str, ...] = (
    # 1: cases, their status history, the outbox, code sequences, cursors, the catalogue cache
    """
    CREATE TABLE cases (
        code TEXT PRIMARY KEY,
        service_code TEXT NOT NULL,
        service_name TEXT NOT NULL,
        department TEXT NOT NULL DEFAULT '',
        applicant_masked_name TEXT NOT NULL,
        applicant_masked_id TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        time_limit_days INTEGER NOT NULL DEFAULT 0,
        due_date TEXT,
        status TEXT NOT NULL,
        printed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE case_history (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL REFERENCES cases(code),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (code, status)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        payload BLOB NOT NULL,
        digest TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at REAL NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (kind, ref)
    );
    CREATE INDEX outbox_due ON outbox(state, next_at);
    CREATE TABLE code_seq (day TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE services (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT NOT NULL,
        search_text TEXT NOT NULL,
        popularity INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL
    );
    """,
)


class Store:
    """One SQLite file. Every write goes through `tx()`, which holds the lock and one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA busy_timeout=5000")
        self.db = sqlite_utils.Database(self._conn)
        self._migrate()

    @property
    def version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self._lock:
            for number, script in enumerate(MIGRATIONS, start=1):
                if self.version >= number:
                    continue
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in script.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version={number}")
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT); rolled back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def get_kv(self, key: str, default: str = "") -> str:
        with self.read() as c:
            row = c.execute("SELECT value FROM kv WHERE key=?", (key,)).fetchone()
        return str(row["value"]) if row else default

    def set_kv(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO kv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
