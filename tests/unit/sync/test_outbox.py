import json

from domain import codes
from domain.status import CaseStatus, SyncState
from sync.cases import CaseBook
from sync.outbox import IllegalSyncMove, Outbox

import pytest


def test_enqueue_stores_everything_in_one_go(outbox, application, store):
    receipt = outbox.enqueue(application)
    assert codes.is_valid(receipt.code)
    assert receipt.applicant_masked_name == "张*英"
    assert receipt.track_url.endswith("/" + receipt.code)
    with store.read() as c:
        row = c.execute("SELECT payload, state FROM outbox WHERE ref=?", (receipt.code,)).fetchone()
    body = json.loads(row["payload"])
    assert row["state"] == "queued"
    assert body["code"] == receipt.code and body["form"]["phone"] == "13800138000"
    case = CaseBook(store, outbox, None).get(receipt.code)
    assert case.status is CaseStatus.SUBMITTED and case.sync_state is SyncState.QUEUED
    assert case.due_date is not None and not case.printed


def test_failed_enqueue_loses_nothing_and_leaves_nothing(outbox, application, store, monkeypatch):
    def boom(conn, code):
        raise OSError("disk full")

    monkeypatch.setattr(outbox.catalogue, "bump", boom)
    with pytest.raises(OSError):
        outbox.enqueue(application)
    with store.read() as c:
        assert c.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM code_seq").fetchone()[0] == 0


def test_payload_is_frozen_and_states_follow_the_machine(outbox, application):
    code = outbox.enqueue(application).code
    [row] = outbox.claim(now=1e12, limit=10)
    assert row.ref == code
    assert outbox.claim(now=1e12, limit=10) == []  # already sending
    outbox.quarantine(row, "conflict: different bytes")
    with pytest.raises(IllegalSyncMove):
        outbox.accepted(row, "submitted")
    outbox.requeue(code)
    [again] = outbox.claim(now=1e12, limit=10)
    assert again.payload == row.payload


def test_crash_while_sending_is_recovered(outbox, application, store, catalogue, clock):
    outbox.enqueue(application)
    outbox.claim(now=1e12, limit=10)
    # a new process opens the same store
    fresh = Outbox(store, outbox.issuer, outbox.identity, catalogue, clock)
    assert fresh.recover() == 1
    assert fresh.depth() == {"queued": 1}


def test_reprint_receipt(outbox, application, store):
    code = outbox.enqueue(application).code
    book = CaseBook(store, outbox, None)
    again = book.receipt(code)
    assert again.reprint and again.code == code
    book.mark_printed(code)
    assert book.get(code).printed
