"""Release files in chunked rows: stored a chunk at a time, checked against the manifest as they are read (a
mismatch keeps nothing), read back by range, and carried over from the one-value-per-file rows of before."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from servicenet import db, migrations
from servicenet.fleet import filestore

SIZE = 2 * filestore.CHUNK + 37


@pytest.fixture
def engine(tmp_path: Path) -> sa.Engine:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    db.create_all(engine)
    yield engine
    engine.dispose()


def rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(filestore.fleet_release_chunks)).scalar_one())


def test_a_file_is_stored_in_chunks_and_read_back_by_range(engine: sa.Engine, tmp_path: Path) -> None:
    data = os.urandom(SIZE)
    (tmp_path / "f").write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert filestore.put(engine, tmp_path / "f", sha, SIZE) is True
    assert filestore.put(engine, tmp_path / "f", sha, SIZE) is False  # content-addressed: kept once
    assert rows(engine) == 3 and filestore.size_of(engine, sha) == SIZE
    assert filestore.file_sha256(tmp_path / "f") == (SIZE, sha)
    for first, last in [(0, SIZE - 1), (5, 9), (filestore.CHUNK - 1, filestore.CHUNK),
                        (filestore.CHUNK - 3, 2 * filestore.CHUNK + 1), (SIZE - 1, SIZE - 1)]:
        parts = list(filestore.read(engine, sha, first, last))
        assert b"".join(parts) == data[first:last + 1]
        assert max(len(p) for p in parts) <= filestore.CHUNK  # never more than one row held


def test_bytes_that_do_not_match_keep_nothing(engine: sa.Engine, tmp_path: Path) -> None:
    data = os.urandom(SIZE)
    (tmp_path / "f").write_bytes(data)
    with pytest.raises(filestore.Mismatch):
        filestore.put(engine, tmp_path / "f", "0" * 64, SIZE)  # the bytes hash to something else
    with pytest.raises(filestore.Mismatch):
        filestore.put(engine, tmp_path / "f", hashlib.sha256(data).hexdigest(), SIZE - 1)  # longer than listed
    assert rows(engine) == 0 and filestore.size_of(engine, "0" * 64) is None


def test_the_migration_cuts_stored_files_into_chunks_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = db.make_engine(url)
    cfg = migrations.config()
    data, empty = os.urandom(SIZE), b""
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0016")
            for blob in (data, empty):
                conn.execute(sa.text("INSERT INTO fleet_release_files (sha256, size, data) VALUES (:s, :n, :d)"),
                             {"s": hashlib.sha256(blob).hexdigest(), "n": len(blob), "d": blob})
            command.upgrade(cfg, "0017")
        sha = hashlib.sha256(data).hexdigest()
        assert b"".join(filestore.read(engine, sha, 0, SIZE - 1)) == data and rows(engine) == 3
        assert filestore.size_of(engine, hashlib.sha256(empty).hexdigest()) == 0
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0016")
            back = dict(conn.execute(sa.text("SELECT sha256, data FROM fleet_release_files")).all())
        assert back == {sha: data, hashlib.sha256(empty).hexdigest(): empty}
    finally:
        engine.dispose()
