"""Tables of the service network (SQLAlchemy Core) and the engine factory (SQLite by default, PostgreSQL by URL)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from servicenet.columns import case_ref, iso_time, metadata, serial_id, table, unix_time

# One row per catalogue item. `seq` is the change sequence: every insert, change or deletion takes the next
# number, so a kiosk asks for "changes after my cursor". A deleted item keeps its row (deleted = true).
services = table(
    "services",
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False, unique=True),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("time_limit_days", sa.Integer, nullable=False, default=0),
    sa.Column("data", sa.Text, nullable=False),  # ServiceItem.to_wire() as JSON text
)

# One row per case; the registration code is the key and the idempotency key.
cases = table(
    "cases",
    sa.Column("code", sa.String(20), primary_key=True),
    sa.Column("service_code", sa.String(64), nullable=False, index=True),
    # the case as sent, its staff ids made canonical (servicenet.schemas.with_canonical_staff_ids): its digest
    # (domain.wire.digest) and its canonical JSON text
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False, default="", index=True),  # a kiosk's status feed
    iso_time("submitted_at"),  # as sent
    sa.Column("due_date", sa.String(10), nullable=False),  # ISO date
    iso_time("received_at"),
    # added with attachments, ratings and cases by person (see ADDED_COLUMNS for older files)
    sa.Column("person_hash", sa.String(64), nullable=True, index=True),  # domain.wire.person_hash(key, id)
    sa.Column("applicant_masked_name", sa.String(64), nullable=True),
    sa.Column("first_response", sa.Text, nullable=True),  # the first answer given for this idempotency key
    # keyed hashes a viewer of /track/<code> matches to see more than the status (servicenet/proofs.py)
    sa.Column("name_proof", sa.String(64), nullable=True),
    sa.Column("id4_proof", sa.String(64), nullable=True),
)

# The attachment slots a case references; the case is complete when every slot's upload is complete.
case_attachments = table(
    "case_attachments",
    case_ref(primary_key=True),
    sa.Column("slot", sa.String(100), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("media_type", sa.String(100), nullable=False),
)

# Resumable uploads by content hash (tus-style): `offset` bytes received so far in `attachment_chunks`.
attachments = table(
    "attachments",
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("length", sa.BigInteger, nullable=False),
    sa.Column("offset", sa.BigInteger, nullable=False, default=0),
    sa.Column("complete", sa.Boolean, nullable=False, default=False),
    iso_time("created_at"),
)

attachment_chunks = table(
    "attachment_chunks",
    sa.Column("sha256", sa.String(64), sa.ForeignKey("attachments.sha256"), primary_key=True),
    sa.Column("offset", sa.BigInteger, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Case events (ratings now; payments, staff actions, audit later), one row per idempotency key.
events = table(
    "events",
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    case_ref(nullable=False, index=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    iso_time("received_at"),
    sa.Column("first_response", sa.Text, nullable=False),
)

# One 好差评 rating per case.
ratings = table(
    "ratings",
    case_ref(primary_key=True),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("reasons", sa.Text, nullable=False),  # JSON list
    iso_time("at"),
    sa.Column("channel", sa.String(8), nullable=False),
)

# -- security (issue 7): enrolled devices, one-time enrollment codes, seen request nonces, the network's
#    X25519 key for sealed cases, and the per-device hash-chained audit log (电子监察)
devices = table(
    "devices",
    sa.Column("device_id", sa.String(32), primary_key=True),  # "440105-001": the keyid of its signatures
    sa.Column("region", sa.String(6), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("public_key", sa.String(64), nullable=False),  # Ed25519, base64 of the raw 32 bytes
    sa.Column("hall_name", sa.String(200), nullable=False, default=""),
    sa.Column("status", sa.String(10), nullable=False),  # active | revoked
    iso_time("enrolled_at"),
    iso_time("revoked_at", nullable=True),
    sa.UniqueConstraint("region", "number"),
)

enrollment_codes = table(
    "enrollment_codes",
    sa.Column("code_hash", sa.String(64), primary_key=True),  # sha256 of the code: the code itself is not kept
    sa.Column("region", sa.String(6), nullable=False),
    unix_time("expires_at"),
    iso_time("used_at", nullable=True),
    sa.Column("device_id", sa.String(32), nullable=True),
)

seen_nonces = table(
    "seen_nonces",
    sa.Column("keyid", sa.String(32), primary_key=True),
    sa.Column("nonce", sa.String(64), primary_key=True),
    unix_time("created", index=True),
)

network_keys = table(
    "network_keys",
    sa.Column("name", sa.String(32), primary_key=True),  # "seal"
    sa.Column("private_key", sa.String(64), nullable=False),  # base64 raw X25519
    sa.Column("public_key", sa.String(64), nullable=False),
    iso_time("created_at"),
)

audit_events = table(
    "audit_events",
    sa.Column("device_id", sa.String(32), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    iso_time("at"),
    # step and actor as sent: the row's hash covers them, so a cut one would read as tampered (migration 0021)
    sa.Column("step", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False),  # canonical JSON
    sa.Column("prev", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    iso_time("received_at"),
)

audit_flags = table(
    "audit_flags",
    serial_id(),
    sa.Column("device_id", sa.String(32), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("problem", sa.String(16), nullable=False),  # tampered | broken_link | gap | conflict | forged
    sa.Column("detail", sa.Text, nullable=False),
    iso_time("at"),
)

# Columns added after a table first shipped: create_all() adds them to an older database file.
ADDED_COLUMNS = (("cases", "person_hash"), ("cases", "applicant_masked_name"), ("cases", "first_response"),
                 ("status_events", "device_id"))

# Every status a case takes, in order; `seq` is the cursor of the status feed. device_id is the case's (a copy:
# a case's device never changes), so a kiosk's feed is one range of the (device_id, seq) index, whatever the
# table's size or statistics (it was a join through cases, which PostgreSQL ran as a scan of every event
# after the cursor until its statistics were gathered: ~10 ms a pull at 100,000 events).
status_events = table(
    "status_events",
    serial_id("seq"),
    case_ref(nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    iso_time("at"),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("device_id", sa.String(64), nullable=False, default="", server_default=""),
    sa.Index("ix_status_events_device_id_seq", "device_id", "seq"),
    sqlite_autoincrement=True,  # never reuse a feed sequence number
)
BACKFILL_EVENT_DEVICES = ("UPDATE status_events SET device_id = (SELECT cases.device_id FROM cases WHERE cases.code = "
                          "status_events.code) WHERE EXISTS (SELECT 1 FROM cases WHERE cases.code = status_events.code)")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL for file databases: readers never block the writer."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
    finally:
        cur.close()


def make_engine(url: str) -> Engine:
    """Engine for a SQLAlchemy URL; SQLite files get WAL and a busy timeout, `:memory:` one shared connection."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite":
        if u.drivername == "postgresql":  # the driver we ship (psycopg 3), not SQLAlchemy's default psycopg2
            u = u.set(drivername="postgresql+psycopg")
        # No pre-ping: a SELECT 1 on each of the 3-4 checkouts of a request cost 30 % of the throughput at load
        # (bench/servicenet_load.py). After a database restart a worker's first request or two fail (500, or a
        # dropped connection) while the pool is renewed; kiosks retry those anyway (tests/integration/test_postgres.py).
        return sa.create_engine(u, pool_pre_ping=False, pool_recycle=1800)
    connect_args = {"check_same_thread": False, "timeout": 30}
    if u.database in (None, "", ":memory:"):
        return sa.create_engine(u, connect_args=connect_args, poolclass=StaticPool)
    Path(u.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(u, connect_args=connect_args)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_all(engine: Engine) -> None:
    """Bring the schema up to date: Alembic revisions for a database it manages, else create_tables and
    stamp the newest revision (servicenet/migrations/__init__.py)."""
    from servicenet import migrations

    migrations.prepare(engine, create_tables)


def create_tables(engine: Engine) -> None:
    """Create the tables that do not exist yet, and add columns an older database lacks."""
    metadata.create_all(engine)
    inspector = sa.inspect(engine)
    with engine.begin() as conn:
        for name, column in ADDED_COLUMNS:
            if column in {c["name"] for c in inspector.get_columns(name)}:
                continue
            col = metadata.tables[name].c[column]
            kind = col.type.compile(dialect=engine.dialect)
            conn.execute(sa.text(f'ALTER TABLE {name} ADD COLUMN "{column}" {kind}'))
            if (name, column) == ("status_events", "device_id"):
                conn.execute(sa.text(BACKFILL_EVENT_DEVICES))


@contextmanager
def one_statement(engine: Engine) -> Iterator[sa.Connection]:
    """A connection for one statement that needs no transaction around it (a lone read, a lone insert). On
    PostgreSQL it runs in autocommit: one round trip, where BEGIN, the statement and COMMIT or ROLLBACK took three
    (psycopg sends BEGIN on its own). Elsewhere (SQLite, in-process) an ordinary transaction."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            yield conn
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        yield conn


FEED_LOCK = 0x6B696F736B666565  # pg_advisory_xact_lock key of the status feed's append ("kioskfee")


def append_feed(conn: sa.Connection, events: list[dict[str, Any]]) -> None:
    """Append status events as the last step of the caller's transaction. On PostgreSQL the appenders take turns
    on an advisory lock held from here to commit, so `seq` order is commit order and a reader's cursor never
    skips an event committed late; the rest of each transaction runs in parallel. The lock, the insert and the
    COMMIT go to the server in one psycopg pipeline (one round trip), so the lock is held for the server's work
    alone, never while a busy node's thread waits for the CPU or the GIL between statements: on PostgreSQL
    this commits the transaction. SQLite writers take turns anyway (the caller's transaction commits as usual)."""
    if not events:
        return
    if conn.dialect.name != "postgresql":
        insert_rows(conn, status_events, events)
        return
    sql, params = _unnest(status_events, events, "%({})s")
    raw = conn.connection.driver_connection
    with raw.pipeline(), raw.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (FEED_LOCK,))
        cur.execute(sql, params)
        raw.commit()  # SQLAlchemy's own commit after this finds the connection idle: psycopg does nothing


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys, in the caller's transaction. On PostgreSQL it is a COPY (one
    round trip, the rows formatted by psycopg's C code): the INSERT ... SELECT FROM unnest(one array per
    column) it replaced spent a node's time in psycopg's pure-Python array dumper, ~15 % of the GIL under load;
    SQLAlchemy's multi-VALUES insert took 50 ms to compile for 100 cases. A UNIQUE clash is raised as
    SQLAlchemy's IntegrityError, as an INSERT's is. Elsewhere an executemany, which SQLite runs in-process."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(sa.insert(table), rows)
        return
    import psycopg

    columns, defaults = _columns(table, rows)
    quoted = ", ".join(f'"{n}"' for n in columns)
    names = tuple(rows[0])
    raw = conn.connection.driver_connection
    try:
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[n] for n in names] + defaults)
    except psycopg.errors.IntegrityError as exc:
        raise sa.exc.IntegrityError(f"COPY {table.name}", None, exc) from exc


