"""The times a resident reads on the track screen are the kiosk's local times, whatever zone the network writes."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from domain.status import SyncState
from kiosk.walkthrough import wait_until
from tests.e2e.kiosk_rig import kiosk_rig
from tests.e2e.test_offline_roundtrip import VISITS, fill_required
from tests.helpers.enroll import http


@contextmanager
def zone(tz: str) -> Iterator[None]:
    """This process's local time zone (datetime.astimezone reads it), for the block."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.e2e
def test_a_status_the_network_wrote_in_utc_shows_in_the_kiosks_time(qapp, tmp_path, shots):
    """servicenet runs in UTC (as many servers do) and stamps 受理 with +00:00; the kiosk in the hall runs on
    Beijing time. The track screen showed the network's wall clock (受理 at 01:30 for a clerk's 09:30): it shows
    the kiosk's own time, and the cases' list the kiosk's day."""
    with zone("UTC"), kiosk_rig(tmp_path, shots) as rig, zone("Asia/Shanghai"):
        walk = rig.walk
        category, query, name, values = VISITS[0]
        walk.home()
        walk.choose(category, query, name)
        walk.identify()
        walk.fill(fill_required(walk, dict(values)))
        code = walk.submit()
        rig.runtime.engine.wake()
        wait_until(lambda: rig.runtime.services.cases.get(code).sync_state is SyncState.ACCEPTED, timeout=60,
                   what="the case sent")
        assert http.post(f"{rig.net.url}/v1/cases/{code}/status", json={"status": "accepted", "note": "材料齐全"},
                         timeout=5).status_code == 200
        now = datetime.now().astimezone()
        walk.track(code)
        wait_until(lambda: rig.kiosk.vm.track.status == "accepted", timeout=20, what="accepted on the track screen")
        shown = rig.kiosk.vm.track.timeline[-1]["date"]
        near = {(now + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in (-1, 0, 1)}
        assert shown in near, (shown, sorted(near))
        submitted = rig.runtime.services.cases.get(code).submitted_at
        assert rig.kiosk.vm.track.timeline[0]["date"] == submitted.astimezone().strftime("%Y-%m-%d %H:%M")
