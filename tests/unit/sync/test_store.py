import sqlite3

import pytest

from sync.store import MIGRATIONS, Store


def test_pragmas_and_version(store):
    with store.read() as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.version == len(MIGRATIONS)


def test_reopen_does_not_migrate_twice(tmp_path):
    Store(tmp_path / "a.db").close()
    again = Store(tmp_path / "a.db")
    assert again.version == len(MIGRATIONS)
    again.close()


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.tx() as c:
            store.set_kv(c, "x", "1")
            c.execute("INSERT INTO kv(key, value) VALUES('y', NULL)")
    assert store.get_kv("x") == ""
