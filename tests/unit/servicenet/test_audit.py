"""The network's side of the kiosks' audit log (servicenet/audit.py): a row is stored as it was hashed, so
`audit-verify` reads back what the kiosk chained; a row whose links are not hashes is refused in words."""
from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from servicenet import audit
from sync.audit import row_hash

DEVICE = "440105-001"
AT = "2026-12-05T09:30:00+08:00"


def row(seq: int, prev: str, *, step: str = "staff_action", actor: str = "S001", at: str = AT) -> dict[str, Any]:
    """An audit event as a kiosk sends it (sync.audit.AuditEntry.wire), hashed with the kiosk's own function."""
    detail = {"action": "reprint"}
    digest = row_hash(DEVICE, seq, at, step, actor, detail, prev)
    return {"key": f"{DEVICE}:audit:{seq}", "kind": "audit", "code": "", "device_id": DEVICE, "at": at,
            "body": {"seq": seq, "step": step, "actor": actor, "detail": detail, "prev": prev, "hash": digest}}


def long_rows_verify(engine: Engine) -> None:
    """A kiosk from before actors were staff ids could chain a long actor and a long step: both are kept whole,
    and the chain verifies (they were cut to 64 and 40 when stored, and then read as tampered)."""
    first = row(1, audit.GENESIS, step="staff_action_" + "x" * 60, actor="前台值班-" + "y" * 90)
    second = row(2, first["body"]["hash"])
    assert [audit.submit_one(engine, r, DEVICE)["result"] for r in (first, second)] == ["created", "created"]
    assert audit.submit_one(engine, first, DEVICE)["result"] == "duplicate"
    report = audit.verify_chain(engine, DEVICE)
    assert report["ok"] and report["count"] == 2 and report["problems"] == [], report


def test_a_long_actor_and_step_are_kept_as_hashed(memory_db: Engine) -> None:
    long_rows_verify(memory_db)


def test_links_that_are_not_hashes_are_refused_in_words(memory_db: Engine) -> None:
    """The hash is checked over what was sent, so a malformed prev or time can carry a matching hash: it is
    refused as invalid with a reason (on PostgreSQL it overflowed its column: a 500), and nothing is stored."""
    for bad in (row(1, audit.GENESIS + "0"), row(1, audit.GENESIS.upper().replace("0", "A")),
                row(1, audit.GENESIS, at=AT + " " * 40)):
        answer = audit.submit_one(memory_db, bad, DEVICE)
        assert answer["result"] == "invalid" and "64 位十六进制" in answer["message"], answer
    bad_hash = row(1, audit.GENESIS)
    bad_hash["body"]["hash"] += "f"
    assert audit.submit_one(memory_db, bad_hash, DEVICE)["result"] == "invalid"
    assert audit.verify_chain(memory_db, DEVICE)["count"] == 0
