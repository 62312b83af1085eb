"""Release files in the database, in chunks: stored and served in bounded memory, the same on every node.

- `fleet_release_files` is the index: one row per file (sha256, size, the chunk size it was cut with), written
  in the transaction that wrote the file's last chunk, so a file listed there is whole.
- `fleet_release_chunks` holds the bytes: (sha256, seq) -> at most `chunk` bytes (1 MiB). A file of 333 MB is
  333 rows; storing one reads the source file a chunk at a time (hashing as it goes: bytes that do not hash to
  the manifest's sha256 roll the file's transaction back), and serving one reads only the chunks a range
  covers, one query per chunk, each on a pooled connection given back before the next (a slow kiosk's
  download never holds a database connection between chunks).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from servicenet.db import metadata

CHUNK = 1 << 20

fleet_release_files = sa.Table(
    "fleet_release_files",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("chunk", sa.Integer, nullable=False),
)

fleet_release_chunks = sa.Table(
    "fleet_release_chunks",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)


class Mismatch(ValueError):
    """The file's bytes are not the ones the manifest lists (size or sha256)."""


def file_sha256(path: Path) -> tuple[int, str]:
    """(size, sha256) of a file on disk, read a chunk at a time."""
    h, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
    return size, h.hexdigest()


def has(conn: Connection, sha256: str) -> bool:
    return conn.execute(sa.select(fleet_release_files.c.sha256)
                        .where(fleet_release_files.c.sha256 == sha256)).first() is not None


def put(engine: Engine, path: Path, sha256: str, size: int) -> bool:
    """Store the file at `path` as `sha256` unless it is stored already (True when it was added). Mismatch when
    its bytes are not `size` bytes hashing to `sha256` (nothing of it is kept)."""
    try:
        with engine.begin() as conn:
            if has(conn, sha256):
                return False
            h, seq, got = hashlib.sha256(), 0, 0
            with path.open("rb") as f:
                while block := f.read(CHUNK):
                    got += len(block)
                    if got > size:
                        raise Mismatch(path.name)
                    h.update(block)
                    conn.execute(sa.insert(fleet_release_chunks).values(sha256=sha256, seq=seq, data=block))
                    seq += 1
            if got != size or h.hexdigest() != sha256:
                raise Mismatch(path.name)
            conn.execute(sa.insert(fleet_release_files).values(sha256=sha256, size=size, chunk=CHUNK))
    except sa.exc.IntegrityError:  # another node stored the same file meanwhile: its copy is the one kept
        if size_of(engine, sha256) is None:
            raise
        return False
    return True


def size_of(engine: Engine, sha256: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(fleet_release_files.c.size)
                            .where(fleet_release_files.c.sha256 == sha256)).scalar()


def stored(conn: Connection, wanted: list[str]) -> set[str]:
    """Which of these files the network holds whole."""
    return {r.sha256 for r in conn.execute(sa.select(fleet_release_files.c.sha256)
                                           .where(fleet_release_files.c.sha256.in_(wanted)))}


def read(engine: Engine, sha256: str, first: int, last: int) -> Iterator[bytes]:
    """Bytes first..last of a stored file, a chunk at a time: each step reads one row."""
    with engine.connect() as conn:
        chunk = int(conn.execute(sa.select(fleet_release_files.c.chunk)
                                 .where(fleet_release_files.c.sha256 == sha256)).scalar_one())
    for seq in range(first // chunk, last // chunk + 1):
        with engine.connect() as conn:
            data = conn.execute(sa.select(fleet_release_chunks.c.data)
                                .where(fleet_release_chunks.c.sha256 == sha256,
                                       fleet_release_chunks.c.seq == seq)).scalar_one()
        start = seq * chunk
        yield bytes(data[max(first - start, 0):last - start + 1])
