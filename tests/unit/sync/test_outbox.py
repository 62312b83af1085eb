import hashlib
import json
from dataclasses import replace

import pytest

from domain import regcode
from domain.status import CaseStatus, IllegalTransition, SyncState
from sync.cases import CaseBook
from sync.outbox import Outbox


def test_enqueue_stores_everything_in_one_go(outbox, application, store):
    receipt = outbox.enqueue(application)
    assert regcode.is_valid(receipt.code)
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
    assert [(h.status, h.at) for h in case.history] == [(CaseStatus.SUBMITTED, case.submitted_at)]
    with store.read() as c:  # that first entry is the case row itself, not a second row in the transaction
        assert c.execute("SELECT COUNT(*) FROM case_history").fetchone()[0] == 0
    assert receipt == replace(outbox.receipt(receipt.code), reprint=False)  # built without reading back: the same


def test_failed_enqueue_loses_nothing_and_leaves_nothing(outbox, application, store, monkeypatch):
    def boom(*args):  # the outbox row, after the case
        raise OSError("disk full")

    monkeypatch.setattr("sync.outbox.insert_row", boom)
    with pytest.raises(OSError):
        outbox.enqueue(application)
    with store.read() as c:
        assert c.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM code_seq").fetchone()[0] == 0


def test_a_use_is_counted_after_the_enqueue_by_the_next_claim_in_any_process(outbox, application, store, clock):
    from sync.catalogue import Catalogue

    def uses() -> tuple[int, int]:
        with store.read() as c:
            return tuple(c.execute("SELECT s.popularity, r.popularity FROM services s JOIN service_rank r "
                                   "ON r.id = s.rowid WHERE s.code=?", (application.service.code,)).fetchone())

    before = uses()
    outbox.enqueue(application)
    outbox.enqueue(application)
    assert uses() == before  # the resident's transaction wrote no catalogue page
    fresh = Outbox(store, outbox.issuer, outbox.identity, Catalogue(store), clock)  # e.g. after a kill -9
    assert len(fresh.claim(now=1e12, limit=10)) == 2
    assert uses() == (before[0] + 2, before[1] + 2)
    outbox.enqueue(application)
    outbox.claim(now=1e12, limit=10)
    outbox.claim(now=1e12, limit=10)
    assert uses() == (before[0] + 3, before[1] + 3)  # each case counted once
    assert fresh.catalogue.items()[0].code == application.service.code  # most used first


def test_payload_is_frozen_and_states_follow_the_machine(outbox, application):
    code = outbox.enqueue(application).code
    [row] = outbox.claim(now=1e12, limit=10)
    assert row.ref == code
    assert outbox.claim(now=1e12, limit=10) == []  # already sending
    outbox.quarantine(row, "conflict: different bytes")
    with pytest.raises(IllegalTransition):
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


def test_a_queued_case_cannot_be_edited(outbox, application, store):
    from sync.outbox import CaseFrozen

    code = outbox.enqueue(application).code
    with pytest.raises(CaseFrozen):
        outbox.amend(code, {"phone": "13900000000"})
    import sqlite3

    for sql in ("UPDATE outbox SET payload=x'7b7d' WHERE ref=?", "UPDATE outbox SET digest='x' WHERE ref=?",
                "DELETE FROM outbox WHERE ref=?"):
        with pytest.raises(sqlite3.IntegrityError):
            with store.tx() as c:
                c.execute(sql, (code,))
    [row] = outbox.claim(now=1e12, limit=10)
    assert json.loads(row.payload)["form"]["phone"] == "13800138000"
    with pytest.raises(CaseFrozen):
        outbox.amend(code, {})


def test_attachments_agent_and_assistance_are_frozen_into_the_case(outbox, with_files, store):
    from dataclasses import replace

    from tests.unit.sync.conftest import resident

    agent = resident("李四")
    app = replace(with_files, agent=agent, assisted_by="staff-007")
    code = outbox.enqueue(app).code
    with store.read() as c:
        body = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (code,)).fetchone()[0])
        slots = c.execute("SELECT slot, sha256 FROM case_attachments WHERE code=? ORDER BY slot", (code,)).fetchall()
    assert body["agent"]["name"] == "李四" and body["assisted_by"] == "staff-007"
    assert [a["slot"] for a in body["attachments"]] == ["居民身份证", "signature"]
    for a, given in zip(body["attachments"], app.attachments, strict=True):
        assert a["sha256"] == hashlib.sha256(given.data).hexdigest() and a["size"] == len(given.data)
        assert outbox.files.read(a["sha256"]) == given.data  # on disk, named by its hash
    assert len(slots) == 2
    with pytest.raises(ValueError):
        outbox.enqueue(replace(app, attachments=app.attachments + app.attachments[:1]))


