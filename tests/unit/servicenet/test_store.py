"""servicenet/store.py: a device's status feed holds the events of that device's cases only, its moves included."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from domain.status import CaseStatus
from servicenet import store
from tests.unit.servicenet.conftest import make_case


def test_a_devices_feed_holds_its_own_cases_events_in_order(seeded_db: Engine) -> None:
    mk = make_case.__wrapped__()
    mine = [mk(i, device_id="440105-001") for i in (1, 2)]
    theirs = [mk(i, device_id="440105-002") for i in (3, 4)]
    web = mk(5, channel="web", device_id="")
    assert [r["result"] for r in store.submit_batch(seeded_db, [mine[0], theirs[0], mine[1], theirs[1]])] == \
        ["created"] * 4
    assert store.submit_one(seeded_db, web)["result"] == "created"
    store.move_status(seeded_db, theirs[0]["code"], CaseStatus.ACCEPTED)
    store.move_status(seeded_db, mine[1]["code"], CaseStatus.ACCEPTED, "已受理")
    feed = store.status_feed(seeded_db, 0, 100, "440105-001")
    assert [(e["code"], e["status"]) for e in feed["events"]] == [
        (mine[0]["code"], "submitted"), (mine[1]["code"], "submitted"), (mine[1]["code"], "accepted")]
    assert feed["cursor"] == feed["events"][-1]["seq"]
    after = store.status_feed(seeded_db, feed["events"][1]["seq"], 100, "440105-001")["events"]
    assert [(e["code"], e["status"], e["note"]) for e in after] == [(mine[1]["code"], "accepted", "已受理")]
    assert store.status_feed(seeded_db, feed["cursor"], 100, "440105-001") == {"events": [], "cursor": feed["cursor"]}
    everyone = store.status_feed(seeded_db, 0, 100)["events"]
    assert len(everyone) == 7 and [e["seq"] for e in everyone] == sorted(e["seq"] for e in everyone)
