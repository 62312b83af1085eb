"""A resident's visits while the village link is down, then the link comes back: the foundation's promise."""
from collections import Counter

import pytest

from domain import regcode
from domain.status import SyncState
from kiosk.walkthrough import wait_until
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers.enroll import http

VISITS = [
    ("个人办事", "sfz", "居民身份证换领", {"phone": "13800138000", "reason": "到期换领"}),
    ("个人办事", "生育", "生育登记", {"phone": "13912345678"}),
    ("个人办事", "救助", "临时救助申请", {"phone": "13700001111"}),
]


def fill_required(walk, values):
    """Fill what the schema still needs beyond the card's prefill: first choices and sane numbers/dates."""
    for row in walk.vm.form.fields:
        if row.name in values or walk.vm.form.valueOf(row.name):
            continue
        schema = row.schema
        if "enum" in schema:
            values[row.name] = schema["enum"][0]
        elif schema.get("type") == "integer":
            values[row.name] = str(schema.get("minimum", 1))
        elif schema.get("format") == "date":
            values[row.name] = "2026-10-01"
        else:
            values[row.name] = "因病致困，申请临时救助"
    return values


@pytest.mark.e2e
def test_offline_submissions_sync_once_and_status_flows_back(qapp, tmp_path, shots):
    with kiosk_rig(tmp_path, shots) as rig:
        rig.link.cut()
        walk = rig.walk
        issued = []
        for category, query, name, values in VISITS:
            walk.home()
            walk.choose(category, query, name)
            walk.identify()
            walk.fill(fill_required(walk, dict(values)))
            issued.append(walk.submit())
            assert rig.kiosk.vm.receipt.printState == "printed"
        # each visit got a valid code and a printed receipt, while the network was unreachable
        assert len(set(issued)) == 3 and all(regcode.is_valid(c) for c in issued)
        printed = rig.printer.wait_for_receipts(3)
        for code in issued:
            assert any(regcode.pretty(code) in r["text"] for r in printed)
            assert rig.runtime.services.cases.get(code).sync_state is SyncState.QUEUED
            assert http.get(f"{rig.net.url}/v1/cases/{code}", timeout=5).status_code == 404

        rig.link.restore()
        rig.runtime.engine.wake()
        wait_until(lambda: all(rig.runtime.services.cases.get(c).sync_state is SyncState.ACCEPTED for c in issued),
                   timeout=60, what="the outbox to drain")

        # exactly once on the network: one "submitted" event per code in the whole feed
        events = http.get(f"{rig.net.url}/v1/status-feed", params={"cursor": 0, "limit": 1000}, timeout=5).json()
        submitted = Counter(e["code"] for e in events["events"] if e["status"] == "submitted")
        assert submitted == Counter({c: 1 for c in issued})

        # a status change made on the network shows on the kiosk's track screen
        target = issued[0]
        assert http.post(f"{rig.net.url}/v1/cases/{target}/status",
                             json={"status": "accepted", "note": "材料齐全"}, timeout=5).status_code == 200
        walk.track(target)
        wait_until(lambda: rig.kiosk.vm.track.status == "accepted", timeout=20, what="accepted on the track screen")
        walk.shot("track-accepted")
        assert rig.kiosk.vm.track.statusLabel