def test_files_are_on_disk_before_the_commit(outbox, with_files, store, monkeypatch):
    seen: list[bool] = []

    def last_insert(*args):  # runs inside the enqueue transaction, before its commit
        seen[len(seen):] = [outbox.files.exists(hashlib.sha256(a.data).hexdigest()) for a in with_files.attachments]
        raise OSError("power cut before the commit")

    monkeypatch.setattr("sync.outbox.insert_row", last_insert)
    with pytest.raises(OSError):
        outbox.enqueue(with_files)
    assert seen == [True, True]
    with store.read() as c:  # no case points at anything: the files are harmless leftovers
        assert c.execute("SELECT COUNT(*) FROM case_attachments").fetchone()[0] == 0


def test_events_have_their_own_key_and_wait_for_their_case(outbox, application):
    from domain.status import EventKind

    code = outbox.enqueue(application).code
    key = outbox.add_event(code, EventKind.RATING, {"level": 5, "reasons": []})
    assert key == code + ":rating"
    assert outbox.claim(now=1e12, limit=10, cases=False) == []  # the case is not on the network yet
    [case] = outbox.claim(now=1e12, limit=10)
    outbox.accepted(case, "submitted")
    [event] = outbox.claim(now=1e12, limit=10, cases=False)
    assert event.ref == key and event.case_code == code and json.loads(event.payload)["body"]["level"] == 5


def test_the_receipt_says_the_promise_and_the_collection_method(outbox, application, store):
    from domain.models import Commitment

    app = replace(application, delivery="post", commitment=Commitment("承诺书", "1", (("居民户口簿", 5),)))
    receipt = outbox.enqueue(app)
    assert receipt.delivery == "post" and [name for name, _ in receipt.promised] == ["居民户口簿"]
    due = receipt.promised[0][1]
    again = CaseBook(store, outbox, None).receipt(receipt.code)  # a reprint reads them from the frozen case
    assert again.delivery == "post" and again.promised == (("居民户口簿", due),)
    with store.read() as c:
        payload = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (receipt.code,)).fetchone()[0])
    # with the methods the service offered here (a card: never printed at a kiosk), so a case queued before the
    # network's catalogue changes is still taken
    assert payload["delivery"] == {"method": "post", "offered": ["window", "post"]} and payload["commitment"]["missing"][0]["due_date"] == due


def test_the_face_check_outcome_travels_outside_the_sealed_part_and_no_image(outbox, application, store):
    from domain.models import CLERK_CONFIRMED, FaceCheck

    def payload(code):
        with store.read() as c:
            return bytes(c.execute("SELECT payload FROM outbox WHERE ref=?", (code,)).fetchone()[0]).decode()

    check = FaceCheck(CLERK_CONFIRMED, 0.734, "mismatch", "S001")
    photo = replace(application.applicant, photo=b"\xff\xd8\xff card photo")
    frozen = payload(outbox.enqueue(replace(application, applicant=photo, face_check=check)).code)
    assert json.loads(frozen)["face_check"] == {"outcome": "clerk_confirmed", "distance": 0.734,
                                                "reason": "mismatch", "clerk": "S001"}
    assert "card photo" not in frozen and '"photo"' not in frozen
    assert "face_check" not in json.loads(payload(outbox.enqueue(application).code))  # not asked: not said
    # an enrolled kiosk seals the persons and the form: the outcome stays beside the sealed part, not in it
    from sync.crypto import network_key_pair, open_sealed
    from sync.regseq import CodeIssuer

    private, public = network_key_pair()
    sealing = Outbox(store, CodeIssuer("440105", 1), outbox.identity, outbox.catalogue, outbox.clock, seal_to=public)
    case = json.loads(payload(sealing.enqueue(replace(application, applicant=photo, face_check=check)).code))
    assert case["face_check"] == check.to_wire() and "applicant" not in case and "sealed" in case
    opened = json.loads(open_sealed(private, case["sealed"], case["code"].encode("ascii")))
    assert "face_check" not in opened and "photo" not in opened["applicant"] and "card photo" not in str(opened)
