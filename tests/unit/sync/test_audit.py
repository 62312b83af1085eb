"""sync/audit.py: the append-only, hash-chained audit log (电子监察) and its outbox rows."""
from __future__ import annotations

import json
import sqlite3

import pytest

from sync import audit
from sync.audit import AuditLog


@pytest.fixture
def log(store, clock):
    return AuditLog(store, "440105-001", clock)


def test_rows_chain_and_queue_for_sync(log, store):
    a = log.record(audit.SCREEN, screen="catalogue")
    b = log.record(audit.CASE_SUBMITTED, "", code="44010500126112600015", service_code="X")
    assert (a.seq, b.seq) == (1, 2) and a.prev == audit.GENESIS and b.prev == a.hash
    assert log.verify().ok and log.verify().count == 2
    with store.read() as c:
        rows = c.execute("SELECT kind, ref, case_code, payload, state FROM outbox ORDER BY id").fetchall()
    assert [(r["kind"], r["ref"], r["case_code"], r["state"]) for r in rows] == [
        ("audit", "440105-001:audit:1", "", "queued"), ("audit", "440105-001:audit:2", "", "queued")]
    assert json.loads(rows[1]["payload"]) == b.wire()


@pytest.mark.parametrize("actor", ["Ｓ001", " S001", "S 001", "王五", "S001\n"])
def test_an_actor_that_is_not_a_canonical_staff_id_is_refused_before_it_is_hashed(log, actor):
    log.record(audit.STAFF_ACTION, "counter", action="reprint")
    with pytest.raises(ValueError, match="canonical staff id"):
        log.record(audit.STAFF_ACTION, actor, action="reprint")
    assert log.verify().ok and log.verify().count == 1


def test_append_only(log, store):
    log.record(audit.SCREEN, screen="home")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.tx() as c:
        c.execute("UPDATE audit_log SET step='x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.tx() as c:
        c.execute("DELETE FROM audit_log")


def tamper(store, sql, *args):
    """What someone editing the file with their own sqlite3 would do: go around the triggers."""
    with store.tx() as c:
        c.execute("DROP TRIGGER audit_no_update")
        c.execute("DROP TRIGGER audit_no_delete")
        c.execute(sql, args)


def test_a_tampered_row_is_detected(log, store):
    for n in range(4):
        log.record(audit.STAFF_ACTION, "counter", action="reprint", n=n)
    tamper(store, "UPDATE audit_log SET detail=? WHERE seq=2", json.dumps({"action": "nothing", "n": 1}))
    assert log.verify().problems == [(2, "tampered")]


def test_a_rehashed_row_breaks_the_next_link(log, store):
    rows = [log.record(audit.STAFF_ACTION, "counter", n=n) for n in range(3)]
    forged = audit.row_hash("440105-001", 2, rows[1].at, rows[1].step, "counter", {"n": 99}, rows[1].prev)
    tamper(store, "UPDATE audit_log SET detail=?, hash=? WHERE seq=2", json.dumps({"n": 99}), forged)
    assert log.verify().problems == [(3, "broken_link")]


def test_a_deleted_row_is_a_gap(log, store):
    for n in range(3):
        log.record(audit.SCREEN, screen=str(n))
    tamper(store, "DELETE FROM audit_log WHERE seq=2")
    assert (2, "gap") in log.verify().problems


def test_not_sent_before_enrollment(store, clock):
    log = AuditLog(store, "unenrolled", clock, send=False)
    log.record(audit.PROVISION, "technician", action="start")
    with store.read() as c:
        assert c.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    assert log.verify().ok
