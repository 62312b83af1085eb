import json

from domain.status import SyncState
from sync.cases import CaseBook
from sync.retention import DAY, purge


def test_personal_data_leaves_after_retention_tracking_stays(outbox, with_files, application, store):
    old = outbox.enqueue(with_files).code
    pending = outbox.enqueue(with_files).code  # same files, not yet sent: they must stay
    rows = {r.ref: r for r in outbox.claim(now=1e12, limit=10)}
    outbox.accepted(rows[old], "submitted", now=1000.0)
    outbox.retry(rows[pending], 0, "offline")
    assert purge(store, outbox.files, 1000.0 + 6.9 * DAY, 7) == 0
    assert purge(store, outbox.files, 1000.0 + 7 * DAY, 7) == 1
    book = CaseBook(store, outbox, None)
    case = book.get(old)
    assert case.sync_state is SyncState.ACCEPTED and case.service_name and case.history
    assert case.applicant_masked_name == "张*英"
    with store.read() as c:
        row = c.execute("SELECT payload, purged FROM outbox WHERE ref=?", (old,)).fetchone()
        kept = c.execute("SELECT person_hash, applicant_masked_id, purged_at FROM cases WHERE code=?",
                         (old,)).fetchone()
        assert bytes(row["payload"]) == b"" and row["purged"] == 1
        assert kept["person_hash"] is None and kept["applicant_masked_id"] == "" and kept["purged_at"]
        pending_refs = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (pending,)).fetchone()[0])
    for ref in pending_refs["attachments"]:
        assert outbox.files.exists(ref["sha256"])  # still needed by the pending case
    # once the pending case is acknowledged and its time is up, the files go too
    [again] = outbox.claim(now=1e12, limit=10)
    outbox.accepted(again, "submitted", now=2000.0)
    assert purge(store, outbox.files, 2000.0 + 8 * DAY, 7) == 1
    assert not any(outbox.files.exists(r["sha256"]) for r in pending_refs["attachments"])
    assert book.receipt(old).code == old  # a reprint still works (masked name, no ID)


def test_quarantined_and_queued_cases_are_never_purged(outbox, application, store):
    a = outbox.enqueue(application).code
    outbox.enqueue(application)
    [row, _] = outbox.claim(now=1e12, limit=10)
    outbox.quarantine(row, "conflict")
    assert purge(store, outbox.files, 1e12, 0) == 0
    with store.read() as c:
        assert c.execute("SELECT COUNT(*) FROM outbox WHERE purged=1").fetchone()[0] == 0
    assert a