def _columns(table: sa.Table, rows: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[Any]]:
    """The rows' columns, then those they leave out that have a Python-side default, and those defaults (a
    server-side default applies by itself)."""
    names = tuple(rows[0])
    defaults = [(c.name, c.default.arg) for c in table.c
                if c.name not in names and c.default is not None and c.default.is_scalar]
    return names + tuple(n for n, _ in defaults), [value for _, value in defaults]


_unnest_cache: dict[tuple[str, tuple[str, ...], str], str] = {}


def _unnest(table: sa.Table, rows: list[dict[str, Any]], placeholder: str) -> tuple[str, dict[str, list[Any]]]:
    """INSERT ... SELECT * FROM unnest(one typed array per column) and its parameters c0, c1, ...; columns the
    rows leave out that have a Python-side default get it (a server-side default applies by itself)."""
    names = tuple(rows[0])
    columns, defaults = _columns(table, rows)
    params = {f"c{i}": [r[n] for r in rows] for i, n in enumerate(names)}
    params |= {f"c{len(names) + i}": [value] * len(rows) for i, value in enumerate(defaults)}
    key = (table.name, columns, placeholder)
    sql = _unnest_cache.get(key)
    if sql is None:
        from sqlalchemy.dialects import postgresql

        kinds = [table.c[n].type.compile(dialect=postgresql.dialect()) for n in columns]
        arrays = ", ".join(f"CAST({placeholder.format(f'c{i}')} AS {kind}[])" for i, kind in enumerate(kinds))
        quoted = ", ".join(f'"{n}"' for n in columns)
        sql = _unnest_cache[key] = f"INSERT INTO {table.name} ({quoted}) SELECT * FROM unnest({arrays})"
    return sql, params


def serialize_writers(conn: sa.Connection, table: sa.Table) -> None:
    """Writers of a cursor-paged table take turns from here on, so sequence order is commit order and a reader's
    cursor never skips a row committed late. PostgreSQL: a table lock. SQLite: a write that changes nothing,
    which takes the database's write lock now (a transaction begins at its first write: without it, two writers
    would read the same last number and the second would fail on it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        first = next(iter(table.columns))
        conn.execute(sa.update(table).where(sa.false()).values({first.name: first}))
