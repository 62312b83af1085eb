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


def v1_file(path):
    """A store as version 1 left it: one case in flight ('sending'), the seed catalogue without a search index."""
    import json

    from sync.catalogue import SEED
    from sync.store import statements

    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
    code = "44010500126112600017"
    conn.execute("INSERT INTO cases(code, service_code, service_name, applicant_masked_name, applicant_masked_id, "
                 "submitted_at, status) VALUES(?,?,?,?,?,?,?)",
                 (code, "S1", "居民身份证换领", "张*", "440105********1234", "2026-11-26T09:00:00+08:00", "submitted"))
    conn.execute("INSERT INTO outbox(kind, ref, payload, digest, state, created_at) VALUES('case',?,?,?,?,?)",
                 (code, b'{"code":"x"}', "d", "sending", "2026-11-26T09:00:00+08:00"))
    conn.execute("INSERT INTO code_seq(day, seq) VALUES('2026-11-26', 1)")
    for item in json.loads(SEED.read_text(encoding="utf-8"))["items"]:
        conn.execute("INSERT INTO services(code, name, category, search_text, body) VALUES(?,?,?,?,?)",
                     (item["code"], item["name"], item["category"], "", json.dumps(item, ensure_ascii=False)))
    conn.close()
    return code


def test_a_version_1_file_upgrades_and_works(tmp_path):
    from datetime import date

    from sync.catalogue import Catalogue
    from sync.lease import Lease
    from sync.regseq import CodeIssuer

    code = v1_file(tmp_path / "old.db")
    store = Store(tmp_path / "old.db")
    try:
        assert store.version == len(MIGRATIONS) >= 3
        with store.read() as c:
            row = c.execute("SELECT case_code, state, purged FROM outbox WHERE ref=?", (code,)).fetchone()
        assert tuple(row) == (code, "sending", 0)
        assert Catalogue(store).search("sfz")[0].name == "居民身份证换领"  # the search index was built
        with store.tx() as c:
            assert Catalogue(store).count_uses(c) == 0  # a case stored before version 4 was counted then
        with store.tx() as c:  # the first sender after the upgrade finds the v1 sender's row and recovers it
            assert Lease("new/1/x").hold(c, 1.0, on_takeover=lambda: c.execute(
                "UPDATE outbox SET state='queued' WHERE state='sending'"))
            assert CodeIssuer("440105", 1).issue(c, date(2026, 11, 26))[15:19] == "0002"  # numbering goes on
        with pytest.raises(sqlite3.IntegrityError, match="frozen"):
            with store.tx() as c:
                c.execute("UPDATE outbox SET payload=? WHERE ref=?", (b"{}", code))
    finally:
        store.close()


def test_ratings_an_older_kiosk_quarantined_as_conflict_go_back_to_the_queue(tmp_path):
    """Before already_rated, a second rating of a case (taken at another kiosk or on the web) came back "conflict"
    and sat in quarantine for good. On the upgrade those go back to the queue, to be answered already_rated; any
    other quarantined row stays for the staff."""
    code = v1_file(tmp_path / "old.db")
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    rows = [("rating", f"{code}:rating", "conflict: 幂等键已被内容不同的事件使用 / key already used by an event "
                                          "with different content"),
            ("rating", f"{code[:-1]}9:rating", "invalid: 未找到该办件 / unknown case"),
            ("payment", f"{code}:payment:0", "conflict: 幂等键已被内容不同的事件使用")]
    for kind, ref, reason in rows:
        conn.execute("INSERT INTO outbox(kind, ref, payload, digest, state, attempts, last_error, created_at) "
                     "VALUES(?,?,x'7b7d','d','quarantined',3,?,'2026-11-27T09:00:00+08:00')", (kind, ref, reason))
    conn.close()
    store = Store(tmp_path / "old.db")
    try:
        with store.read() as c:
            found = {r["ref"]: (r["state"], r["attempts"])
                     for r in c.execute("SELECT ref, state, attempts FROM outbox WHERE kind != 'case'")}
        assert found == {f"{code}:rating": ("queued", 0), f"{code[:-1]}9:rating": ("quarantined", 3),
                         f"{code}:payment:0": ("quarantined", 3)}
    finally:
        store.close()


def test_two_processes_opening_a_new_file_migrate_once(tmp_path):
    import threading

    stores = []

    def open_it():
        stores.append(Store(tmp_path / "race.db"))

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [s.version for s in stores] == [len(MIGRATIONS)] * 4
    for s in stores:
        s.close()


def test_components_migrate_on_their_own_numbering(tmp_path):
    scripts = ("CREATE TABLE pay_journal (id INTEGER PRIMARY KEY, state TEXT)",
               "ALTER TABLE pay_journal ADD COLUMN amount INTEGER")
    s = Store(tmp_path / "c.db")
    s.ensure_schema("payments", scripts[:1])
    assert s.schema_version("payments") == 1
    s.ensure_schema("payments", scripts)  # a newer build adds migration 2
    s.ensure_schema("payments", scripts)  # idempotent
    assert s.schema_version("payments") == 2 and s.schema_version("security") == 0
    with s.read() as c:
        assert [r[1] for r in c.execute("PRAGMA table_info(pay_journal)")] == ["id", "state", "amount"]
    s.close()
