"""The kiosk's durable SQLite store: WAL, synchronous=FULL, versioned migrations, one writer lock."""
from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sync.diskfull import DISK_FULL, DiskFull, DiskWatch, is_disk_full

# sqlite_utils imports numpy and pandas when they are installed, for column types this store never uses: numpy is
# installed for the face check (drivers/face/), and importing it would cost every kiosk start ~40-80 ms. So
# sqlite_utils is imported with them hidden (unless something imported them already).
_HIDDEN = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]  # None in sys.modules makes `import name` fail
try:
    import sqlite_utils
finally:
    for _name in _HIDDEN:
        del sys.modules[_name]

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
    # 2: case events and attachments in the outbox, the sender's lease, person lookup hash, retention marks;
    #    a row's bytes are frozen from 'queued' on (only the purge after retention may empty them)
    """
    ALTER TABLE outbox ADD COLUMN case_code TEXT NOT NULL DEFAULT '';
    UPDATE outbox SET case_code = ref WHERE kind = 'case';
    ALTER TABLE outbox ADD COLUMN done_at REAL;
    ALTER TABLE outbox ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX outbox_case ON outbox(case_code);
    CREATE INDEX outbox_done ON outbox(state, purged, done_at);
    ALTER TABLE cases ADD COLUMN person_hash TEXT;
    ALTER TABLE cases ADD COLUMN purged_at TEXT;
    CREATE INDEX cases_person ON cases(person_hash);
    CREATE TABLE attachments (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE case_attachments (
        code TEXT NOT NULL REFERENCES cases(code),
        slot TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES attachments(sha256),
        PRIMARY KEY (code, slot)
    );
    CREATE INDEX case_attachments_sha ON case_attachments(sha256);
    CREATE TABLE lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL);
    CREATE TRIGGER outbox_frozen BEFORE UPDATE OF payload, digest, kind, ref, case_code ON outbox
    WHEN OLD.state != 'draft' AND NOT (
        OLD.state = 'accepted' AND NEW.payload = x'' AND NEW.digest = OLD.digest AND NEW.kind = OLD.kind
        AND NEW.ref = OLD.ref AND NEW.case_code = OLD.case_code)
    BEGIN
        SELECT RAISE(ABORT, 'frozen: an outbox row cannot be edited once queued');
    END;
    CREATE TRIGGER outbox_kept BEFORE DELETE ON outbox WHEN OLD.state != 'draft'
    BEGIN
        SELECT RAISE(ABORT, 'an outbox row cannot be deleted once queued');
    END;
    """,
    # 3: full-text search over the catalogue (CJK split into characters, pinyin words from the keywords), and a
    #    narrow table to order the hits by (most used first, then the shortest name) without reading each body
    """
    CREATE VIRTUAL TABLE services_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2", prefix = '1 2 3');
    CREATE TABLE service_rank (
        id INTEGER PRIMARY KEY,
        popularity INTEGER NOT NULL DEFAULT 0,
        name_len INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX services_by_use ON services(popularity DESC, name);
    """,
    # 4: fewer pages in an enqueue's durable transaction. The retention purge's index holds only the rows it
    #    looks for (accepted, not yet purged; a new row is 'queued'), and the items' popularity is counted from
    #    the cases table after the commit (sync.catalogue.Catalogue.count_uses): the cases already stored were
    #    counted when they were stored
    """
    DROP INDEX outbox_done;
    CREATE INDEX outbox_purgeable ON outbox(done_at) WHERE state = 'accepted' AND purged = 0;
    INSERT OR REPLACE INTO kv(key, value)
        SELECT 'catalogue_uses_counted', CAST(coalesce(MAX(rowid), 0) AS TEXT) FROM cases;
    """,
    # 5: a case's own outbox row is found by its key (kind, ref); only events need case_code indexed
    #    (sync.outbox.OF_CASE), so an enqueue writes one index page less
    """
    DROP INDEX outbox_case;
    CREATE INDEX outbox_events ON outbox(case_code) WHERE kind != 'case';
    """,
    # 6: the 好差评 level the network holds for a case (NULL: none known here), whichever kiosk or channel gave
    #    it: a second rating answered already_rated leaves the one that stood here (sync.cases.record_rating)
    """
    ALTER TABLE cases ADD COLUMN rating INTEGER;
    """,
    # 7: ratings that a kiosk before already_rated held in quarantine as "conflict" go back to the queue: a rating's
    #    bytes are frozen, so its only conflict is a second rating of the case (another kiosk, the web). Sent again,
    #    the network answers already_rated and the row is done, instead of a problem no clerk could mend
    """
    UPDATE outbox SET state = 'queued', attempts = 0, next_at = 0
        WHERE kind = 'rating' AND state = 'quarantined' AND last_error LIKE 'conflict:%';
    """,
)


def statements(script: str) -> list[str]:
    """Split a migration script into whole statements (a trigger body holds semicolons of its own)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


# every connection to the kiosk's file: WAL, and each COMMIT synced to disk before it returns
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000")


class Store:
    """One SQLite file. Every write goes through `tx()`, which holds the lock and one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        for pragma in PRAGMAS:
            self._conn.execute(pragma)
        self.db = sqlite_utils.Database(self._conn)
        self.disk = DiskWatch(self.data_dir)
        self._migrate()

    @property
    def data_dir(self) -> Path:
        """The folder of the database file: attachments live beside it."""
        return Path(self.path).resolve().parent

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
                    if self.version >= number:  # another process migrated while we waited for the lock
                        self._conn.execute("COMMIT")
                        continue
                    for statement in statements(script):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version={number}")
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    def ensure_schema(self, component: str, scripts: tuple[str, ...]) -> None:
        """Apply a component's own numbered migrations (payments, security, …), tracked per component.

        A component that owns tables (e.g. the payment journal) calls this from its constructor, so its
        schema grows independently of the core MIGRATIONS and of other components.
        """
        with self._lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS component_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
            for number, script in enumerate(scripts, start=1):
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    row = self._conn.execute(
                        "SELECT version FROM component_version WHERE name=?", (component,)
                    ).fetchone()
                    if row is not None and int(row[0]) >= number:
                        self._conn.execute("COMMIT")
                        continue
                    for statement in statements(script):
                        self._conn.execute(statement)
                    self._conn.execute(
                        "INSERT INTO component_version(name, version) VALUES(?, ?) "
                        "ON CONFLICT(name) DO UPDATE SET version=excluded.version",
                        (component, number),
                    )
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    def schema_version(self, component: str) -> int:
        with self.read() as c:
            if c.execute("SELECT 1 FROM sqlite_master WHERE name='component_version'").fetchone() is None:
                return 0
            row = c.execute("SELECT version FROM component_version WHERE name=?", (component,)).fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT); rolled back on any error, the failed COMMIT
        included. A full disk (in SQLite or in a file written inside the transaction) raises DiskFull."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except Exception as exc:
                if is_disk_full(exc):
                    self.disk.failed("database")
                    raise DiskFull(f"{DISK_FULL}: {exc}") from exc
                raise
            self.disk.succeeded()

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
